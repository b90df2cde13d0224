"""The demo's second factors: the demo accounts that must confirm a code (`province`, an administrator, and
`county_140105`, who may see full ID numbers) come with a device already bound, all on one printed key, so that
whoever tries the demo adds that key to an authenticator app (or computes the code, README) instead of enrolling.
The check itself stays on: there is no setting that switches it off, in the demo or anywhere."""

from base64 import b32encode
from binascii import unhexlify

from django_otp.plugins.otp_totp.models import TOTPDevice

from jiuye.accounts.demo import DEMO_EMAIL_DOMAIN
from jiuye.accounts.models import User
from jiuye.demo.registry import DemoContext, register, register_logins
from jiuye.second_factor.perms import second_factor_required

DEMO_KEY = "6a697579652d64656d6f2d323032362d746f7470"  # b"jiuye-demo-2026-totp"; never use demo data in production
DEMO_KEY_BASE32 = b32encode(unhexlify(DEMO_KEY)).decode()  # NJUXK6LFFVSGK3LPFUZDAMRWFV2G65DQ


def _demo_users_needing_it() -> list[User]:
    users = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").order_by("username")
    return [user for user in users if second_factor_required(user)]


def reset_devices() -> None:
    TOTPDevice.objects.filter(user__email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()


@register("second_factor", order=11, reset=reset_devices)
def generate_devices(context: DemoContext) -> int:
    devices = [
        TOTPDevice(user=user, name="演示验证器", key=DEMO_KEY, confirmed=True) for user in _demo_users_needing_it()
    ]
    TOTPDevice.objects.bulk_create(devices)
    return len(devices)


@register_logins(f"登录时还须输入动态口令的演示账号（验证器密钥均为 {DEMO_KEY_BASE32}，基于时间）：", order=11)
def demo_second_factor_logins() -> list[tuple[str, str]]:
    bound = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    return [(user.username, "已绑定") for user in _demo_users_needing_it() if user.pk in bound]
