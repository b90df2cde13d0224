"""The scheduled jobs as tasks of Django's own framework (`django.tasks`): the scheduler, or an administrator's
"run now", records a run and enqueues its job's task with the run's id; a worker (`manage.py db_worker`, or an RQ
worker when JIUYE_TASKS_REDIS_URL is set) runs it. One task per job, so that the queue says which job waits."""

from django.tasks import task

from jiuye.schedule.runner import run_execute


@task()
def vacancies_expire_task(run_id: int) -> dict:
    return run_execute(run_id=run_id, job="vacancies_expire")


@task()
def seekers_expire_task(run_id: int) -> dict:
    return run_execute(run_id=run_id, job="seekers_expire")


@task()
def match_run_task(run_id: int) -> dict:
    return run_execute(run_id=run_id, job="match_run")


@task()
def monitoring_warnings_task(run_id: int) -> dict:
    return run_execute(run_id=run_id, job="monitoring_warnings")


TASKS = {
    "vacancies_expire": vacancies_expire_task,
    "seekers_expire": seekers_expire_task,
    "match_run": match_run_task,
    "monitoring_warnings": monitoring_warnings_task,
}
