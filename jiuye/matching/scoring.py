"""Exact scores of given (seeker, vacancy) pairs, part by part, and the hard filters.

Every part's value lies in [0, 1]; its contribution is the configured weight times the value and the score is the
sum of contributions. Monotone rules (a higher vacancy wage never fits worse, a nearer vacancy never scores lower)
are what let `jiuye.matching.engine` bound whole blocks of pairs from above without scoring them.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from jiuye.matching.config import PARTS, MatchConfig
from jiuye.matching.features import KEY_GROUPS, Seekers, Vacancies
from jiuye.matching.geo import Places, haversine_km, load_places
from jiuye.matching.text import TextModel, pad_width

PART_INDEX = {part: i for i, part in enumerate(PARTS)}


def key_priorities(bits: np.ndarray, config: MatchConfig) -> np.ndarray:
    """Each seeker's key-group priority: the highest configured priority among the groups they belong to."""
    priority = np.zeros(len(bits))
    for i, group in enumerate(KEY_GROUPS):
        value = float(config.key_group_priority.get(group, 0.0))
        if value > 0:
            priority = np.where(bits & (1 << i), np.maximum(priority, value), priority)
    return np.clip(priority, 0.0, 1.0)


class TitleSimilarity:
    """Cosine of two titles' gram vectors, computed once per pair of distinct titles and looked up by code."""

    def __init__(self, left: sparse.csr_matrix, right: sparse.csr_matrix):
        width = max(left.shape[1], right.shape[1])
        product = (pad_width(left, width) @ pad_width(right, width).T).tocsr()
        product.sum_duplicates()
        self.columns = right.shape[0]
        self.keys = np.repeat(np.arange(left.shape[0], dtype=np.int64), np.diff(product.indptr)) * self.columns
        self.keys += product.indices
        self.values = np.minimum(product.data, 1.0)
        self.dense = None
        if left.shape[0] * right.shape[0] <= 20_000_000:
            self.dense = np.minimum(product.toarray(), 1.0).astype(np.float32)

    def __call__(self, left_codes: np.ndarray, right_codes: np.ndarray) -> np.ndarray:
        if self.dense is not None:
            return self.dense[left_codes, right_codes].astype(np.float64)
        keys = left_codes.astype(np.int64) * self.columns + right_codes
        position = np.minimum(np.searchsorted(self.keys, keys), max(len(self.keys) - 1, 0))
        found = self.keys[position] == keys if len(self.keys) else np.zeros(len(keys), bool)
        return np.where(found, self.values[position] if len(self.keys) else 0.0, 0.0)


def row_keys(matrix: sparse.csr_matrix, width: int) -> np.ndarray:
    """Sorted ``row * width + column`` of a CSR matrix's entries (rows hold sorted indices)."""
    return np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr)) * width + matrix.indices


def pair_dot(left, right, rows: np.ndarray, columns: np.ndarray, left_keys: np.ndarray | None = None) -> np.ndarray:
    """Row-by-row dot products ``left[rows[i]] . right[columns[i]]`` without forming the full product.

    The left side's (row, term) pairs are kept as sorted integer keys (pass ``left_keys`` to reuse them); each
    term of each right row is looked up.
    """
    width = np.int64(max(left.shape[1], right.shape[1]))
    left_keys = row_keys(left, width) if left_keys is None else left_keys
    lengths = np.diff(right.indptr)[columns]
    pair = np.repeat(np.arange(len(rows)), lengths)
    starts = np.repeat(right.indptr[columns] - np.cumsum(lengths) + lengths, lengths)
    entry = starts + np.arange(len(pair))
    keys = rows[pair].astype(np.int64) * width + right.indices[entry]
    if not len(left_keys) or not len(keys):
        return np.zeros(len(rows))
    position = np.minimum(np.searchsorted(left_keys, keys), len(left_keys) - 1)
    hit = left_keys[position] == keys
    products = left.data[position[hit]] * right.data[entry[hit]]
    return np.minimum(np.bincount(pair[hit], weights=products, minlength=len(rows)), 1.0)


