"""Second-factor devices for tests, and the code of one now (RFC 6238, as the phone's app computes it)."""

from binascii import unhexlify
from datetime import timedelta

from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiuye.accounts.models import User

KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, "12345678901234567890"


def confirmed_device(user: User, *, key: str = KEY) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="测试验证器", key=key, confirmed=True)


def code_now(key: str, *, offset_steps: int = 0) -> str:
    """The 6-digit code of `key` (hex) at this 30-second step, or `offset_steps` steps from it."""
    return f"{totp(unhexlify(key), step=30, drift=offset_steps):06d}"


def mark_session_verified(session: SessionBase, user: User) -> None:
    """What `django_otp.login` writes after a confirmed code: the session holds the device that verified it."""
    session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
    session.save()


def wrong_code(key: str) -> str:
    """A well-formed code the device refuses now: none of the steps its tolerance accepts (one either side)."""
    accepted = {code_now(key, offset_steps=offset) for offset in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


def throttle_waited(user: User) -> None:
    """As if the wait after a wrong code (2^(n-1) seconds) had passed, so a test goes on without sleeping."""
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=timezone.now() - timedelta(hours=1))
