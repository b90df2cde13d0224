"""`manage.py monitoring_report`: writes the Word report with full scope and prints a one-line summary."""

import io

import docx
import pytest
from django.core.management import CommandError, call_command

from tests.monitoring.test_analysis_report import panel  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("panel")
def test_the_command_writes_the_province_report(tmp_path):
    out = tmp_path / "report.docx"
    stdout = io.StringIO()

    call_command("monitoring_report", "--period", "2026-02", "--region", "14", "--out", str(out), stdout=stdout)

    assert stdout.getvalue().strip() == (
        f"已生成山西省失业动态监测月度分析报告（2026年2月）：{out}，3户企业，调查期岗位总数565个，"
        "较上月减少35个，降幅5.83%，预警2条，隐性失业率0.88%"
    )
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "山西省失业动态监测月度分析报告"
    assert "本月全省3户监测企业建档期岗位总数600个，调查期岗位总数565个，岗位总数较上月减少35个，降幅5.83%。" in [
        paragraph.text for paragraph in document.paragraphs
    ]
    assert len(document.inline_shapes) == 3


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--period", "2026-2", "--region", "14"], "调查期应写成YYYY-MM"),
        (["--period", "2026-02", "--region", "140105001"], "不是省、市或县级区划"),
        (["--period", "2026-02", "--region", "太原"], "区划代码应为数字"),
    ],
)
def test_bad_arguments_are_explained(tmp_path, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("monitoring_report", *arguments, "--out", str(tmp_path / "x.docx"))
    assert not (tmp_path / "x.docx").exists()
