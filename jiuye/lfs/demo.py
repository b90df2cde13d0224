"""Demo survey: 36 months of synthetic Shanxi labour-force-survey microdata with a known truth, and their estimates.

The design is a stratified two-stage sample, as the monthly survey is: strata are city × urban/rural (22 strata);
in each, primary sampling units (communities and villages, with synthetic 12-digit codes inside a county of the
city) are drawn afresh each month, then 10 households in each, and every member of a household is interviewed.
The sample is spread over cities by the square root of their population (a usual compromise between the province's
precision and the cities'), 70% of it urban, since the headline rate is urban; scale 1 is about 3,000 persons a
month, scale 10 about 30,000 (every stratum keeps at least 2 PSUs, so tiny scales still give some 1,200). Weights
make each stratum add up to its population (2020 census, 63% urban), with a small random non-response adjustment.

At scale 1 a city has some 100 urban people in the labour force a month, so most city rates have a CV above 30%
and are shown greyed, as a real survey of that size would be; the province's is reliable (CV about 13%). At scale
10 every city's is (CV about 14%).

The truth, which the estimates should recover within their confidence intervals about 95% of the time:

- `TRUE_RATES`: the surveyed urban unemployment rate of each city in an average month: Taiyuan lowest (4.5%, a
  capital with services and universities), the coal cities (Datong, Yangquan, Shuozhou, Lüliang...) highest.
- times `SEASONAL[month]`: high after the Spring Festival and at graduation (July-August), low at year end,
- times `SPRING_FESTIVAL_BUMP` in the month where the two weeks after the festival fall (February, or March when the
  festival is late, as in 2026), so that the pattern moves with the lunar calendar as the real series does.

`true_rate(city, month)` gives the truth of a month. Within a city the unemployment risk varies by age (youth 2.8
times the average, more in July-August when graduates enter the labour force; `AGE_RISK`, `YOUTH_SEASONAL`) and by
community (a gamma-distributed effect with mean 1); the risks are normalised month by month over the labour force's
ages, so the city's expected rate is exactly the truth. Sex has no effect. The ILO profile counts as unemployed
only the 85% of job-seekers who searched in the last 4 weeks.
"""

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jiuye.demo.clock import demo_clock, due_on, latest_month, moment
from jiuye.demo.registry import DemoContext, register
from jiuye.demo.synthetic import county_weights
from jiuye.lfs.models import SurveyPeriod
from jiuye.lfs.rates import Microdata
from jiuye.reference.enums import DataSource, RegionLevel
from jiuye.reference.models import Region

MONTHS = 36
PERSONS_AT_SCALE_ONE = 3_000
URBAN_SAMPLE_SHARE = 0.7
URBAN_POPULATION_SHARE = 0.63  # Shanxi's urbanisation rate, 2020 census: 62.5%
HOUSEHOLDS_PER_PSU = 10
HOUSEHOLD_SIZES, HOUSEHOLD_SIZE_P = np.arange(1, 6), np.array([0.15, 0.30, 0.28, 0.17, 0.10])
PSU_EFFECT_SHAPE = 8.0  # community effect ~ Gamma(8, 1/8): mean 1, sd 0.35
SEARCHED_LAST_4_WEEKS_SHARE = 0.85

TRUE_RATES = {
    "1401": 0.045,  # 太原 Taiyuan
    "1402": 0.062,  # 大同 Datong (coal)
    "1403": 0.060,  # 阳泉 Yangquan (coal)
    "1404": 0.054,  # 长治 Changzhi (coal)
    "1405": 0.052,  # 晋城 Jincheng (coal)
    "1406": 0.058,  # 朔州 Shuozhou (coal)
    "1407": 0.050,  # 晋中 Jinzhong
    "1408": 0.056,  # 运城 Yuncheng
    "1409": 0.059,  # 忻州 Xinzhou
    "1410": 0.057,  # 临汾 Linfen (coal)
    "1411": 0.065,  # 吕梁 Lüliang (coal)
}
_SEASONAL = np.array([1.00, 1.05, 1.02, 0.99, 0.98, 0.99, 1.05, 1.04, 0.99, 0.97, 0.96, 0.96])
SEASONAL = dict(enumerate(_SEASONAL / _SEASONAL.mean(), start=1))
SPRING_FESTIVAL = {  # 春节 (正月初一)
    2023: datetime.date(2023, 1, 22),
    2024: datetime.date(2024, 2, 10),
    2025: datetime.date(2025, 1, 29),
    2026: datetime.date(2026, 2, 17),
    2027: datetime.date(2027, 2, 6),
}
SPRING_FESTIVAL_BUMP = 1.04
AGE_RISK = {"16-24": 2.8, "25-29": 1.4, "30-59": 0.85, "60+": 0.5}
YOUTH_SEASONAL = {7: 1.30, 8: 1.25, 9: 1.05}

