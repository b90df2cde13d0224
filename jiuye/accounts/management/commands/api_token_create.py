from django.core.management.base import BaseCommand, CommandError

from jiuye.accounts.models import User
from jiuye.accounts.services import api_token_create


class Command(BaseCommand):
    help = "为用户创建接口令牌；令牌只显示这一次。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="令牌用途，例如调用方系统名称")

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。")
        token, secret = api_token_create(user=user, name=name)
        self.stdout.write(f"令牌 {token.prefix}… 已创建，请妥善保存（不会再次显示）：\n{secret}")
