"""Writes of the plan's indicators: loading 专栏1, recording actual values (each change a revision, audited) and
breaking targets down by city and year. Every write checks who may do it (`jiuye.plans.perms`)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.actors import Actor, is_system, signed_in_user
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import audit_record
from jiuye.imports.results import Outcome
from jiuye.plans import column1
from jiuye.plans.enums import ActualSource, IndicatorKind, RevisionAction
from jiuye.plans.models import Actual, ActualRevision, Indicator, Target
from jiuye.plans.perms import can_enter_actuals
from jiuye.reference.enums import RegionLevel
from jiuye.reference.models import Region

PLAN_YEARS = range(2020, 2026)
LEVELS = {RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY}


@transaction.atomic
def indicators_load() -> int:
    """The ten indicators of 专栏1 as `jiuye.plans.column1` reads them; running it again changes nothing."""
    for row in column1.rows():
        Indicator.objects.update_or_create(
            code=row.code,
            defaults={
                "name": row.name, "unit": row.unit, "order": row.order, "rule": row.rule,
                "kind": _kind(row.kind_text),
                "baseline_text": row.baseline_text, "baseline_value": row.baseline_value,
                "baseline_approximate": row.baseline_approximate, "target_text": row.target_text,
                "period_text": row.period_text, "target_value": row.target_value, "note": row.note,
                "computed_by": row.computed_by,
            },
        )  # fmt: skip
    return len(column1.rows())


def _kind(text: str) -> IndicatorKind:
    """属性 as published: 约束性 or 预期性."""
    return IndicatorKind.BINDING if text == IndicatorKind.BINDING.label else IndicatorKind.INDICATIVE


def _check_editor(actor: Actor, region: Region) -> None:
    if not is_system(actor) and not can_enter_actuals(actor, region.code):
        raise PermissionDenied(_("只有本地区的分析人员和管理员可以录入规划指标数据。"))


def _check_period(year: int, month: int, as_of: datetime.date) -> None:
    if year not in PLAN_YEARS:
        raise ValidationError({"year": _("年份应在%(first)d—%(last)d年之间。") % {"first": 2020, "last": 2025}})
    if not 0 <= month <= 12:
        raise ValidationError({"month": _("月份应为1—12，全年数填0或留空。")})
    if datetime.date(year, month or 1, 1) > timezone.localdate():
        raise ValidationError({"year": _("%(year)d年%(month)s尚未到来，不能录入实际值。") % {
            "year": year, "month": f"{month}月" if month else ""}})  # fmt: skip
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": _("数据日期不能晚于今天。")})


@dataclass(frozen=True)
class ActualLine:
    """A value to record: of `indicator` for `region` in `year` (or a month of it, `month` 0 for the year)."""

    indicator: Indicator
    region: Region
    year: int
    value: Decimal
    source: ActualSource | str
    as_of: datetime.date
    month: int = 0
    source_note: str = ""
    reason: str = ""

    @property
    def key(self) -> tuple[str, str, int, int]:
        return self.indicator.pk, self.region.pk, self.year, self.month


@transaction.atomic
def actual_record(
    *,
    actor: Actor,
    indicator: Indicator,
    region: Region,
    year: int,
    value: Decimal,
    source: ActualSource | str,
    as_of: datetime.date,
    month: int = 0,
    source_note: str = "",
    reason: str = "",
) -> tuple[Actual, Outcome]:
    """Record the value of `indicator` for `region` in `year` (or a month of it). A value already there is revised
    only when something differs, and a revision needs its reason; every version is kept (`ActualRevision`)."""
    line = ActualLine(indicator, region, year, value, source, as_of, month, source_note, reason)
    _check_line(actor, line)
    actual = Actual.objects.select_for_update().filter(indicator=indicator, region=region, year=year, month=month)
    return _line_record(actor, line, actual.first())


@transaction.atomic
def actuals_record(*, actor: Actor, lines: list[ActualLine]) -> list[Outcome | ValidationError]:
    """`actual_record` for many values at once (a file of them), in order: the values already recorded are read in
    one query, and each line gets its outcome or the `ValidationError` (keyed by field; a permission refused is on
    `region`) that refuses it, with nothing written for it. A line of a value an earlier line recorded revises it,
    as the lines recorded one by one would."""
    known = _actuals_known(lines)
    outcomes: list[Outcome | ValidationError] = []
    for line in lines:
        try:
            _check_line(actor, line)
            actual, outcome = _line_record(actor, line, known.get(line.key))
        except PermissionDenied as error:
            outcomes.append(ValidationError({"region": str(error)}))
        except ValidationError as error:
            outcomes.append(error)
        else:
            known[line.key] = actual
            outcomes.append(outcome)
    return outcomes


def _actuals_known(lines: list[ActualLine]) -> dict[tuple, Actual]:
    if not lines:
        return {}
    found = Actual.objects.select_for_update().filter(
        indicator__in={line.indicator.pk for line in lines},
        region__in={line.region.pk for line in lines},
        year__in={line.year for line in lines},
    )
    known: dict[tuple, Actual] = {}
    for actual in found.order_by("pk"):
        known.setdefault((actual.indicator_id, actual.region_id, actual.year, actual.month), actual)
    return known


def _check_line(actor: Actor, line: ActualLine) -> None:
    _check_editor(actor, line.region)
    if line.region.level not in LEVELS:
        raise ValidationError({"region": _("规划指标按省、市、县（市、区）统计。")})
    _check_period(line.year, line.month, line.as_of)


def _line_record(actor: Actor, line: ActualLine, actual: Actual | None) -> tuple[Actual, Outcome]:
    """Create, leave or revise `actual` (the value recorded, None when there is none) as `line` says."""
    fields = {"value": line.value, "source": line.source, "source_note": line.source_note.strip(), "as_of": line.as_of}
    if actual is None:
        actual = Actual.objects.create(
            indicator=line.indicator, region=line.region, year=line.year, month=line.month,
            entered_by=signed_in_user(actor), **fields,
        )  # fmt: skip
        _revise(actor, actual, RevisionAction.CREATE, line.reason)
        return actual, Outcome(created=True)
    if all(getattr(actual, name) == wanted for name, wanted in fields.items()):
        return actual, Outcome()
    if not line.reason.strip():
        raise ValidationError({"reason": _("修订已有数值须说明修订原因（原值%(value)s）。") % {"value": actual.value}})
    for name, wanted in fields.items():
        setattr(actual, name, wanted)
    actual.entered_by = signed_in_user(actor)
    actual.save()
    _revise(actor, actual, RevisionAction.UPDATE, line.reason)
    return actual, Outcome(updated=True)


def _revise(actor: Actor, actual: Actual, action: RevisionAction, reason: str) -> None:
    ActualRevision.objects.create(
        actual=actual, action=action, value=actual.value, source=actual.source, source_note=actual.source_note,
        as_of=actual.as_of, reason=reason.strip(), user=signed_in_user(actor),
    )  # fmt: skip
    summary = _("%(action)s%(actual)s") % {"action": RevisionAction(action).label, "actual": actual}
    audit_record(user=actor, action=AuditAction.UPDATE if action == RevisionAction.UPDATE else AuditAction.CREATE,
                 target=actual, region_code=actual.region_id, summary=summary)  # fmt: skip


@transaction.atomic
def target_set(
    *, actor: Actor, indicator: Indicator, region: Region, value: Decimal, year: int = 0, note: str = ""
) -> Target:
    """A city's share of a five-year target (`year` 0), or a year's own target (the national training target)."""
    _check_editor(actor, region)
    if year and year not in PLAN_YEARS:
        raise ValidationError({"year": _("年份应在2021—2025年之间，整个规划期填0。")})
    if value <= 0:
        raise ValidationError({"value": _("目标值应大于0。")})
    target, _created = Target.objects.update_or_create(
        indicator=indicator, region=region, year=year, defaults={"value": value, "note": note.strip()}
    )
    audit_record(user=actor, action=AuditAction.UPDATE, target=target, region_code=region.code,
                 summary=_("设定分解目标：%(target)s") % {"target": target})  # fmt: skip
    return target