@dataclass
class PairContext:
    """Everything needed to score pairs of one seeker table against one vacancy table on a given day."""

    seekers: Seekers
    vacancies: Vacancies
    config: MatchConfig
    today: np.datetime64
    places: Places
    text: TextModel
    seeker_titles: sparse.csr_matrix
    vacancy_titles: sparse.csr_matrix
    seeker_skills: sparse.csr_matrix
    vacancy_skills: sparse.csr_matrix
    title_similarity: TitleSimilarity
    key_priority: np.ndarray
    vacancy_ok: np.ndarray
    radius_km: np.ndarray
    weights: np.ndarray = field(init=False)

    def __post_init__(self):
        self.weights = np.array([self.config.weight(part) for part in PARTS])
        self.seeker_skill_keys = row_keys(
            self.seeker_skills, max(self.seeker_skills.shape[1], self.vacancy_skills.shape[1])
        )

    def part_weights(self, direction: str) -> np.ndarray:
        weights = self.weights.copy()
        if not self.config.key_group_applies(direction):
            weights[PART_INDEX["key_group"]] = 0.0
        return weights


def prepare(
    seekers: Seekers,
    vacancies: Vacancies,
    config: MatchConfig,
    today,
    places: Places | None = None,
    text: TextModel | None = None,
) -> "PairContext":
    """Precompute per-record arrays for scoring; the text model (IDF) is fitted on both tables unless given (an
    index keeps one model so that scores stay comparable as records come and go)."""
    places = places or load_places()
    text = text or TextModel([seekers.title, vacancies.title], [seekers.skills, vacancies.skills])
    seeker_titles = text.title_vectors(seekers.title.values)
    vacancy_titles = text.title_vectors(vacancies.title.values)
    seeker_skills = text.skill_vectors(seekers.skills)
    vacancy_skills = text.skill_vectors(vacancies.skills)
    width = len(text.skills)
    today = np.datetime64(today, "D")
    valid = np.isnat(vacancies.valid_until) | (vacancies.valid_until >= today)
    radius = np.where(np.isnan(seekers.commute_radius_km), config.default_commute_radius_km, seekers.commute_radius_km)
    return PairContext(
        seekers=seekers,
        vacancies=vacancies,
        config=config,
        today=today,
        places=places,
        text=text,
        seeker_titles=seeker_titles,
        vacancy_titles=vacancy_titles,
        seeker_skills=pad_width(seeker_skills, width),
        vacancy_skills=pad_width(vacancy_skills, width),
        title_similarity=TitleSimilarity(seeker_titles, vacancy_titles),
        key_priority=key_priorities(seekers.key_groups, config),
        vacancy_ok=vacancies.is_open & valid,
        radius_km=radius,
    )


def occupation_values(context: PairContext, s: np.ndarray, v: np.ndarray) -> np.ndarray:
    left, right = context.seekers.occupation[s], context.vacancies.occupation[v]
    credits = context.config.occupation_credits
    same = (left >= 0) & (left == right)
    medium = np.where(same[:, 2], credits["medium"], 0.0)
    return np.where(same[:, 0], credits["detail"], np.where(same[:, 1], credits["minor"], medium))


def distances_km(context: PairContext, s: np.ndarray, v: np.ndarray) -> np.ndarray:
    seekers, vacancies = context.seekers, context.vacancies
    return haversine_km(seekers.longitude[s], seekers.latitude[s], vacancies.longitude[v], vacancies.latitude[v])


def location_value(rule: dict, distance, same_place, same_city) -> np.ndarray:
    """The location rule: distance decay, lifted to the same-city and same-county credits (also the bound's)."""
    value = np.maximum(np.power(0.5, distance / rule["half_distance_km"]), np.where(same_city, rule["same_city"], 0.0))
    return np.maximum(value, np.where(same_place, rule["same_county"], 0.0))


def location_values(context: PairContext, s, v, distance: np.ndarray) -> np.ndarray:
    left, right = context.seekers.place[s], context.vacancies.place[v]
    same_city = context.places.city[left] == context.places.city[right]
    return location_value(context.config.location, distance, left == right, same_city)


