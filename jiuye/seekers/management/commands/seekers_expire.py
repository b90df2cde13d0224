"""`manage.py seekers_expire [--today YYYY-MM-DD]`: the nightly job that marks active job-seeker registrations past
their expiry expired. Running it twice changes nothing."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from jiuye.seekers.services import seekers_expire


class Command(BaseCommand):
    help = "将超过有效期的求职登记标记为已过期（每日运行）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="按该日期计算（默认今天）")

    def handle(self, *args, today: datetime.date | None, **options) -> None:
        count = seekers_expire(today=today or timezone.localdate())
        self.stdout.write(f"expired={count}")
