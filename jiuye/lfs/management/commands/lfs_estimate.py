"""`manage.py lfs_estimate FILE [--by city|county|sex|age_group] [--profile nbs|ilo]`

The surveyed urban unemployment rate from a microdata file, without importing it (only the reference regions are
read from the database), as JSON: a list of objects `domain, rate, se, ci_low, ci_high, cv, n, reliable`. Without
`--by`, one row for the province (domain `14`). A file with rejected rows is refused, with the first reasons:
estimating from part of a sample would misstate the rate.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jiuye.lfs.imports import microdata_read
from jiuye.lfs.labour_status import PROFILES, MissingAnswerError
from jiuye.lfs.rates import BY_CHOICES, unemployment_rates

SHOWN_ERRORS = 5


class Command(BaseCommand):
    help = "由调查微观数据文件计算城镇调查失业率及其标准误、置信区间和变异系数，输出JSON。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="微观数据文件，.csv或.xlsx，列同 lfs_import")
        parser.add_argument(
            "--by", choices=[by for by in BY_CHOICES if by != "province"], help="分组：市、县、性别或年龄组"
        )
        parser.add_argument("--profile", choices=list(PROFILES), default="nbs", help="劳动力状态口径（默认nbs）")

    def handle(self, *args, file: Path, by: str | None, profile: str, **options) -> None:
        if not file.is_file():
            raise CommandError(f"文件不存在：{file}")
        read = microdata_read(file)
        if read.result.failure:
            raise CommandError(read.result.failure)
        if read.result.rejected:
            reasons = "；".join(
                f"第{error.row}行{error.column}：{error.reason}" for error in read.result.errors[:SHOWN_ERRORS]
            )
            raise CommandError(f"有{read.result.rejected}行数据有误，未计算：{reasons}")
        if not read.count:
            raise CommandError("文件中没有数据行")
        try:
            rates = unemployment_rates(
                read.microdata(), by=by or "province", profile=profile, max_reliable_cv=settings.LFS_MAX_RELIABLE_CV
            )
        except MissingAnswerError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps([rate.as_dict() for rate in rates], ensure_ascii=False, indent=2))
