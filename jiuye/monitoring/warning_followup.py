"""Warnings kept as records and followed up: stored from an evaluation, then acknowledged, noted and closed by the
officers of their region. Every step is a `WarningNote` and an audit event."""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.actors import Actor, is_system, signed_in_user
from jiuye.accounts.models import User
from jiuye.accounts.perms import can_view_region
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import AuditEntry, audit_record, audit_records_write
from jiuye.employers.models import Employer
from jiuye.monitoring.enums import WarningAction, WarningScope, WarningStatus
from jiuye.monitoring.models import Warning, WarningNote
from jiuye.monitoring.perms import can_manage_monitoring
from jiuye.monitoring.warning_service import WarningsResult, warnings_evaluate


@transaction.atomic
def warnings_store(*, actor: Actor, period: str, region_code: str = "14") -> tuple[WarningsResult, list[Warning]]:
    """Evaluate the period's warnings and keep them; returns the evaluation and the warnings created. The nightly
    job runs it as the platform (`SystemActor`); an officer may run it for their own region.

    Idempotent: a warning already stored for the same period, scope, region, subject and rule is not duplicated.
    When it comes back with other figures (a report was revised), `_warning_refresh` updates it and records the
    change as a `refresh` note; the same figures again change nothing."""
    if not is_system(actor) and not (can_manage_monitoring(actor) and can_view_region(actor, region_code)):
        raise PermissionDenied(_("只有本地区的经办人员和管理员可以生成预警。"))
    result = warnings_evaluate(period=period, region_code=region_code)
    candidates = _candidates(result, region_code)
    stored = {
        (warning.scope, warning.region_code, warning.subject, warning.rule): warning
        for warning in Warning.objects.filter(period=period).prefetch_related("notes")
    }
    created, events = [], []
    now = timezone.now()
    for scope, region, subject, item in candidates:
        fresh = {"level": item.get("level") or "", "explanation": item["explanation"]}
        fresh["figures"] = _json(item["figures"])
        warning = stored.get((scope, region, subject, item["rule"]))
        if warning is not None:
            events += _warning_refresh(warning, fresh, actor, now)
            continue
        warning = Warning.objects.create(
            period=period, scope=scope, region_code=region, subject=subject, rule=item["rule"], created_at=now, **fresh
        )
        events.append(
            _audit_entry(actor, AuditAction.CREATE, warning, _("预警：%(text)s") % {"text": warning.explanation})
        )
        created.append(warning)
    audit_records_write(events)
    return result, created


def _json(figures: dict) -> dict:
    """The figures as the database gives them back (lists for tuples, plain numbers), so that comparing a stored
    warning with a new evaluation of the same figures finds them equal."""
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


def _candidates(result: WarningsResult, region_code: str) -> list[tuple[str, str, str, dict]]:
    """(scope, region the warning is routed to, subject, item) of every item of an evaluation."""
    uscc_region = dict(
        Employer.objects.filter(uscc__in={item["uscc"] for item in result.enterprises}).values_list(
            "uscc", "region_id"
        )
    )
    candidates = [
        (WarningScope.ENTERPRISE, uscc_region[item["uscc"]], item["uscc"], item) for item in result.enterprises
    ]
    candidates += [(WarningScope.REGION, item["region"], item["region"], item) for item in result.regions]
    candidates += [(WarningScope.INDUSTRY, region_code, item["industry"], item) for item in result.industries]
    return candidates


