"""`manage.py monitoring_report --period YYYY-MM --region CODE --out FILE.docx`

Writes the monthly analysis report (失业动态监测月度分析报告) of a province, city or county as a Word document and
prints one line: what was written, with the period's headcount and change. Reads with full scope, as
`monitoring_warnings` does: whoever runs manage.py holds the whole database.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jiuye.monitoring.aggregates import rate_text
from jiuye.monitoring.analysis.charts import FontMissingError, MissingGlyphError
from jiuye.monitoring.analysis.content import analysis_build, system_user
from jiuye.monitoring.analysis.text import change_phrase
from jiuye.monitoring.analysis.word import analysis_docx, analysis_title


class Command(BaseCommand):
    help = "生成失业动态监测月度分析报告（Word）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", required=True, help="调查期，YYYY-MM")
        parser.add_argument("--region", default="14", help="区划代码（默认14，山西省）")
        parser.add_argument("--out", required=True, type=Path, help="输出的 .docx 文件")

    def handle(self, *args, period: str, region: str, out: Path, **options) -> None:
        if not region.isdigit():
            raise CommandError(f"区划代码应为数字：{region}")
        if out.suffix.lower() != ".docx":
            raise CommandError(f"输出文件应以 .docx 结尾：{out}")
        try:
            analysis = analysis_build(user=system_user(), period=period, region_code=region)
            content = analysis_docx(analysis)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        except (FontMissingError, MissingGlyphError) as error:
            raise CommandError(str(error)) from error
        out.write_bytes(content)
        totals = analysis.totals
        change = change_phrase(totals.change_from_previous, totals.change_rate_from_previous)
        self.stdout.write(
            f"已生成{analysis_title(analysis)}（{analysis.year_month}）：{out}，{totals.enterprises}户企业，"
            f"调查期岗位总数{totals.current_headcount}个，较上月{change}，预警{len(analysis.warnings)}条，"
            f"隐性失业率{rate_text(totals.hidden_unemployment_rate)}"
        )
