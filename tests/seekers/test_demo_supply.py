"""The supply-and-demand demo part: plausible counts, the same rows for the same seed, statuses that agree with the
dates, and a planted ground truth of hires that a matching evaluation can score against."""

import datetime
import hashlib
from collections import Counter

import numpy as np
import pytest
from django.db.models import Max

from jiuye.demo.registry import REFERENCE_DATE, DemoContext, parts
from jiuye.demo.services import demo_parts_discover
from jiuye.employers.enums import VacancyStatus
from jiuye.employers.models import Vacancy
from jiuye.people.enums import EmploymentStatus, ServiceKind
from jiuye.people.models import Person, Service
from jiuye.reference.enums import DataSource
from jiuye.seekers.demo_supply import demo_ground_truth, hiring
from jiuye.seekers.demo_supply.catalogue import OCCUPATIONS
from jiuye.seekers.demo_supply.seekers import add_months
from jiuye.seekers.demo_supply.vacancies import Places
from jiuye.seekers.enums import ReferralOutcome, RefusalReason, SeekerStatus
from jiuye.seekers.models import Referral, SeekerRegistration

pytestmark = pytest.mark.django_db

NOW = datetime.date(*REFERENCE_DATE)
SCALE = 0.2  # 2,000 people, 160 employers, 600 vacancies, about 500 registrations
NEEDED = ["accounts", "employers", "people", "households", "registers", "services", "supply"]


def build(seed: int = 7) -> None:
    """The parts the supply part reads, then the supply part: the survey and monitoring parts are not needed."""
    demo_parts_discover()
    context = DemoContext(seed=seed, scale=SCALE)
    for part in parts():
        if part.name in NEEDED:
            part.generate(context)


def supply_part():
    return next(part for part in parts() if part.name == "supply")


def digest() -> str:
    vacancies = Vacancy.objects.order_by("pk").values_list(
        "employer__uscc", "occupation", "title", "skills", "region", "headcount", "wage_min", "wage_max", "education",
        "experience_years", "contract_kind", "valid_from", "valid_until", "status", "channel", "job_fair",
    )  # fmt: skip
    registrations = SeekerRegistration.objects.order_by("pk").values_list(
        "person__ric_hash", "desired_titles", "skills", "expected_wage", "commute_km", "registered_on", "renewed_on",
        "expires_on", "status",
    )  # fmt: skip
    referrals = Referral.objects.order_by("pk").values_list(
        "person__ric_hash", "vacancy__title", "referred_on", "outcome", "outcome_on", "refusal_reason"
    )
    text = repr([list(rows) for rows in (vacancies, registrations, referrals)])
    return hashlib.sha256(text.encode()).hexdigest()


def test_counts_are_plausible_and_the_same_seed_gives_the_same_rows():
    build()
    assert Vacancy.objects.filter(source=DataSource.DEMO).count() == 600
    registrations = SeekerRegistration.objects.filter(source=DataSource.DEMO)
    assert 400 <= registrations.count() <= 520
    statuses = Counter(registrations.values_list("status", flat=True))
    assert {SeekerStatus.ACTIVE, SeekerStatus.EXPIRED, SeekerStatus.PLACED} <= set(statuses)
    assert registrations.filter(renewed_on__isnull=False).exists()
    titles = Counter(Vacancy.objects.values_list("title", flat=True))
    assert len(titles) > 40  # many titles, a few of them common
    assert titles.most_common(1)[0][1] > 10
    first = digest()
    supply_part().reset()
    assert not Vacancy.objects.exists()
    assert not SeekerRegistration.objects.exists()
    supply_part().generate(DemoContext(seed=7, scale=SCALE))
    assert digest() == first


