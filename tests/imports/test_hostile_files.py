"""Files that once crashed an import (issue 15): each must end in a Chinese file-level error or a row error, with
nothing half-written. The damaged files are made here from good ones, not kept as binary blobs."""

import codecs
import zipfile

import pytest
from python_calamine import CalamineWorkbook, XmlError

from jiuye.imports import readers
from jiuye.imports.enums import ImportStatus
from jiuye.imports.models import ImportRecord
from jiuye.imports.readers import BOM_GB18030, decode_csv
from jiuye.imports.services import import_run
from jiuye.people.models import Person
from tests.accounts.factories import UserFactory
from tests.imports.files import GRADUATE_HEADER, graduate, write_xlsx
from tests.people.factories import make_ric

pytestmark = pytest.mark.django_db

UNREADABLE = "无法读取该Excel文件，文件可能已损坏或不是.xlsx格式"


@pytest.fixture
def caseworker():
    return UserFactory(region="1401")


def graduates(count: int) -> list[list]:
    return [graduate(f"张{index}", make_ric(sequence=index + 1)) for index in range(count)]


def csv_bytes(rows: list[list], encoding: str) -> bytes:
    lines = [",".join(GRADUATE_HEADER)] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def test_utf8_byte_order_mark_before_gbk_bytes_is_a_file_error(caseworker, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(codecs.BOM_UTF8 + csv_bytes(graduates(2), "gbk"))

    record, result = import_run(user=caseworker, kind="unplaced_graduate", path=path, dry_run=False)

    assert result.failure.startswith("CSV文件开头标明是UTF-8编码，但第4个字节起的内容不是UTF-8编码")
    assert record.status == ImportStatus.FAILED
    assert Person.objects.count() == 0


def test_gb18030_byte_order_mark_is_dropped(caseworker, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(BOM_GB18030 + csv_bytes(graduates(2), "gb18030"))

    record, result = import_run(user=caseworker, kind="unplaced_graduate", path=path, dry_run=False)

    assert result.failure == ""
    assert record.summary == "created=2 updated=0 unchanged=0 rejected=0"
    assert decode_csv(BOM_GB18030 + "姓名".encode("gb18030")) == ("姓名", "gb18030")


def _damaged(path, cut: float):
    """`path` rewritten with its sheet's XML cut off at `cut` of its length: a valid zip holding broken XML."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet[: int(len(sheet) * cut)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


class FailingSheet:
    """A sheet whose XML breaks at its 1,500th row, after the first chunk of rows has been written."""

    def __init__(self, sheet) -> None:
        self.sheet, self.start, self.end = sheet, sheet.start, sheet.end

    def iter_rows(self):
        for index, row in enumerate(self.sheet.iter_rows()):
            if index == 1500:
                raise XmlError("unexpected end of file")
            yield row


class FailingWorkbook:
    def __init__(self, workbook) -> None:
        self.workbook, self.sheets_metadata = workbook, workbook.sheets_metadata

    @classmethod
    def from_path(cls, path):
        return cls(CalamineWorkbook.from_path(path))

    def get_sheet_by_index(self, index: int) -> FailingSheet:
        return FailingSheet(self.workbook.get_sheet_by_index(index))

    def close(self) -> None:
        self.workbook.close()


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_xlsx_with_truncated_sheet_xml_is_a_file_error(caseworker, tmp_path, cut):
    path = _damaged(write_xlsx(tmp_path / "a.xlsx", GRADUATE_HEADER, graduates(30)), cut)

    record, result = import_run(user=caseworker, kind="unplaced_graduate", path=path, dry_run=False)

    assert result.failure == UNREADABLE
    assert record.status == ImportStatus.FAILED
    assert Person.objects.count() == 0


def test_xlsx_failing_while_its_rows_are_read_is_a_file_error_with_nothing_written(caseworker, tmp_path, monkeypatch):
    """calamine reads a sheet whole when it opens it; should a damaged sheet fail later, between rows already
    written and the rest, the run fails whole."""
    monkeypatch.setattr(readers, "CalamineWorkbook", FailingWorkbook)
    path = write_xlsx(tmp_path / "a.xlsx", GRADUATE_HEADER, graduates(1800) + [graduate("坏", "12345")] * 200)

    record, result = import_run(user=caseworker, kind="unplaced_graduate", path=path, dry_run=False)

    assert result.failure == UNREADABLE
    assert record.status == ImportStatus.FAILED
    assert record.summary == "created=0 updated=0 unchanged=0 rejected=0"  # the first chunk's rows are not counted
    assert Person.objects.count() == 0


def test_too_many_rows_is_refused_before_any_is_read(caseworker, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 3
    path = write_xlsx(tmp_path / "a.xlsx", GRADUATE_HEADER, graduates(4))

    record, result = import_run(user=caseworker, kind="unplaced_graduate", path=path, dry_run=False)

    assert result.failure == "文件有4行，超过了一次导入最多3行的限制，请拆分成几个文件后分别导入"
    assert record.status == ImportStatus.FAILED
    assert Person.objects.count() == 0


def test_csv_rows_are_counted_against_the_limit(caseworker, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 3
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes(graduates(4), "utf-8"))

    _record, result = import_run(user=caseworker, kind="unplaced_graduate", path=path)

    assert result.failure == "文件有4行，超过了一次导入最多3行的限制，请拆分成几个文件后分别导入"


def test_a_file_at_the_limit_imports(caseworker, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 3
    path = write_xlsx(tmp_path / "a.xlsx", GRADUATE_HEADER, graduates(3))

    record, _result = import_run(user=caseworker, kind="unplaced_graduate", path=path, dry_run=False)

    assert record.summary == "created=3 updated=0 unchanged=0 rejected=0"
    assert ImportRecord.objects.count() == 1


def test_the_default_limit_is_a_million_rows():
    assert readers.max_rows() == 1_000_000
