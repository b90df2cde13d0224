"""Forms of the supply-and-demand pages. They parse what was typed; the rules are the services' (a form error on a
field comes back from a service's ValidationError keyed by the same name)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.employers.enums import ContractKind, Ownership, SizeClass
from jiuye.reference.enums import EducationLevel, IndustryLevel, RegionLevel
from jiuye.reference.models import Industry, Occupation, Region
from jiuye.reference.selectors import occupations_named
from jiuye.seekers.enums import ReferralOutcome, RefusalReason
from jiuye.www.widgets import ISO_DATE


class OccupationField(forms.CharField):
    """An occupation by its code; the page's picker fills the code from `/api/reference/occupations?q=`."""

    widget = forms.TextInput(attrs={"list": "occupation-choices", "autocomplete": "off", "class": "occupation"})

    def clean(self, value):
        code = super().clean(value).split(" ")[0].strip()
        occupation = Occupation.objects.filter(code=code).first() if code else None
        if code and occupation is None:
            raise ValidationError(_("职业代码“%(code)s”不在2022年版职业分类大典中") % {"code": code})
        return occupation


class RegionField(forms.CharField):
    def clean(self, value):
        code = super().clean(value).strip()
        region = Region.objects.filter(code=code).first() if code else None
        if code and region is None:
            raise ValidationError(_("区划代码“%(code)s”不存在") % {"code": code})
        return region


