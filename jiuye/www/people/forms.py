"""Forms of the caseworker's desk (the person card's actions). They parse what was typed, in Chinese; the rules are
the services' (`jiuye.people.services`), whose ValidationError lands on the field of the same name (`form_errors`).
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.people.enums import (
    EmploymentStatus,
    HardToEmployCategory,
    HouseholdRelationship,
    ServiceKind,
    SubsidyKind,
    UnemploymentExitReason,
)
from jiuye.people.models import Person
from jiuye.people.ric import RicError, normalise_ric
from jiuye.people.services import PLACING_SERVICE_KINDS, RegisterDetails
from jiuye.reference.enums import EducationLevel, KeyGroup
from jiuye.www.people.region_fields import RegionSelectField, county_choices, scoped_region_choices
from jiuye.www.widgets import ISO_DATE, IsoDateInput


class DeskForm(forms.Form):
    """Labels without a colon: Chinese forms write "姓名" above the box, not "姓名:"."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class NotAfterTodayMixin:
    """Dates that cannot be later than today carry `max` = today, so the browser's calendar stops there too."""

    not_after_today: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        for name in self.not_after_today:
            self.fields[name].widget.attrs["max"] = today.isoformat()
            self.fields[name].initial = self.fields[name].initial or today


def _blank_choice(choices) -> list:
    return [("", "—"), *choices]


PHONE = re.compile(r"^[0-9+\- ]*$")


