"""CSV input and output for `manage.py match_files` (analysts' files, no database).

Seekers: ``seeker_id,title,skills,region_code,expected_wage`` and optionally ``education,occupation_code,key_group,
experience_years,accepted_regions,commute_radius_km,longitude,latitude``. Vacancies: ``vacancy_id,title,skills,
region_code,wage_min,wage_max`` and optionally ``education,occupation_code,experience_years,posted,valid_until,
status,longitude,latitude``. Lists (skills, key groups, accepted regions) are separated by 、 or ,; wages are yuan per
month; education uses the reference codes (``bachelor``...). Every problem is reported with file, line and field.
"""

import csv
from pathlib import Path

import numpy as np

from jiuye.matching.config import PARTS
from jiuye.matching.engine import Matches
from jiuye.matching.features import EDUCATION_LEVELS, KEY_GROUPS, Seekers, Vacancies
from jiuye.matching.geo import load_places
from jiuye.matching.occupations import occupation_names
from jiuye.matching.text import split_skills

SEEKER_COLUMNS = ("seeker_id", "title", "skills", "region_code", "expected_wage")
VACANCY_COLUMNS = ("vacancy_id", "title", "skills", "region_code", "wage_min", "wage_max")
OPEN_STATUSES = {"", "open", "在招"}
MAX_ERRORS = 20


class MatchInputError(ValueError):
    """Bad input rows; ``errors`` lists "文件 …，第 N 行，字段 …：原因" messages."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(
            "\n".join(errors[:MAX_ERRORS]) + (f"\n……共 {len(errors)} 处错误" if len(errors) > MAX_ERRORS else "")
        )


class RowReader:
    """Reads one file's rows, converting fields and collecting errors instead of stopping at the first."""

    def __init__(self, path: Path, required: tuple[str, ...]):
        self.path, self.errors = Path(path), []
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                self.columns = [c.strip() for c in reader.fieldnames or []]
                self.rows = [
                    ({k.strip(): (v or "").strip() for k, v in row.items() if k}, reader.line_num) for row in reader
                ]
        except (OSError, UnicodeDecodeError) as error:
            raise MatchInputError([f"文件 {self.path.name}：无法读取（{error}）"]) from error
        missing = [c for c in required if c not in self.columns]
        if missing:
            raise MatchInputError([f"文件 {self.path.name}：缺少列 {'、'.join(missing)}"])

    def error(self, line: int, field: str, reason: str) -> None:
        self.errors.append(f"文件 {self.path.name}，第 {line} 行，字段 {field}：{reason}")

    def column(self, field: str, convert, default=None) -> list:
        values = []
        for row, line in self.rows:
            text = row.get(field, "")
            try:
                values.append(convert(text) if text else default)
            except ValueError as error:
                self.error(line, field, str(error))
                values.append(default)
        return values

    def check_ids(self, field: str) -> list[str]:
        seen: dict[str, int] = {}
        for row, line in self.rows:
            value = row.get(field, "")
            if not value:
                self.error(line, field, "不能为空")
            elif value in seen:
                self.error(line, field, f"编号 {value} 与第 {seen[value]} 行重复")
            seen.setdefault(value, line)
        return [row.get(field, "") for row, _ in self.rows]

    def finish(self) -> None:
        if self.errors:
            raise MatchInputError(self.errors)


def _money(text: str) -> float:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise ValueError(f"“{text}”不是数字（单位：元/月）") from None
    if value < 0:
        raise ValueError("不能为负数")
    return value


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"“{text}”不是数字") from None


def _region(text: str) -> str:
    if text not in load_places().index:
        raise ValueError(f"“{text}”不是山西省的县（市、区）或市的行政区划代码")
    return text


def _education(text: str) -> str:
    if text not in EDUCATION_LEVELS:
        raise ValueError(f"“{text}”不是学历代码（{'、'.join(EDUCATION_LEVELS)}）")
    return text


def _occupation(text: str) -> str:
    if text not in occupation_names():
        raise ValueError(f"“{text}”不是职业分类大典（2022年版）的代码")
    return text


