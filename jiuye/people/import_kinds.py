"""The real-name registers (实名制台账) as counties keep them in Excel, one import kind per key group.

Every register has the person's columns (姓名, 公民身份号码, 现居住地区划代码 required; 性别, 联系电话, 户籍地, 学历,
就业状态, 登记日期, 备注 optional) and some have their own: graduates 毕业院校, 所学专业, 毕业时间; hard-to-employ
people 困难类别; disabled people 残疾类别等级; registered unemployed 失业登记日期, 注销日期, 注销原因; veterans
退役时间, which the register has no field for and is kept in the entry's note as `退役时间：2019-09-01`.

A row is one person (found or created by resident ID number, so a person in several files or registers stays one
person) and their entry in the register, written through `jiuye.people.services` as the importing user. Zero-
employment households (零就业家庭) are a matter of households, not of a register of people, and have no kind here.
"""

import datetime
import re
from functools import partial

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.accounts.perms import can_view_region
from jiuye.imports.columnar import vectorized
from jiuye.imports.columns import (
    Accepts,
    Column,
    accepting,
    choice,
    date,
    phone,
    region_code,
    region_code_or_name,
    text,
)
from jiuye.imports.kinds import ImportContext, ImportKind, all_kinds, register_kind
from jiuye.imports.readers import Cell, cell_text
from jiuye.imports.results import Outcome
from jiuye.people.enums import EmploymentStatus, HardToEmployCategory, Sex, UnemploymentExitReason
from jiuye.people.models import Person, RegisterEntry
from jiuye.people.perms import can_edit_people
from jiuye.people.ric import RicError, normalise_ric, ric_sex
from jiuye.people.ric_columnar import ric_check
from jiuye.people.services import (
    RegisterDetails,
    person_set_employment_status,
    person_upsert,
    register_entry_exit,
    register_entry_upsert,
)
from jiuye.reference.enums import DataSource, EducationLevel, KeyGroup
from jiuye.reference.models import Region

RIC_RULE = gettext_lazy(
    "18位：前17位为数字，第18位为校验码（0至9或X，小写x亦可），校验码须与前17位相符，第7至14位的出生日期须真实；"
    "1999年以前的15位旧号码自动升为18位；请保持单元格为文本格式（模板已设好），否则Excel会把号码改成科学计数法、"
    '丢失后几位；号码前的\'或="…"会被去掉'
)


@vectorized(ric_check)
@accepting(Accepts(rule=RIC_RULE))
def ric(value: Cell) -> str:
    """The 18-character resident ID number (`jiuye.people.ric.normalise_ric` says why it is not one). The marks
    other systems put on long numbers to keep them text are dropped: `'140105…` and `="140105…"`."""
    written = cell_text(value)
    wrapped = re.fullmatch(r'="(.*)"', written)
    try:
        return normalise_ric(wrapped.group(1) if wrapped else written.removeprefix("'"))
    except RicError as error:
        raise ValidationError(str(error)) from error


EDUCATION_ALIASES = {
    "小学": EducationLevel.PRIMARY_OR_BELOW, "文盲": EducationLevel.PRIMARY_OR_BELOW,
    "初中": EducationLevel.JUNIOR_SECONDARY,
    "高中": EducationLevel.SENIOR_SECONDARY,
    "中专": EducationLevel.VOCATIONAL_SECONDARY, "职高": EducationLevel.VOCATIONAL_SECONDARY,
    "技校": EducationLevel.VOCATIONAL_SECONDARY, "中职": EducationLevel.VOCATIONAL_SECONDARY,
    "中技": EducationLevel.VOCATIONAL_SECONDARY,
    "大专": EducationLevel.JUNIOR_COLLEGE, "专科": EducationLevel.JUNIOR_COLLEGE,
    "高职": EducationLevel.JUNIOR_COLLEGE,
    "本科": EducationLevel.BACHELOR, "大本": EducationLevel.BACHELOR,
    "研究生": EducationLevel.MASTER, "硕士": EducationLevel.MASTER,
    "博士": EducationLevel.DOCTORATE,
}  # fmt: skip
EMPLOYMENT_ALIASES = {"已就业": EmploymentStatus.EMPLOYED, "未就业": EmploymentStatus.UNEMPLOYED}
SEX_ALIASES = {"男性": Sex.MALE, "女性": Sex.FEMALE}
HARD_TO_EMPLOY_ALIASES = {
    "大龄": HardToEmployCategory.OLDER_WORKER, "4050人员": HardToEmployCategory.OLDER_WORKER,
    "低保": HardToEmployCategory.LOW_INCOME, "低保人员": HardToEmployCategory.LOW_INCOME,
    "长期失业人员": HardToEmployCategory.LONG_TERM_UNEMPLOYED,
    "连续失业一年以上": HardToEmployCategory.LONG_TERM_UNEMPLOYED,
    "失地农民": HardToEmployCategory.LAND_LOST, "零就业家庭": HardToEmployCategory.ZERO_EMPLOYMENT_HOUSEHOLD,
}  # fmt: skip

