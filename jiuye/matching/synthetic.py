"""Seeded synthetic seekers and vacancies of the benchmark's shape, with a planted ground truth.

Titles come from the job-title dictionary with a long-tailed (Zipf) popularity; skills mix general words (the
commonest, "吃苦耐劳", held by about a third of records) and words tied to the occupation's minor group; counties are
weighted by their city's population; wages follow the occupation's major group. The same generator feeds the demo
data (the lead reuses it) and the benchmark; ``plant_hires`` picks, for a sample of seekers, the vacancy they were
"hired" at among the plausible ones so that an evaluation can compute recall and NDCG.
"""

import csv
from dataclasses import dataclass

import numpy as np

from jiuye.matching.features import ACCEPT_WORDS, Seekers, Vacancies
from jiuye.matching.geo import Places, haversine_km, load_places
from jiuye.matching.occupations import DATA, occupation_levels, occupation_names, title_dictionary
from jiuye.matching.text import Labels, Tokens, normalise

GENERAL_SKILLS = [
    "吃苦耐劳",
    "沟通能力",
    "团队合作",
    "责任心强",
    "办公软件",
    "服从安排",
    "能倒班",
    "身体健康",
    "学习能力",
    "驾驶证C1",
    "普通话",
    "安全生产",
    "计算机操作",
    "客户服务",
    "数据录入",
    "质量检验",
    "设备维护",
    "电工证",
    "叉车证",
    "识图",
    "CAD制图",
    "Excel",
    "仓储管理",
    "物流配送",
    "健康证",
    "收银",
    "销售技巧",
    "英语",
    "直播带货",
    "短视频剪辑",
    "Python",
    "Java",
    "网络维护",
    "电子商务",
    "财务软件",
    "护理",
    "育婴",
    "焊工证",
    "厨师证",
    "心理咨询",
]
SPECIFIC_SUFFIXES = ("操作", "技术", "维修")
WAGE_BY_MAJOR = {"1": 8000, "2": 7000, "3": 5000, "4": 4500, "5": 3800, "6": 4800, "7": 4500, "8": 4000}
EDUCATION_BY_MAJOR = {"1": 5, "2": 5, "3": 4, "4": 2, "5": 1, "6": 2, "7": 2, "8": 1}


@dataclass
class Synthetic:
    seekers: Seekers
    vacancies: Vacancies
    today: np.datetime64
    hires: np.ndarray  # per seeker: the planted vacancy row, -1 when not in the sample


def zipf_choice(rng: np.random.Generator, n: int, size: int, exponent: float = 1.0) -> np.ndarray:
    """Indices 0..n-1 drawn with probability proportional to 1 / (rank + 1) ** exponent."""
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return rng.choice(n, size=size, p=weights / weights.sum())


def county_weights(places: Places) -> np.ndarray:
    with (DATA / "city_population.csv").open(encoding="utf-8") as handle:
        population = {row["code"]: float(row["population_2020"]) for row in csv.DictReader(handle)}
    counties = np.array([len(code) == 6 for code in places.codes])
    per_city = np.bincount(places.city[counties], minlength=len(places))
    weights = np.array(
        [population.get(code[:4], 1.0) / max(per_city[places.city[i]], 1) for i, code in enumerate(places.codes)]
    )
    return np.where(counties, weights, 0.0) / np.where(counties, weights, 0.0).sum()


class TitlePool:
    """Job titles with their codes, popularity order (shuffled by seed) and skill words per minor group."""

    def __init__(self, rng: np.random.Generator):
        dictionary = title_dictionary()
        aliases = sorted(dictionary.items())
        order = rng.permutation(len(aliases))
        self.titles = [normalise(aliases[i][0]) for i in order]
        self.codes = [aliases[i][1] for i in order]
        self.levels = occupation_levels(self.codes)
        minors = sorted({code[:7] for code in self.codes})
        names = occupation_names()
        stems = [names.get(m, m).replace("人员", "").replace("、", "")[:4] for m in minors]
        self.minor_index = {m: i for i, m in enumerate(minors)}
        self.specific = [f"{stem}{suffix}" for stem in stems for suffix in SPECIFIC_SUFFIXES]
        self.title_minor = np.array([self.minor_index[c[:7]] for c in self.codes])
        self.wage = np.array([WAGE_BY_MAJOR.get(c[0], 4500) for c in self.codes], dtype=float)
        self.education = np.array([EDUCATION_BY_MAJOR.get(c[0], 2) for c in self.codes])


