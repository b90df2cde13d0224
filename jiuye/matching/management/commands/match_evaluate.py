"""`manage.py match_evaluate [--k 10 20] [--province-wide] [--resamples 200] [--seed 0] [--tune]`

Scores the matching against the ground truth (the demo's planted hires, or every hired referral): recall@k and
NDCG@max(k) in both directions, for the full score and for each part left out, so that each part shows what it
adds. Every hire is ranked against the vacancies and seekers of the referral's day (`matching_evaluate`). A left-out
row's last columns are the change of NDCG against the full score with its paired bootstrap 95% interval over the
queries, and the verdict: 有用 (the whole interval below 0: the part earns its place), 有害 (above 0), 不确定.
``--tune`` searches the weights instead (`matching_tune`) and prints them; nothing is written.
"""

import json
import math

from django.core.management.base import BaseCommand, CommandError

from jiuye.matching.explain import gettext_noop
from jiuye.matching.models import Direction
from jiuye.matching.selectors import PART_LABELS
from jiuye.matching.services import Evaluation, matching_evaluate, matching_tune

FULL = gettext_noop("全部得分项")
RANDOM = gettext_noop("随机排序（对照）")
VERDICTS = {"helps": gettext_noop("有用"), "hurts": gettext_noop("有害"), "unclear": gettext_noop("不确定")}


class Command(BaseCommand):
    help = "按真实录用结果评估人岗匹配：两个方向的召回率@k和NDCG，全部得分项及逐项去掉后的对比（配对自助法置信区间）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--k", type=int, nargs="+", default=[10, 20], help="召回率的k（默认 10 20）")
        parser.add_argument(
            "--province-wide", action="store_true", help="全省范围：不按意向工作地过滤，距离只降低得分"
        )
        parser.add_argument("--resamples", type=int, default=200, help="自助法重抽样次数（默认 200）")
        parser.add_argument("--seed", type=int, default=0, help="自助法和调权时划分录用记录的随机种子（默认 0）")
        parser.add_argument("--tune", action="store_true", help="逐项搜索权重（只打印建议权重，不写入）")

    def handle(self, *args, k: list[int], province_wide: bool, resamples: int, seed: int, tune: bool, **options):
        if any(value < 1 for value in k) or resamples < 1:
            raise CommandError("k 和重抽样次数须为正整数")
        if tune:
            self.stdout.write(format_tuning(matching_tune(k=max(k), seed=seed), max(k)))
            return
        result = matching_evaluate(ks=tuple(k), province_wide=province_wide, resamples=resamples, seed=seed)
        if not result.hires:
            raise CommandError("没有可评估的录用记录（演示数据的 demo_ground_truth 或“已录用”的职业介绍）")
        self.stdout.write(format_evaluation(result))


def format_evaluation(result: Evaluation) -> str:
    """A plain-text table per direction; the left-out rows show the change from the full score in brackets and,
    last, the bootstrap interval of the NDCG change with the verdict."""
    ndcg = f"ndcg@{max(result.ks)}"
    metrics = [*(f"recall@{k}" for k in result.ks), ndcg]
    lines = [
        f"hires={result.hires} province_wide={'yes' if result.province_wide else 'no'} "
        f"bootstrap={result.resamples} (95% CI of Δ{ndcg}, paired over queries)"
    ]
    for direction in Direction:
        rows = [row for row in result.rows if row["direction"] == direction.value]
        if not rows:
            continue
        full = rows[0]
        lines += ["", f"{direction.label} ({direction.value}) queries={full['queries']} mean_pool={full['pool']:.1f}"]
        lines.append(f"{'left_out':<12}{'n':>5}" + _cells(metrics, 17) + _tail(f"Δ{ndcg} [95% CI]"))
        for row in rows:
            name = row["left_out"] or "-"
            cells = [_cell(row[m], None if row is full else row[m] - full[m]) for m in metrics]
            label = str(PART_LABELS[row["left_out"]]) if row["left_out"] else FULL
            change = row.get("change")
            interval = f"{change.mean:+.3f} [{change.low:+.3f}, {change.high:+.3f}]" if change else ""
            verdict = VERDICTS[change.verdict] if change else ""
            lines.append(f"{name:<12}{row['queries']:>5}" + _cells(cells, 17) + _tail(interval, verdict, label))
        baseline = result.random[direction.value]
        cells = [_cell(baseline[m], None) for m in metrics]
        lines.append(f"{'random':<12}{full['queries']:>5}" + _cells(cells, 17) + _tail("", "", RANDOM))
    return "\n".join(lines)


def format_tuning(tuning: dict, k: int) -> str:
    """The search's steps, the mean NDCG@k on the half it tuned on and on the other half, and the weights."""
    train, test = tuning["queries"]
    lines = [
        f"coordinate search on {train} queries (held out: {test}); objective: mean ndcg@{k}, 2 directions x 2 modes"
    ]
    lines += [f"  {part:<12} {weight:>7.4f}  {score:.4f}" for part, weight, score in tuning["steps"]]
    for name in ("train", "test"):
        lines.append(f"{name}: {tuning['before'][name]:.4f} -> {tuning['after'][name]:.4f}")
    lines.append(json.dumps({"weights": tuning["weights"]}, ensure_ascii=False))
    return "\n".join(lines)


def _cells(cells: list[str], width: int) -> str:
    return "".join(f"{cell:>{width}}" for cell in cells)


def _tail(interval: str, verdict: str = "", label: str = "") -> str:
    """The interval, the verdict and the part's name, aligned on a terminal (a Chinese character is two columns)."""
    width = sum(2 if ord(character) > 0x2E7F else 1 for character in verdict)
    return f"  {interval:<30}{verdict}{' ' * (8 - width)}{label}".rstrip()


def _cell(value: float, change: float | None) -> str:
    if math.isnan(value):
        return "—"
    return f"{value:.3f}" if change is None else f"{value:.3f} ({change:+.3f})"
