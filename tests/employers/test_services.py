"""Employer and vacancy services: the USCC check character, the region scope of officers, the employer's own
accounts, every vacancy rule at its edge, closing and filling, and the nightly expiry."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.audit.models import AuditEvent
from jiuye.employers.enums import VacancyChannel, VacancyStatus
from jiuye.employers.models import Employer, Vacancy
from jiuye.employers.services import (
    VacancyTerms,
    employer_contact_add,
    employer_contact_update,
    employer_create,
    employer_update,
    uscc_normalise,
    vacancies_expire,
    vacancy_close,
    vacancy_create,
    vacancy_fill,
    vacancy_update,
)
from jiuye.reference.models import Industry, Occupation, Region
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory, VacancyFactory, reporter_of

pytestmark = pytest.mark.django_db

VALID_USCC = "91110000600037341L"  # a published code: its check character is L


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def test_uscc_valid_code_is_accepted_in_compact_form():
    assert uscc_normalise("91110000600037341L") == VALID_USCC
    assert uscc_normalise("9111 0000 6000 3734 1L") == VALID_USCC


def test_uscc_wrong_check_character_names_the_right_one():
    with pytest.raises(ValidationError) as error:
        uscc_normalise("91110000600037341A")
    assert error.value.messages == ["统一社会信用代码“91110000600037341A”无效：校验位不符，应为“L”，而不是“A”"]


def test_uscc_wrong_length_and_characters():
    with pytest.raises(ValidationError, match="应为18位"):
        uscc_normalise("9111000060003734")
    with pytest.raises(ValidationError, match="不允许的字符"):
        uscc_normalise("91110000600037341I")


def create(actor, **overrides) -> Employer:
    values = {
        "uscc": VALID_USCC, "name": "太原测试机械有限公司", "industry": Industry.objects.get(code="34"),
        "region": Region.objects.get(code="140105"), "ownership": "private", "size_class": "small",
    }  # fmt: skip
    return employer_create(actor=actor, **{**values, **overrides})


def test_employer_create_audits_and_refuses_a_bad_code_on_its_field():
    officer = UserFactory()
    employer = create(officer, uscc="91110000600037341l")
    assert (employer.uscc, employer.name, employer.region_id) == (VALID_USCC, "太原测试机械有限公司", "140105")
    event = AuditEvent.objects.get(object_id=str(employer.pk), object_type="employers.Employer")
    assert (event.user, event.region_code) == (officer, "140105")
    with pytest.raises(ValidationError) as error:
        create(officer)
    assert error.value.message_dict == {"uscc": [f"统一社会信用代码{VALID_USCC}已登记"]}
    with pytest.raises(ValidationError) as error:
        create(officer, uscc="91110000600037341A")
    assert "校验位不符，应为“L”" in error.value.message_dict["uscc"][0]


def test_employer_create_outside_the_officers_region_or_by_a_reporter_is_refused():
    with pytest.raises(ValidationError) as error:
        create(UserFactory(region="140106"))
    assert error.value.message_dict == {"region": ["“小店区”不在您的管辖范围内"]}
    with pytest.raises(ValidationError, match="至少精确到县"):
        create(UserFactory(region="1401"), region=Region.objects.get(code="1401"))
    with pytest.raises(PermissionDenied):
        create(reporter_of())


def test_employer_update_changes_and_audits_only_what_differs():
    officer = UserFactory()
    employer = EmployerFactory()
    assert edit(officer, employer, address="小店区长治路1号") is True
    assert edit(officer, employer, address="小店区长治路1号") is False
    employer.refresh_from_db()
    assert employer.address == "小店区长治路1号"
    with pytest.raises(ValidationError, match="经度和纬度须同时填写"):
        edit(officer, employer, longitude=Decimal("112.55"))
    with pytest.raises(PermissionDenied):
        edit(UserFactory(region="140106"), employer, address="x")
    [event] = AuditEvent.objects.filter(object_type="employers.Employer", object_id=str(employer.pk))
    assert (event.user, list(event.changes), event.changes["address"][1]) == (officer, ["address"], "小店区长治路1号")


def edit(actor, employer, **changes) -> bool:
    fields = ["name", "industry", "region", "ownership", "size_class", "headcount", "address", "longitude", "latitude"]
    values = {field: getattr(employer, field) for field in fields}
    return employer_update(actor=actor, employer=employer, **{**values, **changes})


def test_contact_add_checks_the_phone_and_keeps_one_primary():
    officer = UserFactory()
    employer = EmployerFactory()
    first = employer_contact_add(actor=officer, employer=employer, name="王经理", phone="13912345678", is_primary=True)
    second = employer_contact_add(
        actor=officer, employer=employer, name="李主管", phone="0351-7654321", is_primary=True
    )
    first.refresh_from_db()
    assert (first.is_primary, second.is_primary, second.phone) == (False, True, "0351-7654321")
    with pytest.raises(ValidationError, match="联系电话“123”无效"):
        employer_contact_add(actor=officer, employer=employer, name="赵", phone="123")


def test_contact_update_audits_the_change_and_keeps_one_primary():
    officer = UserFactory()
    employer = EmployerFactory()
    first = employer_contact_add(actor=officer, employer=employer, name="王经理", phone="13912345678", is_primary=True)
    second = employer_contact_add(actor=officer, employer=employer, name="李主管", phone="0351-7654321")
    changed = employer_contact_update(
        actor=officer, contact=second, name="李主管", title="人事主管", phone="0351-7654322", is_primary=True
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert changed
    assert (first.is_primary, second.is_primary, second.phone, second.title) == (
        False,
        True,
        "0351-7654322",
        "人事主管",
    )
    event = AuditEvent.objects.get(action="update", object_type="employers.EmployerContact")
    assert event.changes["phone"] == ["0351-7654321", "0351-7654322"]
    again = {"name": "李主管", "title": "人事主管", "phone": "0351-7654322", "is_primary": True}
    assert not employer_contact_update(actor=officer, contact=second, **again)
    with pytest.raises(ValidationError) as error:
        employer_contact_update(actor=officer, contact=second, name="李主管", phone="123")
    assert "phone" in error.value.message_dict
    with pytest.raises(ValidationError, match="至少填写一项"):
        employer_contact_update(actor=officer, contact=second, name="李主管")
    # Its own reporter account keeps its contacts; another county's officer and another employer's account may not.
    employer_contact_update(actor=reporter_of(employer), contact=second, name="李主管", phone="13700001111")
    for stranger in (UserFactory(region="140106"), reporter_of(EmployerFactory())):
        with pytest.raises(PermissionDenied):
            employer_contact_update(actor=stranger, contact=second, name="X", phone="13700001111")


def post(actor, employer, channel=VacancyChannel.CASEWORKER, **overrides) -> Vacancy:
    values = {
        "occupation": Occupation.objects.get(code="6-18-02-04"), "title": "电焊工",
        "region": Region.objects.get(code="140105"), "wage_min": 5000, "wage_max": 7000, "valid_from": today(),
        "valid_until": days(60), "headcount": 2,
    }  # fmt: skip
    terms = VacancyTerms(**{**values, **overrides})
    return vacancy_create(actor=actor, employer=employer, terms=terms, channel=channel)


def change(actor, vacancy, **changes) -> bool:
    return vacancy_update(actor=actor, vacancy=vacancy, terms=replace(VacancyTerms.of(vacancy), **changes))


def test_vacancy_create_by_an_officer():
    officer = UserFactory()
    vacancy = post(officer, EmployerFactory(), skills="电焊、气割", education="senior_secondary")
    assert (vacancy.status, vacancy.created_by, vacancy.skills, vacancy.headcount) == (
        "open",
        officer,
        "电焊、气割",
        2,
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"wage_min": 7001}, "wage_max", "月工资上限（7000元）不能低于下限（7001元）"),
        ({"wage_min": 0}, "wage_min", "月工资下限应大于0元"),
        ({"headcount": 0}, "headcount", "招聘人数至少为1人"),
        ({"valid_until": datetime.date(2020, 1, 1), "valid_from": datetime.date(2020, 1, 2)}, "valid_until",
         "有效期止不能早于有效期起"),
        ({"valid_from": datetime.date(2020, 1, 1), "valid_until": datetime.date(2020, 1, 2)}, "valid_until",
         "有效期止（2020-01-02）已过"),
        ({"channel": VacancyChannel.JOB_FAIR}, "job_fair", "招聘会登记的岗位须填写招聘会名称"),
        ({"title": "  "}, "title", "请填写岗位名称"),
    ],
)  # fmt: skip
def test_vacancy_rules(overrides, field, message):
    with pytest.raises(ValidationError) as error:
        post(UserFactory(), EmployerFactory(), **overrides)
    assert error.value.message_dict[field] == [message]


def test_vacancy_rules_at_their_edges_are_accepted():
    vacancy = post(
        UserFactory(), EmployerFactory(), wage_min=7000, headcount=1, valid_from=today(), valid_until=today()
    )
    assert (vacancy.wage_min, vacancy.wage_max, vacancy.valid_until) == (7000, 7000, today())


def test_vacancy_occupation_must_be_a_minor_group_or_finer():
    with pytest.raises(ValidationError) as error:
        post(UserFactory(), EmployerFactory(), occupation=Occupation.objects.get(code="6-18"))
    assert "职业应选到小类或职业（细类）" in error.value.message_dict["occupation"][0]


def test_officer_posts_work_in_their_region_only_and_reporters_only_for_their_employer():
    employer, other = EmployerFactory(), EmployerFactory()
    with pytest.raises(PermissionDenied):
        post(UserFactory(region="140106"), employer)
    with pytest.raises(ValidationError) as error:
        post(UserFactory(), employer, region=Region.objects.get(code="140106"))
    assert error.value.message_dict == {"region": ["“迎泽区”不在您的管辖范围内"]}
    clerk = reporter_of(employer, region="140106")
    vacancy = post(clerk, employer, channel=VacancyChannel.EMPLOYER, region=Region.objects.get(code="140106"))
    assert vacancy.region_id == "140106"  # an employer's account may post work anywhere
    with pytest.raises(PermissionDenied):
        post(clerk, other)


def test_vacancy_update_close_fill_and_the_states_that_end_editing():
    officer = UserFactory()
    vacancy = VacancyFactory(valid_until=days(30))
    assert change(officer, vacancy, wage_max=8000) is True
    assert change(officer, vacancy, wage_max=8000) is False
    with pytest.raises(ValidationError, match="月工资上限"):
        change(officer, vacancy, wage_max=4000)
    vacancy.refresh_from_db()
    assert vacancy_close(actor=officer, vacancy=vacancy, reason="暂停招聘") is True
    assert vacancy_close(actor=officer, vacancy=vacancy) is False
    with pytest.raises(ValidationError, match="岗位已关闭，不能再修改"):
        change(officer, vacancy, wage_max=9000)
    with pytest.raises(ValidationError, match="岗位已关闭，不能再变更"):
        vacancy_fill(actor=officer, vacancy=vacancy)
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.wage_max) == (VacancyStatus.CLOSED, 8000)


def test_reporter_of_one_employer_cannot_touch_anothers_vacancy():
    mine, theirs = VacancyFactory(valid_until=days(30)), VacancyFactory(valid_until=days(30))
    clerk = reporter_of(mine.employer)
    assert change(clerk, mine, headcount=3) is True
    with pytest.raises(PermissionDenied):
        change(clerk, theirs, headcount=3)
    with pytest.raises(PermissionDenied):
        vacancy_close(actor=clerk, vacancy=theirs)
    analyst = UserFactory(roles=[Role.ANALYST])
    with pytest.raises(PermissionDenied):
        vacancy_close(actor=analyst, vacancy=mine)


def test_vacancies_expire_is_idempotent_and_leaves_other_states_alone(capsys):
    stale = VacancyFactory(valid_from=days(-30), valid_until=days(-1))
    current = VacancyFactory(valid_from=days(-30), valid_until=today())
    closed = VacancyFactory(valid_from=days(-30), valid_until=days(-1), status=VacancyStatus.CLOSED)
    assert vacancies_expire(today=today()) == 1
    assert vacancies_expire(today=today()) == 0
    statuses = dict(Vacancy.objects.values_list("pk", "status"))
    assert statuses == {stale.pk: "expired", current.pk: "open", closed.pk: "closed"}
    call_command("vacancies_expire", "--today", days(1).isoformat())
    assert capsys.readouterr().out.strip() == "expired=1"
    call_command("vacancies_expire", "--today", days(1).isoformat())
    assert capsys.readouterr().out.strip() == "expired=0"
