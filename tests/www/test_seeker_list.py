"""The seeker list (求职登记人员): the user's region only, its filters, htmx rows, masked numbers and phones, a fixed
number of queries, links to the person card and the matching page, and its audited export."""

import datetime
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.people import crypto
from jiuye.reference.enums import KeyGroup
from jiuye.seekers.enums import SeekerStatus
from jiuye.seekers.models import SeekerRegistration
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory, reporter_of
from tests.people.factories import enter, resident
from tests.seekers.factories import SeekerRegistrationFactory

pytestmark = pytest.mark.django_db

URL = reverse("www:seeker_list")
PURPOSE = {"purpose_kind": "service", "purpose": "6月求职人员电话回访", "confirm": "on"}


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def seeker(region: str = "140105", occupations=("6-18-02-04",), **kwargs) -> SeekerRegistration:
    person = resident(region, unemployed=True, **{key: kwargs.pop(key) for key in ("name", "phone") if key in kwargs})
    registration = SeekerRegistrationFactory(person=person, registered_on=days(-10), expires_on=days(170), **kwargs)
    registration.desired_occupations.set(occupations)
    return registration


def card_url(registration: SeekerRegistration) -> str:
    return reverse("www:person_card", args=[registration.person_id])


def test_the_list_shows_the_users_region_only(client, officer):
    mine, theirs = seeker(), seeker("140106")
    page = client.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert card_url(mine) in text
    assert reverse("www:matching_registration", args=[mine.pk]) in text
    assert card_url(theirs) not in text
    assert reverse("www:matching_registration", args=[theirs.pk]) not in text
    # Another region's officer, asking for Xiaodian by the county filter, still sees only their own county.
    client.force_login(UserFactory(region="140106"))
    text = client.get(URL, {"region": "140105"}).content.decode()
    assert card_url(theirs) in text
    assert card_url(mine) not in text
    # An enterprise's own account sees no seekers at all.
    client.force_login(reporter_of(EmployerFactory()))
    text = client.get(URL).content.decode()
    assert card_url(mine) not in text
    assert card_url(theirs) not in text


def test_numbers_and_phones_are_masked_and_the_masked_list_is_no_audit_event(client, officer):
    registration = seeker(phone="13912345678")
    person = registration.person
    text = client.get(URL).content.decode()
    assert person.ric_masked in text
    assert crypto.decrypt(person.ric_encrypted) not in text
    assert "139****5678" in text
    assert "13912345678" not in text
    assert not AuditEvent.objects.exists()


def test_each_row_offers_the_audited_reveal_only_with_the_permission(client, officer):
    person = seeker().person
    reveal = f'hx-post="{reverse("www:person_ric", args=[person.pk])}"'
    assert reveal not in client.get(URL).content.decode()
    officer.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    client.force_login(officer)  # granted full numbers: the next session confirms a second factor too
    text = client.get(URL).content.decode()
    assert reveal in text
    assert crypto.decrypt(person.ric_encrypted) not in text
    assert not AuditEvent.objects.exists()  # only pressing the button is


def test_the_export_is_audited_and_full_numbers_need_the_permission(client, officer):
    registration = seeker(phone="13912345678")
    other = seeker("140106")
    response = client.get(reverse("www:seeker_export"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert registration.person.ric_masked in cells
    assert other.person.name not in cells
    event = AuditEvent.objects.get()
    assert (event.user, event.action, event.object_type, event.region_code) == (
        officer, AuditAction.EXPORT, "seekers", "140105",
    )  # fmt: skip
    assert event.changes == {"rows": 1, "unmasked": False}
    assert "139****5678" in cells
    assert "13912345678" not in cells
    full_export = reverse("www:seeker_export") + "?unmasked=1"
    assert client.post(full_export, PURPOSE).status_code == 403
    officer.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    client.force_login(officer)  # granted full numbers: the next session confirms a second factor too
    assert client.get(full_export).status_code == 400  # a plain GET exports nothing: it asks for the purpose
    response = client.post(full_export, PURPOSE)
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert crypto.decrypt(registration.person.ric_encrypted) in cells
    assert "13912345678" in cells
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, changes__unmasked=True)
    assert event.changes["purpose"] == "就业服务与跟踪回访：6月求职人员电话回访"


def test_filters_status_name_occupation_and_key_group(client, officer):
    welder = seeker(name="王焊工")
    driver = seeker(occupations=["4-02-02-06"], name="李收费")  # 公路收费及监控员
    expired = seeker(status=SeekerStatus.EXPIRED, name="赵过期")
    enter(driver.person, KeyGroup.RURAL_TRANSFER_WORKER, days(-30))

    def shown(**params) -> set[int]:
        response = client.get(URL, params)
        return {registration.pk for registration in response.context["page"]}

    assert shown() == {welder.pk, driver.pk}  # active ones unless asked
    assert shown(status="") == {welder.pk, driver.pk, expired.pk}
    assert shown(status="expired") == {expired.pk}
    assert shown(q="收费") == {driver.pk}
    assert shown(q="李 收费") == shown(q="李收费") == {driver.pk}  # names match without their spaces
    assert shown(occupation="6-18") == {welder.pk}  # a group's code takes the occupations under it
    assert shown(occupation="4-02-02-06 公路收费及监控员") == {driver.pk}  # as the picker fills it
    assert shown(occupation="焊工") == {welder.pk}  # a name
    assert shown(occupation="高速收费") == {driver.pk}  # a common job title (高速收费员)
    assert shown(group=KeyGroup.RURAL_TRANSFER_WORKER) == {driver.pk}
    assert shown(group="nonsense") == {welder.pk, driver.pk}


def test_a_city_officer_filters_by_county_and_htmx_gets_the_rows(client):
    client.force_login(UserFactory(region="1401"))
    xiaodian, yingze = seeker("140105"), seeker("140106")
    page = client.get(URL)
    assert {county.code for county in page.context["picker"].levels[0].options} >= {"140105", "140106"}
    assert '<option value="140106">迎泽区</option>' in page.content.decode()  # picked by name
    rows = client.get(URL, {"region": "140106"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in rows
    assert card_url(yingze) in rows
    assert card_url(xiaodian) not in rows


def test_a_page_costs_the_same_queries_however_many_rows(client, officer):
    seeker()
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for number in range(8):
        registration = seeker(occupations=["6-18-02-04", "4-02-02-06"])
        enter(registration.person, KeyGroup.HARD_TO_EMPLOY if number % 2 else KeyGroup.VETERAN, days(-5))
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.context["page"].paginator.count == 9
    assert len(many) == len(few)
