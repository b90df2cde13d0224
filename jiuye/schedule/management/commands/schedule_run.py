"""`manage.py schedule_run [--once]`: the scheduler of the nightly jobs (`jiuye.schedule.jobs`).

Without --once it wakes at the start of every minute, enqueues what is due and sleeps again, until stopped (Ctrl-C or
SIGTERM); a worker (`manage.py db_worker`) runs what it enqueued. With --once it checks once and exits, for a cron
job or a systemd timer (`* * * * * manage.py schedule_run --once`). Several schedulers may run at once, on one or
several machines: each slot is run by one of them only.
"""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from jiuye.schedule.services import schedule_tick


class Command(BaseCommand):
    help = "计划任务调度：每分钟检查一次，到点的任务（岗位到期、求职登记到期、人岗匹配、月度预警）加入任务队列。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="只检查一次后退出（供 cron 或 systemd 定时器调用）")

    def handle(self, *args, once: bool, **options) -> None:
        if once:
            self._tick()
            return
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        self.stdout.write("计划任务调度已启动（每分钟检查一次，Ctrl-C 停止）")
        while self.running:
            close_old_connections()
            try:
                self._tick()
            except Exception as error:  # a database restart must not end the scheduler; the next minute retries
                self.stderr.write(f"本次检查出错，下一分钟重试：{error}")
            close_old_connections()
            self._sleep_to_next_minute()

    def _tick(self) -> None:
        for run in schedule_tick():
            planned = timezone.localtime(run.planned_at)
            self.stdout.write(f"enqueued job={run.job} planned={planned:%Y-%m-%d %H:%M} trigger={run.trigger}")

    def _sleep_to_next_minute(self) -> None:
        deadline = time.time() // 60 * 60 + 60
        while self.running and time.time() < deadline:
            time.sleep(min(1.0, deadline - time.time()))

    def _stop(self, signum, frame) -> None:
        self.running = False
