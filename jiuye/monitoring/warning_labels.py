"""What a warning is about, in words: the enterprise's, region's or industry section's name instead of its code, the
rule's Chinese label instead of `ewma`, the level's grade instead of `yellow`.

A warning stores codes (the USCC, the region code, the GB/T 4754 section letter) so that it is found again by the
next evaluation; an officer reads names. `warnings_named` looks the names up for a whole page of warnings in three
queries, whatever their number. The pages, the monthly analysis and its Word report all name warnings this way.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.employers.models import Employer
from jiuye.monitoring.enums import WarningScope
from jiuye.monitoring.models import Warning
from jiuye.monitoring.warnings import (
    ECONOMIC_LAYOFF,
    EWMA,
    HIDDEN_UNEMPLOYMENT_RISE,
    LARGE_REDUCTION,
    MISSING_WHILE_SHRINKING,
    REGION_LEVEL,
    load_warning_levels,
)
from jiuye.reference.models import Industry, Region


def rule_labels() -> dict[str, str]:
    return {
        ECONOMIC_LAYOFF: _("经济性裁员"),
        LARGE_REDUCTION: _("大规模减员"),
        HIDDEN_UNEMPLOYMENT_RISE: _("隐性失业上升"),
        MISSING_WHILE_SHRINKING: _("未报送且岗位减少"),
        REGION_LEVEL: _("岗位流失预警等级"),
        EWMA: _("岗位流失率异常上升"),
    }


def level_labels() -> dict[str, str]:
    """yellow → III级（黄色）…, as the province's thresholds file names them."""
    return {str(entry.level): entry.label for entry in load_warning_levels().levels}


@dataclass(frozen=True)
class NamedWarning:
    """A warning with the names a page shows: `subject_name` (企业、地区或行业门类的名称) and `region_name`, the region
    the warning is routed to (an industry warning's region is the one it was evaluated for)."""

    warning: Warning
    subject_name: str
    region_name: str
    rule_label: str
    level_label: str

    @property
    def title(self) -> str:
        """ "企业预警 · 太原某煤业有限公司", "行业预警 · 采矿业（太原市）"."""
        subject = self.subject_name
        if self.warning.scope == WarningScope.INDUSTRY and self.region_name:
            subject = f"{subject}（{self.region_name}）"
        return _("%(scope)s预警 · %(subject)s") % {"scope": self.warning.get_scope_display(), "subject": subject}


def warnings_named(*, user: User, warnings: list[Warning]) -> list[NamedWarning]:
    """Each warning with its names, in the order given. An enterprise the user may not see keeps its code."""
    names, regions = _names(user, warnings)
    rules, levels = rule_labels(), level_labels()
    return [
        NamedWarning(
            warning=warning,
            subject_name=names.get((warning.scope, warning.subject), warning.subject),
            region_name=regions.get(warning.region_code, warning.region_code),
            rule_label=rules.get(warning.rule, warning.rule),
            # The label stored with a region level's figures, else the thresholds file's; none for enterprise rules
            # and the EWMA signal, which are not graded.
            level_label=str(warning.figures.get("label") or levels.get(warning.level, warning.level)),
        )
        for warning in warnings
    ]


def warning_named(*, user: User, warning: Warning) -> NamedWarning:
    return warnings_named(user=user, warnings=[warning])[0]


def _names(user: User, warnings: list[Warning]) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """The names of what the warnings are about, keyed by (scope, subject): enterprises by USCC within the user's
    scope, regions, industry sections; and the names of the regions they are routed to. Three queries at most."""
    codes: dict[str, set[str]] = {scope: set() for scope in WarningScope.values}
    for warning in warnings:
        codes[warning.scope].add(warning.subject)
    wanted = codes[WarningScope.REGION] | {warning.region_code for warning in warnings}
    regions = dict(Region.objects.filter(code__in=wanted).values_list("code", "name")) if wanted else {}
    names = {(str(WarningScope.REGION), code): regions[code] for code in codes[WarningScope.REGION] if code in regions}
    sources = (
        (WarningScope.ENTERPRISE, Employer.objects.visible_to(user), "uscc"),
        (WarningScope.INDUSTRY, Industry.objects.all(), "code"),
    )
    for scope, rows, key in sources:
        if codes[scope]:
            pairs = rows.filter(**{f"{key}__in": codes[scope]}).values_list(key, "name")
            names.update({(str(scope), code): name for code, name in pairs})
    return names, regions
