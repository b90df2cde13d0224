"""Warnings kept as records and followed up: stored from an evaluation, then acknowledged, noted and closed by the
officers of their region. Every step is a `WarningNote` and an audit event."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import audit_record
from jiuye.employers.models import Employer
from jiuye.monitoring.enums import WarningAction, WarningScope, WarningStatus
from jiuye.monitoring.models import Warning, WarningNote
from jiuye.monitoring.perms import can_manage_monitoring
from jiuye.monitoring.warning_service import WarningsResult, warnings_evaluate


@transaction.atomic
def warnings_store(
    *, period: str, region_code: str = "14", actor: User | None = None
) -> tuple[WarningsResult, list[Warning]]:
    """Evaluate the period's warnings and keep the new ones; returns the evaluation and the warnings created.
    Idempotent: a warning already stored for the same period, subject, region and rule is left as it was raised
    (with its follow-up), not duplicated."""
    result = warnings_evaluate(period=period, region_code=region_code)
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
    created = []
    now = timezone.now()
    for scope, region, subject, item in candidates:
        warning, is_new = Warning.objects.get_or_create(
            period=period, scope=scope, region_code=region, subject=subject, rule=item["rule"],
            defaults={
                "level": item.get("level") or "", "explanation": item["explanation"], "figures": item["figures"],
                "created_at": now,
            },
        )  # fmt: skip
        if is_new:
            _audit(actor, AuditAction.CREATE, warning, _("预警：%(text)s") % {"text": warning.explanation})
            created.append(warning)
    return result, created


def warning_acknowledge(*, actor: User, warning: Warning, text: str = "") -> Warning:
    """签收: the officer has seen the warning and takes it on."""
    if warning.status != WarningStatus.OPEN:
        raise ValidationError(_("只有待处理的预警可以签收"))
    return _act(actor, warning, WarningAction.ACKNOWLEDGE, text, WarningStatus.ACKNOWLEDGED)


def warning_note(*, actor: User, warning: Warning, text: str) -> Warning:
    """A follow-up: whom the officer called, what the enterprise said."""
    if not text.strip():
        raise ValidationError({"text": _("跟进记录不能为空")})
    return _act(actor, warning, WarningAction.NOTE, text, warning.status)


def warning_close(*, actor: User, warning: Warning, text: str) -> Warning:
    """Close the warning, saying how it ended (处置结果)."""
    if not text.strip():
        raise ValidationError({"text": _("关闭预警须说明处置结果")})
    return _act(actor, warning, WarningAction.CLOSE, text, WarningStatus.CLOSED)


@transaction.atomic
def _act(actor: User, warning: Warning, action: WarningAction, text: str, status: WarningStatus) -> Warning:
    if not can_manage_monitoring(actor) or not warning.is_visible_to(actor):
        raise PermissionDenied(_("该预警不在您的管辖范围内。"))
    if warning.status == WarningStatus.CLOSED:
        raise ValidationError(_("该预警已关闭"))
    WarningNote.objects.create(warning=warning, user=actor, at=timezone.now(), action=action, text=text.strip())
    if status != warning.status:
        warning.status = status
        warning.save(update_fields=["status"])
    summary = _("%(action)s预警：%(subject)s %(period)s %(text)s") % {
        "action": action.label, "subject": warning.subject, "period": warning.period, "text": text.strip(),
    }  # fmt: skip
    _audit(actor, AuditAction.UPDATE, warning, summary)
    return warning


def _audit(actor: User | None, action: AuditAction, warning: Warning, summary: str) -> None:
    audit_record(user=actor, action=action, target=warning, region_code=warning.region_code, summary=summary)
