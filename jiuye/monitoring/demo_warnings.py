"""Demo warnings (预警) of the panel's last two months, stored and followed up as the officers would have by the
demo's today, so that the warning pages have warnings and their history.

Each month is evaluated and stored as `manage.py monitoring_warnings --commit` stores it (`warnings_store`, over the
whole province) early on the morning after its reports were due (`jiuye.demo.clock.due_on`: 11 October for
September, 11 November for October). Then the officer nearest the warning's region (the demo county account, else
the city's, or the province's for an industry) follows it up through the services, on the days it happens:
- September's: 85% acknowledged (签收) within three days, 60% of those with a follow-up note a few days later, 60%
  closed (with the outcome) one to three weeks after;
- October's, stored nine days before today: 55% acknowledged, 35% of those noted, 15% closed; a step that would
  fall after today has not happened yet.
The texts are what an officer writes for the rule (an economic layoff: the call to the enterprise, the severance and
the laid-off workers' unemployment registration; a region's level: the survey of the region's enterprises).

Reset deletes the warnings of those two months (of demo enterprises, and every region and industry warning: they
are computed from the demo panel), their notes and their audit events.
"""

import datetime
from dataclasses import dataclass

import numpy as np

from jiuye.accounts.actors import SystemActor
from jiuye.accounts.demo import DEMO_EMAIL_DOMAIN
from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.audit.models import AuditEvent
from jiuye.demo.clock import TODAY, demo_clock, due_on, moment
from jiuye.demo.registry import DemoContext, register
from jiuye.employers.models import Employer
from jiuye.monitoring.demo import demo_periods
from jiuye.monitoring.enums import WarningScope
from jiuye.monitoring.models import Warning
from jiuye.monitoring.warning_followup import warning_acknowledge, warning_close, warning_note, warnings_store
from jiuye.reference.enums import DataSource, RegionLevel

MONTHS = 2
EVALUATED_AT = datetime.time(6, 0)  # the nightly run, the morning after the reports were due
# Shares acknowledged, noted (of those acknowledged), closed (of those acknowledged): the older month, the latest.
FOLLOW_UP = {False: (0.85, 0.6, 0.6), True: (0.55, 0.35, 0.15)}
OFFICER_LEVELS = [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY]


@dataclass(frozen=True)
class Texts:
    acknowledge: str
    notes: tuple[str, ...]
    close: str


TEXTS = {
    "economic_layoff": Texts(
        "已签收，当日电话联系企业人力资源部核实裁员情况。",
        ("企业称受煤炭价格下行影响压减产能，裁员方案已提前三十日向工会说明并报告人社部门，已听取职工意见。",
         "已上门指导企业依法支付经济补偿，被裁减人员名单已报送公共就业服务机构，将逐人提供岗位推荐。"),
        "被裁减人员已全部办理失业登记并纳入就业帮扶，企业生产经营趋稳，关闭预警。",
    ),
    "large_reduction": Texts(
        "已签收，电话联系企业核实减员原因。",
        ("经核实，减员主要为劳动合同期满不续签和自然减员，企业生产经营正常。",
         "企业称部分岗位季节性停工，预计下月陆续复工，已提醒企业按时报送监测数据。"),
        "经核实属正常人员流动，无规模性裁员风险，关闭预警。",
    ),
    "region_level": Texts(
        "已签收，组织辖区监测企业开展用工情况排查。",
        ("已对辖区岗位减少较多的企业逐户走访，建立排查台账，重点关注裁员苗头。",
         "减员主要集中在建筑、批发零售等行业，已会同相关部门研究稳岗措施。"),
        "辖区监测企业岗位总体稳定，风险已解除，关闭预警。",
    ),
    "ewma": Texts(
        "已签收，分析岗位流失率异常上升的原因。",
        ("流失率上升主要来自建筑业季节性停工和个别企业集中减员，已列入重点监测。",),
        "后续月份流失率回落至控制限以内，关闭预警。",
    ),
}  # fmt: skip
GENERAL = Texts(
    "已签收，安排专人跟进。", ("已联系企业了解情况，正在跟踪后续变化。",), "经跟踪核实，风险已解除，关闭预警。"
)


def reset_warnings() -> None:
    periods = demo_periods()[-MONTHS:]
    usccs = Employer.objects.filter(source=DataSource.DEMO).values_list("uscc", flat=True)
    warnings = Warning.objects.filter(period__in=periods)
    warnings = warnings.exclude(scope=WarningScope.ENTERPRISE) | warnings.filter(subject__in=usccs)
    ids = [str(pk) for pk in warnings.values_list("pk", flat=True)]
    AuditEvent.objects.filter(object_type=Warning._meta.label, object_id__in=ids).delete()
    warnings.delete()


# The month's evaluation is the platform's job, as the nightly command runs it.
EVALUATION = SystemActor(job="演示数据：预警评估")


@register("warnings", order=95, reset=reset_warnings)
def generate_warnings(context: DemoContext) -> int:
    rng = context.rng("warnings")
    officers = _officers()
    periods = demo_periods()[-MONTHS:]
    rows = 0
    for period in periods:
        evaluated = moment(due_on(period) + datetime.timedelta(days=1), EVALUATED_AT)
        with demo_clock(evaluated):
            _result, stored = warnings_store(actor=EVALUATION, period=period, region_code="14")
        shares = FOLLOW_UP[period == periods[-1]]
        for warning in stored:
            rows += 1 + _follow_up(rng, warning, _nearest(officers, warning.region_code), evaluated.date(), shares)
    return rows


def _officers() -> dict[str, User]:
    """The demo officers who follow warnings up, by the code of their region: the province's, the cities', the
    counties' (caseworkers all)."""
    users = User.objects.filter(
        email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
        org_unit__service_level__in=OFFICER_LEVELS,
        role_assignments__role=Role.CASEWORKER,
    ).select_related("org_unit")
    return {user.org_unit.region_id: user for user in users.order_by("username")}


def _nearest(officers: dict[str, User], region_code: str) -> User:
    """The officer of the warning's county if the demo has one, else of its city, else the province's."""
    return next(officers[region_code[:length]] for length in (6, 4, 2) if region_code[:length] in officers)


def _follow_up(rng: np.random.Generator, warning: Warning, officer: User, raised: datetime.date, shares: tuple) -> int:
    """Acknowledge, note and close the warning as drawn, each on its day at an office hour; returns the steps."""
    acknowledged, noted, closed = rng.random(3) < shares
    texts = TEXTS.get(warning.rule, GENERAL)
    note = texts.notes[int(rng.integers(len(texts.notes)))]
    days = np.cumsum([rng.integers(0, 3), rng.integers(1, 8), rng.integers(7, 22)])
    hours, minutes = rng.integers(9, 17, size=3), rng.integers(0, 60, size=3)
    if not acknowledged:
        return 0
    steps = [(0, warning_acknowledge, texts.acknowledge)]
    steps += [(1, warning_note, note)] if noted else []
    steps += [(2, warning_close, texts.close)] if closed else []
    done = 0
    for step, service, text in steps:
        day = raised + datetime.timedelta(days=int(days[step]))
        if day > TODAY:
            break
        with demo_clock(moment(day, datetime.time(int(hours[step]), int(minutes[step])))):
            service(actor=officer, warning=warning, text=text)
        done += 1
    return done
