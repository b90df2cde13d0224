"""`manage.py survey_estimate`: the README's R figures through the command line, and its refusals in Chinese."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.lfs.estimation import results_survey as R

DATA = Path(__file__).parent / "estimation" / "data"
APICLUS1 = str(DATA / "apiclus1.csv")
APISTRAT = str(DATA / "apistrat.csv")
APICLUS2 = str(DATA / "apiclus2.csv")
DCLUS1 = ("--ids", "dnum", "--weights", "pw", "--fpc", "fpc")


def survey_estimate(*args: str) -> list[dict]:
    out = StringIO()
    call_command("survey_estimate", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def close(actual: float, expected: float) -> None:
    assert actual == pytest.approx(expected, rel=1e-9, abs=0)


def printed(actual: float, text: str) -> None:
    decimals = len(text.partition(".")[2])
    assert abs(actual - float(text)) <= 0.5 * 10.0**-decimals + 1e-12 * abs(actual), (actual, text)


def test_readme_mean():
    [row] = survey_estimate(APICLUS1, *DCLUS1, "--mean", "api00")
    assert set(row) == {"domain", "estimate", "se", "ci_low", "ci_high", "df", "n"}
    assert row["domain"] is None
    close(row["estimate"], R.README_MEAN_API00[0])
    close(row["se"], R.README_MEAN_API00[1])
    assert (row["df"], row["n"]) == (R.README_DEGF, 183)


def test_readme_ratio_and_ratio_by_school_type():
    [row] = survey_estimate(APICLUS1, *DCLUS1, "--ratio", "api.stu/enroll")
    close(row["estimate"], R.README_RATIO[0])
    close(row["se"], R.README_RATIO[1])
    rows = survey_estimate(APICLUS1, *DCLUS1, "--ratio", "api.stu/enroll", "--by", "stype")
    assert [row["domain"] for row in rows] == ["E", "H", "M"]
    for row in rows:
        close(row["estimate"], R.README_RATIO_BY_STYPE[row["domain"]][0])
        close(row["se"], R.README_RATIO_BY_STYPE[row["domain"]][1])


def test_readme_proportion_with_logit_interval():
    [row] = survey_estimate(APICLUS1, *DCLUS1, "--proportion", "sch.wide=Yes")
    expected, low, high = R.README_CIPROP
    close(row["estimate"], expected)
    close(row["ci_low"], low)
    close(row["ci_high"], high)


def test_stratified_total_with_missing_values_dropped():
    [row] = survey_estimate(
        APISTRAT, "--ids", "1", "--strata", "stype", "--weights", "pw", "--fpc", "fpc", "--total", "enroll"
    )
    printed(row["estimate"], R.API_STRAT_TOTAL_ENROLL[0])
    printed(row["se"], R.API_STRAT_TOTAL_ENROLL[1])


def test_two_stage_weights_from_the_corrections():
    [row] = survey_estimate(APICLUS2, "--ids", "dnum,snum", "--fpc", "fpc1,fpc2", "--total", "enroll")
    printed(row["estimate"], R.API_CLUS2_TOTAL_ENROLL[0])
    printed(row["se"], R.API_CLUS2_TOTAL_ENROLL[1])
    assert row["n"] == 120


def test_jackknife():
    [row] = survey_estimate(APICLUS1, *DCLUS1, "--replicate", "jk1", "--mean", "api00")
    printed(row["se"], R.API_JK1_MEAN_API00[1])


def test_lonely_psu_options():
    design = ("--strata", "dnum", "--weights", "pw")
    [row] = survey_estimate(APICLUS1, *design, "--lonely-psu", "adjust", "--mean", "api00")
    printed(row["se"], R.LONELY_MEAN_API00["adjust"][1])
    with pytest.raises(CommandError, match="层「413」只有一个抽样单元"):
        survey_estimate(APICLUS1, *design, "--mean", "api00")


def test_equal_probability_without_weights_is_noted():
    err = StringIO()
    out = StringIO()
    call_command("survey_estimate", APICLUS1, "--ids", "dnum", "--mean", "api00", stdout=out, stderr=err)
    assert "等概率" in err.getvalue()
    [row] = json.loads(out.getvalue())
    close(row["estimate"], 644.169398907)  # all weights equal in apiclus1: the same mean


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--mean", "no_such_column"), "文件中没有列「no_such_column」"),
        (("--mean", "stype"), "列「stype」不是数值列：第 2 行的值「H」不是数字"),
        (("--ratio", "api.stu"), "--ratio 的格式是 分子列/分母列"),
        (("--proportion", "sch.wide"), "--proportion 的格式是 列=取值"),
        (("--strata", "stype", "--replicate", "jk1", "--mean", "api00"), "--replicate jk1 只适用于不分层"),
        (("--ids", "dnum", "--weights", "acs.k3", "--mean", "api00"), "列「acs.k3」在第 2 行缺失"),
    ],
)
def test_refusals_in_chinese(args, message):
    with pytest.raises(CommandError, match=message):
        survey_estimate(APICLUS1, *args)


def test_empty_domain_is_refused(tmp_path):
    frame = (DATA / "apiclus1.csv").read_text(encoding="utf-8").splitlines()
    header = frame[0].split(",")
    api00 = header.index("api00")
    stype = header.index("stype")
    rows = [line.split(",") for line in frame[1:]]
    for row in rows:
        if row[stype] == "H":
            row[api00] = ""
    path = tmp_path / "gaps.csv"
    path.write_text("\n".join([frame[0], *(",".join(row) for row in rows)]), encoding="utf-8")
    with pytest.raises(CommandError, match="分组「H」（--by stype）中没有可用于估计的观测值"):
        survey_estimate(str(path), *DCLUS1, "--mean", "api00", "--by", "stype")


def test_missing_file():
    with pytest.raises(CommandError, match="文件不存在"):
        survey_estimate(str(DATA / "nowhere.csv"), "--mean", "api00")


def test_proportion_of_a_number_by_a_numeric_column():
    rows = survey_estimate(APICLUS1, *DCLUS1, "--proportion", "dnum=637", "--by", "cnum")
    assert all(isinstance(row["domain"], int) for row in rows)
    [row] = survey_estimate(APICLUS1, *DCLUS1, "--proportion", "dnum=637")
    close(row["estimate"], 11 / 183)  # 11 of the 183 schools, all with the same weight
    with pytest.raises(CommandError, match="不是数字"):
        survey_estimate(APICLUS1, *DCLUS1, "--proportion", "dnum=abc")