def _warning_refresh(warning: Warning, fresh: dict, actor: Actor, now) -> list[AuditEntry]:
    """Bring a stored warning up to a new evaluation of the same rule, keeping what it replaced in a `refresh` note.

    An open or acknowledged warning takes the new level, figures and explanation, and keeps its status: the
    officer following it up sees the latest figures. A closed warning stays closed with the figures it was closed
    on (the officer's decision stands and is not reopened behind their back); the new evaluation is recorded as a
    `refresh` note with the new figures, shown in its history, once per distinct evaluation. Returns the audit
    event of the change, for the caller to write with the others."""
    current = {"level": warning.level, "explanation": warning.explanation, "figures": warning.figures}
    if warning.status == WarningStatus.CLOSED:
        refreshes = [note for note in warning.notes.all() if note.action == WarningAction.REFRESH]
        if fresh == (refreshes[-1].figures if refreshes else current):
            return []
        text = _("预警关闭后重新评估（未重新打开）：%(text)s") % {"text": fresh["explanation"]}
        return [_note_add(warning, actor, now, text, fresh)]
    if fresh == current:
        return []
    event = _note_add(warning, actor, now, _("重新评估，原预警：%(text)s") % {"text": warning.explanation}, current)
    warning.level, warning.explanation, warning.figures = fresh["level"], fresh["explanation"], fresh["figures"]
    warning.save(update_fields=["level", "explanation", "figures"])
    return [event]


def _note_add(warning: Warning, actor: Actor, now, text: str, figures: dict) -> AuditEntry:
    WarningNote.objects.create(
        warning=warning,
        user=signed_in_user(actor),
        at=now,
        action=WarningAction.REFRESH,
        text=text[:500],
        figures=figures,
    )
    return _audit_entry(actor, AuditAction.UPDATE, warning, _("更新预警：%(text)s") % {"text": text})


def warning_acknowledge(*, actor: User, warning: Warning, text: str = "") -> Warning:
    """签收: the officer has seen the warning and takes it on."""
    _check_can_follow_up(actor, warning)
    if warning.status != WarningStatus.OPEN:
        raise ValidationError(_("只有待处理的预警可以签收"))
    return _act(actor, warning, WarningAction.ACKNOWLEDGE, text, WarningStatus.ACKNOWLEDGED)


def warning_note(*, actor: User, warning: Warning, text: str) -> Warning:
    """A follow-up: whom the officer called, what the enterprise said."""
    _check_can_follow_up(actor, warning)
    if not text.strip():
        raise ValidationError({"text": _("跟进记录不能为空")})
    return _act(actor, warning, WarningAction.NOTE, text, warning.status)


def warning_close(*, actor: User, warning: Warning, text: str) -> Warning:
    """Close the warning, saying how it ended (处置结果)."""
    _check_can_follow_up(actor, warning)
    if not text.strip():
        raise ValidationError({"text": _("关闭预警须说明处置结果")})
    return _act(actor, warning, WarningAction.CLOSE, text, WarningStatus.CLOSED)


def _check_can_follow_up(actor: User, warning: Warning) -> None:
    """Officers of the warning's region (perms.py), checked before anything about the warning is said."""
    if not can_manage_monitoring(actor):
        raise PermissionDenied(_("只有经办人员和系统管理员可以处理预警。"))
    if not warning.is_visible_to(actor):
        raise PermissionDenied(_("该预警不在您的管辖范围内。"))


@transaction.atomic
def _act(actor: User, warning: Warning, action: WarningAction, text: str, status: WarningStatus) -> Warning:
    if warning.status == WarningStatus.CLOSED:
        raise ValidationError(_("该预警已关闭"))
    WarningNote.objects.create(warning=warning, user=actor, at=timezone.now(), action=action, text=text.strip())
    if status != warning.status:
        warning.status = status
        warning.save(update_fields=["status"])
    summary = _("%(action)s预警：%(subject)s %(period)s %(text)s") % {
        "action": action.label, "subject": warning.subject, "period": warning.period, "text": text.strip(),
    }  # fmt: skip
    audit_record(
        user=actor, action=AuditAction.UPDATE, target=warning, region_code=warning.region_code, summary=summary
    )
    return warning


def _audit_entry(actor: Actor, action: AuditAction, warning: Warning, summary: str) -> AuditEntry:
    return AuditEntry(user=actor, action=action, target=warning, region_code=warning.region_code, summary=summary)
