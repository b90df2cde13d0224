"""Score parts and their explanations on hand-made pairs, hard filters, key-group priority and config overrides."""

import math

import numpy as np
import pytest

from jiuye.matching import kernels
from jiuye.matching.config import ConfigError, load_config
from jiuye.matching.explain import explain, explain_pair
from jiuye.matching.features import accepted_mask
from jiuye.matching.scoring import PART_INDEX, allowed, part_values, score_pairs
from tests.matching.factories import TODAY, context

SEEKERS_FOR_VACANCY, VACANCIES_FOR_SEEKER = "seekers_for_vacancy", "vacancies_for_seeker"


def values_and_reasons(seeker: dict, vacancy: dict, part: str, direction=VACANCIES_FOR_SEEKER, overrides=None):
    ctx = context([seeker], [vacancy], overrides)
    value = part_values(ctx, np.array([0]), np.array([0]))[0, PART_INDEX[part]]
    reasons = {r.part: r for r in explain_pair(ctx, 0, 0, direction)}
    return value, reasons.get(part), ctx


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(
    ("title", "value", "text"),
    [
        ("焊工", 1.0, "同一职业（细类）：焊工"),
        ("锻工", 0.6, "同一职业小类：机械热加工人员"),
        ("车工", 0.3, "同一职业中类：机械制造基础加工人员"),
        ("会计", 0.0, "职业不同"),
    ],
)
def test_occupation_levels_from_the_title_dictionary(title, value, text):
    got, reason, _ = values_and_reasons({"title": "电焊工"}, {"title": title}, "occupation")
    assert got == pytest.approx(value)
    assert explain([reason]) == [text]
    assert reason.contribution == pytest.approx(0.12 * value)


def test_explicit_occupation_code_wins_over_the_title():
    got, reason, _ = values_and_reasons({"title": "师傅", "occupation": "6-18-02-04"}, {"title": "焊工"}, "occupation")
    assert got == 1.0
    assert reason.params == {"name": "焊工"}


def test_title_and_skills_cosines():
    same, _, _ = values_and_reasons({"title": "电焊工"}, {"title": "电焊工"}, "title")
    other, _, _ = values_and_reasons({"title": "电焊工"}, {"title": "会计"}, "title")
    partial, reason, _ = values_and_reasons({"title": "电焊工"}, {"title": "焊工"}, "title")
    assert (same, other) == (pytest.approx(1.0), 0.0)
    assert 0.3 < partial < 0.95
    assert explain([reason]) == [f"职位名称相似度{round(partial * 100)}%"]
    skills, reason, _ = values_and_reasons({"skills": ["焊接", "识图"]}, {"skills": ["识图", "叉车"]}, "skills")
    assert 0 < skills < 1
    assert explain([reason]) == ["共同技能：识图"]
    none, reason, _ = values_and_reasons({"skills": ["焊接"]}, {"skills": ["叉车"]}, "skills")
    assert none == 0.0
    assert explain([reason]) == ["没有共同技能"]


def test_location_same_county_same_city_and_distance():
    value, reason, _ = values_and_reasons({"region": "140105"}, {"region": "140105"}, "location")
    assert (value, explain([reason])) == (1.0, ["同一县（市、区）"])
    xiaodian, yingze, gujiao = (112.565659, 37.736525), (112.5634, 37.863451), (112.175853, 37.907129)
    value, reason, _ = values_and_reasons({"region": "140105"}, {"region": "140106"}, "location")
    assert value == pytest.approx(0.5 ** (km(xiaodian, yingze) / 30))
    assert explain([reason]) == [f"同一市，距离约{round(km(xiaodian, yingze))}公里"]
    value, reason, _ = values_and_reasons({"region": "140105", "radius": 100.0}, {"region": "140181"}, "location")
    assert km(xiaodian, gujiao) > 30
    assert value == 0.6


@pytest.mark.parametrize(
    ("wage", "value", "text"),
    [
        (4500.0, 1.0, "期望工资4500元在岗位工资4000–5000元内"),
        (3000.0, 1.0, "岗位工资4000–5000元高于期望工资3000元"),
        (6000.0, 1 - 1000 / (6000 * 0.3), "期望工资6000元高于岗位最高工资5000元"),
        (np.nan, 0.5, "工资信息不全"),
    ],
)
def test_wage_fit(wage, value, text):
    got, reason, _ = values_and_reasons({"wage": wage}, {}, "wage")
    assert got == pytest.approx(value)
    assert explain([reason]) == [text]


@pytest.mark.parametrize(
    ("required", "value", "text"),
    [
        (None, 1.0, "岗位不限学历"),
        ("senior_secondary", 1.0, "学历符合要求（普通高中）"),
        ("junior_college", 0.5, "学历低于要求（大学专科）"),
        ("bachelor", 0.0, "学历低于要求（大学本科）"),
    ],
)
def test_education_fit(required, value, text):
    got, reason, _ = values_and_reasons({"education": "vocational_secondary"}, {"education": required}, "education")
    assert (got, explain([reason])) == (pytest.approx(value), [text])


