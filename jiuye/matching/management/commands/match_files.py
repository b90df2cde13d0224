from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jiuye.matching.config import ConfigError, load_config
from jiuye.matching.csvio import MatchInputError
from jiuye.matching.files import match_files


class Command(BaseCommand):
    help = "从文件匹配：为 SEEKERS.csv 中每位求职者推荐 VACANCIES.csv 中得分最高的岗位，写入 --out 文件。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("seekers", type=Path, help="求职者 CSV：seeker_id,title,skills,region_code,expected_wage")
        parser.add_argument(
            "vacancies", type=Path, help="岗位 CSV：vacancy_id,title,skills,region_code,wage_min,wage_max"
        )
        parser.add_argument("--top", type=int, default=20, help="每位求职者推荐的岗位数（默认20）")
        parser.add_argument("--out", type=Path, required=True, help="结果 CSV")
        parser.add_argument("--province-wide", action="store_true", help="全省范围：不按地域过滤，距离只降低得分")
        parser.add_argument("--today", default=None, help="计算岗位新鲜度和有效期的日期（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **options) -> None:
        today = np.datetime64(options["today"] or timezone.localdate().isoformat(), "D")
        try:
            summary = match_files(
                seekers_path=options["seekers"],
                vacancies_path=options["vacancies"],
                out_path=options["out"],
                top=options["top"],
                config=load_config(getattr(settings, "MATCHING", {})),
                today=today,
                province_wide=options["province_wide"],
            )
        except (MatchInputError, ConfigError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"seekers={summary.seekers} vacancies={summary.vacancies} rows={summary.rows} out={options['out']}"
        )
