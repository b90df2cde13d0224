"""The demo's accounts that must confirm a code come with a device on the printed key; the others have none."""

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiuye.accounts.demo import generate_accounts
from jiuye.demo.registry import DemoContext
from jiuye.second_factor.demo import DEMO_KEY, DEMO_KEY_BASE32, generate_devices
from jiuye.second_factor.services import login_verify
from tests.second_factor.factories import code_now

pytestmark = pytest.mark.django_db


def test_the_administrator_and_the_full_number_user_are_bound_to_the_printed_key():
    context = DemoContext(seed=7, scale=0.05)
    generate_accounts(context)
    assert generate_devices(context) == 2
    devices = TOTPDevice.objects.select_related("user").order_by("user__username")
    assert [(device.user.username, device.confirmed) for device in devices] == [
        ("county_140105", True),
        ("province", True),
    ]
    province = devices[1].user
    assert login_verify(user=province, token=code_now(DEMO_KEY)) == devices[1]
    assert DEMO_KEY_BASE32 == "NJUXK6LFFVSGK3LPFUZDAMRWFV2G65DQ"


def test_the_command_prints_the_key(capsys):
    call_command("demo_data", "--scale", "0.05")
    output = capsys.readouterr().out
    assert f"验证器密钥均为 {DEMO_KEY_BASE32}" in output
    assert "county_140105" in output.split("验证器密钥")[1]