PERSON_COLUMNS = (
    Column("姓名", "name", text(64), required=True, note=gettext_lazy("本人姓名，与身份证一致")),
    Column(
        "公民身份号码", "ric", ric, required=True,
        aliases=("身份证号码", "身份证号", "居民身份证号码", "公民身份证号码", "身份证件号码", "证件号码"),
        note=gettext_lazy("本人的居民身份证号码；同一人在几个文件或台账中按号码合为一人"),
    ),
    Column(
        "性别", "sex", choice(Sex, SEX_ALIASES),
        note=gettext_lazy("可不填（按身份证号码第17位判断）；填写时须与号码相符"),
    ),
    Column(
        "联系电话", "phone", phone, aliases=("手机号码", "手机号", "联系方式", "电话号码", "电话"),
        note=gettext_lazy("本人的联系电话"),
    ),
    Column(
        "户籍地", "household_region", region_code_or_name, aliases=("户籍地区划代码", "户籍所在地", "户口所在地"),
        note=gettext_lazy("户口所在地；只能填山西省的区划，省外的不填"),
    ),
    Column(
        "现居住地区划代码", "residence_region", region_code, required=True,
        aliases=("现居住地代码", "居住地区划代码", "常住地区划代码"),
        note=gettext_lazy("现居住地的区划代码，至少精确到县（市、区），且须在您的管辖范围内"),
    ),
    Column(
        "学历", "education_level", choice(EducationLevel, EDUCATION_ALIASES), aliases=("文化程度",),
        note=gettext_lazy("最高学历"),
    ),
    Column(
        "就业状态", "employment_status", choice(EmploymentStatus, EMPLOYMENT_ALIASES),
        note=gettext_lazy("目前的就业状态，自登记日期起（空则自导入当天起）；早于现有状态的不改动"),
    ),
    Column("备注", "note", text(200), note=gettext_lazy("台账记录的备注")),
)  # fmt: skip
ENTERED_ON = Column(
    "登记日期", "entered_on", date, aliases=("入库日期", "认定日期"),
    note=gettext_lazy("列入台账的日期，不能晚于今天；空则为导入当天（已在台账中的人员保持原日期）"),
)  # fmt: skip
GROUP_COLUMNS = {
    KeyGroup.UNPLACED_GRADUATE: (
        Column(
            "毕业院校", "school", text(128), required=True, aliases=("毕业学校", "院校名称"),
            note=gettext_lazy("毕业院校的全称"),
        ),
        Column("所学专业", "major", text(128), required=True, aliases=("专业",), note=gettext_lazy("所学专业名称")),
        Column(
            "毕业时间", "graduation_date", date, required=True, aliases=("毕业日期",),
            note=gettext_lazy("毕业证书上的毕业日期，只知道年月的填到月"),
        ),
    ),
    KeyGroup.HARD_TO_EMPLOY: (
        Column(
            "困难类别", "hard_to_employ_category", choice(HardToEmployCategory, HARD_TO_EMPLOY_ALIASES),
            required=True, aliases=("就业困难类别", "困难人员类别"),
            note=gettext_lazy("认定为就业困难人员的类别（按山西省的认定办法）"),
        ),
    ),
    KeyGroup.DISABLED_PERSON: (
        Column(
            "残疾类别等级", "disability", text(64), aliases=("残疾类别与等级", "残疾类别及等级", "残疾类别和等级"),
            note=gettext_lazy("残疾人证上的残疾类别和等级，如“肢体三级”"),
        ),
    ),
    KeyGroup.VETERAN: (
        Column(
            "退役时间", "discharged_on", date, aliases=("退役日期",),
            note=gettext_lazy("退出现役的日期；记入台账备注（“退役时间：2019-09-01”）"),
        ),
    ),
    KeyGroup.UNEMPLOYMENT_REGISTRATION: (
        Column(
            "失业登记日期", "entered_on", date, required=True, aliases=("登记日期",),
            note=gettext_lazy("办理失业登记的日期，不能晚于今天"),
        ),
        Column(
            "注销日期", "exited_on", date, aliases=("注销登记日期",),
            note=gettext_lazy("注销失业登记的日期，须同时填注销原因；不能早于失业登记日期，不能晚于今天"),
        ),
        Column(
            "注销原因", "exit_reason", choice(UnemploymentExitReason), aliases=("注销登记原因",),
            note=gettext_lazy("注销失业登记的原因，须同时填注销日期"),
        ),
    ),
}  # fmt: skip
REGISTER_DETAILS = ("school", "major", "graduation_date", "hard_to_employ_category", "disability")


