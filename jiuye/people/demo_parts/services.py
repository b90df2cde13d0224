"""A year of demo services (see the package docstring for the proportions)."""

from typing import NamedTuple

import numpy as np
from django.db.models import F

from jiuye.accounts.demo import DEMO_EMAIL_DOMAIN
from jiuye.accounts.models import User
from jiuye.demo.registry import DemoContext, register
from jiuye.people.demo_parts.common import (
    CHUNK,
    DEMO,
    EMPLOYED,
    YEAR,
    _ago,
    _county_offices,
    _delete_by_ids,
    _on,
)
from jiuye.people.enums import (
    HardToEmployCategory,
    ServiceKind,
    SubsidyKind,
)
from jiuye.people.models import (
    Person,
    RegisterEntry,
    Service,
    ZeroEmploymentEpisode,
)
from jiuye.reference.enums import KeyGroup, RegionLevel

CASEWORKER_SHARE = 0.7
OVERDUE_SHARE = 0.25
SERVED_SHARE, LAPSED_SHARE = 0.6, 0.28
REFERRALS_P = [0.08, 0.1, 0.17, 0.3, 0.2, 0.15]  # 0 to 5 job referrals to a graduate: 65% get the 3 of "1131"
MINIMUM_WAGES_YUAN = [1980, 1880, 1780]  # Shanxi's monthly minimum wage classes (2023), paid in public-welfare jobs
DESCRIPTIONS = {
    ServiceKind.POLICY_BRIEFING: ["就业创业政策宣讲", "稳就业政策解读", "高校毕业生就业政策宣讲"],
    ServiceKind.CAREER_GUIDANCE: ["一对一职业指导", "职业生涯规划指导", "求职技巧指导"],
    ServiceKind.JOB_REFERRAL: [
        f"推荐岗位：{job}" for job in ["煤矿安全员", "电工", "仓库管理员", "销售代表", "护工", "快递员", "焊工"]
    ],
    ServiceKind.SKILLS_TRAINING: [
        "吕梁山护工培训",
        "天镇保姆培训",
        "电工培训",
        "焊工培训",
        "中式面点师培训",
        "电子商务培训",
        "育婴员培训",
    ],
    ServiceKind.INTERNSHIP: ["就业见习（企业见习岗位）", "就业见习（事业单位见习岗位）"],
    ServiceKind.STARTUP_SERVICE: ["创业指导", "创业担保贷款申请指导"],
    ServiceKind.PUBLIC_WELFARE_JOB: ["公益性岗位安置"],
    ServiceKind.FOLLOW_UP: ["电话回访", "上门走访"],
}
OCCASIONAL = {
    KeyGroup.VETERAN: [
        (ServiceKind.CAREER_GUIDANCE, 0.3), (ServiceKind.SKILLS_TRAINING, 0.25), (ServiceKind.JOB_REFERRAL, 0.3),
    ],
    KeyGroup.MIGRANT_WORKER: [
        (ServiceKind.SKILLS_TRAINING, 0.12), (ServiceKind.JOB_REFERRAL, 0.15), (ServiceKind.POLICY_BRIEFING, 0.1),
        (ServiceKind.STARTUP_SERVICE, 0.02),
    ],
    KeyGroup.POVERTY_ALLEVIATED: [
        (ServiceKind.SKILLS_TRAINING, 0.2), (ServiceKind.JOB_REFERRAL, 0.3), (ServiceKind.POLICY_BRIEFING, 0.2),
    ],
    KeyGroup.DISABLED_PERSON: [
        (ServiceKind.CAREER_GUIDANCE, 0.3), (ServiceKind.JOB_REFERRAL, 0.25), (ServiceKind.SKILLS_TRAINING, 0.1),
    ],
    KeyGroup.URBAN_YOUTH: [
        (ServiceKind.CAREER_GUIDANCE, 0.5), (ServiceKind.JOB_REFERRAL, 0.5), (ServiceKind.INTERNSHIP, 0.15),
    ],
}  # fmt: skip
OCCASIONAL[KeyGroup.RURAL_TRANSFER_WORKER] = OCCASIONAL[KeyGroup.MIGRANT_WORKER]
HELP_KINDS = [ServiceKind.CAREER_GUIDANCE, ServiceKind.JOB_REFERRAL, ServiceKind.FOLLOW_UP]
LOCAL_LEVELS = [RegionLevel.COUNTY, RegionLevel.STREET, RegionLevel.COMMUNITY]  # of the caseworkers who serve people


class Entry(NamedTuple):
    """What the services of one register entry depend on; dates in days before NOW, -1 for none."""

    person: int
    home: str  # the region of residence: a county, or a community of the demo district
    group: str = ""
    entered: int = -1
    exited: int = -1
    category: str = ""
    status: str = ""
    since: int = -1


