"""Why a page's list of recommendations is empty, in numbers: how many records of the other side pass each of the
engine's filters in turn, counted by the engine itself (`jiuye.matching.scoring`), so the page says what the
engine did ("有 6 个有效岗位在意向地区，但职业、岗位名称和技能都不相关").

The filters, in the engine's order: the registration is active and valid (the vacancy open today); the other
side's records are open or active and, for the seekers, within the user's region; the pair lies in a place the
seeker accepts (or, without such a list, within the commute radius); the pair shares an occupation group, a title
or a skill (the rules' `evidence_parts`). The wage is not a filter (a lower wage lowers the score), so it is
counted beside: how many of the records in reach meet the seeker's expected wage.
"""

import datetime
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from jiuye.employers.enums import VacancyStatus
from jiuye.employers.models import Vacancy
from jiuye.matching.config import PARTS, SEEKERS_FOR_VACANCY, VACANCIES_FOR_SEEKER
from jiuye.matching.scoring import allowed, prepare, score_pairs
from jiuye.matching.selectors import PART_LABELS
from jiuye.matching.services import matching_config
from jiuye.matching.tables import cached_seeker_table, vacancy_table
from jiuye.seekers.enums import SeekerStatus
from jiuye.seekers.models import SeekerRegistration


@dataclass(frozen=True)
class Funnel:
    """How many records of the other side pass each filter: `total` open vacancies (or active seekers the user may
    see), `in_reach` of them in the accepted places or commute radius, `related` of those sharing an evidence
    part; `wage_met` of those in reach that meet the expected wage (None where the seeker gave none or, for a
    vacancy, it has no top wage)."""

    total: int
    in_reach: int
    related: int
    wage_met: int | None = None


def evidence_words() -> str:
    """The evidence parts as the pages name them: `职业、岗位名称和技能`."""
    names = [str(PART_LABELS[part]) for part in PARTS if part in matching_config().evidence_parts]
    if len(names) == 1:
        return names[0]
    return _("%(first)s和%(last)s") % {"first": "、".join(names[:-1]), "last": names[-1]}


def registration_closed_reason(registration: SeekerRegistration, today: datetime.date) -> str:
    """Why a registration gets no recommendations at all, or "" when it is active and valid."""
    if registration.status != SeekerStatus.ACTIVE:
        return _("该求职登记为“%(status)s”，不再推荐岗位。") % {"status": registration.get_status_display()}
    if registration.expires_on < today:
        return _("该求职登记已于%(date)s过期，续期后才推荐岗位。") % {"date": registration.expires_on.isoformat()}
    return ""


def vacancy_closed_reason(vacancy: Vacancy, today: datetime.date) -> str:
    """Why a vacancy gets no candidates at all, or "" when it is open today."""
    if vacancy.status != VacancyStatus.OPEN:
        return _("该岗位“%(status)s”，不推荐人选。") % {"status": vacancy.get_status_display()}
    if vacancy.valid_until < today:
        return _("该岗位的有效期已于%(date)s结束，不推荐人选。") % {"date": vacancy.valid_until.isoformat()}
    if vacancy.valid_from > today:
        return _("该岗位%(date)s起才开始招聘，届时再推荐人选。") % {"date": vacancy.valid_from.isoformat()}
    return ""


def registration_funnel(pairs) -> Funnel | None:
    """The funnel of one seeker over the open vacancies (`pairs`: the seeker's `selectors.IndexPairs`); None when
    the seeker cannot be placed (an unknown place of residence)."""
    if pairs.seeker is None:
        return None
    total = in_reach = related = wage_met = 0
    expected = float(pairs.seeker.expected_wage[0])
    for segment in pairs.index.segments():
        rows = np.flatnonzero(segment.alive & segment.valid)
        if not len(rows):
            continue
        context = pairs.index._context(pairs.seeker, segment)  # the index's own scoring context
        reach = rows[allowed(context, np.zeros(len(rows), np.int64), rows)]
        scores, _parts = score_pairs(context, np.zeros(len(reach), np.int64), reach, VACANCIES_FOR_SEEKER)
        total, in_reach, related = total + len(rows), in_reach + len(reach), related + int(np.isfinite(scores).sum())
        wage_met += int((segment.table.wage_max[reach] >= expected).sum())
    return Funnel(total, in_reach, related, None if np.isnan(expected) else wage_met)


