"""Registering and editing employers and their contacts on the pages: officers of the employer's region register
and edit, an employer's reporter account keeps its contacts only, anyone else gets a 403 or a 404; the code is
checked by its GB 32100 check character with the message naming the right one; every change is audited."""

import pytest
from django.urls import reverse
from stdnum.cn import uscc as uscc_standard

from jiuye.accounts.enums import Role
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.employers.models import Employer
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerContactFactory, EmployerFactory, reporter_of

pytestmark = pytest.mark.django_db

NEW = reverse("www:employer_new")
VALID_USCC = "91110000600037341L"  # a published code: its check character is L


def edit_url(employer: Employer) -> str:
    return reverse("www:employer_edit", args=[employer.pk])


@pytest.fixture
def officer(client):
    user = UserFactory(region="140105")
    client.force_login(user)
    return user


def employer_data(**changes) -> dict:
    data = {
        "uscc": VALID_USCC, "name": "小店测试机械有限公司", "industry": "34", "region": "140105",
        "ownership": "private", "size_class": "small", "headcount": "45", "address": "太原市小店区坞城路1号",
        "longitude": "", "latitude": "",
    }  # fmt: skip
    return {**data, **changes}


def test_an_officer_registers_an_employer_and_it_is_audited(client, officer):
    page = client.get(NEW)
    assert page.status_code == 200
    assert page.context["form"].initial["region"] == "140105"
    response = client.post(NEW, employer_data())
    employer = Employer.objects.get(uscc=VALID_USCC)
    assert response.url == reverse("www:employer_detail", args=[employer.pk])
    assert (employer.name, employer.industry_id, employer.region_id, employer.headcount) == (
        "小店测试机械有限公司", "34", "140105", 45,
    )  # fmt: skip
    event = AuditEvent.objects.get(object_type="employers.Employer", object_id=str(employer.pk))
    assert (event.user, event.action) == (officer, AuditAction.CREATE)


def test_a_wrong_check_character_is_refused_naming_the_right_one(client, officer):
    wrong = VALID_USCC[:-1] + "A"
    expected = uscc_standard.calc_check_digit(VALID_USCC[:-1])
    response = client.post(NEW, employer_data(uscc=wrong))
    assert response.status_code == 200
    errors = response.context["form"].errors["uscc"]
    assert errors == [f"统一社会信用代码“{wrong}”无效：校验位不符，应为“{expected}”，而不是“A”"]
    assert f"应为“{expected}”" in response.content.decode()
    assert not Employer.objects.exists()


def test_a_place_outside_the_officers_county_and_a_taken_code_are_refused(client, officer):
    response = client.post(NEW, employer_data(region="140106"))
    assert "不在您的管辖范围内" in response.context["form"].errors["region"][0]
    EmployerFactory(uscc=VALID_USCC)
    response = client.post(NEW, employer_data())
    assert "已登记" in response.context["form"].errors["uscc"][0]


def test_only_officers_register_employers(client):
    client.force_login(UserFactory(roles=[Role.ANALYST]))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, employer_data()).status_code == 403
    client.force_login(reporter_of(EmployerFactory()))  # an enterprise's account is sent to its own portal
    assert client.get(NEW).url == reverse("www:monitoring_mine")
    assert client.post(NEW, employer_data()).status_code == 403  # a posted action reaches the service
    assert not Employer.objects.filter(uscc=VALID_USCC).exists()


def test_the_employer_list_and_page_link_to_the_forms(client, officer):
    employer = EmployerFactory()
    listing = client.get(reverse("www:employer_list")).content.decode()
    assert reverse("www:employer_detail", args=[employer.pk]) in listing
    assert NEW in listing
    assert edit_url(employer) in client.get(reverse("www:employer_detail", args=[employer.pk])).content.decode()


def test_an_officer_edits_the_employer_and_the_change_is_audited(client, officer):
    employer = EmployerFactory(name="旧名称有限公司", headcount=350, address="")
    assert client.get(edit_url(employer)).status_code == 200
    data = employer_data(name="新名称有限公司", headcount="320", address="小店区长风街8号", form="employer")
    del data["uscc"]
    response = client.post(edit_url(employer), data)
    assert response.url == reverse("www:employer_detail", args=[employer.pk])
    employer.refresh_from_db()
    assert (employer.name, employer.headcount, employer.address) == ("新名称有限公司", 320, "小店区长风街8号")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(employer.pk))
    assert event.user == officer
    assert event.changes["name"] == ["旧名称有限公司", "新名称有限公司"]
    assert event.changes["headcount"] == ["350", "320"]