class ServiceWriter:
    """Services of a chunk of entries, given by the person's county office, written together."""

    def __init__(self, rng: np.random.Generator, offices: dict[str, int], caseworkers: dict[str, int]):
        self.rng, self.offices, self.caseworkers = rng, offices, caseworkers
        self.services: list[Service] = []

    def add(self, entry: Entry, kind: ServiceKind, ago: int, description: str = "") -> Service:
        options = DESCRIPTIONS.get(kind, [""])
        caseworker = self._caseworker(entry.home) if self.rng.random() < CASEWORKER_SHARE else None
        service = Service(
            person_id=entry.person, kind=kind, provided_on=_on(ago), provider_id=self.offices[entry.home[:6]],
            caseworker_id=caseworker, description=description or options[int(self.rng.integers(len(options)))],
            source=DEMO,
        )  # fmt: skip
        self.services.append(service)
        return service

    def _caseworker(self, place: str) -> int | None:
        """The demo caseworker nearest the person's home: of their community, street or county, where there is one
        (the street and community accounts serve their residents of 小店区, the county's account the others)."""
        for length in (12, 9, 6):
            if place[:length] in self.caseworkers:
                return self.caseworkers[place[:length]]
        return None

    def subsidy(self, entry: Entry, kind: SubsidyKind, ago: int, low_yuan: int, high_yuan: int = 0) -> None:
        """A subsidy of a random whole ten yuan between the bounds (or exactly `low_yuan`), in fen."""
        yuan = int(self.rng.integers(low_yuan // 10, high_yuan // 10 + 1)) * 10 if high_yuan else low_yuan
        service = self.add(entry, ServiceKind.SUBSIDY, ago, str(SubsidyKind(kind).label))
        service.subsidy_kind, service.amount_fen = kind, yuan * 100

    def between(self, end: int, start: int) -> int:
        return int(self.rng.integers(end, start + 1))

    def series(self, entry: Entry, kinds: list, last: int, start: int, gap: tuple[int, int] = (20, 60)) -> None:
        """Services from `last` days ago back to `start`, one every `gap` days, cycling through `kinds`."""
        ago, step = last, 0
        while ago <= start and step < 12:
            self.add(entry, kinds[step % len(kinds)], ago)
            ago, step = ago + int(self.rng.integers(*gap)), step + 1

    def flush(self) -> int:
        Service.objects.bulk_create(self.services, batch_size=CHUNK)
        count, self.services = len(self.services), []
        return count


def reset_services() -> None:
    ZeroEmploymentEpisode.objects.filter(cleared_by_service__source=DEMO).update(cleared_by_service=None)
    _delete_by_ids(Service, list(Service.objects.filter(source=DEMO).values_list("pk", flat=True)))


@register("services", order=60, reset=reset_services)
def generate_services(context: DemoContext) -> int:
    rng = context.rng("services")
    local_users = User.objects.filter(org_unit__service_level__in=LOCAL_LEVELS)
    demo_users = local_users.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    writer = ServiceWriter(rng, _county_offices(), dict(demo_users.values_list("org_unit__region_id", "pk")))
    rows = _clearing_services(writer)
    for entries in _entry_chunks():
        for entry in entries:
            end, start = max(entry.exited, 0), min(entry.entered, YEAR)  # the last 12 months, while in the register
            if end <= start:
                PLANS.get(entry.group, _occasional_services)(writer, entry, end, start)
        rows += writer.flush()
    return rows


def _entry_chunks():
    fields = (
        "pk", "person_id", "person__residence_region_id", "group", "entered_on", "exited_on",
        "hard_to_employ_category", "person__employment_status", "person__employment_status_since",
    )  # fmt: skip
    last = 0
    demo_entries = RegisterEntry.objects.filter(source=DEMO).order_by("pk")
    while rows := list(demo_entries.filter(pk__gt=last).values_list(*fields)[:CHUNK]):
        yield [
            Entry(person, county, group, _ago(entered), _ago(exited) if exited else -1, category, status,
                  _ago(since) if since else -1)
            for _pk, person, county, group, entered, exited, category, status, since in rows
        ]  # fmt: skip
        last = rows[-1][0]


def _clearing_services(writer: ServiceWriter) -> int:
    """The public-welfare job that cleared each cleared zero-employment household, named by its episode."""
    placed = (
        Person.objects.filter(
            source=DEMO, employment_status=EMPLOYED,
            household__zero_employment_episodes__cleared_on=F("employment_status_since"),
            household__zero_employment_episodes__cleared_by_service__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", "residence_region_id", "employment_status_since", "household__zero_employment_episodes")
    )  # fmt: skip
    clearing = []
    for person, county, since, episode in placed:
        entry = Entry(person, county)
        service = writer.add(entry, ServiceKind.PUBLIC_WELFARE_JOB, _ago(since), "公益性岗位安置（零就业家庭清零）")
        clearing.append((episode, service))
        _welfare_job_subsidies(writer, entry, _ago(since))
    rows = writer.flush()
    episodes = [ZeroEmploymentEpisode(pk=episode, cleared_by_service_id=service.pk) for episode, service in clearing]
    ZeroEmploymentEpisode.objects.bulk_update(episodes, ["cleared_by_service"], batch_size=CHUNK)
    return rows


def _welfare_job_subsidies(writer: ServiceWriter, entry: Entry, placed: int) -> None:
    """Quarterly, at the minimum wage, within the last 12 months."""
    monthly = int(writer.rng.choice(MINIMUM_WAGES_YUAN))
    for ago in range(placed - 90, -1, -90):
        if ago <= YEAR:
            writer.subsidy(entry, SubsidyKind.PUBLIC_WELFARE_JOB, ago, 3 * monthly)


def _graduate_services(writer: ServiceWriter, entry: Entry, end: int, start: int) -> None:
    """The "1131" items: a policy briefing soon after entry, guidance, referrals, a training or internship offer."""
    u = writer.rng.random(4)
    if u[0] < 0.9:
        writer.add(entry, ServiceKind.POLICY_BRIEFING, max(start - int(writer.rng.integers(0, 30)), end))
    if u[1] < 0.85:
        writer.add(entry, ServiceKind.CAREER_GUIDANCE, writer.between(end, start))
    for _referral in range(writer.rng.choice(len(REFERRALS_P), p=REFERRALS_P)):
        writer.add(entry, ServiceKind.JOB_REFERRAL, writer.between(end, start))
    if u[2] < 0.6:
        kind = ServiceKind.INTERNSHIP if u[3] < 0.4 else ServiceKind.SKILLS_TRAINING
        writer.add(entry, kind, writer.between(end, start))


def _unemployed_services(writer: ServiceWriter, entry: Entry, end: int, start: int) -> None:
    """Follow-up contacts every 25-55 days; the last one more than 60 days ago for a quarter of the open entries."""
    rng = writer.rng
    if entry.exited < 0:
        last = int(rng.integers(61, 200)) if rng.random() < OVERDUE_SHARE else int(rng.integers(0, 61))
        last = min(last, start)
    else:
        last = end
        if rng.random() < 0.5:
            writer.add(entry, ServiceKind.JOB_REFERRAL, end, "推荐岗位（已入职）")
    writer.series(entry, [ServiceKind.FOLLOW_UP], last, start, gap=(25, 56))
    for kind, share in [
        (ServiceKind.JOB_REFERRAL, 0.5), (ServiceKind.CAREER_GUIDANCE, 0.4), (ServiceKind.SKILLS_TRAINING, 0.15),
    ]:  # fmt: skip
        if rng.random() < share:
            writer.add(entry, kind, writer.between(last, start))


def _hard_to_employ_services(writer: ServiceWriter, entry: Entry, end: int, start: int) -> None:
    """Served in the last 30 days (60%), longer ago (28%) or not at all; once placed, the placement and subsidies."""
    rng = writer.rng
    if entry.exited >= 0:
        zero = entry.category == HardToEmployCategory.ZERO_EMPLOYMENT_HOUSEHOLD  # placed by `_clearing_services`
        welfare = not zero and rng.random() < 0.4
        if not zero:
            writer.add(entry, ServiceKind.PUBLIC_WELFARE_JOB if welfare else ServiceKind.JOB_REFERRAL, end)
        if welfare:
            _welfare_job_subsidies(writer, entry, end)
        if end >= 30 and rng.random() < 0.6:
            writer.subsidy(entry, SubsidyKind.SOCIAL_INSURANCE, end - writer.between(30, min(end, 120)), 1000, 3000)
        return
    draw = rng.random()
    if draw < SERVED_SHARE + LAPSED_SHARE:
        last = int(rng.integers(0, 30)) if draw < SERVED_SHARE else int(rng.integers(31, 181))
        writer.series(entry, HELP_KINDS, min(last, start), start)


def _zero_household_services(writer: ServiceWriter, entry: Entry, end: int, start: int) -> None:
    """Help every two to five weeks while the household is not cleared (动态清零)."""
    if entry.exited < 0:
        writer.series(entry, HELP_KINDS, min(int(writer.rng.integers(0, 30)), start), start, gap=(15, 36))


def _occasional_services(writer: ServiceWriter, entry: Entry, end: int, start: int) -> None:
    """Now and then guidance, a referral, a training (half the time with a training subsidy), a briefing; a few
    poverty-alleviated people placed in rural public-welfare jobs."""
    for kind, share in OCCASIONAL.get(entry.group, []):
        if writer.rng.random() < share:
            ago = writer.between(end, start)
            writer.add(entry, kind, ago)
            if kind == ServiceKind.SKILLS_TRAINING and ago >= 30 and writer.rng.random() < 0.5:
                writer.subsidy(entry, SubsidyKind.TRAINING, ago - 30, 500, 2000)
    poverty = entry.group == KeyGroup.POVERTY_ALLEVIATED and entry.status == EMPLOYED
    if poverty and end <= entry.since <= start and writer.rng.random() < 0.08:
        writer.add(entry, ServiceKind.PUBLIC_WELFARE_JOB, entry.since, "乡村公益性岗位安置")
        _welfare_job_subsidies(writer, entry, entry.since)


PLANS = {
    KeyGroup.UNPLACED_GRADUATE: _graduate_services,
    KeyGroup.UNEMPLOYMENT_REGISTRATION: _unemployed_services,
    KeyGroup.HARD_TO_EMPLOY: _hard_to_employ_services,
    KeyGroup.ZERO_EMPLOYMENT_HOUSEHOLD: _zero_household_services,
}