# Persons by single year of age 0-90 (relative, a rough Shanxi pyramid), school attendance and participation.
AGES = np.arange(0, 91)
AGE_P = np.select([AGES < 16, AGES < 25, AGES < 60, AGES < 70, AGES < 80], [0.8, 0.9, 1.0, 0.8, 0.45], 0.15)
AGE_P = AGE_P / AGE_P.sum()
IN_SCHOOL_P = np.select([AGES < 16, AGES < 19, AGES < 22, AGES < 23, AGES < 25], [1.0, 0.85, 0.55, 0.4, 0.15], 0.0)
PARTICIPATION = np.select([AGES < 16, AGES < 25, AGES < 30, AGES < 60, AGES < 65], [0.0, 0.72, 0.88, 0.82, 0.35], 0.08)
STUDENT_PARTICIPATION = 0.05


def _age_group(age: np.ndarray) -> np.ndarray:
    return np.select([age < 25, age < 30, age < 60], ["16-24", "25-29", "30-59"], "60+")


def in_school_p(month: int) -> np.ndarray:
    """Graduates leave school in July: fewer 18-23 year-olds are students in July and August."""
    leaving = (month in (7, 8)) & (AGES >= 18) & (AGES <= 23)
    return np.where(leaving, IN_SCHOOL_P * 0.8, IN_SCHOOL_P)


def _risk(month: int) -> np.ndarray:
    """Relative unemployment risk by single year of age, normalised so that its mean over the labour force is 1."""
    groups = _age_group(AGES)
    risk = np.array([AGE_RISK[group] for group in groups])
    risk = np.where(groups == "16-24", risk * YOUTH_SEASONAL.get(month, 1.0), risk)
    students = in_school_p(month)
    labour_force = AGE_P * (students * STUDENT_PARTICIPATION + (1 - students) * PARTICIPATION) * (AGES >= 16)
    return risk / (labour_force * risk).sum() * labour_force.sum()


def true_rate(city: str, month: str) -> float:
    """The expected surveyed urban unemployment rate of a city in a month (`2026-07`)."""
    year, number = int(month[:4]), int(month[5:])
    festival = SPRING_FESTIVAL.get(year)
    bumped = festival is not None and (festival + datetime.timedelta(days=14)).month == number
    return TRUE_RATES[city] * SEASONAL[number] * (SPRING_FESTIVAL_BUMP if bumped else 1.0)


def true_province_rate(month: str, populations: dict[str, float]) -> float:
    """The province's truth: cities' truths weighted by their urban labour force, which is proportional to their
    population since every city has the same urban share and ages."""
    total = sum(populations[city] for city in TRUE_RATES)
    return sum(populations[city] * true_rate(city, month) for city in TRUE_RATES) / total


def demo_months(count: int = MONTHS) -> list[str]:
    """The `count` months ending with the demo's latest month (`jiuye.demo.clock.latest_month`: 2026-10 back to
    2023-11 for the demo's today, 2026-11-20; November's survey is not in yet)."""
    latest = latest_month()
    year, month = int(latest[:4]), int(latest[5:])
    months = []
    for back in range(count):
        index = year * 12 + month - 1 - back
        months.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
    return months[::-1]


