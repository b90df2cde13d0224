"""What the demo parts share: the demo's "now", people read in columns, county offices, chunked deletes."""

import datetime
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from jiuye.accounts.demo import ORG_UNIT_SUFFIX, place_name
from jiuye.accounts.models import OrgUnit
from jiuye.demo.registry import REFERENCE_DATE
from jiuye.people.enums import (
    EmploymentStatus,
    Sex,
)
from jiuye.people.models import (
    Person,
)
from jiuye.people.rules import working_age
from jiuye.reference.enums import REGION_CODE_LENGTH, DataSource, EducationLevel, RegionLevel
from jiuye.reference.models import Region

NOW = datetime.date(*REFERENCE_DATE)
CHUNK = 5_000
YEAR = 365
EMPLOYED, UNEMPLOYED = EmploymentStatus.EMPLOYED, EmploymentStatus.UNEMPLOYED
OUTSIDE = EmploymentStatus.OUTSIDE_LABOUR_FORCE
DEMO = DataSource.DEMO

HOUSED_SHARE = 0.90
HOUSEHOLD_SIZES = {1: 0.22, 2: 0.33, 3: 0.25, 4: 0.13, 5: 0.07}
MARRIED_SHARE = 0.85
NOT_ABLE_SHARE = 0.05
ZERO_EMPLOYMENT_SHARE = 0.015
CLEARED_SHARE = 0.65
ADDRESS_PLACES = ["解放路", "建设路", "人民路", "新华街", "文化路", "和平街", "东关村", "西关村", "南街村", "北街村"]
URBAN_PLACES = 6  # the first places are roads, the others villages

LOW_EDUCATION = [
    EducationLevel.PRIMARY_OR_BELOW, EducationLevel.JUNIOR_SECONDARY, EducationLevel.SENIOR_SECONDARY,
    EducationLevel.VOCATIONAL_SECONDARY,
]  # fmt: skip
REGISTRATION_NOTE = "办理失业登记"
PLACEMENT_NOTE = "经公益性岗位安置实现就业"
DISABILITY_KINDS = {"肢体": 0.5, "视力": 0.15, "听力": 0.15, "言语": 0.02, "智力": 0.08, "精神": 0.08, "多重": 0.02}
# Schools by degree, with rough weights by number of graduates; majors of each.
SCHOOLS = {
    EducationLevel.JUNIOR_COLLEGE: {
        "山西职业技术学院": 3, "山西工程职业学院": 2, "山西机电职业技术学院": 2, "山西省财政税务专科学校": 2,
        "太原城市职业技术学院": 2, "山西药科职业学院": 1, "晋中职业技术学院": 1, "长治职业技术学院": 1,
        "吕梁职业技术学院": 1,
    },
    EducationLevel.BACHELOR: {
        "山西大学": 3, "太原理工大学": 3, "中北大学": 3, "山西财经大学": 2, "山西医科大学": 2, "山西师范大学": 2,
        "太原科技大学": 2, "山西农业大学": 2, "山西大同大学": 2, "太原师范学院": 1, "山西中医药大学": 1,
        "长治学院": 1, "运城学院": 1, "忻州师范学院": 1, "吕梁学院": 1, "晋中学院": 1, "太原工业学院": 1,
    },
    EducationLevel.MASTER: {
        "山西大学": 3, "太原理工大学": 3, "中北大学": 2, "山西财经大学": 2, "山西医科大学": 2, "山西师范大学": 1,
        "太原科技大学": 1, "山西农业大学": 1,
    },
}  # fmt: skip
MAJORS = {
    EducationLevel.JUNIOR_COLLEGE: [
        "会计", "护理", "机电一体化技术", "煤矿开采技术", "计算机应用技术", "电子商务", "学前教育", "建筑工程技术",
        "物流管理",
    ],
    EducationLevel.BACHELOR: [
        "计算机科学与技术", "会计学", "采矿工程", "机械设计制造及其自动化", "电气工程及其自动化", "汉语言文学",
        "英语", "临床医学", "护理学", "土木工程", "化学工程与工艺", "市场营销", "法学", "数学与应用数学",
    ],
}  # fmt: skip
MAJORS[EducationLevel.MASTER] = MAJORS[EducationLevel.BACHELOR]


