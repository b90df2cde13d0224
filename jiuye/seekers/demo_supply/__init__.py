"""Demo supply and demand: two years of vacancies and job-seeker registrations, and referrals whose hires are the
ground truth that the matching evaluation (`manage.py match_evaluate`) scores rankings against.

The part "supply" (order 100) runs after the people, registers and services parts and reads what they wrote. It
writes rows directly with bulk_create (not through the services, for speed: 2-3 s at scale 1) and draws from its
own generator, so the same seed gives the same rows. Dates count back from REFERENCE_DATE (2026-11-20, "today").
Reset deletes the demo vacancies, the demo registrations, and the referrals (with their services) to either.

Vacancies (3,000 at scale 1, `catalogue.py` holds the tables):
- from a demo employer drawn by headcount^0.6, registered on a day of the last 730 (more in February-April after
  the Spring Festival and in September-October, fewer around New Year), valid 30/60/90/180 days (10/25/30/35%);
- an occupation its industry hires (a coal mine: 采煤、掘进、机电维修、瓦斯检查...; a restaurant: 厨师、服务员;
  IT: 软件开发; household services: 家政、育婴员、养老护理员; building: 钢筋工、砌筑工、焊工、电工...), the title an
  alias of the reference data or the occupation's name, skills from the occupation and its group's vocabulary, both
  with long-tailed popularity;
- in the employer's county, 12% in another county of its city; wages by occupation times a city factor (Taiyuan
  1.18, Yuncheng 0.92) with 12% log-normal noise, the top of the range 15-60% above the bottom; education asked 70%
  of the time where the occupation usually asks it; seasonal contracts on building sites (30%) and farms (50%);
- channels employer 45%, caseworker 30% (entered by the county's demo user), job fair 15%, import 10%;
- headcount mostly 1 (1.1 on average), at mines, sites and factories 1.7, now and then a dozen: the province's
  ratio comes out between 1.3 and 2.3 in the full quarters;
- status consistent with dates and hires: filled when its hired referrals reach its headcount (below), else past
  the end date expired 85%, closed 15%; still valid open 95%, closed 5%.

Seeker registrations (about 2,500 at scale 1) of working-age demo people able to work:
- 85% of the unemployed, registered during their spell (a quarter with an earlier, expired registration);
- 55% of the people who started a job in the window other than a public-welfare job: registered 14-150 days before
  starting, status placed (they are employed: the people part says so);
- register members (rural transfer workers, graduates, hard-to-employ...) drawn to make up the number;
- valid 6 months from registration or renewal (30% of the older ones renewed once, in the 30 days before expiry):
  active while valid, otherwise expired (5% of the register members withdrawn); one active registration a person.
Each seeker has a "true" occupation: for a seeker placed through a referral, the anchor's (below); for the others,
55% of the time an aspiration by schooling (office work for graduates, shop, security and cleaning work for the
others), otherwise what their city's employers ask and their schooling allows. This makes security, shop and
cleaning work a surplus and mining, machining and chemicals a shortage, as in Shanxi's published tables. The
registration asks for it (coded as a neighbouring occupation of the same medium group 20% of the time, as coders
err) and 40% of the time a second occupation of the same trade, with the seeker's own title for the true one
(their specialisation: 挖掘机司机 rather than 推土机司机), 2-5 skills of the occupation's vocabulary (20% with an
unrelated one), accepted places (own county 25%; other counties of the city 45%, the whole city 70% of the time;
a 10-80 km commute 30%) and an expected wage near the market's (15% noise).

Ground truth (`demo_ground_truth()`): a placed registration was placed through a referral 55% of the time, 90% for
a member of a priority key group on the referral day (`hiring.PRIORITY_GROUPS`: the public employment service's
priority referrals, 托底安置).
1. The anchor: a vacancy open on the referral day (5-30 days before the start) in the seeker's city, drawn with
   weight 1 (0.1 if their schooling falls short; 0.3 for a graduate and a job asking no schooling) times 1 in their
   own county, 0.35 elsewhere. Its occupation is the seeker's true occupation; its county is accepted.
2. The hire: among every vacancy open that day in a place the seeker accepts and not yet filled by the hires
   planted before (about 18 at scale 1 that share an
   occupation group, a title or a skill with them, against 7 before this model), drawn with probability
   proportional to a latent weight (`hiring`): what the seeker wants (occupation switching mostly within the
   medium group, their specialisation's title, a log-logistic commute with their own heavy-tailed tolerance, a
   probit wage acceptance against a noisy reservation wage, more applicants for fresh vacancies) times what the
   employer accepts (schooling, experience and skill screens, licences required), the screens relaxed in a
   priority referral. Its forms and constants are its own, not the matching engine's, so the evaluation
   (`manage.py match_evaluate`) is not circular: the engine recovers hires only as far as a registration's fields
   reveal the latent preferences.
3. The referral history: referred, interviewed, hired on the day the person started work; 0-2 other referrals of
   the same registration (refused with a reason, or declined), to vacancies of the same trade drawn by the same
   weights. 40% of the other registrations have 1-3 such referrals, refused, declined, or pending and interviewed
   when recent; none to a vacancy already filled, and one the employer had not answered when the vacancy was
   filled is refused as filled (岗位已招满) that day.
A vacancy whose hires reach its headcount is filled (as `referral_outcome_record` fills it), and only such a
vacancy: a filled vacancy has as many hired referrals as its headcount, each of a person employed since the hire.
Every referral is a `job_referral` service of the county office, by the county's demo user where there is one.
Demo employers get no reporter accounts here: the accounts demo makes officials only.
"""

