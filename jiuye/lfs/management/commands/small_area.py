"""`manage.py small_area FILE --direct COL --se COL [--covariates COL[:factor],...] [--method reml|ml|fh] [--area COL]`

Fay-Herriot EBLUP for areas too small for their direct estimates (as R `sae::eblupFH` and `mseFH`). Prints JSON:
`{"areas": [{area, direct, eblup, mse, gamma}], "coefficients": [{name, estimate, se}], "area_variance", "method"}`.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiuye.lfs.estimation.small_area import METHODS
from jiuye.lfs.small_area_cli import SmallAreaInputError, small_area_csv


class Command(BaseCommand):
    help = "小区域估计（Fay-Herriot EBLUP及其均方误差），输出JSON。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="CSV文件（UTF-8或GBK），每个区域一行")
        parser.add_argument("--direct", required=True, help="直接估计列")
        parser.add_argument("--se", required=True, help="直接估计的标准误列（抽样方差为其平方）")
        parser.add_argument("--covariates", help="协变量列，逗号分隔；分类变量写 列名:factor，如 rate,city:factor")
        parser.add_argument(
            "--method", choices=METHODS, default="reml", help="区域效应方差估计：reml（默认）、ml 或 fh"
        )
        parser.add_argument("--area", help="区域名称或代码列（默认用行序号）")

    def handle(
        self, *args, file: Path, direct: str, se: str, covariates: str | None, method: str, area: str | None, **options
    ) -> None:
        if not file.is_file():
            raise CommandError(f"文件不存在：{file}")
        try:
            result = small_area_csv(file, direct=direct, se=se, covariates=covariates, method=method, area=area)
        except SmallAreaInputError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