def _on(ago: int) -> datetime.date:
    return NOW - datetime.timedelta(days=int(ago))


def _ago(day: datetime.date) -> int:
    return (NOW - day).days


def _maybe_on(ago: int) -> datetime.date | None:
    return _on(ago) if ago >= 0 else None


def _age(born: datetime.date) -> int:
    return NOW.year - born.year - ((NOW.month, NOW.day) < (born.month, born.day))


# ------------------------------------------------------------------------------------------------ people columns

PERSON_FIELDS = (
    "pk", "name", "sex", "birth_date", "education_level", "residence_region_id", "household_region_id",
    "employment_status", "employment_status_since", "able_to_work", "household_id",
)  # fmt: skip


@dataclass
class People:
    """Columns of a batch of demo people as numpy arrays, so that register entries are drawn with vector operations;
    dates are in days before NOW (-1 for none). `county` is the county of residence, also of a person living in a
    community of the demo district (`jiuye.demo.neighbourhoods`)."""

    pk: np.ndarray
    name: list[str]
    sex: np.ndarray
    age: np.ndarray
    education: np.ndarray
    county: np.ndarray
    origin: np.ndarray
    status: np.ndarray
    since: np.ndarray
    able: np.ndarray
    household: np.ndarray

    @classmethod
    def of(cls, rows: list[tuple]) -> "People":
        pk, name, sex, born, education, county, origin, status, since, able, household = zip(*rows, strict=True)
        return cls(
            pk=np.array(pk), name=list(name), sex=np.array(sex, dtype=object),
            age=np.array([_age(day) for day in born]), education=np.array(education, dtype=object),
            county=np.array([_county(code) for code in county], dtype=object), origin=np.array(origin, dtype=object),
            status=np.array(status, dtype=object), since=np.array([_ago(d) if d else -1 for d in since]),
            able=np.array(able), household=np.array([h or 0 for h in household]),
        )  # fmt: skip

    @cached_property
    def working(self) -> np.ndarray:
        """Of working age by the rules (16 to 60 for men, 55 for women)."""
        bounds = {sex: working_age(sex) for sex in Sex.values}
        low = np.array([bounds[sex][0] for sex in self.sex])
        high = np.array([bounds[sex][1] for sex in self.sex])
        return (low <= self.age) & (self.age < high)


def _people_chunks():
    """Demo people in chunks of ids, never all in memory: a million at scale 100."""
    last = 0
    while rows := list(
        Person.objects.filter(source=DEMO, pk__gt=last).order_by("pk").values_list(*PERSON_FIELDS)[:CHUNK]
    ):
        yield People.of(rows)
        last = rows[-1][0]


def _county(code: str) -> str:
    """The county of a region code: 140105 of 140105001001."""
    return code[: REGION_CODE_LENGTH[RegionLevel.COUNTY]]


def _county_offices() -> dict[str, int]:
    """The county employment office of each county with demo residents, as the accounts demo names it."""
    places = Person.objects.filter(source=DEMO).values_list("residence_region_id", flat=True).distinct()
    codes = {_county(code) for code in places}
    offices = {}
    for county in Region.objects.filter(code__in=codes).select_related("parent").order_by("code"):
        office, _created = OrgUnit.objects.get_or_create(
            region=county,
            name=f"{place_name(county)}{ORG_UNIT_SUFFIX[RegionLevel.COUNTY]}",
            defaults={"service_level": RegionLevel.COUNTY},
        )
        offices[county.code] = office.pk
    return offices


def _delete_by_ids(model, ids: list[int]) -> None:
    """Delete in chunks, so that Django's deletion collector never holds a million rows."""
    for start in range(0, len(ids), CHUNK):
        model.objects.filter(pk__in=ids[start : start + CHUNK]).delete()
