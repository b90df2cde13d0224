"""Job-seeker registration (求职登记): who may register by the rules file, one active registration per person,
renewal inside its window, withdrawal, and the nightly expiry."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.audit.models import AuditEvent
from jiuye.people.rules import seeker_rule
from jiuye.reference.models import Occupation, Region
from jiuye.seekers.enums import SeekerStatus
from jiuye.seekers.models import SeekerRegistration
from jiuye.seekers.services import (
    add_months,
    seeker_refusal,
    seeker_register,
    seeker_renew,
    seeker_withdraw,
    seekers_expire,
)
from tests.accounts.factories import SETUP, UserFactory
from tests.people.factories import PersonFactory, make_ric, resident
from tests.seekers.factories import SeekerRegistrationFactory

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def born_years_ago(years: int, *, plus_days: int = 0) -> datetime.date:
    """A birthday `years` ago, moved `plus_days` later (so the person is a day short of that age when positive)."""
    day = today()
    return day.replace(year=day.year - years, day=min(day.day, 28)) + datetime.timedelta(days=plus_days)


def register(person, actor=None, **overrides):
    values = {"registered_on": today(), "accepted_regions": [Region.objects.get(code="140105")], "expected_wage": 4500}
    return seeker_register(actor=actor or UserFactory(), person=person, **{**values, **overrides})


def test_rules_file_holds_the_registration_rule():
    rule = seeker_rule()
    assert (rule.minimum_age, rule.validity_months, rule.renewal_window_days) == (16, 6, 30)
    assert rule.employed_may_register is True


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),
        (datetime.date(2026, 1, 15), 6, datetime.date(2026, 7, 15)),
        (datetime.date(2027, 8, 31), 6, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 7, 1), 6, datetime.date(2027, 1, 1)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(start, months, expected):
    assert add_months(start, months) == expected


def test_register_sets_expiry_from_the_rule_and_audits():
    officer = UserFactory()
    person = resident()
    welder = Occupation.objects.get(code="6-18-02-04")
    registration = register(person, officer, desired_occupations=[welder], desired_titles="电焊工", commute_km=20)
    assert registration.status == SeekerStatus.ACTIVE
    assert registration.expires_on == add_months(today(), 6)
    assert registration.organisation == officer.org_unit
    assert list(registration.desired_occupations.values_list("code", flat=True)) == ["6-18-02-04"]
    assert list(registration.accepted_regions.values_list("code", flat=True)) == ["140105"]
    event = AuditEvent.objects.get(object_type="seekers.SeekerRegistration", object_id=str(registration.pk))
    assert (event.person, event.user, event.summary) == (person, officer, "求职登记")


def test_one_active_registration_per_person():
    person = resident()
    first = register(person)
    with pytest.raises(ValidationError) as error:
        register(person)
    assert error.value.messages == [
        f"{person.name}已有有效的求职登记（有效期至{first.expires_on}），请续期或修改该登记。"
    ]
    seeker_withdraw(actor=SETUP, registration=first)
    assert register(person).status == SeekerStatus.ACTIVE


def test_age_edges_sixteen_and_the_retirement_age():
    sixteen_today = PersonFactory(ric=make_ric(born=born_years_ago(16)))
    assert register(sixteen_today).status == SeekerStatus.ACTIVE
    fifteen = PersonFactory(ric=make_ric(born=born_years_ago(16, plus_days=1)))
    with pytest.raises(ValidationError, match="现年15岁，不在法定劳动年龄内（16至54岁）"):
        register(fifteen)
    # Women's working age ends at 55 by the rules file: 54 may register, 55 may not.
    fifty_four = PersonFactory(ric=make_ric(born=born_years_ago(55, plus_days=1)))
    assert register(fifty_four).status == SeekerStatus.ACTIVE
    fifty_five = PersonFactory(ric=make_ric(born=born_years_ago(55)))
    with pytest.raises(ValidationError, match="现年55岁"):
        register(fifty_five)


def test_unable_to_work_cannot_register_and_wishes_are_required():
    with pytest.raises(ValidationError, match="无劳动能力"):
        register(resident(able_to_work=False))
    with pytest.raises(ValidationError) as error:
        register(resident(), accepted_regions=[])
    assert error.value.message_dict == {"accepted_regions": ["请填写意向工作地，或可接受的通勤距离"]}
    assert register(resident(), accepted_regions=[], commute_km=15).commute_km == 15
    with pytest.raises(ValidationError, match="登记日期不能晚于今天"):
        register(resident(), registered_on=days(1))


def test_the_refusal_is_known_before_the_form_in_the_words_of_the_registration():
    """The card asks `seeker_refusal` before it offers the form; `seeker_register` refuses with the same words."""
    assert seeker_refusal(person=resident(), on=today()) is None
    too_old = PersonFactory(ric=make_ric(born=born_years_ago(55)), name="老王")
    too_young = PersonFactory(ric=make_ric(born=born_years_ago(16, plus_days=1)), name="小李")
    unable = resident(able_to_work=False, name="赵某")
    active = SeekerRegistrationFactory(person=resident(name="钱某"), registered_on=days(-10), expires_on=days(170))
    expected = {
        too_old: "老王现年55岁，不在法定劳动年龄内（16至54岁），不能办理求职登记。",
        too_young: "小李现年15岁，不在法定劳动年龄内（16至54岁），不能办理求职登记。",
        unable: "赵某登记为无劳动能力，不能办理求职登记。",
        active.person: f"钱某已有有效的求职登记（有效期至{active.expires_on}），请续期或修改该登记。",
    }
    for person, reason in expected.items():
        assert seeker_refusal(person=person, on=today()) == reason
        with pytest.raises(ValidationError) as error:
            register(person)
        assert error.value.messages == [reason]


def test_only_officers_of_the_persons_region_register():
    person = resident()
    with pytest.raises(PermissionDenied, match="不在您的管辖范围内"):
        register(person, UserFactory(region="140106"))
    with pytest.raises(PermissionDenied, match="只有经办人员或管理员"):
        register(person, UserFactory(roles=[Role.ANALYST]))
    assert not SeekerRegistration.objects.exists()


def test_renew_inside_the_window_runs_on_from_the_old_expiry():
    registration = SeekerRegistrationFactory(person=resident(), registered_on=days(-170), expires_on=days(10))
    renewed = seeker_renew(actor=UserFactory(), registration=registration, on=today())
    assert (renewed.renewed_on, renewed.expires_on) == (today(), add_months(days(10), 6))


def test_renew_window_edges():
    officer = UserFactory()
    edge = SeekerRegistrationFactory(person=resident(), registered_on=days(-100), expires_on=days(30))
    assert seeker_renew(actor=officer, registration=edge, on=today()).expires_on == add_months(days(30), 6)
    early = SeekerRegistrationFactory(person=resident(), registered_on=days(-100), expires_on=days(31))
    with pytest.raises(ValidationError) as error:
        seeker_renew(actor=officer, registration=early, on=today())
    assert error.value.messages == [f"到期前30天内才能续期（自{days(1)}起）。"]
    last_day = SeekerRegistrationFactory(person=resident(), registered_on=days(-180), expires_on=today())
    assert seeker_renew(actor=officer, registration=last_day, on=today()).renewed_on == today()
    late = SeekerRegistrationFactory(person=resident(), registered_on=days(-200), expires_on=days(-1))
    with pytest.raises(ValidationError, match=f"已于{days(-1)}到期，不能续期；请重新登记"):
        seeker_renew(actor=officer, registration=late, on=today())


def test_withdrawn_or_placed_cannot_be_renewed_and_withdraw_is_idempotent():
    officer = UserFactory()
    registration = SeekerRegistrationFactory(person=resident(), registered_on=days(-170), expires_on=days(10))
    assert seeker_withdraw(actor=officer, registration=registration, reason="已自行找到工作") is True
    assert seeker_withdraw(actor=officer, registration=registration) is False
    with pytest.raises(ValidationError, match="求职登记已撤销，不能续期"):
        seeker_renew(actor=officer, registration=registration, on=today())
    placed = SeekerRegistrationFactory(person=resident(), status=SeekerStatus.PLACED)
    with pytest.raises(ValidationError, match="求职登记已就业，不能撤销"):
        seeker_withdraw(actor=officer, registration=placed)


def test_seekers_expire_is_idempotent(capsys):
    stale = SeekerRegistrationFactory(person=resident(), registered_on=days(-200), expires_on=days(-1))
    last_day = SeekerRegistrationFactory(person=resident(), registered_on=days(-180), expires_on=today())
    withdrawn = SeekerRegistrationFactory(
        person=resident(), registered_on=days(-200), expires_on=days(-1), status=SeekerStatus.WITHDRAWN
    )
    assert seekers_expire(today=today()) == 1
    assert seekers_expire(today=today()) == 0
    statuses = dict(SeekerRegistration.objects.values_list("pk", "status"))
    assert statuses == {stale.pk: "expired", last_day.pk: "active", withdrawn.pk: "withdrawn"}
    call_command("seekers_expire", "--today", days(1).isoformat())
    assert capsys.readouterr().out.strip() == "expired=1"
    call_command("seekers_expire", "--today", days(1).isoformat())
    assert capsys.readouterr().out.strip() == "expired=0"
