"""The second factor's services: who needs one, enrolment, the code at login, throttling, reset, each audited."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiuye.accounts.enums import Role
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.second_factor.perms import second_factor_required
from jiuye.second_factor.services import device_reset, enrolment_confirm, enrolment_start, login_verify
from tests.accounts.factories import SETUP, UserFactory, administrator
from tests.second_factor.factories import KEY, code_now, confirmed_device, throttle_waited, wrong_code

pytestmark = pytest.mark.django_db


def unmasking_analyst():
    user = UserFactory(region="140105", roles=[Role.ANALYST])
    user.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    return user


def test_who_needs_a_second_factor():
    assert second_factor_required(unmasking_analyst())
    assert second_factor_required(administrator())
    assert second_factor_required(UserFactory(is_superuser=True))
    assert not second_factor_required(UserFactory(region="140105"))  # a caseworker without full numbers
    assert not second_factor_required(UserFactory(region="140105", roles=[Role.ANALYST]))
    assert not second_factor_required(UserFactory(region="140105", roles=[Role.ENTERPRISE_REPORTER]))


def test_enrolment_keeps_its_key_until_confirmed_and_is_audited():
    user = unmasking_analyst()
    first = enrolment_start(user=user)
    again = enrolment_start(user=user)
    assert first.device.pk == again.device.pk
    assert first.key == again.key
    assert first.qr_svg.startswith("<svg")
    assert "otpauth" not in first.qr_svg
    with pytest.raises(ValidationError, match="动态口令不正确"):
        enrolment_confirm(user=user, token=wrong_code(first.device.key))
    throttle_waited(user)
    device = enrolment_confirm(user=user, token=code_now(first.device.key))
    assert device.confirmed
    events = AuditEvent.objects.filter(object_id=str(user.pk)).order_by("pk")
    assert [(event.action, event.summary) for event in events] == [
        (AuditAction.VERIFY, "绑定动态口令：动态口令错误"),
        (AuditAction.CREATE, "绑定动态口令验证器"),
    ]


def test_wrong_codes_are_throttled_counted_and_audited_even_though_refused():
    user = unmasking_analyst()
    device = confirmed_device(user)
    with pytest.raises(ValidationError, match="动态口令不正确"):
        login_verify(user=user, token="abcdef")  # malformed: counted all the same
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # The next try within the 1-second wait is refused before the code is even looked at, a right code too.
    with pytest.raises(ValidationError, match="错误次数过多"):
        login_verify(user=user, token=code_now(KEY))
    outcomes = list(
        AuditEvent.objects.filter(action=AuditAction.VERIFY).order_by("pk").values_list("changes__outcome", flat=True)
    )
    assert outcomes == ["failed", "throttled"]


def test_a_right_code_verifies_and_resets_the_count():
    user = unmasking_analyst()
    device = confirmed_device(user)
    assert login_verify(user=user, token=code_now(KEY)) == device
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    assert AuditEvent.objects.get(action=AuditAction.VERIFY).summary == "动态口令验证通过"


def test_the_throttle_is_on():
    from django.conf import settings

    assert settings.OTP_TOTP_THROTTLE_FACTOR >= 1


def test_reset_removes_the_device_and_is_audited():
    user = unmasking_analyst()
    confirmed_device(user)
    assert device_reset(actor=SETUP, user=user) == 1
    assert not TOTPDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert event.summary == f"重置动态口令验证器（{user.username}）"
    assert event.job == "测试准备"


def test_reset_command_names_its_operator_in_the_audit_log(capsys):
    user = unmasking_analyst()
    confirmed_device(user)
    call_command("second_factor_reset", user.username, operator="张三")
    assert "已删除" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.get(action=AuditAction.DELETE).job == "命令行重置动态口令（操作人：张三）"


def test_a_bound_user_cannot_bind_another_device():
    user = unmasking_analyst()
    confirmed_device(user)
    with pytest.raises(ValidationError, match="联系系统管理员重置"):
        enrolment_confirm(user=user, token=code_now(KEY))
    assert TOTPDevice.objects.filter(user=user).count() == 1
