"""What each scheduled job does: the existing services, called as the platform.

Each function takes the planned moment of its run (a manual run's is the moment it was asked for) and the user who
asked for it (None for the scheduler), calls the domain's service and returns what to record: a Chinese sentence and
the counts. A job with nothing to do raises `Skipped` with the reason; any other error fails the run with its
message (`jiuye.schedule.runner`).
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.accounts.actors import SystemActor
from jiuye.accounts.models import User
from jiuye.employers.services import vacancies_expire
from jiuye.matching.models import Direction
from jiuye.matching.services import matching_run
from jiuye.monitoring.models import MonthlyReport
from jiuye.monitoring.qc import period_deadline, previous_period
from jiuye.monitoring.warning_followup import warnings_store
from jiuye.seekers.services import seekers_expire

PROVINCE = "14"


@dataclass(frozen=True)
class Done:
    message: str
    counts: dict[str, int] = field(default_factory=dict)


class Skipped(Exception):
    """The run had nothing to do; its message says why."""


def vacancies_expire_work(planned_at: datetime.datetime, requested_by: User | None) -> Done:
    day = timezone.localdate(planned_at)
    count = vacancies_expire(today=day)
    message = _("%(day)s：%(count)d 个岗位超过有效期，已标记为已过期。") % {"day": day, "count": count}
    return Done(message, {"expired": count})


def seekers_expire_work(planned_at: datetime.datetime, requested_by: User | None) -> Done:
    day = timezone.localdate(planned_at)
    count = seekers_expire(today=day)
    message = _("%(day)s：%(count)d 条求职登记超过有效期，已标记为已过期。") % {"day": day, "count": count}
    return Done(message, {"expired": count})


def match_run_work(planned_at: datetime.datetime, requested_by: User | None) -> Done:
    """Both directions, as `manage.py match_run --commit` without options: the top 20 vacancies of every active
    seeker, the top 50 seekers of every open vacancy."""
    day = timezone.localdate(planned_at)
    runs = [matching_run(direction=direction, today=day, commit=True) for direction in Direction.values]
    seekers, vacancies = runs[0].seekers, runs[0].vacancies
    recommendations = sum(run.recommendations for run in runs)
    message = _("%(day)s：为 %(seekers)d 位有效求职者和 %(vacancies)d 个有效岗位保存推荐 %(rows)d 条。") % {
        "day": day, "seekers": seekers, "vacancies": vacancies, "rows": recommendations,
    }  # fmt: skip
    return Done(message, {"seekers": seekers, "vacancies": vacancies, "recommendations": recommendations})


def warnings_period(day: datetime.date) -> str:
    """The latest month whose reports were due before `day`: on 2026-11-11, 2026-10 (due 2026-11-10); on
    2026-11-10 itself, still 2026-09, as its enterprises may report until the end of that day."""
    period = previous_period(f"{day:%Y-%m}")
    while period_deadline(period) >= day:
        period = previous_period(period)
    return period


def monitoring_warnings_work(planned_at: datetime.datetime, requested_by: User | None) -> Done:
    """The province's warnings of the month whose reports just came in, stored for follow-up, as
    `manage.py monitoring_warnings --period ... --commit` stores them (idempotent: a warning kept once is not kept
    again)."""
    period = warnings_period(timezone.localdate(planned_at))
    if not MonthlyReport.objects.filter(period=period).exists():
        raise Skipped(_("%(period)s 调查期还没有企业报送月报，没有可评估的数据。") % {"period": period})
    actor = SystemActor(job=_("计划任务：月度失业预警评估"), on_behalf_of=requested_by)
    result, stored = warnings_store(actor=actor, period=period, region_code=PROVINCE)
    enterprises = len({item["uscc"] for item in result.enterprises})  # an enterprise may break several rules
    areas = len(result.regions) + len(result.industries)
    message = _(
        "%(period)s 调查期：预警企业 %(enterprises)d 家，地区和行业预警 %(areas)d 条，其中新增 %(stored)d 条。"
    ) % {"period": period, "enterprises": enterprises, "areas": areas, "stored": len(stored)}
    return Done(message, {"enterprises": enterprises, "areas": areas, "stored": len(stored)})


# What the counts of a run are called on the page.
COUNT_LABELS = {
    "expired": gettext_lazy("已过期"),
    "seekers": gettext_lazy("求职者"),
    "vacancies": gettext_lazy("岗位"),
    "recommendations": gettext_lazy("推荐"),
    "enterprises": gettext_lazy("预警企业"),
    "areas": gettext_lazy("地区和行业预警"),
    "stored": gettext_lazy("新增预警"),
}