def vacancy_funnel(vacancy: Vacancy, prefix: str, today: datetime.date) -> Funnel | None:
    """The funnel of one open vacancy over the active seekers of the region `prefix`; None when the vacancy
    cannot be placed (an unknown place of work)."""
    seekers = cached_seeker_table(today)
    table = vacancy_table(Vacancy.objects.filter(pk=vacancy.pk))
    if not len(table):
        return None
    rows = np.flatnonzero(seekers.in_region(prefix))
    if not len(rows):
        return Funnel(0, 0, 0)
    context = prepare(seekers.seekers, table.vacancies, matching_config(), np.datetime64(today, "D"))
    reach = rows[allowed(context, rows, np.zeros(len(rows), np.int64))]
    scores, _parts = score_pairs(context, reach, np.zeros(len(reach), np.int64), SEEKERS_FOR_VACANCY)
    top = float(table.vacancies.wage_max[0])
    wanted = seekers.seekers.expected_wage[reach]
    wage_met = None if np.isnan(top) else int((np.isnan(wanted) | (wanted <= top)).sum())
    return Funnel(len(rows), len(reach), int(np.isfinite(scores).sum()), wage_met)


def why_no_vacancies(funnel: Funnel | None, *, places: str, expected_wage: int | None) -> str:
    """Why a seeker's list is empty, in numbers; `places` names where the seeker may work (`意向工作地（小店区）`)."""
    if funnel is None:
        return _("无法确定该求职者的居住地，不能按地点匹配岗位。")
    if funnel.total == 0:
        return _("今日没有有效的岗位。")
    if funnel.in_reach == 0:
        return _("今日共有 %(total)d 个有效岗位，但没有一个在%(places)s。") % {"total": funnel.total, "places": places}
    if funnel.related:
        return ""
    text = _("有 %(count)d 个有效岗位在%(places)s，但%(evidence)s都不相关。") % {
        "count": funnel.in_reach, "places": places, "evidence": evidence_words(),
    }  # fmt: skip
    if funnel.wage_met is not None and expected_wage:
        text += _("其中 %(met)d 个的最高月工资达到期望的 %(wage)d 元。") % {
            "met": funnel.wage_met, "wage": expected_wage,
        }  # fmt: skip
    return text


def why_no_candidates(funnel: Funnel | None, *, place: str, wage_max: int) -> str:
    """Why a vacancy's list is empty, in numbers; `place` names where the work is."""
    if funnel is None:
        return _("无法确定该岗位的工作地，不能按地点匹配人选。")
    if funnel.total == 0:
        return _("您辖区内今日没有有效的求职登记。")
    if funnel.in_reach == 0:
        return _("您辖区内有 %(total)d 个有效求职者，但%(place)s不在其中任何人的意向工作地或通勤范围内。") % {
            "total": funnel.total, "place": place,
        }  # fmt: skip
    if funnel.related:
        return ""
    text = _("您辖区内有 %(total)d 个有效求职者，其中 %(count)d 个可到%(place)s工作，但%(evidence)s都不相关。") % {
        "total": funnel.total, "count": funnel.in_reach, "place": place, "evidence": evidence_words(),
    }  # fmt: skip
    if funnel.wage_met is not None:
        text += _("其中 %(met)d 个的期望月工资不高于本岗位的最高 %(wage)d 元（或未填期望工资）。") % {
            "met": funnel.wage_met, "wage": wage_max,
        }  # fmt: skip
    return text
