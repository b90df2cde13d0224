"""Vacancies on the bulk import path (`ImportKind.save_chunk`, `vacancies_record`): a chunk decided at once with
what its rows refer to fetched together, each vacancy through the services that check the actor, and a row naming
the vacancy of an earlier row of the same file refreshing it, as row by row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiuye.audit.models import AuditEvent
from jiuye.employers.models import Vacancy
from jiuye.employers.services import VacancyTerms
from jiuye.employers.vacancy_batch import VacancyLine, vacancies_record
from jiuye.imports.services import import_run
from jiuye.reference.models import Occupation, Region
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory
from tests.employers.test_vacancy_import import END, HEADER, START, row
from tests.imports.files import write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def imports_dir(settings, tmp_path):
    settings.IMPORTS_DIR = tmp_path / "imports"


@pytest.fixture
def employer():
    return EmployerFactory(name="小店机械有限公司")


@pytest.fixture
def officer():
    return UserFactory(region="140105")


def run(officer, path, *, dry_run=False):
    return import_run(user=officer, kind="vacancy", path=path, file_name=path.name, dry_run=dry_run)[1]


def test_a_chunk_mixing_new_refreshed_unchanged_and_rejected_rows(tmp_path, employer, officer):
    run(officer, write_xlsx(tmp_path / "a.xlsx", HEADER, [row(employer), row(employer, 2, 岗位名称="叉车司机")]))
    rows = [
        row(employer, 1),  # as before
        row(employer, 2, 岗位名称="叉车司机", 月工资上限=7600),  # refreshed
        row(employer, 3, 岗位名称="钳工"),  # new
        row(employer, 4, 岗位名称="铣工", 月工资下限=9000),  # refused: wages
        row(employer, 5, 岗位名称="钳工", 招聘人数=5),  # the new one of row 3, refreshed
    ]
    path = write_xlsx(tmp_path / "b.xlsx", HEADER, rows)

    result = run(officer, path)

    assert (result.created, result.updated, result.unchanged, result.rejected) == (1, 2, 1, 1)
    assert [(error.row, error.column) for error in result.errors] == [(5, "月工资上限")]
    assert Vacancy.objects.get(title="叉车司机").wage_max == 7600
    fitter = Vacancy.objects.get(title="钳工")
    assert fitter.headcount == 5
    assert not Vacancy.objects.filter(title="铣工").exists()
    events = AuditEvent.objects.filter(object_type="employers.Vacancy", object_id=str(fitter.pk)).order_by("pk")
    assert list(events.values_list("action", "summary")) == [("create", f"登记岗位：{fitter}"), ("update", "修改岗位")]

    # Again: rows 3 and 5 name one vacancy with two headcounts, so it takes each in turn and ends as row 5 says,
    # as the rows imported one by one did; the others are unchanged.
    again = run(officer, path)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 2, 2, 1)
    assert Vacancy.objects.get(title="钳工").headcount == 5
    assert Vacancy.objects.count() == 3


def test_the_queries_of_a_chunk_do_not_grow_with_its_unchanged_rows(tmp_path, employer, officer):
    def queries(count: int) -> int:
        rows = [row(employer, number, 岗位名称=f"岗位{count}-{number}") for number in range(count)]
        path = write_xlsx(tmp_path / f"{count}.xlsx", HEADER, rows)
        run(officer, path)
        with CaptureQueriesContext(connection) as captured:
            assert run(officer, path).unchanged == count
        return len(captured)

    assert queries(2) == queries(8)


def test_the_service_checks_the_actor(employer):
    stranger = UserFactory(region="140106")
    terms = VacancyTerms(
        occupation=Occupation.objects.get(code="6-18-02-04"), title="电焊工", region=Region.objects.get(code="140105"),
        wage_min=5000, wage_max=7000, valid_from=START, valid_until=END,
    )  # fmt: skip
    line = VacancyLine(employer, terms, channel="import", given=frozenset())

    [outcome] = vacancies_record(actor=stranger, lines=[line])

    assert outcome.message_dict == {"uscc": ["您不能为该用人单位登记岗位。"]}
    assert not Vacancy.objects.exists()