def register_columns(group: KeyGroup) -> tuple[Column, ...]:
    own = GROUP_COLUMNS.get(group, ())
    entered_on = () if any(column.key == "entered_on" for column in own) else (ENTERED_ON,)
    return (*PERSON_COLUMNS, *entered_on, *own)


def register_row_save(context: ImportContext, row: dict, *, group: KeyGroup) -> Outcome:
    """One row of a register: the person, their entry in the register, their employment status."""
    _row_check(context, row)
    person, person_outcome = person_upsert(
        actor=context.user,
        ric=row["ric"],
        name=row["name"],
        residence_region=_residence(context, row["residence_region"]),
        phone=row["phone"] or "",
        education_level=row["education_level"] or "",
        household_region=_household(context, row["household_region"]),
        source=DataSource.IMPORT,
    )
    entered_on = row["entered_on"] or _open_entry_date(person, group, person_outcome) or context.today
    entry_outcome = _entry_save(context, person, group, entered_on, row)
    status_changed = _status_set(context, person, row["employment_status"], row["entered_on"] or context.today)
    created = person_outcome.created or entry_outcome.created
    return Outcome(
        created=created, updated=not created and (person_outcome.updated or entry_outcome.updated or status_changed)
    )


def _row_check(context: ImportContext, row: dict) -> None:
    errors = {}
    if row["sex"] and row["sex"] != ric_sex(row["ric"]):
        errors["sex"] = _("性别与公民身份号码不符：号码表明是%(sex)s性") % {"sex": Sex(ric_sex(row["ric"])).label}
    for key, label in (("entered_on", _("登记日期")), ("exited_on", _("注销日期"))):
        if row.get(key) and row[key] > context.today:
            errors[key] = _("%(label)s不能晚于今天") % {"label": label}
    if row.get("exited_on") and not row.get("exit_reason"):
        errors["exit_reason"] = _("填写了注销日期，须同时填写注销原因")
    if row.get("exit_reason") and not row.get("exited_on"):
        errors["exited_on"] = _("填写了注销原因，须同时填写注销日期")
    if row.get("exited_on") and row["entered_on"] and row["exited_on"] < row["entered_on"]:
        errors.setdefault("exited_on", _("注销日期不能早于失业登记日期"))
    if errors:
        raise ValidationError(errors)


def _residence(context: ImportContext, code: str) -> Region:
    """At least a county, and inside the importing user's region: a county office does not write another's people."""
    if len(code) < len("140105"):
        raise ValidationError({"residence_region": _("现居住地应至少精确到县（市、区）")})
    if not can_view_region(context.user, code):
        raise ValidationError({"residence_region": _("现居住地“%(code)s”不在您的管辖范围内") % {"code": code}})
    try:
        return context.regions.by_code(code)
    except ValidationError as error:
        raise ValidationError({"residence_region": error.messages}) from error


