"""The demo's enterprise reporter accounts: three, each listed as a reporter of a demo employer of the monitoring
panel, signing in with the demo password and seeing only its own employer; a second run changes nothing."""

import pytest

from jiuye.accounts.demo import DEMO_PASSWORD
from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.demo.registry import DemoContext, parts
from jiuye.demo.services import demo_data_load, demo_data_reset, demo_parts_discover
from jiuye.employers.models import Employer
from jiuye.employers.perms import is_reporter_account
from jiuye.monitoring.demo_reporters import demo_reporter_logins
from jiuye.monitoring.models import MonitoredEnterprise

pytestmark = pytest.mark.django_db

SMALL = 0.05  # 40 employers, a panel of 10


def snapshot() -> list:
    users = User.objects.filter(username__startswith="reporter_").order_by("username")
    return [
        (user.username, user.password, user.org_unit_id, sorted(user.role_codes),
         sorted(user.reporting_employers.values_list("uscc", flat=True)))
        for user in users
    ]  # fmt: skip


def test_the_demo_makes_three_reporters_of_panel_enterprises():
    results = {result.name: result for result in demo_data_load(seed=7, scale=SMALL)}
    assert results["reporters"].rows == 3
    reporters = list(User.objects.filter(username__startswith="reporter_").order_by("username"))
    assert [user.username for user in reporters] == ["reporter_1", "reporter_2", "reporter_3"]
    for user in reporters:
        assert user.role_codes == {Role.ENTERPRISE_REPORTER}
        assert is_reporter_account(user)
        assert user.check_password(DEMO_PASSWORD)
        employer = Employer.objects.get(reporters=user)
        assert MonitoredEnterprise.objects.filter(employer=employer, left_on__isnull=True).exists()
        assert user.org_unit.region_id == employer.region_id
        assert list(Employer.objects.visible_to(user)) == [employer]
    assert [row[0] for row in demo_reporter_logins()] == ["reporter_1", "reporter_2", "reporter_3"]


def test_a_second_run_changes_nothing():
    demo_data_load(seed=7, scale=SMALL)
    before = snapshot()
    second = {result.name: result for result in demo_data_load(seed=7, scale=SMALL)}
    assert second["reporters"].skipped
    assert snapshot() == before
    # The part itself is idempotent too, run again on top of its own rows.
    demo_parts_discover()
    part = next(part for part in parts() if part.name == "reporters")
    part.generate(DemoContext(seed=7, scale=SMALL))
    assert snapshot() == before


def test_reset_deletes_the_reporters_and_the_same_seed_makes_the_same_ones():
    demo_data_load(seed=7, scale=SMALL)
    employers = [row[4] for row in snapshot()]
    demo_data_reset()
    assert not User.objects.filter(username__startswith="reporter_").exists()
    demo_data_load(seed=7, scale=SMALL)
    assert [row[4] for row in snapshot()] == employers