def draw_skills(rng, pool: TitlePool, title: np.ndarray) -> Tokens:
    """Per row: 1+Poisson(1.5) general words (Zipf) and 1+Poisson(1) words of the title's minor group."""
    n = len(title)
    general_count, specific_count = 1 + rng.poisson(1.5, n), 1 + rng.poisson(1.0, n)
    general = zipf_choice(rng, len(GENERAL_SKILLS), int(general_count.sum()), 0.9)
    minor = np.repeat(pool.title_minor[title], specific_count)
    noise = rng.random(len(minor)) < 0.1
    minor[noise] = rng.integers(0, len(pool.minor_index), int(noise.sum()))
    specific = len(GENERAL_SKILLS) + minor * len(SPECIFIC_SUFFIXES) + rng.integers(0, 3, len(minor))
    row = np.concatenate([np.repeat(np.arange(n), general_count), np.repeat(np.arange(n), specific_count)])
    ids = np.concatenate([general, specific])
    key = np.unique(row.astype(np.int64) * 1_000_000 + ids)
    row, ids = key // 1_000_000, (key % 1_000_000).astype(np.int32)
    indptr = np.searchsorted(row, np.arange(n + 1)).astype(np.int64)
    return Tokens([normalise(word) for word in (*GENERAL_SKILLS, *pool.specific)], indptr, ids)


def _locations(rng, places: Places, n: int, address_share: float):
    place = rng.choice(len(places), size=n, p=county_weights(places)).astype(np.int32)
    lon, lat = places.longitude[place].copy(), places.latitude[place].copy()
    own = rng.random(n) < address_share
    lon[own] += rng.normal(0, 0.06, int(own.sum()))
    lat[own] += rng.normal(0, 0.05, int(own.sum()))
    return place, lon, lat


def _titles(pool: TitlePool, title: np.ndarray) -> tuple[Labels, np.ndarray]:
    # Records without a code get it from the title dictionary, which knows every pool title: same levels.
    return Labels(list(pool.titles), title.astype(np.int32)), pool.levels[title]


def make_vacancies(rng, pool: TitlePool, places: Places, n: int, today: np.datetime64) -> Vacancies:
    title = zipf_choice(rng, len(pool.titles), n, 1.0)
    labels, levels = _titles(pool, title)
    place, lon, lat = _locations(rng, places, n, 0.3)
    low = np.round(pool.wage[title] * rng.lognormal(0, 0.25, n), -2)
    posted = today - np.minimum(rng.exponential(30, n), 180).astype("timedelta64[D]")
    return Vacancies(
        ids=np.array([f"V{i:07d}" for i in range(n)]),
        title=labels,
        skills=draw_skills(rng, pool, title),
        place=place,
        longitude=lon,
        latitude=lat,
        wage_min=low,
        wage_max=np.round(low * rng.uniform(1.1, 1.5, n), -2),
        education=np.where(rng.random(n) < 0.3, -1, pool.education[title] + rng.integers(-1, 2, n)).astype(np.int8),
        experience_years=rng.choice([0.0, 0.0, 1.0, 2.0, 3.0, 5.0], n),
        occupation=levels,
        posted=posted.astype("datetime64[D]"),
        valid_until=(posted + np.timedelta64(90, "D")).astype("datetime64[D]"),
        is_open=rng.random(n) < 0.95,
    )


