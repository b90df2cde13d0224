import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jiuye.accounts.models import User
from jiuye.accounts.services import api_token_create


class Command(BaseCommand):
    help = "为用户创建接口令牌；令牌只显示这一次。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="令牌用途，例如调用方系统名称")
        parser.add_argument("--days", type=int, help="有效天数（缺省为 API_TOKEN_LIFETIME_DAYS，365天）")

    def handle(self, *args, username: str, name: str, days: int | None, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。")
        expires_at = timezone.now() + datetime.timedelta(days=days) if days else None
        token, secret = api_token_create(user=user, name=name, expires_at=expires_at)
        self.stdout.write(
            f"令牌 {token.prefix}… 已创建，有效期至 {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}，"
            f"请妥善保存（不会再次显示）：\n{secret}"
        )