class VacancyForm(forms.Form):
    occupation = OccupationField(
        label=gettext_lazy("职业（2022年版大典）"), help_text=gettext_lazy("输入名称或常用岗位名称查找")
    )
    title = forms.CharField(label=gettext_lazy("岗位名称"), max_length=64)
    skills = forms.CharField(label=gettext_lazy("技能要求"), max_length=500, required=False)
    duties = forms.CharField(label=gettext_lazy("岗位职责"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    region = RegionField(label=gettext_lazy("工作地区划代码"), max_length=12)
    address = forms.CharField(label=gettext_lazy("工作地址"), max_length=200, required=False)
    headcount = forms.IntegerField(label=gettext_lazy("招聘人数"), min_value=1, initial=1)
    wage_min = forms.IntegerField(label=gettext_lazy("月工资下限（元）"), min_value=0)
    wage_max = forms.IntegerField(label=gettext_lazy("月工资上限（元）"), min_value=0)
    education = forms.ChoiceField(
        label=gettext_lazy("学历要求"), choices=[("", gettext_lazy("不限")), *EducationLevel.choices], required=False
    )
    experience_years = forms.IntegerField(label=gettext_lazy("工作经验要求（年）"), min_value=0, initial=0)
    hours_per_week = forms.IntegerField(label=gettext_lazy("每周工时"), min_value=1, max_value=84, required=False)
    contract_kind = forms.ChoiceField(label=gettext_lazy("用工形式"), choices=ContractKind.choices)
    valid_from = forms.DateField(label=gettext_lazy("有效期起"), widget=ISO_DATE)
    valid_until = forms.DateField(label=gettext_lazy("有效期止"), widget=ISO_DATE)
    job_fair = forms.CharField(label=gettext_lazy("招聘会名称"), max_length=100, required=False)


class OccupationsField(forms.Field):
    """The occupations picked in the seeker form's picker: one hidden input per pick, holding its code (or, as the
    picker of the other forms fills a text box, `6-18-02-04 焊工，4-02-02-06 …`: the code before each space)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return [text for text in values if text and text.strip()]

    def clean(self, value) -> list[Occupation]:
        return _codes("，".join(self.to_python(value)), Occupation, _("职业代码"))


NAME_SEPARATORS = re.compile(r"[,，;；、\s]+")


class SeekerForm(forms.Form):
    """A job-seeker registration. Occupations are picked by name or common job title (`occupation_picker`), or typed
    by name without JavaScript ("电焊工、叉车司机"); places of work are ticked by name, the person's county first."""

    desired_occupations = OccupationsField(required=False)
    occupation_names = forms.CharField(
        label=gettext_lazy("求职意向职业"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("输入职业名称或常用岗位名称查找并选择，如“电焊工”“月嫂”；可选多个"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    desired_titles = forms.CharField(label=gettext_lazy("意向岗位名称"), max_length=200, required=False)
    skills = forms.CharField(label=gettext_lazy("技能特长"), max_length=500, required=False)
    experience_years = forms.IntegerField(label=gettext_lazy("工作年限"), min_value=0, initial=0)
    accepted_regions = forms.MultipleChoiceField(
        label=gettext_lazy("意向工作地"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "region-checks"}),
        help_text=gettext_lazy("可选多个；不选则按可接受的通勤距离"),
    )
    commute_km = forms.IntegerField(label=gettext_lazy("可接受通勤距离（公里）"), min_value=1, required=False)
    expected_wage = forms.IntegerField(label=gettext_lazy("期望月工资（元）"), min_value=1, required=False)
    available_on = forms.DateField(label=gettext_lazy("可到岗日期"), widget=ISO_DATE, required=False)
    registered_on = forms.DateField(label=gettext_lazy("登记日期"), widget=ISO_DATE)

    def __init__(self, *args, home: Region | None = None, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        if home is not None:
            kwargs.setdefault("initial", {}).setdefault("accepted_regions", [home.code[:6]])
        super().__init__(*args, **kwargs)
        self.fields["accepted_regions"].choices = _counties_by_city(first=home.code[:4] if home else "")

    def clean_accepted_regions(self) -> list[Region]:
        codes = self.cleaned_data["accepted_regions"]
        return list(Region.objects.filter(code__in=codes).order_by("code"))

    def clean(self) -> dict:
        data = super().clean()
        names = [name for name in NAME_SEPARATORS.split(data.get("occupation_names") or "") if name]
        named, missing = occupations_named(names) if names else ([], [])
        if missing:
            self.add_error(
                "occupation_names",
                _("没有名为“%(names)s”的职业或常用岗位名称，请从查找结果中选择。") % {"names": "”、“".join(missing)},
            )
        picked = data.get("desired_occupations") or []
        data["desired_occupations"] = picked + [occupation for occupation in named if occupation not in picked]
        return data

    def picked(self) -> list[Occupation]:
        """The occupations picked so far, to show again when the form comes back with an error."""
        if not self.is_bound:
            return []
        codes = [text.split(" ")[0] for text in self.data.getlist("desired_occupations")]
        return list(Occupation.objects.filter(code__in=codes).order_by("code"))

    def registration_values(self) -> dict:
        """The keyword arguments of `seeker_register` but the actor and the person."""
        return {name: value for name, value in self.cleaned_data.items() if name != "occupation_names"}


def _counties_by_city(*, first: str) -> list:
    """Every county under its city, the city `first` (the person's) on top."""
    groups: dict[str, tuple[str, list]] = {}
    for region in Region.objects.filter(level__in=[RegionLevel.CITY, RegionLevel.COUNTY]).order_by("code"):
        if region.level == RegionLevel.CITY:
            groups[region.code] = (region.name, [])
        elif region.code[:4] in groups:
            groups[region.code[:4]][1].append((region.code, region.name))
    ordered = sorted(groups.items(), key=lambda item: item[0] != first)
    return [(name, counties) for _code, (name, counties) in ordered]


def _codes(text: str, model, name: str) -> list:
    """Codes typed (`6-18-02-04，4-02-02-06` or with 、) or picked (`6-18-02-04 电焊工，4-02-02-06 叉车司机`: the
    code before the space; names may hold a 、)."""
    codes = []
    for item in re.split(r"[,，;；\n]+", text):
        token = item.strip().split(" ")[0]
        codes += [code.strip() for code in token.split("、") if code.strip() and code.strip() not in codes]
    found = {row.code: row for row in model.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise ValidationError(_("%(name)s不存在：%(codes)s") % {"name": name, "codes": "、".join(missing)})
    return [found[code] for code in codes]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤销原因"), max_length=100, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("用人单位反馈"),
        choices=[(value, label) for value, label in ReferralOutcome.choices if value != ReferralOutcome.PENDING],
    )
    on = forms.DateField(label=gettext_lazy("反馈日期"), widget=ISO_DATE)
    refusal_reason = forms.ChoiceField(
        label=gettext_lazy("未录用原因"), choices=[("", "—"), *RefusalReason.choices], required=False
    )
    note = forms.CharField(label=gettext_lazy("说明"), max_length=200, required=False)


class EmployerForm(forms.Form):
    """An employer's registration; editing leaves out the code, which is the employer's identity."""

    uscc = forms.CharField(
        label=gettext_lazy("统一社会信用代码"), max_length=20, help_text=gettext_lazy("18位，末位为校验码")
    )
    name = forms.CharField(label=gettext_lazy("单位名称"), max_length=128)
    industry = forms.ModelChoiceField(
        label=gettext_lazy("行业（国民经济行业分类大类）"),
        queryset=Industry.objects.filter(level=IndustryLevel.DIVISION).order_by("code"),
        empty_label=gettext_lazy("请选择"),
    )
    region = RegionField(
        label=gettext_lazy("所在区划代码"),
        max_length=12,
        help_text=gettext_lazy("县（市、区）或更细的区划代码"),
        widget=forms.TextInput(attrs={"list": "region-choices", "inputmode": "numeric", "autocomplete": "off"}),
    )
    ownership = forms.ChoiceField(label=gettext_lazy("经济类型"), choices=Ownership.choices)
    size_class = forms.ChoiceField(label=gettext_lazy("企业规模"), choices=SizeClass.choices)
    headcount = forms.IntegerField(label=gettext_lazy("从业人数"), min_value=0, initial=0)
    address = forms.CharField(label=gettext_lazy("地址"), max_length=200, required=False)
    longitude = forms.DecimalField(
        label=gettext_lazy("经度"), max_digits=9, decimal_places=6, required=False, help_text=gettext_lazy("可不填")
    )
    latitude = forms.DecimalField(label=gettext_lazy("纬度"), max_digits=8, decimal_places=6, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["uscc"]


class ContactForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=50)
    title = forms.CharField(label=gettext_lazy("职务"), max_length=50, required=False)
    phone = forms.CharField(label=gettext_lazy("联系电话"), max_length=20, required=False)
    email = forms.EmailField(label=gettext_lazy("电子邮箱"), required=False)
    is_primary = forms.BooleanField(label=gettext_lazy("主要联系人"), required=False)
