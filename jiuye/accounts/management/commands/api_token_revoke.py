from django.core.management.base import BaseCommand, CommandError

from jiuye.accounts.models import ApiToken
from jiuye.accounts.services import api_token_revoke


class Command(BaseCommand):
    help = "吊销接口令牌（按前缀，即令牌中“.”之前的部分）；吊销后立即失效。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("prefix")

    def handle(self, *args, prefix: str, **options) -> None:
        token = ApiToken.objects.filter(prefix=prefix.partition(".")[0]).first()
        if token is None:
            raise CommandError(f"令牌“{prefix}”不存在。")
        api_token_revoke(token=token)
        self.stdout.write(f"令牌 {token.prefix}…（{token.name}）已吊销。")
