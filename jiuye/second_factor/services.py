"""A user's second factor (动态口令): a TOTP device (django-otp) on the user's phone, enrolled once and confirmed at
each login; every enrolment, confirmation, wrong code and reset is an audit event.

Wrong codes are throttled by the device itself (django-otp's `ThrottlingMixin`, OTP_TOTP_THROTTLE_FACTOR): after n
failures in a row the next try waits 2^(n-1) seconds, so guessing a 6-digit code is out of reach, while the password
throttle (django-axes) has already let this user in.
"""

from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiuye.accounts.actors import Actor
from jiuye.accounts.models import User
from jiuye.accounts.scope import user_region_prefix
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import audit_record

DEVICE_NAME = "手机验证器"


@dataclass(frozen=True)
class Enrolment:
    """What the enrolment page shows: the key as a QR code (SVG) and as text to type into an authenticator app."""

    device: TOTPDevice
    key: str  # base32, in groups of four: `JBSW Y3DP EHPK 3PXP`
    qr_svg: str


def confirmed_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolment_start(*, user: User) -> Enrolment:
    """The user's device waiting for its first code, created once (reloading the page keeps the same key, so a key
    already scanned stays good)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    key = b32encode(device.bin_key).decode()
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return Enrolment(
        device=device, key=" ".join(key[i : i + 4] for i in range(0, len(key), 4)), qr_svg=image.to_string().decode()
    )


def enrolment_confirm(*, user: User, token: str) -> TOTPDevice:
    """The first code from the phone confirms the device; `ValidationError` in Chinese for a wrong or throttled code.
    A user who has a confirmed device cannot bind another (someone holding only the password would replace it): an
    administrator resets it first (`device_reset`)."""
    with transaction.atomic():
        devices = TOTPDevice.objects.select_for_update().filter(user=user).order_by("pk")
        if any(device.confirmed for device in devices):
            raise ValidationError(_("您已绑定动态口令验证器；更换手机请联系系统管理员重置。"))
        device = next(iter(devices), None)
        if device is None:
            raise ValidationError(_("没有待绑定的验证器，请刷新页面重新扫码。"))
        error = _code_error(user=user, device=device, token=token, what=_("绑定动态口令"))
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _audit(user, user, AuditAction.CREATE, _("绑定动态口令验证器"), {"device": device.pk})
    # Raised once the transaction is committed: the failure's count (the throttle) and its audit event stay.
    if error is not None:
        raise ValidationError(error)
    return device


def login_verify(*, user: User, token: str) -> TOTPDevice:
    """The code of the confirmed device, at each login; `ValidationError` in Chinese for a wrong or throttled code."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            raise ValidationError(_("您还没有绑定动态口令验证器。"))
        error = _code_error(user=user, device=device, token=token, what=_("登录验证"))
        if error is None:
            _audit(user, user, AuditAction.VERIFY, _("动态口令验证通过"), {"device": device.pk, "outcome": "passed"})
    if error is not None:
        raise ValidationError(error)
    return device


def _code_error(*, user: User, device: TOTPDevice, token: str, what: str) -> str | None:
    """None when `token` is the device's current code; else the message to show, the failure audited and counted
    (a malformed code counts too, so that typing letters does not get round the throttle)."""
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        locked_until = (detail or {}).get("locked_until") or timezone.now()
        wait = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        _audit(user, user, AuditAction.VERIFY, _("%(what)s：尝试过于频繁，已拒绝") % {"what": what},
               {"device": device.pk, "outcome": "throttled"})  # fmt: skip
        return _("动态口令错误次数过多，请%(seconds)d秒后再试。") % {"seconds": wait}
    token = token.strip()
    well_formed = token.isascii() and token.isdigit() and len(token) == device.digits
    if well_formed and device.verify_token(token):  # counts its own failures, resets the count on success
        return None
    if not well_formed:
        device.throttle_increment()
    _audit(user, user, AuditAction.VERIFY, _("%(what)s：动态口令错误") % {"what": what},
           {"device": device.pk, "outcome": "failed"})  # fmt: skip
    return _("动态口令不正确，请输入手机验证器上当前显示的6位数字。")


@transaction.atomic
def device_reset(*, actor: Actor, user: User) -> int:
    """Remove a user's devices (a lost phone): the next login enrols a new one. Returns how many were removed."""
    count, _deleted = TOTPDevice.objects.filter(user=user).delete()
    _audit(actor, user, AuditAction.DELETE, _("重置动态口令验证器（%(username)s）") % {"username": user.username},
           {"devices": count})  # fmt: skip
    return count


def _audit(actor: Actor, user: User, action: AuditAction, summary: str, changes: dict) -> None:
    audit_record(
        user=actor, action=action, target=user, region_code=user_region_prefix(user) or "", summary=summary,
        changes=changes,
    )  # fmt: skip