def test_another_regions_officer_gets_a_404_and_changes_nothing(client):
    employer = EmployerFactory(name="小店煤业有限公司")
    contact = EmployerContactFactory(employer=employer, phone="13800001111")
    client.force_login(UserFactory(region="140106"))
    assert client.get(edit_url(employer)).status_code == 404
    data = employer_data(name="被改了", form="employer")
    assert client.post(edit_url(employer), data).status_code == 404
    assert client.get(reverse("www:employer_detail", args=[employer.pk])).status_code == 404
    listing = client.get(reverse("www:employer_list")).content.decode()
    assert "小店煤业有限公司" not in listing
    employer.refresh_from_db()
    contact.refresh_from_db()
    assert (employer.name, contact.phone) == ("小店煤业有限公司", "13800001111")
    assert not AuditEvent.objects.exists()


def test_contacts_are_added_and_edited_on_the_edit_page(client, officer):
    employer = EmployerFactory()
    first = EmployerContactFactory(employer=employer, name="王经理", phone="13800001111", is_primary=True)
    page = client.get(edit_url(employer)).content.decode()
    assert "138****1111" in page
    assert "13800001111" not in page  # the list masks; the form shows the number of the contact being edited
    assert "13800001111" in client.get(edit_url(employer), {"contact": first.pk}).content.decode()
    data = {"form": "contact", "name": "李主管", "title": "人事主管", "phone": "0351-7654321", "is_primary": "on"}
    response = client.post(edit_url(employer), data)
    assert response.status_code == 302
    second = employer.contacts.get(name="李主管")
    first.refresh_from_db()
    assert (second.is_primary, first.is_primary) == (True, False)
    data = {"form": "contact", "contact": first.pk, "name": "王经理", "phone": "13900002222"}
    client.post(edit_url(employer), data)
    first.refresh_from_db()
    assert first.phone == "13900002222"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="employers.EmployerContact")
    assert event.changes["phone"] == ["13800001111", "13900002222"]
    response = client.post(edit_url(employer), {"form": "contact", "name": "赵", "phone": "123"})
    assert "联系电话“123”无效" in response.context["contact_form"].errors["phone"][0]


def test_a_reporter_keeps_its_contacts_but_not_the_employer(client):
    employer = EmployerFactory(name="本单位有限公司")
    other = EmployerFactory()
    client.force_login(reporter_of(employer))
    page = client.get(edit_url(employer))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert 'id="employer-form"' not in page.content.decode()
    data = employer_data(name="改名", form="employer")
    assert client.post(edit_url(employer), data).status_code == 403
    client.post(edit_url(employer), {"form": "contact", "name": "填报员本人", "phone": "13700003333"})
    assert employer.contacts.filter(name="填报员本人").exists()
    assert client.get(edit_url(other)).status_code == 404
    employer.refresh_from_db()
    assert employer.name == "本单位有限公司"


def test_an_analyst_may_not_edit(client):
    employer = EmployerFactory()
    client.force_login(UserFactory(roles=[Role.ANALYST]))
    assert client.get(edit_url(employer)).status_code == 403


def test_a_contact_is_removed_and_the_audit_keeps_what_it_held(client, officer):
    employer = EmployerFactory()
    contact = EmployerContactFactory(employer=employer, name="离职人员", phone="13800004444")
    response = client.post(edit_url(employer), {"form": "remove_contact", "contact": contact.pk})
    assert response.status_code == 302
    assert not employer.contacts.filter(pk=contact.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_type="employers.EmployerContact")
    assert event.changes["phone"] == ["13800004444", None]
    assert client.post(edit_url(employer), {"form": "remove_contact", "contact": 999999}).status_code == 404


def test_another_regions_officer_and_an_analyst_cannot_remove_a_contact(client):
    employer = EmployerFactory()
    contact = EmployerContactFactory(employer=employer)
    client.force_login(UserFactory(region="140106"))
    assert client.post(edit_url(employer), {"form": "remove_contact", "contact": contact.pk}).status_code == 404
    client.force_login(UserFactory(roles=[Role.ANALYST]))
    assert client.post(edit_url(employer), {"form": "remove_contact", "contact": contact.pk}).status_code == 403
    assert employer.contacts.filter(pk=contact.pk).exists()
    assert not AuditEvent.objects.exists()
