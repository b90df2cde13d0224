"""The real-name registers (实名制台账) as counties keep them in Excel, one import kind per key group.

Every register has the person's columns (姓名, 公民身份号码, 现居住地区划代码 required; 性别, 联系电话, 户籍地, 学历,
就业状态, 登记日期, 备注 optional) and some have their own: graduates 毕业院校, 所学专业, 毕业时间; hard-to-employ
people 困难类别; disabled people 残疾类别等级; registered unemployed 失业登记日期, 注销日期, 注销原因; veterans
退役时间, which the register has no field for and is kept in the entry's note as `退役时间：2019-09-01`.

A row is one person (found or created by resident ID number, so a person in several files or registers stays one
person) and their entry in the register, written through `jiuye.people.services` as the importing user. Zero-
employment households (零就业家庭) are a matter of households, not of a register of people, and have no kind here.
"""

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
from jiuye.imports.regions import COUNTY_DIGITS
from jiuye.imports.results import Outcome
from jiuye.people.bulk import RegisterRow, register_rows_save
from jiuye.people.enums import EmploymentStatus, HardToEmployCategory, Sex, UnemploymentExitReason
from jiuye.people.masking import errors_file_masking
from jiuye.people.perms import can_edit_people
from jiuye.people.ric import RicError, normalise_ric, ric_sex
from jiuye.people.ric_columnar import ric_check
from jiuye.people.services import RegisterDetails
from jiuye.reference.enums import DataSource, EducationLevel, KeyGroup
from jiuye.reference.models import Region
from jiuye.reference.services import normalise_region_code, region_level_for_code

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


def register_chunk_save(
    context: ImportContext, rows: list[dict], *, group: KeyGroup
) -> list[Outcome | ValidationError]:
    """A chunk of a register's rows: each row's own checks here, then the people, their entries in the register and
    their employment statuses decided and written at once by `jiuye.people.bulk.register_rows_save`, as the
    importing user."""
    return _chunk_save(context, rows, group)


def _chunk_save(context: ImportContext, rows: list[dict], group: KeyGroup) -> list[Outcome | ValidationError]:
    results: list[Outcome | ValidationError | None] = [None] * len(rows)
    checked, positions = [], []
    for position, row in enumerate(rows):
        try:
            checked.append(_register_row(context, row))
        except ValidationError as error:
            results[position] = error
        else:
            positions.append(position)
    outcomes = register_rows_save(
        actor=context.user, group=group, rows=checked, organisation=context.user.org_unit, source=DataSource.IMPORT,
        on=context.today, status_note=_("批量导入"), region_ensure=lambda region: context.regions.by_code(region.code),
    )  # fmt: skip
    for position, outcome in zip(positions, outcomes, strict=True):
        results[position] = _note_reason(outcome)
    return results


def _register_row(context: ImportContext, row: dict) -> RegisterRow:
    """What the file's row says, checked as far as a row alone can be: the service checks the rest."""
    _row_check(context, row)
    residence = _residence(context, row["residence_region"])
    household = _household(context, row["household_region"])
    details = {key: row[key] for key in REGISTER_DETAILS if row.get(key) is not None}
    discharged_on = row.get("discharged_on")
    discharged = _("退役时间：%(date)s") % {"date": discharged_on.isoformat()} if discharged_on else ""
    note = "；".join(part for part in (discharged, row["note"]) if part)
    if note:
        details["note"] = note
    return RegisterRow(
        ric=row["ric"], name=row["name"], residence_region=residence, phone=row["phone"] or "",
        education_level=row["education_level"] or "", household_region=household, entered_on=row["entered_on"],
        details=RegisterDetails(**details), exited_on=row.get("exited_on"), exit_reason=row.get("exit_reason") or "",
        employment_status=row["employment_status"] or "",
    )  # fmt: skip


def _note_reason(outcome: Outcome | ValidationError) -> Outcome | ValidationError:
    """A note too long can only be the discharge date put before a full 备注: say so."""
    if isinstance(outcome, ValidationError) and "note" in getattr(outcome, "error_dict", {}):
        return ValidationError({"note": _("退役时间与备注合计超过200个字")})
    return outcome


# Lazy: translated only for a row that has the error, not for each of 100,000 rows.
DATE_LABELS = (gettext_lazy("登记日期"), gettext_lazy("注销日期"))


def _row_check(context: ImportContext, row: dict) -> None:
    errors = {}
    if row["sex"] and row["sex"] != ric_sex(row["ric"]):
        errors["sex"] = _("性别与公民身份号码不符：号码表明是%(sex)s性") % {"sex": Sex(ric_sex(row["ric"])).label}
    for key, label in (("entered_on", DATE_LABELS[0]), ("exited_on", DATE_LABELS[1])):
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
        return _region(context, code)
    except ValidationError as error:
        raise ValidationError({"residence_region": error.messages}) from error


def _household(context: ImportContext, code_or_name: str | None) -> Region | None:
    if not code_or_name:
        return None
    try:
        return _region(context, code_or_name) if code_or_name.isdigit() else context.regions.by_name(code_or_name)
    except ValidationError as error:
        raise ValidationError({"household_region": error.messages}) from error


def _region(context: ImportContext, code: str) -> Region:
    """The region of this code; a street or community of a known county that data names for the first time is
    returned unsaved, and created only when its row is written (`RegionResolver.by_code` creates it)."""
    try:
        return context.regions.by_code(code, create=False)
    except ValidationError:
        if len(code) <= COUNTY_DIGITS or not _known(context, code[:COUNTY_DIGITS]):
            raise
    code = normalise_region_code(code)
    return Region(code=code, name=_("未命名区划%(code)s") % {"code": code}, level=region_level_for_code(code))


def _known(context: ImportContext, code: str) -> bool:
    try:
        context.regions.by_code(code, create=False)
    except ValidationError:
        return False
    return True


# The tables a register's import writes, analysed after a big import (`ImportKind.tables`).
REGISTER_TABLES = ("people.Person", "people.RegisterEntry", "people.EmploymentStatusChange", "audit.AuditEvent")
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
                save_chunk=partial(register_chunk_save, group=_group),
                can_run=can_edit_people,
                duplicate_key="ric",
                guide=REGISTER_GUIDE,
                errors_masking=errors_file_masking,
                tables=REGISTER_TABLES,
            )
        )


def register_kinds() -> list[ImportKind]:
    return [kind for kind in all_kinds() if kind.code in KeyGroup.values]
