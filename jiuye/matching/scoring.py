"""Exact scores of given (seeker, vacancy) pairs, part by part, and the hard filters.

Every part's value lies in [0, 1]; its contribution is the configured weight times the value and the score is the
sum of contributions. The parts themselves are defined once, in `jiuye.matching.kernels` (compiled); this module
turns a `PairContext` into the kernels' arrays and gives numpy-shaped answers. Monotone rules (a higher vacancy wage
never fits worse, a nearer vacancy never scores lower) are what let `jiuye.matching.engine` bound whole groups of
pairs from above without scoring them.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from jiuye.matching import kernels
from jiuye.matching.config import PARTS, MatchConfig
from jiuye.matching.features import KEY_GROUPS, Seekers, Vacancies
from jiuye.matching.geo import Places, load_places, unit_vectors
from jiuye.matching.text import TextModel, pad_width

PART_INDEX = {part: i for i, part in enumerate(PARTS)}
#: The parts that are a sum over shared features (`jiuye.matching.keys`); a pair without any shares none.
KEY_PARTS = ("occupation", "title", "skills")


def key_priorities(bits: np.ndarray, config: MatchConfig) -> np.ndarray:
    """Each seeker's key-group priority: the highest configured priority among the groups they belong to."""
    priority = np.zeros(len(bits))
    for i, group in enumerate(KEY_GROUPS):
        value = float(config.key_group_priority.get(group, 0.0))
        if value > 0:
            priority = np.where(bits & (1 << i), np.maximum(priority, value), priority)
    return np.clip(priority, 0.0, 1.0)


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
    key_priority: np.ndarray
    vacancy_ok: np.ndarray
    radius_km: np.ndarray
    weights: np.ndarray = field(init=False)

    def __post_init__(self):
        self.weights = np.array([self.config.weight(part) for part in PARTS])
        self._seeker_side = self._vacancy_side = None  # caches, not fields: `dataclasses.replace` starts afresh

    def arrays(self) -> tuple[kernels.Side, kernels.Side]:
        """Both tables as the kernels read them (each built once per context)."""
        return self.seeker_arrays(), self.vacancy_arrays()

    def seeker_arrays(self) -> kernels.Side:
        if self._seeker_side is None:
            self._seeker_side = seeker_side(self)
        return self._seeker_side

    def vacancy_arrays(self) -> kernels.Side:
        if self._vacancy_side is None:
            self._vacancy_side = vacancy_side(self)
        return self._vacancy_side

    def keep_vacancy_arrays(self, side: kernels.Side) -> None:
        """Use vacancy arrays the caller keeps (the page's index): they must agree with ``vacancies``,
        ``vacancy_ok`` and ``today``."""
        self._vacancy_side = side

    def rules(self) -> np.ndarray:
        return rules_array(self.config)

    def evidence(self) -> np.ndarray:
        return np.array([part in self.config.evidence_parts for part in PARTS])

    def part_weights(self, direction: str) -> np.ndarray:
        return np.array(self.config.direction_weights(direction))


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
        key_priority=key_priorities(seekers.key_groups, config),
        vacancy_ok=vacancies.is_open & valid,
        radius_km=radius,
    )


def freshness_values(context: PairContext, v) -> np.ndarray:
    """The freshness part of vacancies ``v``: halves every ``half_life_days`` since posting."""
    rule = context.config.freshness
    posted = context.vacancies.posted[v]
    age = np.maximum((context.today - posted).astype(np.float64), 0.0)
    return np.where(np.isnat(posted), rule["unknown"], np.power(0.5, age / rule["half_life_days"]))


def rules_array(config: MatchConfig) -> np.ndarray:
    """The rule values in the order `jiuye.matching.kernels` reads them."""
    credits, location = config.occupation_credits, config.location
    return np.array(
        [
            credits["detail"],
            credits["minor"],
            credits["medium"],
            location["same_county"],
            location["same_city"],
            location["half_distance_km"],
            config.wage["shortfall_tolerance"],
            config.wage["unknown"],
            config.education["penalty_per_level"],
            config.education["unknown"],
            config.experience["unknown"],
        ],
        dtype=np.float64,
    )