def test_vacancies_follow_their_employer_and_dates():
    build()
    vacancies = list(Vacancy.objects.select_related("employer"))
    for vacancy in vacancies:
        assert NOW - datetime.timedelta(days=730) <= vacancy.valid_from <= NOW
        assert vacancy.wage_min <= vacancy.wage_max
        assert vacancy.region_id[:4] == vacancy.employer.region_id[:4]
        if vacancy.valid_until < NOW:
            assert vacancy.status != VacancyStatus.OPEN
        else:
            assert vacancy.status != VacancyStatus.EXPIRED
    mines = [v for v in vacancies if v.employer.industry_id == "06"]
    assert mines
    assert all(OCCUPATIONS[v.occupation_id].group in {"mining", "electrical", "transport", "office", "services"}
               for v in mines)  # fmt: skip
    in_own_county = sum(v.region_id == v.employer.region_id for v in vacancies) / len(vacancies)
    assert 0.8 < in_own_county < 0.97
    taiyuan = [v.wage_min for v in vacancies if v.region_id.startswith("1401") and v.occupation_id == "6-31-01-03"]
    yuncheng = [v.wage_min for v in vacancies if v.region_id.startswith("1408") and v.occupation_id == "6-31-01-03"]
    if taiyuan and yuncheng:
        assert sum(taiyuan) / len(taiyuan) > sum(yuncheng) / len(yuncheng)


def test_registrations_are_valid_six_months_and_agree_with_the_person():
    build()
    for registration in SeekerRegistration.objects.select_related("person").prefetch_related("desired_occupations"):
        start = registration.renewed_on or registration.registered_on
        assert registration.expires_on == add_months(start, 6)
        if registration.renewed_on:  # renewed in the 30 days before the first expiry, never in the future
            first_expiry = add_months(registration.registered_on, 6)
            assert first_expiry - datetime.timedelta(days=30) <= registration.renewed_on < first_expiry
            assert registration.renewed_on <= NOW
        if registration.status == SeekerStatus.ACTIVE:
            assert registration.expires_on >= NOW
        if registration.status == SeekerStatus.EXPIRED:
            assert registration.expires_on < NOW
        if registration.status == SeekerStatus.PLACED:
            assert registration.person.employment_status == EmploymentStatus.EMPLOYED
        assert registration.desired_occupations.exists()
        assert registration.skills


def test_ground_truth_is_a_plausible_hire_of_an_employed_person():
    build()
    truth = demo_ground_truth()
    assert len(truth) > 50
    places = Places.load()
    hires = Referral.objects.filter(outcome=ReferralOutcome.HIRED).select_related(
        "vacancy", "person", "registration", "service"
    )
    same_trade = same_occupation = 0
    for referral in hires:
        registration, vacancy, person = referral.registration, referral.vacancy, referral.person
        assert truth[registration.pk] == [vacancy.pk]
        assert registration.status == SeekerStatus.PLACED
        assert person.employment_status == EmploymentStatus.EMPLOYED
        assert person.employment_status_since == referral.outcome_on
        assert registration.registered_on <= referral.referred_on < referral.outcome_on <= registration.expires_on
        assert vacancy.valid_from <= referral.referred_on <= vacancy.valid_until
        links = SeekerRegistration.desired_occupations.through.objects.filter(seekerregistration=registration)
        first_wanted = links.order_by("pk").values_list("occupation_id", flat=True).first()
        same_trade += OCCUPATIONS[vacancy.occupation_id].group == OCCUPATIONS[first_wanted].group
        same_occupation += vacancy.occupation_id == first_wanted
        accepted = set(registration.accepted_regions.values_list("code", flat=True))
        if accepted:
            assert vacancy.region_id in accepted
        else:
            assert places.km(person.residence_region_id[:6], vacancy.region_id) <= registration.commute_km
        assert referral.service.kind == ServiceKind.JOB_REFERRAL
        assert referral.service.provided_on == referral.referred_on
        assert [event.outcome for event in referral.events.order_by("pk")][-1] == ReferralOutcome.HIRED
    # Mostly the trade asked for, not always the occupation: codes are sometimes wrong, and people switch.
    assert same_trade / len(hires) > 0.85
    assert 0.4 < same_occupation / len(hires) < 0.9
    outcomes = Counter(Referral.objects.values_list("outcome", flat=True))
    assert outcomes[ReferralOutcome.REFUSED] > 0
    assert outcomes[ReferralOutcome.DECLINED] > 0
    refused = Referral.objects.filter(outcome=ReferralOutcome.REFUSED)
    assert all(refused.values_list("refusal_reason", flat=True))


