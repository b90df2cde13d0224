"""A deployment that mistypes a job's time learns it when the project starts (`manage.py check`, the scheduler,
the server), not at 2 a.m. when the job does not run."""

from django.conf import settings
from django.core import checks

from jiuye.schedule.jobs import JOBS


@checks.register()
def schedule_settings(app_configs, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for code in sorted(set(settings.JIUYE_SCHEDULE) - set(JOBS)):
        errors.append(checks.Error(f"JIUYE_SCHEDULE 中的任务 {code} 不存在", id="schedule.E001"))
    for job in JOBS.values():
        try:
            job.cadence()
        except ValueError:
            value = settings.JIUYE_SCHEDULE.get(job.code)
            errors.append(
                checks.Error(
                    f"计划任务 {job.code} 的运行时间 {value!r} 无效",
                    hint="应为 HH:MM（如 02:30），留空则停用；月度任务还要求月报截止日不晚于27日",
                    id="schedule.E002",
                )
            )
    return errors
