"""Employers and vacancies from their lists: 新增用人单位, 新增岗位 (the employer chosen first, then the vacancy
form), and closing a vacancy only after a confirmation that says what happens."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.employers.enums import VacancyStatus
from jiuye.employers.models import Vacancy
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory, VacancyFactory, reporter_of

pytestmark = pytest.mark.django_db

CHOOSE = reverse("www:vacancy_new_employer")


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_the_employer_list_offers_new_employer_to_officers(client, officer):
    text = client.get(reverse("www:employer_list")).content.decode()
    assert "新增用人单位" in text
    assert reverse("www:employer_new") in text
    assert client.get(reverse("www:employer_new")).status_code == 200
    client.force_login(UserFactory(roles=[Role.ANALYST]))
    assert "新增用人单位" not in client.get(reverse("www:employer_list")).content.decode()


def test_the_vacancy_list_offers_new_vacancy_to_officers_and_reporters(client, officer):
    assert f'href="{CHOOSE}"' in client.get(reverse("www:vacancy_list")).content.decode()
    client.force_login(reporter_of(EmployerFactory()))
    assert f'href="{CHOOSE}"' in client.get(reverse("www:vacancy_list")).content.decode()
    client.force_login(UserFactory(roles=[Role.ANALYST]))
    assert f'href="{CHOOSE}"' not in client.get(reverse("www:vacancy_list")).content.decode()
    assert client.get(CHOOSE).status_code == 403


def test_an_officer_chooses_among_the_regions_employers_then_fills_the_form(client, officer):
    mine = EmployerFactory(name="小店汾兴焦化有限公司")
    other = EmployerFactory(name="小店冈台物业公司")
    theirs = EmployerFactory(name="迎泽某公司", region_id="140106")
    text = client.get(CHOOSE).content.decode()
    assert reverse("www:vacancy_new", args=[mine.pk]) in text
    assert reverse("www:vacancy_new", args=[other.pk]) in text
    assert theirs.name not in text
    rows = client.get(CHOOSE, {"q": "焦化"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in rows
    assert reverse("www:vacancy_new", args=[mine.pk]) in rows
    assert reverse("www:vacancy_new", args=[other.pk]) not in rows
    form = client.get(reverse("www:vacancy_new", args=[mine.pk]))
    assert form.status_code == 200
    assert "小店汾兴焦化有限公司 · 登记岗位" in form.content.decode()
    assert client.get(reverse("www:vacancy_new", args=[theirs.pk])).status_code == 404


def test_a_reporter_with_one_employer_goes_straight_to_its_form(client):
    employer = EmployerFactory()
    EmployerFactory()  # another employer of the county, not theirs
    client.force_login(reporter_of(employer))
    response = client.get(CHOOSE)
    assert response.status_code == 302
    assert response.url == reverse("www:vacancy_new", args=[employer.pk])


def test_a_reporter_with_two_employers_chooses_between_them_only(client):
    first, second, stranger = EmployerFactory(), EmployerFactory(region_id="140106"), EmployerFactory()
    client.force_login(reporter_of(first, second))
    text = client.get(CHOOSE).content.decode()
    assert reverse("www:vacancy_new", args=[first.pk]) in text
    assert reverse("www:vacancy_new", args=[second.pk]) in text
    assert reverse("www:vacancy_new", args=[stranger.pk]) not in text
    assert "新增用人单位" not in text


def test_closing_a_vacancy_asks_to_confirm_and_says_what_happens(client, officer):
    vacancy = VacancyFactory(valid_from=days(-10), valid_until=days(20))
    text = client.get(reverse("www:vacancy_detail", args=[vacancy.pk])).content.decode()
    panel = text[text.index('<details class="confirm" id="vacancy-close">') :]
    panel = panel[: panel.index("</details>")]
    assert "关闭岗位…" in panel
    assert "不再接受新的推荐" in panel
    assert "不能再修改岗位或重新开放" in panel
    assert "确认关闭岗位" in panel
    assert f'action="{reverse("www:vacancy_close", args=[vacancy.pk])}"' in panel
    response = client.post(reverse("www:vacancy_close", args=[vacancy.pk]), {"reason": "已招到"})
    assert response.status_code == 302
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.CLOSED
    assert 'id="vacancy-close"' not in client.get(reverse("www:vacancy_detail", args=[vacancy.pk])).content.decode()
