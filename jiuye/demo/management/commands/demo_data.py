import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jiuye.demo.registry import logins
from jiuye.demo.services import demo_data_load


class Command(BaseCommand):
    help = "生成可复现的山西演示数据（规模1约1万人）；重复运行不做改动。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="规模：1 约 1 万人，100 约 100 万人")
        parser.add_argument("--seed", type=int, default=2022, help="随机种子（默认 2022，规划印发之年）")
        parser.add_argument("--reset", action="store_true", help="先删除已有演示数据再生成")

    def handle(self, *args, scale: float, seed: int, reset: bool, **options) -> None:
        started = time.perf_counter()
        try:
            results = demo_data_load(seed=seed, scale=scale, reset=reset)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for result in results:
            state = "已存在，跳过" if result.skipped else "已生成"
            self.stdout.write(f"{result.name}: {result.rows} 行（{state}）")
        self.stdout.write(f"用时 {time.perf_counter() - started:.1f} 秒")
        for group in logins():
            self._print_logins(group.heading, group.rows())

    def _print_logins(self, heading: str, rows: list[tuple[str, ...]]) -> None:
        if not rows:
            return
        self.stdout.write(f"\n{heading}")
        for username, *described in rows:
            self.stdout.write(f"  {username:<28} " + " ".join(f"{part:<10}" for part in described).rstrip())
