"""Building blocks of synthetic Shanxi residents and employers: names, phone numbers, weights by region."""

import datetime
from collections import defaultdict

import numpy as np

from jiuye.reference.enums import RegionLevel
from jiuye.reference.models import Region

# Common surnames in Shanxi, most frequent first, with rough relative frequencies.
SURNAMES = "王李张刘郭杨赵武田贾任梁韩高孙陈马吴程薛冯乔宋胡董白牛郝范侯史段申温闫卫"
SURNAME_WEIGHTS = np.array(
    [9, 8, 8, 7, 5, 5, 4, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    dtype=float,
)
# Common given names by sex and generation (born before 1985, and since), and names given to both sexes. No name is in
# two lists, so a name tells the sex as the ID number's 17th digit does (odd for men, even for women).
GIVEN_NAMES = {
    ("male", "older"): [
        "强", "刚", "军", "勇", "斌", "明", "伟", "杰", "峰", "涛", "亮", "辉", "建国", "建军", "建华", "国强",
        "国庆", "志强", "志刚", "志明", "海军", "卫东", "卫国", "永强", "保国", "振华", "文斌", "红兵", "德胜",
        "宏伟", "立新", "爱国", "金龙", "学军", "晋生", "海涛",
    ],
    ("male", "younger"): [
        "浩", "宇", "鑫", "磊", "鹏", "超", "凯", "帅", "博", "浩然", "子轩", "梓轩", "宇轩", "俊杰", "晨阳", "一鸣",
        "思远", "天宇", "博文", "皓轩", "家豪", "宇航", "鑫磊", "晓东", "俊峰", "志伟", "晋龙", "嘉伟",
    ],
    ("female", "older"): [
        "芳", "娟", "霞", "英", "兰", "萍", "艳", "燕", "秀英", "桂英", "秀兰", "玉兰", "桂兰", "凤英", "淑珍",
        "秀珍", "玉梅", "红梅", "丽华", "美兰", "翠兰", "金花", "春梅", "爱莲", "丽娟", "海燕", "彩霞", "玉芳",
        "秀梅", "晓燕",
    ],
    ("female", "younger"): [
        "娜", "敏", "静", "丽", "婷", "倩", "雪", "琳", "颖", "洁", "欣怡", "子涵", "梓涵", "雨萱", "诗涵", "思雨",
        "佳怡", "婷婷", "莉莉", "欣悦", "可馨", "梦瑶", "雨彤", "佳琪", "晓雪", "美琳", "静怡", "雪梅",
    ],
}  # fmt: skip
NEUTRAL_GIVEN_NAMES = ["平", "华", "文", "宁", "晨", "晓华", "文华", "子墨", "一诺", "晓宁"]
NEUTRAL_SHARE = 0.08
YOUNGER_FROM = 1985  # birth year from which the younger generation's names are given
MOBILE_PREFIXES = np.array(
    [
        135,
        136,
        137,
        138,
        139,
        150,
        151,
        152,
        157,
        158,
        159,
        130,
        131,
        132,
        155,
        156,
        185,
        186,
        133,
        153,
        180,
        181,
        189,
        199,
    ]
)


def person_names(rng: np.random.Generator, male: np.ndarray, born: list[datetime.date]) -> list[str]:
    """A surname and a given name that fits each person's sex (`male`, booleans) and generation: 王建国 born in 1965,
    李欣怡 born in 2003; now and then a name given to both sexes (张平)."""
    count = len(male)
    weights = SURNAME_WEIGHTS[: len(SURNAMES)] / SURNAME_WEIGHTS[: len(SURNAMES)].sum()
    surnames = rng.choice(list(SURNAMES), size=count, p=weights)
    neutral = rng.random(count) < NEUTRAL_SHARE
    draws = rng.random(count)
    names = []
    for i in range(count):
        generation = "younger" if born[i].year >= YOUNGER_FROM else "older"
        pool = NEUTRAL_GIVEN_NAMES if neutral[i] else GIVEN_NAMES["male" if male[i] else "female", generation]
        names.append(surnames[i] + pool[int(draws[i] * len(pool))])
    return names


def mobile_numbers(rng: np.random.Generator, count: int) -> list[str]:
    prefixes = rng.choice(MOBILE_PREFIXES, size=count)
    suffixes = rng.integers(0, 100_000_000, size=count)
    return [f"{prefix}{suffix:08d}" for prefix, suffix in zip(prefixes, suffixes, strict=True)]


# Shares of their city's residents for the counties the demo needs larger than an even share: 小店区, the demo
# accounts' district, is Taiyuan's most populous (2020 census: over a million of the city's 5.3 million).
CITY_SHARES = {"140105": 0.21}


def county_weights() -> tuple[list[str], np.ndarray]:
    """County codes and the share of the province's people in each.

    Each city's 2020 census population is split over its counties by county population where the reference data has
    it for every county of the city; otherwise a county of `CITY_SHARES` takes its share and the others split the
    rest evenly (no packaged source has county census figures yet)."""
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    city_population = dict(Region.objects.filter(level=RegionLevel.CITY).values_list("code", "population"))
    by_city: dict[str, list[Region]] = defaultdict(list)
    for county in counties:
        by_city[county.parent_id].append(county)
    weights = []
    for county in counties:
        weights.append((city_population[county.parent_id] or 1) * _city_share(county, by_city[county.parent_id]))
    array = np.array(weights, dtype=float)
    return [county.code for county in counties], array / array.sum()


def _city_share(county: Region, siblings: list[Region]) -> float:
    if all(sibling.population for sibling in siblings):
        return county.population / sum(sibling.population for sibling in siblings)
    if county.code in CITY_SHARES:
        return CITY_SHARES[county.code]
    fixed = [CITY_SHARES[sibling.code] for sibling in siblings if sibling.code in CITY_SHARES]
    return (1 - sum(fixed)) / (len(siblings) - len(fixed))