def wage_fit(expected, high, rule: dict) -> np.ndarray:
    """1 when the vacancy's top wage reaches the expectation, falling to 0 at a ``shortfall_tolerance`` shortfall;
    never lower for a higher ``high`` or a lower ``expected`` (the bounds rely on it)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        shortfall = (expected - high) / (expected * rule["shortfall_tolerance"])
    value = np.where(expected <= high, 1.0, np.clip(1.0 - shortfall, 0.0, 1.0))
    return np.where(np.isnan(expected) | np.isnan(high), rule["unknown"], value)


def education_fit(has, needs, rule: dict) -> np.ndarray:
    """Ranks: 1 when ``has >= needs`` or nothing is required (-1), minus ``penalty_per_level`` per level short."""
    has, needs = np.asarray(has).astype(int), np.asarray(needs).astype(int)
    value = np.clip(1.0 - rule["penalty_per_level"] * (needs - has), 0.0, 1.0)
    return np.where(needs < 0, 1.0, np.where(has < 0, rule["unknown"], value))


def experience_fit(has, needs, unknown: float) -> np.ndarray:
    """Years: the share of the required years the seeker has (1 when none are required)."""
    none_needed = np.isnan(needs) | (needs <= 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.clip(has / needs, 0.0, 1.0)
    return np.where(none_needed, 1.0, np.where(np.isnan(has), unknown, value))


def wage_values(context: PairContext, s, v) -> np.ndarray:
    return wage_fit(context.seekers.expected_wage[s], context.vacancies.wage_max[v], context.config.wage)


def education_values(context: PairContext, s, v) -> np.ndarray:
    return education_fit(context.seekers.education[s], context.vacancies.education[v], context.config.education)


def experience_values(context: PairContext, s, v) -> np.ndarray:
    has, needs = context.seekers.experience_years[s], context.vacancies.experience_years[v]
    return experience_fit(has, needs, context.config.experience["unknown"])


def freshness_values(context: PairContext, v) -> np.ndarray:
    rule = context.config.freshness
    posted = context.vacancies.posted[v]
    age = np.maximum((context.today - posted).astype(np.float64), 0.0)
    return np.where(np.isnat(posted), rule["unknown"], np.power(0.5, age / rule["half_life_days"]))


def part_values(context: PairContext, s, v, distance=None, skills=None) -> np.ndarray:
    """Values (pairs x parts, in `PARTS` order) of every part for the pairs ``(s[i], v[i])``; ``distance`` and
    ``skills`` may be given when the caller has them already."""
    s, v = np.asarray(s, dtype=np.int64), np.asarray(v, dtype=np.int64)
    distance = distances_km(context, s, v) if distance is None else distance
    if skills is None:
        skills = pair_dot(context.seeker_skills, context.vacancy_skills, s, v, context.seeker_skill_keys)
    columns = [
        occupation_values(context, s, v),
        context.title_similarity(context.seekers.title.codes[s], context.vacancies.title.codes[v]),
        skills,
        location_values(context, s, v, distance),
        wage_values(context, s, v),
        education_values(context, s, v),
        experience_values(context, s, v),
        freshness_values(context, v),
        context.key_priority[s],
    ]
    return np.column_stack(columns)


def allowed(context: PairContext, s, v, province_wide: bool = False, distance: np.ndarray | None = None) -> np.ndarray:
    """Hard filters: the vacancy is open and not expired, and (unless province-wide) it lies in a place the seeker
    accepts or, for a seeker without such a list, within the commute radius."""
    ok = context.vacancy_ok[v]
    if province_wide:
        return ok
    seekers = context.seekers
    place = context.vacancies.place[v]
    word = seekers.accept[s, place // 64]
    in_accepted = (word >> (place % 64).astype(np.uint64)) & np.uint64(1) == 1
    distance = distances_km(context, s, v) if distance is None else distance
    near = distance <= context.radius_km[s]
    return ok & np.where(seekers.has_accept[s], in_accepted, near)


def has_evidence(context: PairContext, values: np.ndarray) -> np.ndarray:
    """Whether each pair shares something that makes it a match at all (`evidence_parts`: an occupation group, a
    title or a skill): without it a cleaner would be offered a coking job only because it is near and fresh."""
    columns = [PART_INDEX[part] for part in context.config.evidence_parts]
    if not columns:
        return np.ones(len(values), dtype=bool)
    return values[:, columns].max(axis=1) > 0


def score_pairs(context: PairContext, s, v, direction: str, province_wide: bool = False, skills=None):
    """Exact scores of pairs: (total, contributions pairs x parts); filtered-out pairs get -inf."""
    s, v = np.asarray(s, dtype=np.int64), np.asarray(v, dtype=np.int64)
    distance = distances_km(context, s, v)
    values = part_values(context, s, v, distance, skills)
    contributions = values * context.part_weights(direction)
    total = contributions.sum(axis=1)
    ok = allowed(context, s, v, province_wide, distance) & has_evidence(context, values)
    return np.where(ok, total, -np.inf), contributions
