"""The one place that declares the scheduled jobs: what each does and when it runs.

The times are settings (`JIUYE_SCHEDULE` in config/settings/base.py, each overridable from the environment), read
when asked, so a test or a deployment changes them without touching this module. The monthly warnings run on the
day after the enterprises' reporting deadline (`MONITORING_REPORT_DEADLINE_DAY` + 1), when the month's reports are
in. Each job's task (`jiuye.schedule.tasks`) records its run (`jiuye.schedule.runner`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.schedule import nightly
from jiuye.schedule.cadence import Cadence, Daily, Monthly, parse_time


@dataclass(frozen=True)
class Job:
    code: str
    title: Promise
    summary: Promise
    work: Callable[..., nightly.Done]
    monthly: bool = False
    # A later run does all that an earlier one still waiting would (it brings the state up to its own day), so the
    # earlier one is skipped: after a worker was down for three nights, matching runs once, not three times.
    superseded_by_later: bool = True

    def cadence(self) -> Cadence | None:
        """When it runs, from the settings; None when its time is set empty (the job is switched off)."""
        text = settings.JIUYE_SCHEDULE.get(self.code, "")
        if not text:
            return None
        at = parse_time(text)
        if self.monthly:
            return Monthly(day=settings.MONITORING_REPORT_DEADLINE_DAY + 1, at=at)
        return Daily(at=at)

    def schedule_text(self) -> str:
        """The schedule in words: 每天 01:00, 每月11日 03:00（月报截止日次日）."""
        cadence = self.cadence()
        if cadence is None:
            return _("已停用（未设置运行时间）")
        time = f"{cadence.at:%H:%M}"
        if isinstance(cadence, Monthly):
            return _("每月%(day)d日 %(time)s（企业月报截止日的次日）") % {"day": cadence.day, "time": time}
        return _("每天 %(time)s") % {"time": time}


JOBS: dict[str, Job] = {
    job.code: job
    for job in (
        Job(
            "vacancies_expire",
            gettext_lazy("岗位到期"),
            gettext_lazy("将超过有效期的招聘中岗位标记为已过期。"),
            nightly.vacancies_expire_work,
        ),
        Job(
            "seekers_expire",
            gettext_lazy("求职登记到期"),
            gettext_lazy("将超过有效期的求职登记标记为已过期。"),
            nightly.seekers_expire_work,
        ),
        Job(
            "match_run",
            gettext_lazy("人岗匹配"),
            gettext_lazy(
                "为每位有效求职者推荐岗位、为每个有效岗位推荐人选，供工作清单使用（在两项到期任务之后运行）。"
            ),
            nightly.match_run_work,
        ),
        Job(
            "monitoring_warnings",
            gettext_lazy("月度失业预警评估"),
            gettext_lazy("评估上月企业月报，保存新的企业、地区和行业预警，推送所在地区跟进。"),
            nightly.monitoring_warnings_work,
            monthly=True,
            superseded_by_later=False,
        ),
    )
}


def job_get(code: str) -> Job:
    try:
        return JOBS[code]
    except KeyError:
        raise ValidationError(_("没有这个计划任务：%(code)s") % {"code": code}) from None
