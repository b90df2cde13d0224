"""`manage.py match_evaluate [--k 10 20] [--province-wide]`

Scores the matching against the ground truth (the demo's planted hires, or every hired referral): recall@k and
NDCG@max(k) in both directions, for the full score and for each part left out, so that each part shows what it
adds. Every hire is ranked against the vacancies and seekers of the referral's day (`matching_evaluate`).
"""

import math

from django.core.management.base import BaseCommand, CommandError

from jiuye.matching.explain import gettext_noop
from jiuye.matching.models import Direction
from jiuye.matching.selectors import PART_LABELS
from jiuye.matching.services import Evaluation, matching_evaluate

FULL = gettext_noop("全部得分项")


class Command(BaseCommand):
    help = "按真实录用结果评估人岗匹配：两个方向的召回率@k和NDCG，全部得分项及逐项去掉后的对比。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--k", type=int, nargs="+", default=[10, 20], help="召回率的k（默认 10 20）")
        parser.add_argument(
            "--province-wide", action="store_true", help="全省范围：不按意向工作地过滤，距离只降低得分"
        )

    def handle(self, *args, k: list[int], province_wide: bool, **options) -> None:
        if any(value < 1 for value in k):
            raise CommandError("k 须为正整数")
        result = matching_evaluate(ks=tuple(k), province_wide=province_wide)
        if not result.hires:
            raise CommandError("没有可评估的录用记录（演示数据的 demo_ground_truth 或“已录用”的职业介绍）")
        self.stdout.write(format_evaluation(result))


def format_evaluation(result: Evaluation) -> str:
    """A plain-text table per direction; the left-out rows show the change from the full score in brackets."""
    metrics = [*(f"recall@{k}" for k in result.ks), f"ndcg@{max(result.ks)}"]
    lines = [f"hires={result.hires} province_wide={'yes' if result.province_wide else 'no'}"]
    for direction in Direction:
        rows = [row for row in result.rows if row["direction"] == direction.value]
        if not rows:
            continue
        full = rows[0]
        lines += ["", f"{direction.label} ({direction.value}) queries={full['queries']} mean_pool={full['pool']:.1f}"]
        lines.append(f"{'left_out':<12}" + "".join(f"{name:>20}" for name in metrics))
        for row in rows:
            name = row["left_out"] or "-"
            cells = [_cell(row[m], None if row is full else row[m] - full[m]) for m in metrics]
            label = str(PART_LABELS[row["left_out"]]) if row["left_out"] else FULL
            lines.append(f"{name:<12}" + "".join(f"{cell:>20}" for cell in cells) + f"  {label}")
    return "\n".join(lines)


def _cell(value: float, change: float | None) -> str:
    if math.isnan(value):
        return "—"
    return f"{value:.3f}" if change is None else f"{value:.3f} ({change:+.3f})"