def test_experience_and_freshness():
    got, reason, _ = values_and_reasons({"experience": 3.0}, {"experience": 5.0}, "experience")
    assert (got, explain([reason])) == (pytest.approx(0.6), ["工作经验3年，少于5年要求"])
    got, reason, _ = values_and_reasons({}, {"posted": TODAY - np.timedelta64(30, "D")}, "freshness")
    assert (got, explain([reason])) == (pytest.approx(0.5), ["发布于30天前"])


def test_key_group_counts_only_in_the_employers_list():
    seeker, vacancy = {"groups": ("veteran",)}, {}
    value, reason, ctx = values_and_reasons(seeker, vacancy, "key_group", SEEKERS_FOR_VACANCY)
    assert value == pytest.approx(0.8)
    assert explain([reason]) == ["重点群体：退役军人"]
    assert reason.contribution == pytest.approx(0.04)
    _, reason, _ = values_and_reasons(seeker, vacancy, "key_group", VACANCIES_FOR_SEEKER)
    assert reason is None  # weight 0 in that direction: not shown
    for_employer = score_pairs(ctx, [0], [0], SEEKERS_FOR_VACANCY)[0][0]
    for_seeker = score_pairs(ctx, [0], [0], VACANCIES_FOR_SEEKER)[0][0]
    assert for_employer - for_seeker == pytest.approx(0.04)


def test_total_is_the_sum_of_contributions_and_perfect_pair_scores_the_weight_sum():
    ctx = context([{}], [{}])
    total, contributions = score_pairs(ctx, [0], [0], VACANCIES_FOR_SEEKER)
    assert total[0] == pytest.approx(contributions[0].sum())
    assert total[0] == pytest.approx(0.12 + 0.07 + 0.15 + 0.29 + 0.1 + 0.08 + 0.04 + 0.1)


def test_hard_filters():
    ctx = context(
        [{}, {"accepted": ["1402"]}, {"radius": 300.0}],
        [
            {},
            {"open": False},
            {"valid_until": TODAY - np.timedelta64(1, "D")},
            {"region": "140212"},  # 新荣区, Datong: about 250 km north
        ],
    )
    s, v = np.repeat(np.arange(3), 4), np.tile(np.arange(4), 3)
    assert allowed(ctx, s, v).reshape(3, 4).tolist() == [
        [True, False, False, False],  # default radius 50 km; filled and expired never
        [False, False, False, True],  # accepts only Datong
        [True, False, False, True],  # 300 km radius reaches Datong
    ]
    assert allowed(ctx, s, v, province_wide=True).reshape(3, 4).tolist() == [[True, False, False, True]] * 3
    assert np.isneginf(score_pairs(ctx, s, v, VACANCIES_FOR_SEEKER)[0][1])


def test_accepted_places_decode_as_the_kernel_reads_them():
    ctx = context([{"accepted": ["1411", "140105"]}, {}], [{}])
    places = ctx.places
    expected = sorted(
        i for i, code in enumerate(places.codes) if code.startswith("1411") or code == "140105"
    )  # a city accepts all its counties
    assert len(expected) > 2
    assert max(expected) >= 64  # both words of the bitset are read
    mask = accepted_mask(ctx.seekers.accept, len(places.codes))
    assert np.flatnonzero(mask[0]).tolist() == expected
    assert not mask[1].any()  # no list: the commute radius decides
    assert [kernels.place_accepted(ctx.seekers.accept, 0, p) for p in range(len(places.codes))] == mask[0].tolist()


def test_direction_weights_give_the_key_group_only_where_the_rules_do():
    config = load_config()
    key_group = PART_INDEX["key_group"]
    assert config.direction_weights(SEEKERS_FOR_VACANCY)[key_group] == config.weight("key_group") > 0
    assert config.direction_weights(VACANCIES_FOR_SEEKER)[key_group] == 0.0
    tried = config.direction_weights(SEEKERS_FOR_VACANCY, {"location": 0.5, "key_group": 0.2})
    assert (tried[PART_INDEX["location"]], tried[key_group], tried[PART_INDEX["skills"]]) == (0.5, 0.2, 0.0)


def test_config_overrides_merge_and_validate():
    config = load_config({"weights": {"location": 0.5}, "location": {"half_distance_km": 10}})
    assert config.weight("location") == 0.5
    assert config.weight("occupation") == 0.12  # untouched keys stay
    assert config.location == {"same_county": 1.0, "same_city": 0.6, "half_distance_km": 10}
    ctx = context([{}], [{"region": "140106"}], {"location": {"same_city": 0.0, "half_distance_km": 10}})
    value = part_values(ctx, np.array([0]), np.array([0]))[0, PART_INDEX["location"]]
    assert value == pytest.approx(0.5 ** (km((112.565659, 37.736525), (112.5634, 37.863451)) / 10))
    with pytest.raises(ConfigError, match="未知的匹配得分项"):
        load_config({"weights": {"salary": 1}})
    with pytest.raises(ConfigError, match="非负"):
        load_config({"weights": {"wage": -1}})
