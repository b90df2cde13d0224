from django.core.management.base import BaseCommand, CommandError

from jiuye.accounts.actors import SystemActor
from jiuye.accounts.models import User
from jiuye.second_factor.services import device_reset


class Command(BaseCommand):
    help = "重置用户的动态口令验证器（如手机丢失）：该用户下次登录时重新绑定。记入审计日志。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--operator", required=True, help="执行重置的管理员姓名或工号，记入审计日志")

    def handle(self, *args, username: str, operator: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。")
        count = device_reset(actor=SystemActor(job=f"命令行重置动态口令（操作人：{operator}）"), user=user)
        self.stdout.write(f"已删除用户“{username}”的 {count} 个动态口令验证器，下次登录时将要求重新绑定。")