def _key_groups(text: str) -> tuple[str, ...]:
    groups = tuple(split_skills(text))
    unknown = [g for g in groups if g not in KEY_GROUPS]
    if unknown:
        raise ValueError(f"“{'、'.join(unknown)}”不是重点群体代码")
    return groups


def _regions(text: str) -> tuple[str, ...]:
    codes = tuple(split_skills(text))
    for code in codes:
        _region(code)
    return codes


def _date(text: str) -> np.datetime64:
    try:
        return np.datetime64(text, "D")
    except ValueError:
        raise ValueError(f"“{text}”不是日期（YYYY-MM-DD）") from None


def read_seekers(path: Path) -> Seekers:
    reader = RowReader(path, SEEKER_COLUMNS)
    ids = reader.check_ids("seeker_id")
    titles = _required_text(reader, "title")
    regions = reader.column("region_code", _region)
    _required_text(reader, "region_code")
    columns = {
        "expected_wage": reader.column("expected_wage", _money, np.nan),
        "education": reader.column("education", _education),
        "experience_years": reader.column("experience_years", _number, np.nan),
        "occupation_codes": reader.column("occupation_code", _occupation, ""),
        "key_groups": reader.column("key_group", _key_groups, ()),
        "accepted_regions": reader.column("accepted_regions", _regions, ()),
        "commute_radius_km": reader.column("commute_radius_km", _number, np.nan),
        "longitude": reader.column("longitude", _number, np.nan),
        "latitude": reader.column("latitude", _number, np.nan),
    }
    reader.finish()
    skills = [row.get("skills", "") for row, _ in reader.rows]
    return Seekers.build(ids=ids, titles=titles, skills=skills, region_codes=regions, **columns)


def read_vacancies(path: Path) -> Vacancies:
    reader = RowReader(path, VACANCY_COLUMNS)
    ids = reader.check_ids("vacancy_id")
    titles = _required_text(reader, "title")
    regions = reader.column("region_code", _region)
    _required_text(reader, "region_code")
    low, high = reader.column("wage_min", _money, np.nan), reader.column("wage_max", _money, np.nan)
    for (_, line), a, b in zip(reader.rows, low, high, strict=True):
        if a == a and b == b and a > b:
            reader.error(line, "wage_min", f"最低工资{a:g}元高于最高工资{b:g}元")
    statuses = [row.get("status", "") for row, _ in reader.rows]
    columns = {
        "education": reader.column("education", _education),
        "experience_years": reader.column("experience_years", _number, np.nan),
        "occupation_codes": reader.column("occupation_code", _occupation, ""),
        "posted": reader.column("posted", _date, np.datetime64("NaT", "D")),
        "valid_until": reader.column("valid_until", _date, np.datetime64("NaT", "D")),
        "longitude": reader.column("longitude", _number, np.nan),
        "latitude": reader.column("latitude", _number, np.nan),
    }
    reader.finish()
    skills = [row.get("skills", "") for row, _ in reader.rows]
    return Vacancies.build(
        ids=ids,
        titles=titles,
        skills=skills,
        region_codes=regions,
        wage_min=low,
        wage_max=high,
        is_open=[s.lower() in OPEN_STATUSES for s in statuses],
        **columns,
    )


def _required_text(reader: RowReader, field: str) -> list[str]:
    for row, line in reader.rows:
        if not row.get(field):
            reader.error(line, field, "不能为空")
    return [row.get(field, "") for row, _ in reader.rows]


def write_matches(path: Path, matches: Matches, seekers: Seekers, vacancies: Vacancies) -> int:
    """``seeker_id,vacancy_id,rank,score`` and one column per part (its contribution); returns the row count."""
    seeker_rows, vacancy_rows = matches.seeker_vacancy()
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["seeker_id", "vacancy_id", "rank", "score", *PARTS])
        for i in range(len(matches.rank)):
            parts = [f"{value:.4f}" for value in matches.contributions[i]]
            row = [seekers.ids[seeker_rows[i]], vacancies.ids[vacancy_rows[i]], int(matches.rank[i])]
            writer.writerow([*row, f"{matches.score[i]:.4f}", *parts])
    return len(matches.rank)
