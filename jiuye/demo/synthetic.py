"""Building blocks of synthetic Shanxi residents and employers: names, phone numbers, weights by region."""

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
GIVEN_NAME_CHARACTERS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文红玉兰志晋鑫宇浩然欣怡子涵梓轩雪梅晓东海燕俊峰"
)
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


def person_names(rng: np.random.Generator, count: int) -> list[str]:
    weights = SURNAME_WEIGHTS[: len(SURNAMES)] / SURNAME_WEIGHTS[: len(SURNAMES)].sum()
    surnames = rng.choice(list(SURNAMES), size=count, p=weights)
    lengths = rng.choice([1, 2], size=count, p=[0.3, 0.7])
    characters = rng.choice(list(GIVEN_NAME_CHARACTERS), size=(count, 2))
    return [
        surname + "".join(chars[:length]) for surname, chars, length in zip(surnames, characters, lengths, strict=True)
    ]


def mobile_numbers(rng: np.random.Generator, count: int) -> list[str]:
    prefixes = rng.choice(MOBILE_PREFIXES, size=count)
    suffixes = rng.integers(0, 100_000_000, size=count)
    return [f"{prefix}{suffix:08d}" for prefix, suffix in zip(prefixes, suffixes, strict=True)]


def county_weights() -> tuple[list[str], np.ndarray]:
    """County codes and the share of the province's people in each.

    Each city's 2020 census population is split over its counties by county population where the reference data has
    it for every county of the city, and evenly otherwise (no packaged source has county census figures yet)."""
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    city_population = dict(Region.objects.filter(level=RegionLevel.CITY).values_list("code", "population"))
    by_city: dict[str, list[Region]] = defaultdict(list)
    for county in counties:
        by_city[county.parent_id].append(county)
    weights = []
    for county in counties:
        siblings = by_city[county.parent_id]
        known = all(sibling.population for sibling in siblings)
        share = county.population / sum(s.population for s in siblings) if known else 1 / len(siblings)
        weights.append((city_population[county.parent_id] or 1) * share)
    array = np.array(weights, dtype=float)
    return [county.code for county in counties], array / array.sum()
