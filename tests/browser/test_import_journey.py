"""A county caseworker imports a register in the browser: downloads the blank template, fills it with good and bad
rows, uploads it, reads the Chinese counts and the row errors, downloads the error report, confirms, and sees what
was written; and the import pages on a phone do not scroll sideways."""

import datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from jiuye.people.masking import mask_ric
from jiuye.people.models import Person
from tests.accounts.factories import UserFactory
from tests.browser.conftest import log_in
from tests.people.factories import make_ric

GOOD_A, GOOD_B = make_ric(sequence=1), make_ric(sequence=3)
BAD_CHECK = GOOD_A[:-1] + ("0" if GOOD_A[-1] != "0" else "1")
KIND = "离校未就业高校毕业生台账"


@pytest.fixture(autouse=True)
def imports_dir(settings, tmp_path):
    settings.IMPORTS_DIR = tmp_path / "imports"


def graduate(name: str, ric: str, **overrides) -> dict:
    row = {
        "姓名": name, "公民身份号码": ric, "现居住地区划代码": "140105", "毕业院校": "山西大学",
        "所学专业": "计算机科学与技术", "毕业时间": "2025年6月30日", "学历": "大学本科", "就业状态": "失业",
    }  # fmt: skip
    return row | overrides


def filled(template_path, tmp_path):
    """The downloaded template with two good rows and five bad ones (rows 4 to 8)."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    rows = [
        graduate("张三", GOOD_A),
        graduate("李四", GOOD_B, 毕业时间="2025/7/1"),
        graduate("王五", BAD_CHECK),  # row 4: the check character is wrong
        graduate("赵六", make_ric(sequence=5), 毕业时间="2025-02-30"),  # row 5: no such day
        graduate("钱七", make_ric(sequence=7), 登记日期=tomorrow.isoformat()),  # row 6: in the future
        graduate("孙八", make_ric(sequence=9), 现居住地区划代码="140106"),  # row 7: Yingze, not this county
        graduate("张三", GOOD_A),  # row 8: the same person as row 2
    ]
    workbook = load_workbook(template_path)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(column, "") for column in header])
    path = tmp_path / "毕业生台账.xlsx"
    workbook.save(path)
    return path


def test_a_caseworker_imports_a_register_with_bad_rows_and_reads_why(page, tmp_path):
    log_in(page, UserFactory(region="140105"))
    page.goto("/imports/")

    with page.expect_download() as download:
        page.get_by_role("link", name=KIND, exact=True).click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    assert load_workbook(template).sheetnames[:2] == [KIND, "填写说明"]

    page.get_by_label("导入类型").select_option(label=KIND)
    page.get_by_label("文件（.xlsx或.csv）").set_input_files(filled(template, tmp_path))
    page.get_by_role("button", name="上传并试运行").click()

    assert page.locator("#counts").inner_text() == "新增 2、更新 0、未变 0、拒绝 5"
    errors = page.locator("#errors tbody tr")
    cells = [errors.nth(i).locator("td").all_inner_texts() for i in range(errors.count())]
    assert [row[:2] for row in cells] == [
        ["4", "公民身份号码"], ["5", "毕业时间"], ["6", "登记日期"], ["7", "现居住地区划代码"], ["8", "公民身份号码"],
    ]  # fmt: skip
    reasons = [row[2] for row in cells]
    # The number as typed is masked on the page for a caseworker without the unmask permission (issue 15).
    assert reasons[0] == f"公民身份号码“{mask_ric(BAD_CHECK)}”的校验位不正确"
    assert reasons[1].startswith("“2025-02-30”不是有效的日期")
    assert reasons[2] == "登记日期不能晚于今天"
    assert reasons[3] == "现居住地“140106”不在您的管辖范围内"
    assert reasons[4] == "与第2行重复（公民身份号码相同），本行未导入"
    assert cells[0][3] == mask_ric(BAD_CHECK)  # the cell as typed, masked
    assert BAD_CHECK not in page.content()
    assert not Person.objects.exists()  # a dry run

    with page.expect_download() as download:
        page.get_by_role("link", name="下载错误明细（.xlsx）").click()
    report = tmp_path / "report.xlsx"
    download.value.save_as(report)
    rejected = list(load_workbook(report)["被拒绝的行"].iter_rows(values_only=True))
    assert rejected[0][0] == "行号"
    assert rejected[0][-1] == "错误原因"
    assert [(row[0], row[1]) for row in rejected[1:]] == [
        (4, "王五"), (5, "赵六"), (6, "钱七"), (7, "孙八"), (8, "张三"),
    ]  # fmt: skip
    assert rejected[1][-1] == f"公民身份号码：公民身份号码“{BAD_CHECK}”的校验位不正确"
    assert rejected[4][-1] == "现居住地区划代码：现居住地“140106”不在您的管辖范围内"

    page.get_by_role("button", name="确认导入（新增和更新 2 行）").click()
    assert page.locator(".messages").inner_text() == "已导入：新增 2、更新 0、未变 0、拒绝 5"
    assert page.locator("h1").inner_text().startswith("导入结果")
    assert page.locator("#counts").inner_text() == "新增 2、更新 0、未变 0、拒绝 5"
    assert sorted(Person.objects.values_list("name", flat=True)) == ["张三", "李四"]
    assert "created=" not in page.content()
    assert page.problems == []


def test_the_import_pages_fit_a_phone(phone, tmp_path):
    user = UserFactory(region="140105")
    log_in(phone, user)
    phone.goto("/imports/")
    with phone.expect_download() as download:
        phone.get_by_role("link", name=KIND, exact=True).click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    phone.get_by_label("导入类型").select_option(label=KIND)
    phone.get_by_label("文件（.xlsx或.csv）").set_input_files(filled(template, tmp_path))
    phone.get_by_role("button", name="上传并试运行").click()
    phone.locator("#errors").wait_for()

    for url in (phone.url, "/imports/"):
        phone.goto(url)
        assert overflow(phone) == [], f"{url} scrolls sideways"
    assert phone.problems == []


# What sticks out of the viewport in the page's content. The width is `clientWidth`, the 390 px of the layout:
# with touch emulation Chromium widens `window.innerWidth` to whatever overflows, so that comparing `scrollWidth`
# with it never fails. The top bar is the shell's (its navigation collapses into a menu), checked by its sweep.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("main *")]
    .filter(element => !element.closest(".table-scroll") && element.getBoundingClientRect().right > width + 0.5)
    .map(element => `${element.tagName}#${element.id} ${element.getBoundingClientRect().right}`);
}"""


def overflow(page) -> list[str]:
    return page.evaluate(OVERFLOW)
