"""The forms of the plan's figures: what was typed, parsed in Chinese; the rules are the services'
(`jiuye.plans.services`), whose ValidationError lands on the field of the same name."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.models import User
from jiuye.accounts.scope import user_region_prefix
from jiuye.plans.enums import ActualSource
from jiuye.plans.models import Indicator
from jiuye.reference.models import Region
from jiuye.www.widgets import ISO_DATE

ENTRY_SOURCES = [(ActualSource.BULLETIN.value, ActualSource.BULLETIN.label),
                 (ActualSource.ENTERED.value, ActualSource.ENTERED.label)]  # fmt: skip


def plan_regions(user: User) -> list[Region]:
    """The province, cities and counties inside the user's region, the user's own first."""
    prefix = user_region_prefix(user) or ""
    regions = Region.objects.filter(code__startswith=prefix, level__in=("province", "city", "county"))
    return list(regions.order_by("code"))


class PlanForm(forms.Form):
    def __init__(self, *args, user: User, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.order_by("order")
        self.fields["region"].queryset = Region.objects.filter(code__in=[r.code for r in plan_regions(user)])


class ActualForm(PlanForm):
    indicator = forms.ModelChoiceField(label=_("指标"), queryset=Indicator.objects.none(), empty_label=None)
    region = forms.ModelChoiceField(label=_("区划"), queryset=Region.objects.none(), empty_label=None)
    year = forms.IntegerField(label=_("年份"), min_value=2020, max_value=2025)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12, required=False, help_text=_("全年数留空"))
    value = forms.DecimalField(label=_("数值"), max_digits=12, decimal_places=4, help_text=_("按指标单位填写"))
    source = forms.ChoiceField(label=_("来源"), choices=ENTRY_SOURCES)
    source_note = forms.CharField(label=_("来源说明"), max_length=200, required=False,
                                  help_text=_("如“2024年度山西省人力资源和社会保障事业发展统计公报”"))  # fmt: skip
    as_of = forms.DateField(label=_("数据日期"), widget=ISO_DATE)
    reason = forms.CharField(
        label=_("修订原因"), max_length=200, required=False, help_text=_("修改已录入的数值时必填")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["as_of"].widget.attrs["max"] = timezone.localdate().isoformat()


TARGET_YEARS = [(0, _("整个规划期（2021—2025年）")), *((year, year) for year in range(2021, 2026))]


class TargetForm(PlanForm):
    indicator = forms.ModelChoiceField(label=_("指标"), queryset=Indicator.objects.none(), empty_label=None)
    region = forms.ModelChoiceField(label=_("区划"), queryset=Region.objects.none(), empty_label=None)
    year = forms.TypedChoiceField(
        label=_("年份"),
        coerce=int,
        choices=[(0, _("整个规划期（2021—2025年）"))] + [(y, y) for y in range(2021, 2026)],
    )
    value = forms.DecimalField(label=_("目标值"), max_digits=12, decimal_places=4, min_value=0)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
