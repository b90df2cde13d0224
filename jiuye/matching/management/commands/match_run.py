"""`manage.py match_run [--direction both] [--province-wide] [--k N] [--today YYYY-MM-DD] [--commit]`

The nightly batch: the top 20 vacancies of every active seeker and the top 50 seekers of every open vacancy
(the configured numbers, or --k), each stored with its parts, replacing the previous run's rows. A dry run (without
--commit) does the same work, prints the same counts and timings, and rolls back.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jiuye.matching.models import Direction
from jiuye.matching.services import matching_run


class Command(BaseCommand):
    help = "批量人岗匹配：为每位有效求职者推荐岗位、为每个有效岗位推荐人选，保存以供工作清单和通知使用。"

    def add_arguments(self, parser) -> None:
        choices = ["both", *Direction.values]
        parser.add_argument("--direction", choices=choices, default="both", help="匹配方向（默认两个方向）")
        parser.add_argument(
            "--province-wide", action="store_true", help="全省范围：不按意向工作地过滤，距离只降低得分"
        )
        parser.add_argument("--k", type=int, default=None, help="每条推荐数（默认按规则：岗位20、人选50）")
        parser.add_argument("--today", default=None, help="匹配日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--commit", action="store_true", help="保存结果（否则只试算并回滚）")

    def handle(self, *args, direction: str, province_wide: bool, k, today, commit: bool, **options) -> None:
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{today}") from error
        directions = Direction.values if direction == "both" else [direction]
        for name in directions:
            try:
                run = matching_run(direction=name, today=day, k=k, province_wide=province_wide, commit=commit)
            except ValidationError as error:
                raise CommandError("；".join(error.messages)) from error
            timings = " ".join(f"{step}={seconds}s" for step, seconds in run.durations.items())
            self.stdout.write(
                f"direction={name} seekers={run.seekers} vacancies={run.vacancies} "
                f"recommendations={run.recommendations} {timings} committed={'yes' if commit else 'no'}"
            )