import datetime

import numpy as np

from jiuye.accounts.demo import DEMO_EMAIL_DOMAIN
from jiuye.accounts.models import User
from jiuye.demo.registry import DemoContext, register
from jiuye.people.demo_parts.common import _county_offices
from jiuye.reference.enums import RegionLevel
from jiuye.seekers.demo_supply.hiring import REFERRAL_SHARE, Tastes, is_priority
from jiuye.seekers.demo_supply.referrals import (
    REFERRED_SHARE,
    Market,
    Planned,
    anchor_vacancy,
    candidates,
    draw_hire,
    plan_hire,
    plan_other,
)
from jiuye.seekers.demo_supply.seekers import COMMUTE_KM, Seeker, describe, market_occupation, seeker_people
from jiuye.seekers.demo_supply.truth import (
    demo_ground_truth,
    reset_supply,
    vacancies_fill,
    write_referrals,
    write_seekers,
)
from jiuye.seekers.demo_supply.vacancies import (
    VACANCIES_AT_SCALE_ONE,
    Places,
    check_catalogue,
    generate_vacancies,
    pick,
    title_choices,
)

SEEKERS_AT_SCALE_ONE = 2500

__all__ = ["demo_ground_truth", "generate_supply"]


@register("supply", order=100, reset=reset_supply)
def generate_supply(context: DemoContext) -> int:
    rng = context.rng("supply")
    check_catalogue()
    places = Places.load()
    rows = generate_vacancies(rng, context.count(VACANCIES_AT_SCALE_ONE), places)
    market, titles = Market(places), title_choices(rng)
    seekers = seeker_people(rng, context.count(SEEKERS_AT_SCALE_ONE))
    planted = _plant(rng, seekers, market, places, titles)
    offices = _county_offices()
    users = User.objects.filter(org_unit__service_level=RegionLevel.COUNTY, email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    caseworkers = dict(users.values_list("org_unit__region_id", "pk"))
    rows += write_seekers(seekers, offices)
    rows += write_referrals(rng, planted, market, offices, caseworkers)
    vacancies_fill(market.filled())
    return rows


def _plant(
    rng: np.random.Generator, seekers: list[Seeker], market: Market, places: Places, titles: dict
) -> list[Planned]:
    """Describe every seeker and plan their referrals: first every hire, as a hire sets the seeker's true occupation
    and the hires decide which vacancies are filled (and so refuse the referrals after), then the other referrals."""
    weights, referred = market.occupation_weights(), set()
    hires = [_hire_or_describe(rng, seeker, market, places, titles, weights) for seeker in seekers]
    planted = []
    for seeker, hire in zip(seekers, hires, strict=True):
        planted += _referrals(rng, seeker, market, hire, referred)
    return planted


def _hire_or_describe(
    rng: np.random.Generator, seeker: Seeker, market: Market, places: Places, titles: dict, weights: dict
) -> Planned | None:
    """A placed seeker's hire through a referral, if any; a seeker it did not describe is described from the
    market."""
    hire = None
    if seeker.hired_on:
        day = max(seeker.registered_on, seeker.hired_on - datetime.timedelta(days=int(rng.integers(5, 31))))
        priority = is_priority(seeker.key_groups, day)
        if rng.random() < REFERRAL_SHARE[priority]:
            hire = _hire(rng, seeker, market, places, titles, day, priority)
    if seeker.tastes is None:
        describe(rng, seeker, market_occupation(rng, seeker, weights), places, titles)
        seeker.tastes = Tastes(rng, seeker.expected_wage)
    return hire


def _hire(
    rng: np.random.Generator, seeker: Seeker, market: Market, places: Places, titles: dict, day, priority: bool
) -> Planned | None:
    """The anchor sets the true occupation and an accepted place; the hire is drawn by the latent model among
    every vacancy open that day in a place the seeker accepts with places left (hires never exceed a vacancy's
    headcount); with none left, the seeker found the job some other way."""
    anchor = anchor_vacancy(rng, seeker, market, day)
    if anchor is None:
        return None
    describe(rng, seeker, market.occupation[anchor], places, titles)
    _accept(seeker, market.county[anchor], places)
    seeker.tastes = Tastes(rng, seeker.expected_wage)
    pool = market.with_places_left(market.accepted_between(seeker, day, day))
    if not len(pool):
        return None
    vacancy = draw_hire(rng, seeker, market, pool, day, priority=priority)
    market.hire(vacancy, seeker.hired_on)
    return plan_hire(rng, seeker, vacancy, day)


def _accept(seeker: Seeker, county: str, places: Places) -> None:
    """The seeker took a job in `county`, so they accept it: listed, or within their commute."""
    if seeker.counties:
        if county not in seeker.counties:
            seeker.counties.append(county)
        return
    distance = places.km(seeker.county, county)
    seeker.commute_km = next((km for km in COMMUTE_KM[0] if km >= distance), int(distance) // 10 * 10 + 10)


def _referrals(
    rng: np.random.Generator, seeker: Seeker, market: Market, hire: Planned | None, referred: set
) -> list[Planned]:
    """The hire (if any) and 0-2 other referrals before it; or, for 40% of the others, 1-3 referrals."""
    if hire is not None:
        count, last = pick(rng, [0.4, 0.4, 0.2]), hire.referred_on
    elif rng.random() < REFERRED_SHARE:
        count, last = int(rng.integers(1, 4)), seeker.last_day
    else:
        return []
    planned = [hire] if hire is not None else []
    referred.update((seeker.person, market.pk[p.vacancy]) for p in planned)
    pool = [i for i in candidates(seeker, market, seeker.registered_on, last)
            if (seeker.person, market.pk[i]) not in referred]  # fmt: skip
    while pool and count:
        vacancy = draw_hire(rng, seeker, market, np.array(pool), None)
        pool.remove(vacancy)
        count -= 1
        other = plan_other(rng, seeker, market, vacancy)
        if other is not None:
            referred.add((seeker.person, market.pk[vacancy]))
            planned.append(other)
    return planned
