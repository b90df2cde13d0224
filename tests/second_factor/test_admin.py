"""The administrators' page of second factors: their region's devices only, no secret shown, an audited reset."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiuye.accounts.enums import Role
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from tests.accounts.factories import UserFactory, administrator
from tests.second_factor.factories import KEY, confirmed_device

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:otp_totp_totpdevice_changelist")


def unmasking_analyst(region: str):
    user = UserFactory(region=region, roles=[Role.ANALYST])
    user.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    return user


def test_a_county_administrator_sees_its_countys_devices_without_their_keys(client):
    mine, theirs = unmasking_analyst("140105"), unmasking_analyst("140106")
    confirmed_device(mine)
    confirmed_device(theirs)
    client.force_login(administrator("140105"))
    text = client.get(CHANGELIST).content.decode()
    assert '/admin/otp_totp/">动态口令</a>' in text  # the breadcrumb: the section's Chinese heading
    assert mine.username in text
    assert theirs.username not in text
    assert KEY not in text
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403


def test_the_reset_action_removes_the_device_and_is_audited(client):
    analyst = unmasking_analyst("140105")
    device = confirmed_device(analyst)
    admin = administrator("140105")
    client.force_login(admin)
    response = client.post(CHANGELIST, {"action": "reset", "_selected_action": [device.pk]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=analyst).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert event.user == admin
    assert event.object_id == str(analyst.pk)
