from django.core.management.base import BaseCommand

from jiuye.reference.services import reference_load


class Command(BaseCommand):
    help = "加载参考数据（行政区划、行业分类、职业分类）；可重复运行，只写入有变化的行。"

    def handle(self, *args, **options) -> None:
        for table, summary in reference_load().items():
            self.stdout.write(f"{table}: {summary}")
            if summary.stale:
                self.stderr.write(f"{table}: 数据文件中已没有的代码（保留未删）: {', '.join(summary.stale[:20])}")
