"""Vacancies (岗位/招聘信息) as officers collect them in Excel, from employers and job fairs: one row per vacancy,
written through `jiuye.employers.services` as the importing officer.

The employer must be registered (by its unified social credit code, checked by its GB 32100 check character) and
within the officer's region. A row names a vacancy by employer, title, place of work and start date; importing the
same file again finds the vacancies it wrote and changes nothing, and a later file with changed figures (wage,
headcount, end date) updates them while they are open. A row with a job fair's name is registered as from that fair.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.employers.enums import ContractKind, VacancyChannel
from jiuye.employers.models import Employer
from jiuye.employers.perms import is_officer
from jiuye.employers.services import VacancyTerms, uscc_normalise
from jiuye.employers.uscc_columnar import uscc_check
from jiuye.employers.vacancy_batch import VacancyLine, vacancies_record, vacancy_employers
from jiuye.imports.columnar import vectorized
from jiuye.imports.columns import (
    Accepts,
    Column,
    accepting,
    choice,
    date,
    plain,
    region_code,
    text,
    whole_number_value,
)
from jiuye.imports.kinds import ImportContext, ImportKind, register_kind
from jiuye.imports.readers import Cell, cell_text
from jiuye.imports.results import Outcome
from jiuye.people.import_kinds import EDUCATION_ALIASES
from jiuye.reference.enums import EducationLevel
from jiuye.reference.models import Occupation

UNLIMITED = ("不限", "无", "无要求")
CONTRACT_ALIASES = {
    "全日制": ContractKind.FULL_TIME,
    "非全日制": ContractKind.PART_TIME,
    "季节工": ContractKind.SEASONAL,
}


USCC_RULE = gettext_lazy("18位数字和大写字母，末位为校验码（须正确）；小写字母和空格可以")


@vectorized(uscc_check)
@accepting(Accepts(rule=USCC_RULE))
def uscc(value: Cell) -> str:
    return uscc_normalise(plain(value).upper())


def whole_number(unit: str):
    """A whole number not below zero, with or without its unit (`3`, `3人`, `5000元`, `5,000`); `不限` is 0."""

    @accepting(
        Accepts(
            rule=format_lazy(
                gettext_lazy("不小于0的整数，可带单位“{unit}”和千位分隔的逗号（如5,000）；“不限”“无”“无要求”为0"),
                unit=unit,
            )
        )
    )
    def parse(value: Cell) -> int:
        written = plain(value).replace(",", "").removesuffix(unit)
        if written in UNLIMITED:
            return 0
        number = whole_number_value(written)
        if number is None:
            raise ValidationError(_("“%(value)s”应为不小于0的整数") % {"value": cell_text(value)})
        return number

    return parse


@accepting(
    Accepts(
        rule=gettext_lazy("2022年版《职业分类大典》的代码：小类（如6-18-02）或职业细类（如6-18-02-04），不能只到中类")
    )
)
def occupation_code(value: Cell) -> str:
    """A code of the 2022 classification (`6-18-02-04`; full-width hyphens and spaces are forgiven)."""
    written = re.sub(r"[－—–]", "-", plain(value))
    if not re.fullmatch(r"\d(-\d{2}){1,3}", written):
        raise ValidationError(_("“%(value)s”不是职业代码，应写成6-18-02-04的形式") % {"value": cell_text(value)})
    return written


education = choice(EducationLevel, {**EDUCATION_ALIASES, **dict.fromkeys(UNLIMITED, "")})

COLUMNS = (
    Column(
        "统一社会信用代码", "uscc", uscc, required=True,
        note=gettext_lazy("招聘单位的统一社会信用代码；单位须已在系统中登记，且在您的管辖范围内"),
    ),
    Column(
        "单位名称", "employer_name", text(128), aliases=("企业名称",),
        note=gettext_lazy("可不填；填写时须与该代码登记的单位名称一致（用于核对）"),
    ),
    Column("职业代码", "occupation", occupation_code, required=True, note=gettext_lazy("岗位所属的职业")),
    Column("岗位名称", "title", text(64), required=True, note=gettext_lazy("招聘的岗位名称，如“电焊工”")),
    Column("技能要求", "skills", text(500), note=gettext_lazy("所需技能，以“、”或逗号分隔")),
    Column("岗位职责", "duties", text(2000), note=gettext_lazy("工作内容")),
    Column(
        "工作地区划代码", "region", region_code, required=True,
        note=gettext_lazy("工作地点所在的区划代码；须是已有的区划"),
    ),
    Column("工作地址", "address", text(200), note=gettext_lazy("工作地点的详细地址")),
    Column("招聘人数", "headcount", whole_number("人"), required=True, note=gettext_lazy("招聘人数，至少1人")),
    Column("月工资下限", "wage_min", whole_number("元"), required=True, note=gettext_lazy("月工资下限（元），大于0")),
    Column(
        "月工资上限", "wage_max", whole_number("元"), required=True,
        note=gettext_lazy("月工资上限（元），不能低于下限"),
    ),
    Column("学历要求", "education", education, note=gettext_lazy("最低学历要求；空或“不限”为不限")),
    Column("工作经验要求", "experience_years", whole_number("年"), note=gettext_lazy("最少工作年限；空为不限")),
    Column("用工形式", "contract_kind", choice(ContractKind, CONTRACT_ALIASES), note=gettext_lazy("空为全职")),
    Column("有效期起", "valid_from", date, required=True, note=gettext_lazy("开始招聘的日期")),
    Column(
        "有效期止", "valid_until", date, required=True,
        note=gettext_lazy("招聘截止的日期，不能早于有效期起，新登记的岗位不能已经过期"),
    ),
    Column(
        "招聘会名称", "job_fair", text(100),
        note=gettext_lazy("在招聘会上收集的岗位填招聘会名称，岗位记为来自该招聘会"),
    ),
)  # fmt: skip
DETAIL_KEYS = [
    "skills", "duties", "address", "headcount", "education", "experience_years", "contract_kind", "job_fair",
]  # fmt: skip


# What a row says of a vacancy registered before: these, and the details it gives (`DETAIL_KEYS` not blank).
REFRESHED = ("occupation", "wage_min", "wage_max", "valid_until")


def vacancy_chunk_save(context: ImportContext, rows: list[dict]) -> list[Outcome | ValidationError]:
    """A chunk of vacancies: employers and occupations fetched in two queries, each row checked in the order the
    row-by-row import checked it (employer, occupation, place), then registered or refreshed through
    `vacancies_record`."""
    employers = vacancy_employers(actor=context.user, usccs={row["uscc"] for row in rows})
    _occupations_fetch(context, {row["occupation"] for row in rows})
    outcomes: list[Outcome | ValidationError | None] = []
    lines: list[VacancyLine] = []
    for row in rows:
        try:
            lines.append(_line(context, employers, row))
            outcomes.append(None)
        except ValidationError as error:
            outcomes.append(error)
    recorded = iter(vacancies_record(actor=context.user, lines=lines))
    return [outcome if outcome is not None else next(recorded) for outcome in outcomes]


def _line(context: ImportContext, employers: dict[str, Employer], row: dict) -> VacancyLine:
    employer = _employer(employers, row)
    occupation = _occupation(context, row["occupation"])
    try:
        region = context.regions.by_code(row["region"], create=False)
    except ValidationError as error:
        raise ValidationError({"region": error.messages}) from error
    values = {key: row[key] for key in DETAIL_KEYS if row[key] is not None}
    values.setdefault("contract_kind", ContractKind.FULL_TIME)
    terms = VacancyTerms(
        occupation=occupation, title=row["title"], region=region, wage_min=row["wage_min"], wage_max=row["wage_max"],
        valid_from=row["valid_from"], valid_until=row["valid_until"], **values,
    )  # fmt: skip
    channel = VacancyChannel.JOB_FAIR if row["job_fair"] else VacancyChannel.IMPORT
    return VacancyLine(employer, terms, channel, given=frozenset((*REFRESHED, *values)))


def _employer(employers: dict[str, Employer], row: dict) -> Employer:
    employer = employers.get(row["uscc"])
    if employer is None:
        raise ValidationError({"uscc": _("该用人单位尚未登记或不在您的管辖范围内，请先登记用人单位")})
    if row["employer_name"] and row["employer_name"] != employer.name:
        raise ValidationError(
            {"employer_name": _("与统一社会信用代码登记的单位名称“%(name)s”不符") % {"name": employer.name}}
        )
    return employer


def _occupations_fetch(context: ImportContext, codes: set[str]) -> None:
    """The chunk's occupations not fetched yet, in one query; a code not in the classification as None."""
    occupations = context.cache.setdefault("occupations", {})
    wanted = codes - occupations.keys()
    found = {occupation.code: occupation for occupation in Occupation.objects.filter(code__in=wanted)}
    occupations.update({code: found.get(code) for code in wanted})


def _occupation(context: ImportContext, code: str) -> Occupation:
    occupations = context.cache["occupations"]
    if occupations[code] is None:
        raise ValidationError({"occupation": _("职业代码“%(code)s”不在2022年版职业分类大典中") % {"code": code}})
    return occupations[code]


VACANCY = register_kind(
    ImportKind(
        code="vacancy",
        label=gettext_lazy("岗位信息"),
        columns=COLUMNS,
        save_chunk=vacancy_chunk_save,
        can_run=is_officer,
        tables=("employers.Vacancy", "audit.AuditEvent"),
        guide=(
            gettext_lazy(
                "每行一个岗位：同一单位、岗位名称、工作地和有效期起的岗位视为同一岗位；再次导入同一文件不做改动，"
                "工资、人数、有效期止等有变化的在岗位仍在招聘时更新。"
            ),
        ),
    )
)