def _csr(matrix: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    matrix = sparse.csr_matrix(matrix)
    matrix.sort_indices()
    return matrix.indptr.astype(np.int64), matrix.indices.astype(np.int64), matrix.data.astype(np.float64)


def _numbers(table, rows: np.ndarray, columns: dict[int, np.ndarray]) -> np.ndarray:
    """`kernels.Side.numbers` of the given rows: position, place, title, occupation, then ``columns``."""
    numbers = np.full((len(rows), kernels.COLUMNS), np.nan)
    numbers[:, kernels.X : kernels.Z + 1] = unit_vectors(table.longitude[rows], table.latitude[rows])
    numbers[:, kernels.C_PLACE] = table.place[rows]
    numbers[:, kernels.C_TITLE] = table.title.codes[rows]
    numbers[:, kernels.C_OCCUPATION : kernels.C_OCCUPATION + 3] = table.occupation[rows]
    for column, values in columns.items():
        numbers[:, column] = values
    return numbers


def seeker_side(context: PairContext, rows: np.ndarray | None = None) -> kernels.Side:
    """The seekers (all, or ``rows`` in that order) as the kernels read them."""
    table = context.seekers
    rows = np.arange(len(table)) if rows is None else rows
    numbers = _numbers(
        table,
        rows,
        {
            kernels.C_WAGE: table.expected_wage[rows],
            kernels.C_EDUCATION: table.education[rows],
            kernels.C_EXPERIENCE: table.experience_years[rows],
            kernels.C_OWN: context.key_priority[rows],
            kernels.C_RADIUS: context.radius_km[rows],
            kernels.C_HAS_ACCEPT: table.has_accept[rows],
        },
    )
    accept = np.ascontiguousarray(table.accept[rows], dtype=np.uint64)
    return kernels.Side(numbers, accept, *_csr(context.seeker_titles), *_csr(context.seeker_skills[rows]))


def vacancy_side(context: PairContext, rows: np.ndarray | None = None) -> kernels.Side:
    """The vacancies (all, or ``rows`` in that order) as the kernels read them."""
    table = context.vacancies
    rows = np.arange(len(table)) if rows is None else rows
    numbers = _numbers(
        table,
        rows,
        {
            kernels.C_WAGE: table.wage_max[rows],
            kernels.C_EDUCATION: table.education[rows],
            kernels.C_EXPERIENCE: table.experience_years[rows],
            kernels.C_OWN: freshness_values(context, rows),
            kernels.C_OK: context.vacancy_ok[rows],
        },
    )
    no_places = np.zeros((len(rows), 1), dtype=np.uint64)
    return kernels.Side(numbers, no_places, *_csr(context.vacancy_titles), *_csr(context.vacancy_skills[rows]))


def _kernel_scores(context: PairContext, s, v, direction: str | None = None, province_wide: bool = False):
    s, v = np.asarray(s, dtype=np.int64).ravel(), np.asarray(v, dtype=np.int64).ravel()
    weights = context.part_weights(direction) if direction else context.weights
    seekers, vacancies = context.arrays()
    city = np.ascontiguousarray(context.places.city, dtype=np.int64)
    return kernels.pair_scores(
        seekers, vacancies, city, s, v, weights, context.rules(), context.evidence(), bool(province_wide)
    )


def part_values(context: PairContext, s, v) -> np.ndarray:
    """Values (pairs x parts, in `PARTS` order) of every part for the pairs ``(s[i], v[i])``."""
    return _kernel_scores(context, s, v)[0]


def values_and_distances(context: PairContext, s, v) -> tuple[np.ndarray, np.ndarray]:
    """`part_values` and the pairs' distances in km, from one pass of the kernel (an explanation needs both)."""
    values, _total, distance, _allowed, _kept = _kernel_scores(context, s, v)
    return values, distance


def allowed(context: PairContext, s, v, province_wide: bool = False) -> np.ndarray:
    """Hard filters: the vacancy is open and not expired, and (unless province-wide) it lies in a place the seeker
    accepts or, for a seeker without such a list, within the commute radius."""
    return _kernel_scores(context, s, v, province_wide=province_wide)[3]


def score_pairs(context: PairContext, s, v, direction: str, province_wide: bool = False):
    """Exact scores of pairs: (total, contributions pairs x parts); filtered-out pairs get -inf."""
    values, total, _distance, _allowed, kept = _kernel_scores(context, s, v, direction, province_wide)
    return np.where(kept, total, -np.inf), values * context.part_weights(direction)
