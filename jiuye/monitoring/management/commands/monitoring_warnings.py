"""`manage.py monitoring_warnings --period YYYY-MM [--region CODE]`

Prints the period's warnings as JSON: flagged enterprises (`uscc`, `name`, `rule`, `figures`, `explanation`) and
region and industry warnings (`region` or `industry`, `level`, `rule`, `figures`, `explanation`). With `--commit`,
the new warnings are also stored for follow-up (idempotent: a warning already stored is not stored again), in one
transaction, and their count goes to stderr.
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jiuye.accounts.actors import SystemActor
from jiuye.monitoring.warning_followup import warnings_store
from jiuye.monitoring.warning_service import warnings_evaluate

# The monthly evaluation is the platform's job, audited under this name.
NIGHTLY = SystemActor(job="预警评估（monitoring_warnings）")


class Command(BaseCommand):
    help = "按调查期评估失业风险预警，输出JSON（企业、地区、行业预警及原因）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", required=True, help="调查期，YYYY-MM")
        parser.add_argument("--region", default="14", help="区划代码（默认14，山西省）")
        parser.add_argument("--commit", action="store_true", help="保存新的预警，推送给所在地区经办人员跟进")

    def handle(self, *args, period: str, region: str, commit: bool, **options) -> None:
        if not region.isdigit():
            raise CommandError(f"区划代码应为数字：{region}")
        try:
            if commit:
                result, stored = warnings_store(actor=NIGHTLY, period=period, region_code=region)
                self.stderr.write(f"stored={len(stored)}")
            else:
                result = warnings_evaluate(period=period, region_code=region)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