def test_a_filled_vacancy_has_its_hires_employed_from_the_hire():
    """As `referral_outcome_record` fills a vacancy when its hires reach its headcount: a filled vacancy has as many
    hired referrals as its headcount, each of a person employed since the hire; no vacancy has more, and none is
    referred to after it was filled (a referral not answered by then is refused as filled)."""
    build()
    hires = Counter(Referral.objects.filter(outcome=ReferralOutcome.HIRED).values_list("vacancy", flat=True))
    vacancies = Vacancy.objects.in_bulk()
    filled = [vacancy for vacancy in vacancies.values() if vacancy.status == VacancyStatus.FILLED]
    assert len(filled) > 20
    assert max(vacancy.headcount for vacancy in filled) > 1
    for vacancy in filled:
        assert hires[vacancy.pk] == vacancy.headcount
    assert all(count <= vacancies[pk].headcount for pk, count in hires.items())
    assert {pk for pk, count in hires.items() if count == vacancies[pk].headcount} == {v.pk for v in filled}
    for referral in Referral.objects.filter(outcome=ReferralOutcome.HIRED).select_related("person"):
        assert referral.person.employment_status == EmploymentStatus.EMPLOYED
        assert referral.person.employment_status_since == referral.outcome_on
    last_hire = dict(
        Referral.objects.filter(outcome=ReferralOutcome.HIRED, vacancy__status=VacancyStatus.FILLED)
        .values("vacancy")
        .annotate(on=Max("outcome_on"))
        .values_list("vacancy", "on")
    )
    others = Referral.objects.exclude(outcome=ReferralOutcome.HIRED).filter(vacancy__in=last_hire)
    assert others.exists()
    for referral in others:
        assert referral.referred_on < last_hire[referral.vacancy_id]
        if referral.refusal_reason == RefusalReason.FILLED:
            assert referral.outcome_on == last_hire[referral.vacancy_id]
        else:
            assert referral.outcome_on is not None
            assert referral.outcome_on < last_hire[referral.vacancy_id]
    assert others.filter(refusal_reason=RefusalReason.FILLED).exists()


def test_reset_removes_only_the_supply_rows():
    build()
    people, services = Person.objects.count(), Service.objects.exclude(referral__isnull=False).count()
    supply_part().reset()
    assert not Vacancy.objects.exists()
    assert not SeekerRegistration.objects.exists()
    assert not Referral.objects.exists()
    assert Person.objects.count() == people
    assert Service.objects.count() == services


def test_the_latent_hiring_model_has_its_own_shapes():
    """The factors of the planted hires (`hiring`): a log-logistic commute, a probit wage acceptance, a power-law
    decay of applicants, a steep schooling screen and licences that are required."""
    assert hiring.commute(np.array([0.0, 15.0, 60.0]), 15.0) == pytest.approx([1.0, 0.5, 1 / 17])
    accept = hiring.wage_acceptance(np.array([4000.0, 5000.0, 6000.0]), 5000.0)
    assert accept[1] == pytest.approx(0.5)
    assert accept[0] < 0.02 < accept[1] < accept[2]
    assert hiring.applicants(np.array([0, 15, 60])) == pytest.approx([1.0, 2**-1.5, 5**-1.5])
    asked = {"education": ["", "bachelor"], "experience": np.array([0, 0]), "skills": [{"电工证", "PLC"}, {"PLC"}]}
    screened = hiring.screening("junior_college", 0, {"PLC"}, asked)
    assert screened[0] == pytest.approx((0.25 + 0.75 * 0.5**1.5) * 0.2)  # half the skills, the licence missing
    assert screened[1] == pytest.approx(hiring.EDUCATION_PASS_PER_LEVEL)  # a level short of a bachelor
    codes = ["6-18-02-04", "6-18-02-01", "6-18-01-01", "4-03-02-05"]  # itself, its minor and medium group, a cook
    assert list(hiring.occupation_affinity("6-18-02-04", codes)) == [1.0, 0.3, 0.1, 0.003]
