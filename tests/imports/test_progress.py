"""An import reports its progress after each chunk, with the file's row count as the end of the bar: rows read,
checked and written of the rows below the header (blank ones included), on .xlsx and on .csv."""

import datetime

import pytest

from jiuye.imports.services import CHUNK_ROWS, import_run
from tests.accounts.factories import UserFactory
from tests.imports.files import GRADUATE_HEADER, graduate, write_csv, write_xlsx
from tests.people.factories import make_ric

pytestmark = pytest.mark.django_db
ROWS = CHUNK_ROWS + 5


@pytest.mark.parametrize("write", [write_xlsx, write_csv], ids=["xlsx", "csv"])
def test_progress_counts_rows_of_the_total_after_each_chunk(tmp_path, write):
    rows = [graduate(f"学生{index}", _ric(index)) for index in range(ROWS - 1)]
    rows.insert(10, [""] * len(GRADUATE_HEADER))  # a blank row is read and counted, not imported
    path = write(tmp_path / f"graduates.{write.__name__[-4:].lstrip('_')}", GRADUATE_HEADER, rows)
    reported = []

    record, _result = import_run(
        user=UserFactory(region="140105"), kind="unplaced_graduate", path=path, dry_run=False,
        progress=reported.append,
    )  # fmt: skip

    assert record.created == ROWS - 1
    assert [(step.rows_read, step.total) for step in reported] == [(CHUNK_ROWS, ROWS), (ROWS, ROWS)]
    assert reported[-1].rows_checked == reported[-1].rows_written == ROWS - 1


def _ric(index: int) -> str:
    return make_ric(born=datetime.date(1995, 1, 1) + datetime.timedelta(days=index // 500), sequence=index % 500)