class PersonForm(DeskForm):
    """A person of the register: the number (only when creating), name, where they live, phone, education and
    where their household registration (户籍) is."""

    ric = forms.CharField(
        label=gettext_lazy("公民身份号码"),
        max_length=24,
        help_text=gettext_lazy("18位，末位可为X；15位旧号码自动转为18位"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=64)
    residence_region = RegionSelectField(label=gettext_lazy("现居住地"))
    phone = forms.CharField(
        label=gettext_lazy("联系电话"), max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    education_level = forms.ChoiceField(
        label=gettext_lazy("学历"), choices=_blank_choice(EducationLevel.choices), required=False
    )
    household_region = RegionSelectField(label=gettext_lazy("户籍地"), required=False)
    # The version of the person the edit form showed, for the service to refuse a save over someone else's since.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, user, person: Person | None = None, **kwargs) -> None:
        if person is not None:
            kwargs.setdefault("initial", {}).update(
                name=person.name, phone=person.phone, education_level=person.education_level,
                residence_region=person.residence_region_id, household_region=person.household_region_id or "",
                version=person.version,
            )  # fmt: skip
        super().__init__(*args, **kwargs)
        if person is not None:
            del self.fields["ric"]  # the number is the person's identity; a wrong one is a new person
        else:
            del self.fields["version"]
        self.fields["residence_region"].choices = _blank_choice(
            scoped_region_choices(user, including=person.residence_region if person else None)
        )
        self.fields["household_region"].choices = county_choices(including=person.household_region if person else None)
        own = getattr(user, "region", None)
        if person is None and own is not None and own.code in dict(self.fields["residence_region"].choices):
            self.fields["residence_region"].initial = own.code  # a county office's own county, preselected

    def clean_ric(self) -> str:
        try:
            return normalise_ric(self.cleaned_data["ric"])
        except RicError as error:
            raise ValidationError(str(error)) from error

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_phone(self) -> str:
        phone = unicodedata.normalize("NFKC", self.cleaned_data["phone"]).strip()
        if not PHONE.match(phone):
            raise ValidationError(_("联系电话只能填写数字、“-”或“+”。"))
        return phone

    def person_values(self) -> dict:
        """The keyword arguments of `person_upsert` but the number."""
        data = self.cleaned_data
        return {
            "name": data["name"], "residence_region": data["residence_region"], "phone": data["phone"],
            "education_level": data["education_level"], "household_region": data["household_region"],
        }  # fmt: skip


class StatusForm(NotAfterTodayMixin, DeskForm):
    status = forms.ChoiceField(label=gettext_lazy("就业状态"), choices=EmploymentStatus.choices)
    effective_on = forms.DateField(label=gettext_lazy("生效日期"), widget=ISO_DATE)
    note = forms.CharField(label=gettext_lazy("说明"), max_length=200, required=False)

    not_after_today = ("effective_on",)


MAX_YUAN = Decimal("100000000")  # a hundred million yuan: beyond any one subsidy, and far inside the column
YUAN = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def yuan_to_fen(text: str) -> int | None:
    """An amount typed in yuan ("1,234.50", "1234.5", "１２３４", "¥80") in fen (123450); None when empty. The reason
    in Chinese when it is no amount, not above zero or finer than a fen."""
    text = unicodedata.normalize("NFKC", text).strip().removeprefix("¥").removesuffix("元").replace(" ", "")
    if not text:
        return None
    if not YUAN.match(text):
        raise ValidationError(_("金额“%(value)s”不是数字，请按元填写，如 1234.50。") % {"value": text})
    try:
        yuan = Decimal(text.replace(",", ""))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
        raise ValidationError(_("金额“%(value)s”不是数字。") % {"value": text}) from error
    if yuan <= 0:
        raise ValidationError(_("金额应大于0元。"))
    if yuan.as_tuple().exponent < -2:
        raise ValidationError(_("金额最多精确到分（两位小数）。"))
    if yuan >= MAX_YUAN:
        raise ValidationError(_("金额过大，请核对（按元填写，不是分）。"))
    return int(yuan * 100)


class YuanField(forms.CharField):
    """An amount typed in yuan, cleaned to integer fen (the services and the database keep fen)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value) -> int | None:
        return yuan_to_fen(super().clean(value))


class ServiceForm(NotAfterTodayMixin, DeskForm):
    """Any of the nine services. The amount's field has the service's name (`amount_fen`, its errors land there)
    but is typed in yuan."""

    kind = forms.ChoiceField(
        label=gettext_lazy("服务类型"), choices=ServiceKind.choices, widget=forms.Select(attrs={"data-switch": ""})
    )
    provided_on = forms.DateField(label=gettext_lazy("服务日期"), widget=ISO_DATE)
    subsidy_kind = forms.ChoiceField(
        label=gettext_lazy("补贴类型"),
        choices=_blank_choice(SubsidyKind.choices),
        required=False,
        widget=forms.Select(attrs={"data-show-for": ServiceKind.SUBSIDY}),
    )
    amount_fen = YuanField(
        label=gettext_lazy("补贴金额（元）"),
        required=False,
        help_text=gettext_lazy("按元填写，可带两位小数，如 1,234.50"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "data-show-for": "subsidy"}),
    )
    description = forms.CharField(label=gettext_lazy("服务内容"), max_length=200, required=False)
    resulted_in_employment = forms.BooleanField(
        label=gettext_lazy("通过本次服务实现就业"),
        required=False,
        help_text=gettext_lazy("勾选后，该人员自服务日期起登记为就业"),
        widget=forms.CheckboxInput(attrs={"data-show-for": " ".join(sorted(PLACING_SERVICE_KINDS))}),
    )

    not_after_today = ("provided_on",)


# The details each register records (RegisterDetails), by the groups whose entries carry them; a detail typed for
# another group (the form showed it before the group changed) is not kept.
DETAIL_GROUPS = {
    "school": {KeyGroup.UNPLACED_GRADUATE},
    "major": {KeyGroup.UNPLACED_GRADUATE},
    "graduation_date": {KeyGroup.UNPLACED_GRADUATE},
    "hard_to_employ_category": {KeyGroup.HARD_TO_EMPLOY},
    "disability": {KeyGroup.DISABLED_PERSON, KeyGroup.HARD_TO_EMPLOY},
}


def _for_groups(name: str) -> dict:
    return {"data-show-for": " ".join(sorted(DETAIL_GROUPS[name]))}


class RegisterEntryForm(NotAfterTodayMixin, DeskForm):
    group = forms.ChoiceField(
        label=gettext_lazy("重点群体"), choices=KeyGroup.choices, widget=forms.Select(attrs={"data-switch": ""})
    )
    entered_on = forms.DateField(label=gettext_lazy("登记日期"), widget=ISO_DATE)
    school = forms.CharField(
        label=gettext_lazy("毕业院校"), max_length=128, required=False, widget=forms.TextInput(_for_groups("school"))
    )
    major = forms.CharField(
        label=gettext_lazy("所学专业"), max_length=128, required=False, widget=forms.TextInput(_for_groups("major"))
    )
    graduation_date = forms.DateField(
        label=gettext_lazy("毕业时间"), required=False, widget=IsoDateInput(_for_groups("graduation_date"))
    )
    hard_to_employ_category = forms.ChoiceField(
        label=gettext_lazy("困难类别"),
        choices=_blank_choice(HardToEmployCategory.choices),
        required=False,
        widget=forms.Select(_for_groups("hard_to_employ_category")),
    )
    disability = forms.CharField(
        label=gettext_lazy("残疾类别与等级"),
        max_length=64,
        required=False,
        help_text=gettext_lazy("按残疾人证填写，如“肢体二级”"),
        widget=forms.TextInput(_for_groups("disability")),
    )
    note = forms.CharField(label=gettext_lazy("备注"), max_length=200, required=False)

    not_after_today = ("entered_on",)

    def details(self) -> RegisterDetails:
        data, group = self.cleaned_data, self.cleaned_data["group"]
        kept = {name: data[name] for name, groups in DETAIL_GROUPS.items() if group in groups and data[name]}
        return RegisterDetails(note=data["note"], **kept)


class RegisterExitForm(NotAfterTodayMixin, DeskForm):
    exited_on = forms.DateField(label=gettext_lazy("退出日期"), widget=ISO_DATE)
    reason = forms.ChoiceField(label=gettext_lazy("退出原因"), choices=UnemploymentExitReason.choices)

    not_after_today = ("exited_on",)


class HouseholdForm(DeskForm):
    """A new household for the person, who joins it at once."""

    head_name = forms.CharField(label=gettext_lazy("户主姓名"), max_length=64)
    address = forms.CharField(label=gettext_lazy("住址"), max_length=200, required=False)
    region = RegionSelectField(label=gettext_lazy("所在地"))
    relationship = forms.ChoiceField(
        label=gettext_lazy("该人员与户主关系"),
        choices=HouseholdRelationship.choices,
        initial=HouseholdRelationship.HEAD,
    )
    able_to_work = forms.BooleanField(label=gettext_lazy("该人员有劳动能力"), required=False)

    def __init__(self, *args, user, person: Person, **kwargs) -> None:
        kwargs.setdefault("initial", {}).update(
            head_name=person.name, region=person.residence_region_id, able_to_work=person.able_to_work
        )
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _blank_choice(scoped_region_choices(user, including=person.residence_region))


class MemberForm(DeskForm):
    """Another person of the region joins the household: found by name or number (never in a URL: the form
    posts), then picked from what was found."""

    who = forms.CharField(
        label=gettext_lazy("查找人员"),
        max_length=64,
        help_text=gettext_lazy("输入姓名或公民身份号码，在本辖区内查找"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
    )
    member = forms.TypedChoiceField(
        label=gettext_lazy("选择人员"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.HiddenInput,
        choices=[],
    )
    relationship = forms.ChoiceField(
        label=gettext_lazy("与户主关系"), choices=HouseholdRelationship.choices, initial=HouseholdRelationship.CHILD
    )
    able_to_work = forms.BooleanField(label=gettext_lazy("有劳动能力"), required=False, initial=True)

    def offer(self, people: list[Person], *, more: bool = False) -> None:
        """The people found, as the choices of `member`; when one is found, it is chosen already. `more`: the
        search found more than are offered."""
        self.fields["member"].choices = [(person.pk, _member_label(person)) for person in people]
        if people:
            self.fields["member"].widget = forms.RadioSelect(choices=self.fields["member"].choices)
        if more:
            self.fields["member"].help_text = _(
                "只列出前%(count)d人；没有要找的人时，请输入完整姓名或公民身份号码。"
            ) % {"count": len(people)}
        if len(people) == 1 and self.is_bound and not self.data.get("member"):
            self.data = self.data.copy()
            self.data["member"] = str(people[0].pk)


def _member_label(person: Person) -> str:
    label = f"{person.name}（{person.ric_masked}，{person.residence_region.name}）"
    if person.household_id:
        label += _("，现属%(household)s") % {"household": person.household}
    return label