def make_seekers(rng, pool: TitlePool, places: Places, n: int) -> Seekers:
    title = zipf_choice(rng, len(pool.titles), n, 1.0)
    labels, levels = _titles(pool, title)
    place, lon, lat = _locations(rng, places, n, 0.3)
    accept = np.zeros((n, ACCEPT_WORDS), dtype=np.uint64)
    listed = np.flatnonzero(rng.random(n) < 0.2)
    neighbours = _same_city_counties(rng, places, place[listed])
    for column in (place[listed], *neighbours.T):
        np.bitwise_or.at(accept, (listed, column // 64), np.uint64(1) << (column % 64).astype(np.uint64))
    has_accept = np.zeros(n, bool)
    has_accept[listed] = True
    radius = np.where(rng.random(n) < 0.5, np.nan, rng.choice([20.0, 30.0, 50.0, 80.0], n))
    return Seekers(
        ids=np.array([f"S{i:07d}" for i in range(n)]),
        title=labels,
        skills=draw_skills(rng, pool, title),
        place=place,
        longitude=lon,
        latitude=lat,
        expected_wage=np.where(
            rng.random(n) < 0.1, np.nan, np.round(pool.wage[title] * rng.lognormal(0.1, 0.3, n), -2)
        ),
        education=np.clip(pool.education[title] + rng.integers(-1, 2, n), 0, 7).astype(np.int8),
        experience_years=np.round(rng.gamma(1.5, 3.0, n), 1),
        occupation=levels,
        key_groups=np.where(rng.random(n) < 0.12, 1 << rng.choice([0, 2, 5, 6, 8], n), 0).astype(np.int32),
        accept=accept,
        has_accept=has_accept,
        commute_radius_km=radius,
    )


def _same_city_counties(rng, places: Places, place: np.ndarray) -> np.ndarray:
    """Two random counties of each seeker's city (an accepted-counties list is usually local)."""
    chosen = np.zeros((len(place), 2), dtype=np.int64)
    for p in np.unique(place):
        counties = np.flatnonzero((places.city == places.city[p]) & (np.arange(len(places)) != places.city[p]))
        rows = np.flatnonzero(place == p)
        chosen[rows] = counties[rng.integers(0, len(counties), (len(rows), 2))]
    return chosen


def plant_hires(rng, seekers: Seekers, vacancies: Vacancies, sample: np.ndarray, radius_km: float = 50.0):
    """For each sampled seeker, a vacancy they plausibly took: open, same minor occupation group, within
    ``radius_km``, paying at least 85% of the expectation; nearer and better-fitting skills more likely."""
    hires = np.full(len(seekers), -1)
    minor_v = vacancies.occupation[:, 1]
    by_minor = {m: np.flatnonzero((minor_v == m) & vacancies.is_open) for m in np.unique(minor_v)}
    for s in sample:
        rows = by_minor.get(seekers.occupation[s, 1], np.zeros(0, int))
        distance = haversine_km(
            seekers.longitude[s], seekers.latitude[s], vacancies.longitude[rows], vacancies.latitude[rows]
        )
        wage = np.nan_to_num(seekers.expected_wage[s], nan=0.0)
        ok = (distance <= radius_km) & (vacancies.wage_max[rows] >= 0.85 * wage)
        if ok.any():
            shared = _shared_skills(seekers.skills, vacancies.skills, s, rows[ok])
            weight = np.exp(-distance[ok] / 20.0) * (1.0 + shared)
            hires[s] = rng.choice(rows[ok], p=weight / weight.sum())
    return hires


def _shared_skills(seeker_skills: Tokens, vacancy_skills: Tokens, s: int, rows: np.ndarray) -> np.ndarray:
    mine = set(seeker_skills.ids[seeker_skills.indptr[s] : seeker_skills.indptr[s + 1]].tolist())
    starts, ends = vacancy_skills.indptr[rows], vacancy_skills.indptr[rows + 1]
    return np.array(
        [len(mine.intersection(vacancy_skills.ids[a:b].tolist())) for a, b in zip(starts, ends, strict=True)]
    )


def generate(
    seekers: int, vacancies: int, *, seed: int = 20260601, today="2026-11-27", hire_sample: int = 0
) -> Synthetic:
    """Seekers and vacancies drawn from one seeded generator; ``hire_sample`` seekers get a planted hire."""
    rng = np.random.default_rng(seed)
    places = load_places()
    today = np.datetime64(today, "D")
    pool = TitlePool(rng)
    vacancy_table = make_vacancies(rng, pool, places, vacancies, today)
    seeker_table = make_seekers(rng, pool, places, seekers)
    sample = np.sort(rng.choice(seekers, size=min(hire_sample, seekers), replace=False)) if hire_sample else []
    hires = plant_hires(rng, seeker_table, vacancy_table, np.asarray(sample, int))
    return Synthetic(seeker_table, vacancy_table, today, hires)