@dataclass(frozen=True)
class SurveyFrame:
    """The cities (code → population) and each city's counties with their shares of the city."""

    populations: dict[str, float]
    counties: dict[str, tuple[list[str], np.ndarray]]

    @classmethod
    def from_reference(cls) -> "SurveyFrame":
        populations = dict(Region.objects.filter(level=RegionLevel.CITY).values_list("code", "population"))
        codes, shares = county_weights()
        counties = {}
        for city in populations:
            inside = [i for i, code in enumerate(codes) if code.startswith(city)]
            counties[city] = ([codes[i] for i in inside], shares[inside] / shares[inside].sum())
        return cls(populations={code: float(value) for code, value in populations.items()}, counties=counties)


@dataclass(frozen=True)
class SyntheticMonth:
    month: str
    microdata: Microdata
    person_id: np.ndarray
    household_id: np.ndarray


def synthetic_month(rng: np.random.Generator, *, month: str, persons: int, frame: SurveyFrame) -> SyntheticMonth:
    """One month's sample: about `persons` people in households of PSUs of every stratum."""
    root = np.sqrt([frame.populations[city] for city in TRUE_RATES])
    parts = []
    for city, city_share in zip(TRUE_RATES, root / root.sum(), strict=True):
        for urban, share in ((True, URBAN_SAMPLE_SHARE), (False, 1 - URBAN_SAMPLE_SHARE)):
            parts.append(_stratum(rng, month, city, urban, persons * city_share * share, frame))
    columns = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
    answers = {key: columns[key] for key in ANSWER_KEYS}
    microdata = Microdata(
        stratum=columns["stratum"], psu=columns["psu"], weight=columns["weight"], region=columns["region"],
        urban=columns["urban"], sex=columns["sex"], age=columns["age"], in_school=columns["in_school"],
        answers=answers,
    )  # fmt: skip
    return SyntheticMonth(month, microdata, columns["person_id"], columns["household_id"])


ANSWER_KEYS = (
    "worked_last_week", "temporarily_absent", "searched_last_3_months", "available_within_2_weeks",
    "searched_last_4_weeks",
)  # fmt: skip


def _stratum(rng, month: str, city: str, urban: bool, persons: float, frame: SurveyFrame) -> dict[str, np.ndarray]:
    number = int(month[5:])
    psus = max(2, round(persons / HOUSEHOLDS_PER_PSU / (HOUSEHOLD_SIZES @ HOUSEHOLD_SIZE_P)))
    county_codes, county_p = frame.counties[city]
    psu_county = np.asarray(county_codes)[rng.choice(len(county_codes), size=psus, p=county_p)]
    # Synthetic community codes (统计用区划代码): urban under streets 001-099, rural under townships 100-299.
    low, high = (1_000, 100_000) if urban else (100_000, 300_000)
    psu_code = np.char.add(
        psu_county.astype(str), np.char.zfill((rng.choice(high - low, psus, replace=False) + low).astype(str), 6)
    )
    sizes = rng.choice(HOUSEHOLD_SIZES, size=(psus, HOUSEHOLDS_PER_PSU), p=HOUSEHOLD_SIZE_P)
    person_psu = np.repeat(np.arange(psus), sizes.sum(axis=1))
    household = np.repeat(np.arange(psus * HOUSEHOLDS_PER_PSU), sizes.ravel())
    member = np.arange(len(household)) - np.repeat(np.cumsum(sizes.ravel()) - sizes.ravel(), sizes.ravel())
    count = len(household)
    age = rng.choice(AGES, size=count, p=AGE_P)
    in_school = rng.random(count) < in_school_p(number)[age]
    participation = np.where(in_school, STUDENT_PARTICIPATION, PARTICIPATION[age]) * (age >= 16)
    labour_force = rng.random(count) < participation
    effect = rng.gamma(PSU_EFFECT_SHAPE, 1 / PSU_EFFECT_SHAPE, size=psus)[person_psu]
    unemployed = labour_force & (rng.random(count) < true_rate(city, month) * _risk(number)[age] * effect)
    stratum = f"{city}{'U' if urban else 'R'}"
    population = frame.populations[city] * (URBAN_POPULATION_SHARE if urban else 1 - URBAN_POPULATION_SHARE)
    adjustment = rng.lognormal(0, 0.1, size=psus * HOUSEHOLDS_PER_PSU)[household]
    household_id = np.char.add(np.char.add(psu_code[person_psu], "-"), household.astype(str))
    return {
        "stratum": np.full(count, stratum, dtype=object),
        "psu": psu_code[person_psu].astype(object),
        "weight": population / count * adjustment / adjustment.mean(),
        "region": psu_county[person_psu].astype(object),
        "urban": np.full(count, urban),
        "sex": rng.integers(1, 3, size=count),
        "age": age,
        "in_school": in_school,
        **_answers(rng, labour_force, unemployed),
        "household_id": household_id.astype(object),
        "person_id": np.char.add(np.char.add(household_id, "-"), member.astype(str)).astype(object),
    }


