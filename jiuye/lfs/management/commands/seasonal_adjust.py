"""`manage.py seasonal_adjust FILE --date-col COL --value-col COL [--calendar] [--method auto|x13|stl]`

Seasonally adjusts a monthly series from a CSV with X-13ARIMA-SEATS (automatic model choice as R `seasonal::seas`;
STL for series shorter than four years) and prints JSON: method, transform, ARIMA model, regressors and ARMA
coefficients with standard errors, AICc, notes and the adjusted series (`[{"date": "1949-01", "value": ...}]`).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiuye.lfs.estimation.seasonal import METHODS
from jiuye.lfs.seasonal_cli import SeasonalInputError, seasonal_adjust_csv


class Command(BaseCommand):
    help = "月度序列季节调整（X-13ARIMA-SEATS，不足四年用STL），输出JSON。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="CSV文件（UTF-8或GBK），每月一行")
        parser.add_argument("--date-col", required=True, help="月份列，如 2024-03、2024/3、202403")
        parser.add_argument("--value-col", required=True, help="数值列")
        parser.add_argument("--calendar", action="store_true", help="加入中国日历回归变量（春节、法定节假日与调休）")
        parser.add_argument("--method", choices=METHODS, default="auto", help="auto（默认）、x13 或 stl")

    def handle(self, *args, file: Path, date_col: str, value_col: str, calendar: bool, method: str, **options) -> None:
        if not file.is_file():
            raise CommandError(f"文件不存在：{file}")
        try:
            result = seasonal_adjust_csv(
                file, date_column=date_col, value_column=value_col, calendar_regressors=calendar, method=method
            )
        except SeasonalInputError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