def _household(context: ImportContext, code_or_name: str | None) -> Region | None:
    if not code_or_name:
        return None
    try:
        return context.regions.find(code_or_name)
    except ValidationError as error:
        raise ValidationError({"household_region": error.messages}) from error


def _open_entry_date(person: Person, group: KeyGroup, outcome: Outcome) -> datetime.date | None:
    """A row without 登记日期 keeps the date of the person's open entry, so that importing the same file on another
    day changes nothing; only a new entry takes the import day."""
    if outcome.created:
        return None
    entries = RegisterEntry.objects.filter(person=person, group=group, exited_on__isnull=True)
    return entries.values_list("entered_on", flat=True).first()


def _entry_save(context: ImportContext, person: Person, group: KeyGroup, entered_on, row: dict) -> Outcome:
    details = {key: row[key] for key in REGISTER_DETAILS if row.get(key) is not None}
    discharged_on = row.get("discharged_on")
    discharged = _("退役时间：%(date)s") % {"date": discharged_on.isoformat()} if discharged_on else ""
    note = "；".join(part for part in (discharged, row["note"]) if part)
    if len(note) > RegisterEntry._meta.get_field("note").max_length:
        raise ValidationError({"note": _("退役时间与备注合计超过200个字")})
    if note:
        details["note"] = note
    if row.get("exited_on"):
        return _registration_closed(context, person, group, entered_on, details, row)
    _entry, outcome = register_entry_upsert(
        actor=context.user, person=person, group=group, entered_on=entered_on,
        details=RegisterDetails(**details), organisation=context.user.org_unit, source=DataSource.IMPORT,
    )  # fmt: skip
    return outcome


def _registration_closed(context, person, group, entered_on, details, row) -> Outcome:
    """A registration with its 注销日期: written once; the same row again finds the closed entry and changes
    nothing."""
    closed = RegisterEntry.objects.filter(
        person=person, group=group, entered_on=entered_on, exited_on__isnull=False
    ).first()
    if closed is not None and (closed.exited_on, closed.exit_reason) == (row["exited_on"], row["exit_reason"]):
        return Outcome()
    if closed is None:
        closed, outcome = register_entry_upsert(
            actor=context.user, person=person, group=group, entered_on=entered_on,
            details=RegisterDetails(**details), organisation=context.user.org_unit, source=DataSource.IMPORT,
        )  # fmt: skip
    else:
        outcome = Outcome(updated=True)
    register_entry_exit(actor=context.user, entry=closed, exited_on=row["exited_on"], reason=row["exit_reason"])
    return Outcome(created=outcome.created, updated=not outcome.created)


def _status_set(context: ImportContext, person: Person, status: str | None, effective_on: datetime.date) -> bool:
    """An older row does not undo a newer status change: a status dated before the person's current one is kept
    out."""
    if not status or (person.employment_status_since and effective_on < person.employment_status_since):
        return False
    return person_set_employment_status(
        actor=context.user, person=person, status=status, effective_on=effective_on, note=_("批量导入")
    )


REGISTER_GUIDE = (
    gettext_lazy(
        "每行一人：按公民身份号码查找或新建人员，并列入本台账；已在台账中的人员更新其信息，没有变化的不改动。"
    ),
    gettext_lazy("只能导入现居住地在您管辖范围内的人员。"),
)

for _group in KeyGroup:
    if _group != KeyGroup.ZERO_EMPLOYMENT_HOUSEHOLD:
        register_kind(
            ImportKind(
                code=_group.value,
                label=format_lazy("{group}台账", group=_group.label),
                columns=register_columns(_group),
                save_row=partial(register_row_save, group=_group),
                can_run=can_edit_people,
                duplicate_key="ric",
                guide=REGISTER_GUIDE,
            )
        )


def register_kinds() -> list[ImportKind]:
    return [kind for kind in all_kinds() if kind.code in KeyGroup.values]