def _answers(rng, labour_force: np.ndarray, unemployed: np.ndarray) -> dict[str, np.ndarray]:
    """Answers consistent with the status: employed people worked (5% were temporarily absent); job-seekers searched
    in the last 3 months (85% of them in the last 4 weeks) and are available; some outside the labour force searched
    but could not start within 2 weeks."""
    count = len(labour_force)
    employed = labour_force & ~unemployed
    absent = employed & (rng.random(count) < 0.05)
    searched_outside = ~labour_force & (rng.random(count) < 0.03)
    searched = unemployed | searched_outside
    return {
        "worked_last_week": employed & ~absent,
        "temporarily_absent": absent,
        "searched_last_3_months": searched,
        "available_within_2_weeks": unemployed,
        "searched_last_4_weeks": (searched & (rng.random(count) < SEARCHED_LAST_4_WEEKS_SHARE)).astype(float),
    }


def survey_rows(sample: SyntheticMonth) -> list[tuple]:
    """The month as rows for `survey_period_store`, in `RECORD_FIELDS` order."""
    data = sample.microdata
    columns = [
        sample.person_id, sample.household_id, data.stratum, data.psu, data.weight, data.region, data.urban,
        data.sex, data.age, data.in_school, *(data.answers[key] for key in ANSWER_KEYS[:-1]),
        data.answers["searched_last_4_weeks"].astype(bool),
    ]  # fmt: skip
    return list(zip(*(np.asarray(column).tolist() for column in columns), strict=True))


CSV_HEADER = (
    "person_id", "household_id", "stratum", "psu", "weight", "region_code", "urban", "sex", "age", "in_school",
    "worked_last_week", "temporarily_absent", "searched_last_3_months", "available_within_2_weeks",
    "searched_last_4_weeks",
)  # fmt: skip


def microdata_csv_write(path: Path, sample: SyntheticMonth, *, four_weeks: bool = True) -> Path:
    """A month as the survey office would deliver it, to try `lfs_import` and `lfs_estimate` on."""
    data = sample.microdata
    header = CSV_HEADER if four_weeks else CSV_HEADER[:-1]
    columns = [
        sample.person_id, sample.household_id, data.stratum, data.psu, np.round(data.weight, 4), data.region,
        data.urban.astype(int), data.sex, data.age, data.in_school.astype(int),
        *(np.asarray(data.answers[key]).astype(int) for key in ANSWER_KEYS),
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(row[: len(header)] for row in zip(*columns, strict=True))
    return path


def reset_survey() -> None:
    SurveyPeriod.objects.filter(source=DataSource.DEMO).delete()


@register("lfs", order=80, reset=reset_survey)
def generate_survey(context: DemoContext) -> int:
    """36 months of microdata and their estimates, each stored on the day its microdata came in (the 10th of the
    following month, `jiuye.demo.clock.due_on`); returns the number of microdata rows."""
    from jiuye.lfs.services import survey_period_store  # the estimators load only when the demo is generated

    rng = context.rng("lfs")
    frame = SurveyFrame.from_reference()
    rows = 0
    for month in demo_months():
        sample = synthetic_month(rng, month=month, persons=context.count(PERSONS_AT_SCALE_ONE), frame=frame)
        with demo_clock(moment(due_on(month))):
            survey_period_store(
                month=month, rows=survey_rows(sample), sha256="", source=DataSource.DEMO, microdata=sample.microdata
            )
        rows += len(sample.microdata)
    return rows
