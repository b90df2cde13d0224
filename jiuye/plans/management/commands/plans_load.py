"""`manage.py plans_load`: the plan's ten indicators (专栏1) as published; running it again changes nothing."""

from django.core.management.base import BaseCommand

from jiuye.plans.services import indicators_load


class Command(BaseCommand):
    help = "加载《山西省“十四五”就业促进规划》专栏1的主要指标；重复运行不做改动。"

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"indicators={indicators_load()}")
