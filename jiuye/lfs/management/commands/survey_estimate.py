"""`manage.py survey_estimate FILE [design options] (--mean COL | --total COL | --ratio NUM/DEN |
--proportion COL=VALUE) [--by COL]`: design-based estimates from any survey CSV, printed as JSON.

The options mirror R's ``svydesign``; the work is in :mod:`jiuye.lfs.survey_cli`.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiuye.lfs.estimation.linearisation import LONELY_PSU_OPTIONS
from jiuye.lfs.survey_cli import SurveyCliError, survey_estimate, survey_request


class Command(BaseCommand):
    help = (
        "按抽样设计估计总量、均值、比率或比例及其标准误、置信区间（同 R survey 包的 svydesign 与 svymean、"
        "svytotal、svyratio、svyciprop、svyby），输出 JSON。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="调查数据 CSV 文件（UTF-8 或 GBK）")
        parser.add_argument("--ids", help="各阶段抽样单元的列，逗号分隔，如 dnum,snum；1 表示每行即一个单元（默认）")
        parser.add_argument("--strata", help="分层的列")
        parser.add_argument("--weights", help="权数列；不给时由 --fpc 算出，都不给则权数为1")
        parser.add_argument("--fpc", help="各阶段有限总体校正的列，逗号分隔：总体单元数（>1）或抽样比（<=1）")
        parser.add_argument("--replicate", choices=["jk1"], help="用 JK1 刀切法复制权数估计方差（不分层的整群设计）")
        parser.add_argument(
            "--lonely-psu",
            choices=[option for option in LONELY_PSU_OPTIONS if option != "certainty"],
            default="fail",
            help="只有一个初级抽样单元的层如何处理，同 R 的 survey.lonely.psu（默认 fail：报错）",
        )
        statistic = parser.add_mutually_exclusive_group(required=True)
        statistic.add_argument("--mean", metavar="COL", help="均值")
        statistic.add_argument("--total", metavar="COL", help="总量")
        statistic.add_argument("--ratio", metavar="NUM/DEN", help="比率：分子列/分母列")
        statistic.add_argument("--proportion", metavar="COL=VALUE", help="比例：列取该值的比例（logit 置信区间）")
        parser.add_argument("--by", metavar="COL", help="按该列分组（域）估计，保留全样本的抽样设计")

    def handle(self, *args, file: Path, **options) -> None:
        names = ("ids", "strata", "weights", "fpc", "replicate", "lonely_psu", "mean", "total", "ratio", "proportion")
        try:
            request = survey_request(file=file, by=options["by"], **{name: options[name] for name in names})
            result = survey_estimate(request)
        except SurveyCliError as error:
            raise CommandError(str(error)) from error
        for note in result.notes:
            self.stderr.write(note)
        self.stdout.write(result.json())
