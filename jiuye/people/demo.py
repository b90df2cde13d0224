"""Demo residents, spread over counties in proportion to population; in the demo accounts' district (小店区), over
its streets and communities (`jiuye.demo.neighbourhoods`)."""

import datetime

import numpy as np
from stdnum.cn.ric import calc_check_digit

from jiuye.demo.neighbourhoods import communities, homes
from jiuye.demo.registry import REFERENCE_DATE, DemoContext, register
from jiuye.demo.synthetic import county_weights, mobile_numbers, person_names
from jiuye.people import crypto
from jiuye.people.enums import EmploymentStatus, Sex
from jiuye.people.masking import mask_ric
from jiuye.people.models import Person
from jiuye.reference.enums import DataSource, EducationLevel

PEOPLE_AT_SCALE_ONE = 10_000
BATCH = 5_000

# Shares of education levels among the working-age population, roughly as in the 2020 census for Shanxi.
EDUCATION_SHARES = {
    EducationLevel.PRIMARY_OR_BELOW: 0.12,
    EducationLevel.JUNIOR_SECONDARY: 0.38,
    EducationLevel.SENIOR_SECONDARY: 0.13,
    EducationLevel.VOCATIONAL_SECONDARY: 0.08,
    EducationLevel.JUNIOR_COLLEGE: 0.13,
    EducationLevel.BACHELOR: 0.14,
    EducationLevel.MASTER: 0.018,
    EducationLevel.DOCTORATE: 0.002,
}
STATUS_SHARES = {
    EmploymentStatus.EMPLOYED: 0.62,
    EmploymentStatus.UNEMPLOYED: 0.05,
    EmploymentStatus.OUTSIDE_LABOUR_FORCE: 0.33,
}
MIGRANT_SHARE = 0.15  # people living outside the county of their household registration (人户分离)


def reset_people() -> None:
    Person.objects.filter(source=DataSource.DEMO).delete()


@register("people", order=30, reset=reset_people)
def generate_people(context: DemoContext) -> int:
    rng = context.rng("people")
    total = context.count(PEOPLE_AT_SCALE_ONE)
    counties, county_p = county_weights()
    places = communities()
    used: set[str] = set()
    for start in range(0, total, BATCH):
        people = _batch(rng, min(BATCH, total - start), counties, county_p, used, places)
        Person.objects.bulk_create(people, batch_size=BATCH)
    return total


def _batch(
    rng: np.random.Generator, count: int, counties: list[str], county_p: np.ndarray, used: set[str], places: tuple
) -> list[Person]:
    residence = rng.choice(len(counties), size=count, p=county_p)
    home = homes(rng, [counties[i] for i in residence], places)
    moved = rng.random(count) < MIGRANT_SHARE
    household = np.where(moved, rng.choice(len(counties), size=count, p=county_p), residence)
    ages = rng.integers(16, 65, size=count)
    days = rng.integers(0, 365, size=count)
    sexes = rng.choice([Sex.MALE, Sex.FEMALE], size=count)
    education = rng.choice(list(EDUCATION_SHARES), size=count, p=normalised_shares(EDUCATION_SHARES))
    status = rng.choice(list(STATUS_SHARES), size=count, p=normalised_shares(STATUS_SHARES))
    reference = datetime.date(*REFERENCE_DATE)
    births = [reference - datetime.timedelta(days=int(ages[i]) * 365 + int(days[i])) for i in range(count)]
    serials = rng.integers(0, 500, size=count)
    rics = [_unique_ric(used, counties[household[i]], births[i], int(serials[i]), str(sexes[i])) for i in range(count)]
    names, phones = person_names(rng, sexes == Sex.MALE, births), mobile_numbers(rng, count)
    return [
        Person(
            name=names[i],
            ric_encrypted=crypto.encrypt(rics[i]),
            ric_hash=crypto.keyed_hash(rics[i]),
            ric_masked=mask_ric(rics[i]),
            sex=str(sexes[i]),
            birth_date=births[i],
            phone=phones[i],
            education_level=str(education[i]),
            residence_region_id=home[i],
            household_region_id=counties[household[i]],
            employment_status=str(status[i]),
            source=DataSource.DEMO,
        )
        for i in range(count)
    ]


def _unique_ric(used: set[str], area: str, born: datetime.date, serial: int, sex: str) -> str:
    """Two demo people may draw the same area, birth date and serial; the next free serial keeps numbers unique."""
    while (ric := demo_ric(area, born, serial, sex)) in used:
        serial = (serial + 1) % 500
    used.add(ric)
    return ric


def demo_ric(area: str, born: datetime.date, serial: int, sex: str) -> str:
    """A checksum-valid number: area of household registration, birth date, a sequence whose last digit carries the
    sex (odd for men), and the check character."""
    sequence = serial * 2 + (1 if sex == Sex.MALE else 0)
    body = f"{area}{born:%Y%m%d}{sequence % 1000:03d}"
    return body + calc_check_digit(body + "0")


def normalised_shares(shares: dict) -> np.ndarray:
    values = np.array(list(shares.values()), dtype=float)
    return values / values.sum()


from jiuye.people import demo_parts  # noqa: E402, F401  (the parts after "people": households, registers, services)
