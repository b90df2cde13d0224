"""Two years of demo vacancies from the demo employers (see the package docstring for the proportions)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from jiuye.accounts.demo import DEMO_EMAIL_DOMAIN
from jiuye.accounts.models import User
from jiuye.core.db import rows_insert
from jiuye.demo.registry import REFERENCE_DATE
from jiuye.employers.enums import ContractKind, VacancyChannel, VacancyStatus
from jiuye.employers.models import Employer, Vacancy
from jiuye.reference.enums import DataSource, RegionLevel
from jiuye.reference.models import Occupation, OccupationAlias, Region
from jiuye.seekers.demo_supply.catalogue import (
    CITY_WAGE_FACTOR,
    DEFAULT_DUTIES,
    FALLBACK_INDUSTRY,
    GROUP_DUTIES,
    INDUSTRY_OCCUPATIONS,
    JOB_FAIRS,
    MINIMUM_WAGE,
    OCCUPATIONS,
    SKILLS,
)

NOW = datetime.date(*REFERENCE_DATE)
WINDOW = 730  # days of history: two years, so that every quarter has figures
VACANCIES_AT_SCALE_ONE = 3000
OTHER_COUNTY_SHARE = 0.12  # work sites in another county of the employer's city
DURATIONS = ([30, 60, 90, 180], [0.1, 0.25, 0.3, 0.35])
CHANNELS = ([VacancyChannel.EMPLOYER, VacancyChannel.CASEWORKER, VacancyChannel.JOB_FAIR, VacancyChannel.IMPORT],
            [0.45, 0.3, 0.15, 0.1])  # fmt: skip
# Status of a vacancy past its end date, and of one still within it. None is drawn "filled": a vacancy is filled
# when its hires reach its headcount, which the referrals decide (`truth.vacancies_fill`).
PAST_STATUS = ([VacancyStatus.EXPIRED, VacancyStatus.CLOSED], [0.85, 0.15])
CURRENT_STATUS = ([VacancyStatus.OPEN, VacancyStatus.CLOSED], [0.95, 0.05])
SEASONAL = {"construction": 0.3, "agriculture": 0.5}
PART_TIME = {"catering": 0.15, "retail": 0.12, "care": 0.2, "hospitality": 0.1}
EXPERIENCE = [0, 0, 0, 1, 2, 3, 5]
BIG_HEADCOUNT = {"mining", "construction", "machining", "metallurgy", "food"}
STREETS = ["解放路", "建设路", "人民路", "新华街", "文化路", "和平街", "迎泽大街", "长风街", "工业园区", "开发区"]


@dataclass
class Places:
    """Counties with their city, name and coordinates, for work sites and commuting distances."""

    city: dict[str, str]
    name: dict[str, str]
    coordinates: dict[str, tuple[float, float]]
    counties_of: dict[str, list[str]]

    @classmethod
    def load(cls) -> "Places":
        city, name, coordinates, counties_of = {}, {}, {}, defaultdict(list)
        for code, parent, label, lon, lat in (
            Region.objects.filter(level=RegionLevel.COUNTY)
            .order_by("code")
            .values_list("code", "parent_id", "name", "longitude", "latitude")
        ):
            city[code], name[code] = parent, label
            coordinates[code] = (float(lon or 112.5), float(lat or 37.8))
            counties_of[parent].append(code)
        return cls(city=city, name=name, coordinates=coordinates, counties_of=dict(counties_of))

    def km(self, first: str, second: str) -> float:
        """Great-circle distance between two county seats."""
        (lon1, lat1), (lon2, lat2) = self.coordinates[first], self.coordinates[second]
        lon1, lat1, lon2, lat2 = map(np.radians, (lon1, lat1, lon2, lat2))
        h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        return float(6371 * 2 * np.arcsin(np.sqrt(h)))


def zipf(count: int, exponent: float = 1.1) -> np.ndarray:
    """Long-tailed popularity of `count` ranked items: the first is asked far more often than the tenth."""
    weights = 1 / np.arange(1, count + 1) ** exponent
    return weights / weights.sum()


def pick(rng: np.random.Generator, weights) -> int:
    """The index of one item drawn with probability proportional to `weights`; `rng.choice(p=...)` is some ten
    times slower for a single draw, and the part draws tens of thousands."""
    cumulative = np.cumsum(weights)
    return int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))


def draw_skills(rng: np.random.Generator, code: str, count: int) -> list[str]:
    """The occupation's own skills first, then the group's vocabulary, both by long-tailed popularity."""
    profile = OCCUPATIONS[code]
    vocabulary = list(dict.fromkeys([*profile.skills, *SKILLS[profile.group]]))
    # Weighted sampling without replacement (Efraimidis and Spirakis 2006): the largest u^(1/w) win.
    keys = rng.random(len(vocabulary)) ** (1 / zipf(len(vocabulary)))
    return [vocabulary[i] for i in sorted(np.argsort(-keys)[:count])]


def title_choices(rng: np.random.Generator) -> dict[str, tuple[list[str], np.ndarray]]:
    """For each occupation, the titles employers use (aliases of the reference data and the occupation's name) in
    a fixed random order of popularity."""
    titles = defaultdict(list)
    for alias, code in (
        OccupationAlias.objects.filter(occupation_id__in=OCCUPATIONS)
        .order_by("alias")
        .values_list("alias", "occupation_id")
    ):
        titles[code].append(alias)
    for code, name in Occupation.objects.filter(code__in=OCCUPATIONS).order_by("code").values_list("code", "name"):
        titles[code].append(name)
    choices = {}
    for code in sorted(titles):
        names = [titles[code][i] for i in rng.permutation(len(titles[code]))]
        choices[code] = (names, zipf(len(names)))
    return choices


def market_wage(rng: np.random.Generator, code: str, county: str, spread: float = 0.12) -> int:
    """A monthly wage near the occupation's median in the county's city, in whole hundreds of yuan."""
    factor = CITY_WAGE_FACTOR.get(county[:4], 1.0)
    wage = OCCUPATIONS[code].wage * factor * rng.lognormal(0, spread)
    return max(MINIMUM_WAGE, 100 * int(np.rint(wage / 100)))


def insert_rows(model, objects: list) -> int:
    """Insert model instances whose ids nobody needs (`jiuye.core.db.rows_insert`: `bulk_create` compiles SQL per
    value, which takes half the time); returns how many."""
    rows_insert(model, objects, batch_size=5000)
    return len(objects)


def check_catalogue() -> None:
    """Every occupation of the catalogue is a detailed occupation of the loaded reference data."""
    known = set(Occupation.objects.filter(code__in=OCCUPATIONS, level=4).values_list("code", flat=True))
    missing = sorted(set(OCCUPATIONS) - known)
    if missing:
        raise ValueError(f"demo supply: occupations missing from the reference data: {missing}")


def reset_vacancies() -> None:
    Vacancy.objects.filter(source=DataSource.DEMO).delete()


def generate_vacancies(rng: np.random.Generator, count: int, places: Places) -> int:
    employers = list(
        Employer.objects.filter(source=DataSource.DEMO).order_by("pk").values_list("pk", "industry_id", "region_id",
                                                                                   "headcount", "name")
    )  # fmt: skip
    if not employers:
        return 0
    size = np.array([max(1, row[3]) for row in employers], dtype=float) ** 0.6
    chosen = rng.choice(len(employers), size=count, p=size / size.sum())
    ago = rng.choice(WINDOW, size=count, p=_season_weights())
    writer = _VacancyWriter(rng, places)
    vacancies = [writer.vacancy(employers[int(i)], int(days)) for i, days in zip(chosen, ago, strict=True)]
    return insert_rows(Vacancy, vacancies)


def _season_weights() -> np.ndarray:
    """Registration days: more after the Spring Festival (春风行动) and in autumn, fewer around New Year."""
    weights = []
    for ago in range(WINDOW):
        month = (NOW - datetime.timedelta(days=ago)).month
        weights.append({2: 1.6, 3: 1.8, 4: 1.2, 9: 1.4, 10: 1.3, 12: 0.7, 1: 0.6}.get(month, 1.0))
    array = np.array(weights)
    return array / array.sum()


class _VacancyWriter:
    def __init__(self, rng: np.random.Generator, places: Places):
        self.rng, self.places = rng, places
        self.titles = title_choices(rng)
        users = User.objects.filter(
            org_unit__service_level=RegionLevel.COUNTY, email__endswith=f"@{DEMO_EMAIL_DOMAIN}"
        )
        self.caseworkers = dict(users.values_list("org_unit__region_id", "pk"))

    def vacancy(self, employer: tuple, ago: int) -> Vacancy:
        rng = self.rng
        employer_id, industry, employer_county, _headcount, _name = employer
        mix = INDUSTRY_OCCUPATIONS.get(industry, INDUSTRY_OCCUPATIONS[FALLBACK_INDUSTRY])
        codes = list(mix)
        weights = np.array(list(mix.values()), dtype=float)
        code = codes[pick(rng, weights)]
        profile = OCCUPATIONS[code]
        county = self._county(employer_county)
        titles, popularity = self.titles[code]
        wage_min = market_wage(rng, code, county)
        valid_from = NOW - datetime.timedelta(days=ago)
        valid_until = valid_from + datetime.timedelta(days=DURATIONS[0][pick(rng, DURATIONS[1])])
        channel = CHANNELS[0][pick(rng, CHANNELS[1])]
        contract = self._contract(profile.group)
        title = titles[pick(rng, popularity)]
        lon, lat = self.places.coordinates[county]
        return Vacancy(
            employer_id=employer_id, occupation_id=code, title=title[:64],
            skills="、".join(draw_skills(rng, code, int(rng.integers(2, 5)))),
            duties=f"{title}：{GROUP_DUTIES.get(profile.group, DEFAULT_DUTIES)}",
            region_id=county, address=self._address(county),
            longitude=round(lon + rng.normal(0, 0.03), 6), latitude=round(lat + rng.normal(0, 0.03), 6),
            headcount=self._headcount(profile.group), wage_min=wage_min,
            wage_max=100 * int(np.rint(wage_min * rng.uniform(1.15, 1.6) / 100)),
            education=profile.education if rng.random() < 0.7 else "",
            experience_years=self._experience(bool(profile.education)),
            hours_per_week=self._hours(contract),
            contract_kind=contract, valid_from=valid_from, valid_until=valid_until,
            status=self._status(valid_until), channel=channel,
            job_fair=self._job_fair(county, valid_from) if channel == VacancyChannel.JOB_FAIR else "",
            created_by_id=self.caseworkers.get(county) if channel == VacancyChannel.CASEWORKER else None,
            source=DataSource.DEMO,
        )  # fmt: skip

    def _county(self, employer_county: str) -> str:
        siblings = self.places.counties_of.get(self.places.city.get(employer_county, ""), [])
        if len(siblings) > 1 and self.rng.random() < OTHER_COUNTY_SHARE:
            return siblings[int(self.rng.integers(len(siblings)))]
        return employer_county

    def _address(self, county: str) -> str:
        street = STREETS[int(self.rng.integers(len(STREETS)))]
        return f"{self.places.name[county]}{street}{int(self.rng.integers(1, 300))}号"

    def _experience(self, skilled: bool) -> int:
        """Years asked: none for half the unskilled jobs, else mostly none, sometimes one to five."""
        return EXPERIENCE[int(self.rng.integers(len(EXPERIENCE)))] if skilled or self.rng.random() < 0.5 else 0

    def _hours(self, contract: str) -> int:
        return {ContractKind.PART_TIME: 24, ContractKind.SEASONAL: 48}.get(
            contract, 40 + 4 * int(self.rng.integers(3))
        )

    def _contract(self, group: str) -> str:
        draw = self.rng.random()
        if draw < SEASONAL.get(group, 0):
            return ContractKind.SEASONAL
        if draw < SEASONAL.get(group, 0) + PART_TIME.get(group, 0):
            return ContractKind.PART_TIME
        return ContractKind.FULL_TIME

    def _headcount(self, group: str) -> int:
        """Mostly one (1.1 on average); mines, sites and factories 1.7 on average, now and then a dozen."""
        if group in BIG_HEADCOUNT:
            return int(min(30, self.rng.geometric(0.6)))
        return int(min(10, self.rng.geometric(0.9)))

    def _status(self, valid_until: datetime.date) -> str:
        choices, p = PAST_STATUS if valid_until < NOW else CURRENT_STATUS
        return choices[pick(self.rng, p)]

    def _job_fair(self, county: str, day: datetime.date) -> str:
        city = self.places.name.get(county, "")
        fair = JOB_FAIRS.get(day.month, f"{day.month}月综合招聘会")
        return f"{day.year}年{city}{fair}"
