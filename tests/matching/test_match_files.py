"""`manage.py match_files` on a small known case, and the errors it gives for bad files."""

import csv

import pytest
from django.core.management import CommandError, call_command

SEEKERS = """seeker_id,title,skills,region_code,expected_wage,education,occupation_code,key_group
S1,电焊工,焊接、识图,140105,4500,vocational_secondary,,veteran
S2,会计,"财务软件,Excel",140106,5000,bachelor,2-06-03-00,
"""
VACANCIES = """vacancy_id,title,skills,region_code,wage_min,wage_max,education
V1,焊工,焊接,140105,4000,5000,junior_secondary
V2,会计,财务软件、Excel,140106,4500,6000,junior_college
V3,电焊工,焊接、识图,140212,4000,5000,
"""


def run(tmp_path, seekers=SEEKERS, vacancies=VACANCIES, *options):
    (tmp_path / "s.csv").write_text(seekers, encoding="utf-8")
    (tmp_path / "v.csv").write_text(vacancies, encoding="utf-8")
    out = tmp_path / "out.csv"
    call_command(
        "match_files", tmp_path / "s.csv", tmp_path / "v.csv", "--out", out, "--today", "2026-11-27", *options
    )
    with out.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_known_case_ranking_scores_and_parts(tmp_path):
    rows = run(tmp_path, SEEKERS, VACANCIES, "--top", "3")
    assert [(r["seeker_id"], r["vacancy_id"], r["rank"]) for r in rows] == [
        ("S1", "V1", "1"),
        ("S2", "V2", "1"),
    ]  # V3 is in Datong, beyond the default 50 km commute radius; welding and accounting share nothing: not offered
    s2 = rows[1]
    # Same occupation, identical title and skills, same county, wage and education fit; no posting date: freshness
    # takes its "unknown" value 0.5.
    assert s2["score"] == "0.9000"
    assert {k: s2[k] for k in ("occupation", "title", "skills", "location", "wage", "education")} == {
        "occupation": "0.1200",
        "title": "0.0700",
        "skills": "0.1500",
        "location": "0.2900",
        "wage": "0.1000",
        "education": "0.0800",
    }
    assert (s2["experience"], s2["freshness"], s2["key_group"]) == ("0.0400", "0.0500", "0.0000")
    s1 = rows[0]
    assert s1["occupation"] == "0.1200"  # 电焊工 and 焊工: both 6-18-02-04 from the title dictionary
    assert sum(
        float(s1[p])
        for p in (
            "occupation",
            "title",
            "skills",
            "location",
            "wage",
            "education",
            "experience",
            "freshness",
            "key_group",
        )
    ) == pytest.approx(float(s1["score"]), abs=2e-4)


def test_top_and_province_wide(tmp_path):
    rows = run(tmp_path, SEEKERS, VACANCIES, "--top", "1", "--province-wide")
    assert [(r["seeker_id"], r["vacancy_id"]) for r in rows] == [("S1", "V1"), ("S2", "V2")]
    rows = run(tmp_path, SEEKERS, VACANCIES, "--top", "3", "--province-wide")
    assert [r["vacancy_id"] for r in rows if r["seeker_id"] == "S1"] == ["V1", "V3"]


@pytest.mark.parametrize(
    ("seekers", "vacancies", "message"),
    [
        (
            SEEKERS.replace("140105,4500", "999999,4500"),
            VACANCIES,
            "文件 s.csv，第 2 行，字段 region_code：“999999”不是",
        ),
        (SEEKERS.replace(",4500,", ",四千,"), VACANCIES, "文件 s.csv，第 2 行，字段 expected_wage：“四千”不是数字"),
        (SEEKERS.replace("vocational_secondary", "college"), VACANCIES, "字段 education：“college”不是学历代码"),
        (SEEKERS.replace("veteran", "soldier"), VACANCIES, "字段 key_group：“soldier”不是重点群体代码"),
        (SEEKERS.replace("2-06-03-00", "9-99"), VACANCIES, "字段 occupation_code：“9-99”不是职业分类大典"),
        (SEEKERS.replace("S2,", "S1,"), VACANCIES, "文件 s.csv，第 3 行，字段 seeker_id：编号 S1 与第 2 行重复"),
        (
            SEEKERS,
            VACANCIES.replace("4000,5000,junior", "6000,5000,junior"),
            "文件 v.csv，第 2 行，字段 wage_min：最低工资6000元高于最高工资5000元",
        ),
        (SEEKERS, VACANCIES.replace("V2,会计", "V2,"), "文件 v.csv，第 3 行，字段 title：不能为空"),
        (SEEKERS.replace(",expected_wage", ",wage"), VACANCIES, "文件 s.csv：缺少列 expected_wage"),
    ],
)
def test_bad_input_names_file_line_and_field(tmp_path, seekers, vacancies, message):
    with pytest.raises(CommandError) as error:
        run(tmp_path, seekers, vacancies)
    assert message in str(error.value)


def test_all_errors_reported_together(tmp_path):
    bad = SEEKERS.replace("140105,4500", "999999,abc")
    with pytest.raises(CommandError) as error:
        run(tmp_path, bad, VACANCIES)
    assert "字段 region_code" in str(error.value)
    assert "字段 expected_wage" in str(error.value)
