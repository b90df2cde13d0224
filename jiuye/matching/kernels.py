"""Compiled kernels of the matching engine (numba): the score of any pair, and the batch top K of many queries.

Each part of the score is defined once, here, as a scalar function. `jiuye.matching.scoring.score_pairs` scores
given pairs with `pair_scores` (pages, explanations, brute force) and `jiuye.matching.engine` finds the top K of
every query with `top_k`, so a pair scores the same to the last bit wherever it is scored.

Why compiled code: the batch must find, within the hard filters, the best pairs of a million seekers and two
hundred thousand vacancies. Pruning leaves about a hundred exact scores and a few thousand posting reads per query;
in numpy each step costs temporary arrays, which made the batch about ten times too slow (854 s for the seeker
direction at full size, against about 95 s here). numba rather than C or Rust: it installs as a wheel, the kernels
stay Python that reads like the numpy they replaced, and they are cached on disk after the first compilation.

Performance notes (measured): arrays are taken out of the tuples once per query (`_one_query`), since each take
costs an atomic reference count, which per posting cost more than the work; records are read by index, not as row
views, for the same reason; each side's numbers are one row per record (`Side.numbers`) and the item side is copied
in place order, so that scoring the items of a place reads contiguous memory.

`top_k` is the MaxScore idea of text retrieval, per query and per place (county) in reach:

1. The key parts (occupation levels, title grams, skill words) are a sum over shared *features* of
   ``query weight x item value``, all non-negative. The other parts (location, wage, education, experience,
   freshness, key group) are bounded per *item group* (the items of one place with similar freshness or key-group
   priority and fit attributes; `jiuye.matching.bounds`), from the group's extremes.
2. With ``T`` the K-th best exact score found so far, ``B`` the place's best group bound and the query's features
   taken from the smallest bound ``weight x largest item value`` up, the longest prefix summing below ``T - B`` is
   *optional*: an item sharing none of the remaining, *essential*, features scores below ``T``. Only the essential
   features' posting lists (items of that place holding the feature) are read; an item read there is scored
   exactly when its essential sum + the optional sum + its group's bound reaches ``T``, and then its own non-key
   parts (cheap: no text) with the same sums still reach ``T``.
3. Places are visited from the highest bound down, after a probe that scores up to `PROBE_LIMIT` items of the best
   place sharing the query's most valuable features, so ``T`` is high early.
4. When the rules let a pair with nothing in common be recommended (no `evidence_parts`, or one that is not a key
   part) and no feature was optional, the items of each group whose bound still reaches ``T`` are scored exactly.

Bounds are compared with a margin ``EPSILON``, so float rounding never prunes a tie; ties rank the lower item first.
"""

import math
from typing import NamedTuple

import llvmlite.ir as ir
import numpy as np
from numba import njit
from numba.core import cgutils, types
from numba.extending import intrinsic

N_PARTS = 9  # jiuye.matching.config.PARTS, in that order
OCCUPATION, TITLE, SKILLS, LOCATION, WAGE, EDUCATION, EXPERIENCE, FRESHNESS, KEY_GROUP = range(N_PARTS)
# Positions in the ``rules`` array (`rules_array` builds it from a MatchConfig).
(
    CREDIT_DETAIL,
    CREDIT_MINOR,
    CREDIT_MEDIUM,
    SAME_COUNTY,
    SAME_CITY,
    HALF_DISTANCE_KM,
    WAGE_TOLERANCE,
    WAGE_UNKNOWN,
    EDUCATION_PENALTY,
    EDUCATION_UNKNOWN,
    EXPERIENCE_UNKNOWN,
) = range(11)
EARTH_RADIUS_KM = 6371.0
LN2 = math.log(2.0)
EPSILON = 1e-9
MARGIN_KM = 1e-6  # seat distances and spreads come from two formulas: bounds allow for their rounding
AHEAD = 4  # candidates between a request for an item's memory and its use (2 and 8: slower)
PROBE_LIMIT = 100  # the probe scores at most this many items: posting lists of common occupations are long
STATS = 5  # reach pairs, postings read, probe pairs, candidate pairs, fallback pairs


# Columns of `Side.numbers`: one row of numbers per record, so that scoring a pair reads a cache line or two.
X, Y, Z = 0, 1, 2  # unit vector of the position (address or seat): distances without trigonometry per pair
C_PLACE = 3
C_TITLE = 4  # row of the title vectors (titles repeat: one vector per distinct title)
C_OCCUPATION = 5  # detail, minor, medium group codes in 5, 6, 7 (-1 unknown)
C_WAGE = 8  # seeker: expected; vacancy: top of the range (NaN unknown)
C_EDUCATION = 9  # seeker: rank held; vacancy: lowest rank required (-1 unknown / none)
C_EXPERIENCE = 10  # seeker: years held (NaN unknown); vacancy: years required (NaN or 0: none)
C_OWN = 11  # the part that depends on the record alone: seeker key-group priority, vacancy freshness
C_RADIUS = 12  # seeker: commute radius in km (the default where none was given)
C_OK = 12  # vacancy: 1 when open and not expired
C_HAS_ACCEPT = 13  # seeker: 1 when it lists the places it accepts (bits in `Side.accept`)
COLUMNS = 14


class Side(NamedTuple):
    """One side of the pairs (seekers or vacancies): numbers per record (`COLUMNS`), accepted-place bits
    (seekers), title vectors per distinct title and skill vectors per record (CSR, sorted indices)."""

    numbers: np.ndarray
    accept: np.ndarray
    title_indptr: np.ndarray
    title_indices: np.ndarray
    title_data: np.ndarray
    skill_indptr: np.ndarray
    skill_indices: np.ndarray
    skill_data: np.ndarray


class Postings(NamedTuple):
    """Items holding each feature, per place: ``items[offsets[f * places + p] : offsets[f * places + p + 1]]``,
    with the item's value of the feature; ``largest[f]`` is the largest value any item holds."""

    offsets: np.ndarray
    items: np.ndarray
    values: np.ndarray
    largest: np.ndarray


class QueryFeatures(NamedTuple):
    """Per query row (CSR): its features and ``part weight x the query's value`` of each."""

    indptr: np.ndarray
    features: np.ndarray
    weights: np.ndarray


class Groups(NamedTuple):
    """Item groups (``place * buckets + bucket``): their items, and the extremes the non-key bounds need. Items are
    numbered in group order, so group g holds items ``start[g]`` to ``start[g + 1] - 1``."""

    buckets: int
    start: np.ndarray
    of_item: np.ndarray  # group of every item
    wage: np.ndarray  # best wage for the fit: largest offered, or smallest expected (NaN none known)
    wage_unknown: np.ndarray
    education: np.ndarray  # lowest required, or highest held (NaN none known)
    education_unknown: np.ndarray
    experience: np.ndarray  # fewest required, or most held (NaN none known)
    experience_unknown: np.ndarray
    best: np.ndarray  # largest item-only contribution (freshness, or key-group priority)


class Geography(NamedTuple):
    """Places: city, seat (unit vector), how far the items of a place lie from its seat, and the places each
    query place reaches."""

    city: np.ndarray
    seat: np.ndarray  # places x 3
    item_spread: np.ndarray
    reach_start: np.ndarray  # places reached from query place p: reach[reach_start[p] : reach_start[p + 1]]
    reach: np.ndarray


# --- memory requests ----------------------------------------------------------------------------------------
# At a million seekers, the rows a vacancy's candidates need are scattered over 100 MB and are rarely in cache; the
# kernel asks for them a few candidates before it reads them (LLVM's prefetch: a hint, never a fault, even past an
# array's end), which made the seekers-for-vacancy batch about a quarter faster.


@intrinsic
def prefetch(typingctx, array, index):
    """Request ``array[index]`` (1-D) or the start of row ``array[index]`` (2-D) into cache."""
    sig = types.void(array, index)

    def codegen(context, builder, signature, args):
        array_type = signature.args[0]
        at = [context.cast(builder, args[1], signature.args[1], types.intp)]
        at += [context.get_constant(types.intp, 0)] * (array_type.ndim - 1)
        _prefetch(context, builder, array_type, args[0], at)
        return context.get_dummy_value()

    return sig, codegen


@intrinsic
def prefetch_at(typingctx, array, row, column):
    """Request ``array[row, column]`` into cache."""
    sig = types.void(array, row, column)

    def codegen(context, builder, signature, args):
        at = [context.cast(builder, args[i], signature.args[i], types.intp) for i in (1, 2)]
        _prefetch(context, builder, signature.args[0], args[0], at)
        return context.get_dummy_value()

    return sig, codegen


def _prefetch(context, builder, array_type, array, at) -> None:
    """Emit ``llvm.prefetch(address, read, keep in every cache level, data)`` for the element at ``at``."""
    structure = context.make_array(array_type)(context, builder, array)
    address = cgutils.get_item_pointer(context, builder, array_type, structure, at, wraparound=False)
    byte_pointer, i32 = ir.IntType(8).as_pointer(), ir.IntType(32)
    function_type = ir.FunctionType(ir.VoidType(), [byte_pointer, i32, i32, i32])
    function = cgutils.get_or_insert_function(builder.module, function_type, "llvm.prefetch.p0")
    read, keep, data = ir.Constant(i32, 0), ir.Constant(i32, 3), ir.Constant(i32, 1)
    builder.call(function, [builder.bitcast(address, byte_pointer), read, keep, data])


@njit(cache=True)
def distance_km(a, i, b, j) -> float:
    """Great-circle distance between the unit vectors in rows ``a[i]`` and ``b[j]`` (their first 3 numbers).
    Rows are read by index, not as views: a view costs an atomic reference count, per pair."""
    dx, dy, dz = a[i, X] - b[j, X], a[i, Y] - b[j, Y], a[i, Z] - b[j, Z]
    return 2 * EARTH_RADIUS_KM * math.asin(min(math.sqrt(dx * dx + dy * dy + dz * dz) / 2, 1.0))


@njit(cache=True)
def sparse_cosine(indptr_a, indices_a, data_a, row_a, indptr_b, indices_b, data_b, row_b) -> float:
    """Dot product of two unit rows with sorted indices, capped at 1 (rounding)."""
    i, end_i, j, end_j = indptr_a[row_a], indptr_a[row_a + 1], indptr_b[row_b], indptr_b[row_b + 1]
    total = 0.0
    while i < end_i and j < end_j:
        if indices_a[i] == indices_b[j]:
            total += data_a[i] * data_b[j]
            i += 1
            j += 1
        elif indices_a[i] < indices_b[j]:
            i += 1
        else:
            j += 1
    return min(total, 1.0)


@njit(cache=True)
def occupation_value(seekers, s, vacancies, v, rules) -> float:
    """Credit of the most detailed shared level (`Side.numbers`): detailed occupation, minor group, medium."""
    for level, credit in ((0, CREDIT_DETAIL), (1, CREDIT_MINOR), (2, CREDIT_MEDIUM)):
        code = seekers[s, C_OCCUPATION + level]
        if code >= 0 and code == vacancies[v, C_OCCUPATION + level]:
            return rules[credit]
    return 0.0


@njit(cache=True)
def location_value(distance: float, same_place: bool, same_city: bool, rules) -> float:
    """Distance decay, lifted to the same-city and same-county credits; never higher for a larger distance."""
    value = math.exp(-LN2 * distance / rules[HALF_DISTANCE_KM])  # halves every half_distance_km; exp is cheaper
    if same_city:
        value = max(value, rules[SAME_CITY])
    if same_place:
        value = max(value, rules[SAME_COUNTY])
    return value


@njit(cache=True)
def wage_fit(expected: float, high: float, rules) -> float:
    """1 when the top wage reaches the expectation, falling to 0 at a ``shortfall_tolerance`` shortfall; never
    lower for a higher ``high`` or a lower ``expected`` (the bounds rely on it)."""
    if math.isnan(expected) or math.isnan(high):
        return rules[WAGE_UNKNOWN]
    if expected <= high:
        return 1.0
    shortfall = (expected - high) / (expected * rules[WAGE_TOLERANCE])
    return min(max(1.0 - shortfall, 0.0), 1.0)


@njit(cache=True)
def education_fit(has: float, needs: float, rules) -> float:
    """Ranks: 1 when ``has >= needs`` or nothing is required (-1), minus ``penalty_per_level`` per level short."""
    if needs < 0:
        return 1.0
    if has < 0:
        return rules[EDUCATION_UNKNOWN]
    return min(max(1.0 - rules[EDUCATION_PENALTY] * (needs - has), 0.0), 1.0)


@njit(cache=True)
def experience_fit(has: float, needs: float, rules) -> float:
    """Years: the share of the required years the seeker has (1 when none are required)."""
    if math.isnan(needs) or needs <= 0:
        return 1.0
    if math.isnan(has):
        return rules[EXPERIENCE_UNKNOWN]
    return min(max(has / needs, 0.0), 1.0)


@njit(cache=True)
def pair_values(sn, stp, sti, std, ssp, ssi, ssd, vn, vtp, vti, vtd, vsp, vsi, vsd, city, s, v, rules, out) -> float:
    """Write the nine part values of (seeker s, vacancy v) into ``out``; return their distance in km.

    Arguments are the sides' arrays (`Side`: numbers, title and skill CSR of seekers, then of vacancies), not the
    tuples: taking an array out of a tuple costs an atomic reference count, and this runs for every pair."""
    distance = distance_km(sn, s, vn, v)
    out[OCCUPATION] = occupation_value(sn, s, vn, v, rules)
    out[TITLE] = sparse_cosine(stp, sti, std, int(sn[s, C_TITLE]), vtp, vti, vtd, int(vn[v, C_TITLE]))
    out[SKILLS] = sparse_cosine(ssp, ssi, ssd, s, vsp, vsi, vsd, v)
    other_values(sn, s, vn, v, city, distance, rules, out)
    return distance


@njit(cache=True)
def other_values(sn, s, vn, v, city, distance, rules, out) -> None:
    """The non-key part values of a pair (from the records' numbers only: no text) into ``out``."""
    here, there = int(sn[s, C_PLACE]), int(vn[v, C_PLACE])
    out[LOCATION] = location_value(distance, here == there, city[here] == city[there], rules)
    out[WAGE] = wage_fit(sn[s, C_WAGE], vn[v, C_WAGE], rules)
    out[EDUCATION] = education_fit(sn[s, C_EDUCATION], vn[v, C_EDUCATION], rules)
    out[EXPERIENCE] = experience_fit(sn[s, C_EXPERIENCE], vn[v, C_EXPERIENCE], rules)
    out[FRESHNESS] = vn[v, C_OWN]
    out[KEY_GROUP] = sn[s, C_OWN]


@njit(cache=True)
def place_accepted(accept, s, place) -> bool:
    return (accept[s, place // 64] >> np.uint64(place % 64)) & np.uint64(1) == np.uint64(1)


@njit(cache=True)
def pair_allowed(sn, accept, vn, s, v, distance, province_wide) -> bool:
    """Hard filters: the vacancy is open and not expired, and (unless province-wide) lies in a place the seeker
    accepts or, for a seeker without such a list, within the commute radius."""
    if vn[v, C_OK] == 0:
        return False
    if province_wide:
        return True
    if sn[s, C_HAS_ACCEPT]:
        return place_accepted(accept, s, int(vn[v, C_PLACE]))
    return distance <= sn[s, C_RADIUS]


@njit(cache=True)
def has_evidence(values, evidence) -> bool:
    """Whether the pair shares something that makes it a match at all (no evidence parts: always)."""
    needed = False
    for part in range(N_PARTS):
        if evidence[part]:
            needed = True
            if values[part] > 0:
                return True
    return not needed


@njit(cache=True)
def weighted_sum(values, weights) -> float:
    total = 0.0
    for part in range(N_PARTS):
        total += weights[part] * values[part]
    return total


@njit(cache=True, nogil=True)
def pair_scores(seekers, vacancies, city, s, v, weights, rules, evidence, province_wide):
    """For pairs ``(s[i], v[i])``: part values (pairs x parts), total, distance, allowed by the hard filters, and
    kept (allowed and with evidence)."""
    n = len(s)
    values = np.empty((n, N_PARTS))
    total, distance = np.empty(n), np.empty(n)
    allowed, kept = np.empty(n, np.bool_), np.empty(n, np.bool_)
    sn, sa, stp, sti, std, ssp, ssi, ssd = seekers
    vn, _, vtp, vti, vtd, vsp, vsi, vsd = vacancies
    for i in range(n):
        out = values[i]
        distance[i] = pair_values(
            sn, stp, sti, std, ssp, ssi, ssd, vn, vtp, vti, vtd, vsp, vsi, vsd, city, s[i], v[i], rules, out
        )
        allowed[i] = pair_allowed(sn, sa, vn, s[i], v[i], distance[i], province_wide)
        kept[i] = allowed[i] and has_evidence(out, evidence)
        total[i] = weighted_sum(out, weights)
    return values, total, distance, allowed, kept


# --- the batch --------------------------------------------------------------------------------------------------


@njit(cache=True)
def _better(score_a, item_a, score_b, item_b) -> bool:
    return score_a > score_b or (score_a == score_b and item_a < item_b)


@njit(cache=True)
def _heap_offer(heap_score, heap_item, heap_values, size, k, score, item, values) -> int:
    """Offer an item (with its part values) to a min-heap of the best ``k`` (root: the worst kept); returns the new
    size."""
    if size < k:
        i = size
        size += 1
        while i > 0:  # sift up
            parent = (i - 1) // 2
            if not _better(heap_score[parent], heap_item[parent], score, item):
                break
            _heap_move(heap_score, heap_item, heap_values, parent, i)
            i = parent
    elif _better(score, item, heap_score[0], heap_item[0]):
        i = 0
        while True:  # sift the hole down from the root
            child = 2 * i + 1
            if child >= k:
                break
            right = child + 1
            if right < k and _better(heap_score[child], heap_item[child], heap_score[right], heap_item[right]):
                child = right
            if _better(heap_score[child], heap_item[child], score, item):
                break
            _heap_move(heap_score, heap_item, heap_values, child, i)
            i = child
    else:
        return size
    heap_score[i], heap_item[i] = score, item
    heap_values[i, :] = values
    return size


@njit(cache=True)
def _heap_move(heap_score, heap_item, heap_values, source, target) -> None:
    heap_score[target], heap_item[target] = heap_score[source], heap_item[source]
    heap_values[target, :] = heap_values[source, :]


class _Batch(NamedTuple):
    """Everything `top_k` reads (one argument, so the kernels stay readable)."""

    seekers: Side
    vacancies: Side
    seeker_queries: bool
    weights: np.ndarray
    rules: np.ndarray
    evidence: np.ndarray
    province_wide: bool
    zero_key_eligible: bool
    item_rows: np.ndarray  # the item's row in its table, by position: what ranks ties and what is returned
    features: QueryFeatures
    postings: Postings
    groups: Groups
    geography: Geography


@njit(cache=True)
def _group_bound(seeker_queries, row, location, w, rules, wage_best, wage_unknown, education_best, education_unknown,
                 experience_best, experience_unknown, item_best) -> float:  # fmt: skip
    """Largest possible sum of the non-key parts between a query (its numbers ``row``) and any item of a group
    whose extremes are given (`Groups`)."""
    if seeker_queries:
        wage = wage_fit(row[C_WAGE], wage_best, rules)
        needs = -1.0 if math.isnan(education_best) else education_best
        education = education_fit(row[C_EDUCATION], needs, rules)
        experience = experience_fit(row[C_EXPERIENCE], experience_best, rules)
        if wage_unknown:
            wage = max(wage, rules[WAGE_UNKNOWN])
        if education_unknown:
            education = 1.0
        if experience_unknown:
            experience = 1.0
        query_only = w[KEY_GROUP] * row[C_OWN]
    else:
        wage = wage_fit(wage_best, row[C_WAGE], rules)
        has = -1.0 if math.isnan(education_best) else education_best
        education = education_fit(has, row[C_EDUCATION], rules)
        experience = experience_fit(experience_best, row[C_EXPERIENCE], rules)
        if wage_unknown:
            wage = max(wage, rules[WAGE_UNKNOWN])
        if education_unknown:
            education = max(education, rules[EDUCATION_UNKNOWN])
        if experience_unknown:
            experience = max(experience, rules[EXPERIENCE_UNKNOWN])
        query_only = w[FRESHNESS] * row[C_OWN]
    return (
        w[LOCATION] * location
        + w[WAGE] * wage
        + w[EDUCATION] * education
        + w[EXPERIENCE] * experience
        + item_best
        + query_only
    )


@njit(cache=True)
def _place_bounds(batch, query, places, group_bound, stats):
    """Bound every group of every place in reach (into ``group_bound``); return each place's best (-inf: none)."""
    g, w, rules, seeker_queries = batch.groups, batch.weights, batch.rules, batch.seeker_queries
    start, buckets, wage, wage_unknown = g.start, g.buckets, g.wage, g.wage_unknown
    education, education_unknown, experience, experience_unknown = (
        g.education,
        g.education_unknown,
        g.experience,
        g.experience_unknown,
    )
    item_best = g.best
    city, seats, spread = batch.geography.city, batch.geography.seat, batch.geography.item_spread
    numbers = batch.seekers.numbers if seeker_queries else batch.vacancies.numbers
    accept = batch.seekers.accept
    row = numbers[query]  # one view per query, read by each group's bound
    home = int(row[C_PLACE])
    best = np.full(len(places), -np.inf)
    for i in range(len(places)):
        place = places[i]
        seat = distance_km(numbers, query, seats, place)
        if seeker_queries and not batch.province_wide:  # may the seeker work there at all?
            if row[C_HAS_ACCEPT]:
                if not place_accepted(accept, query, place):
                    continue
            elif seat - spread[place] - MARGIN_KM > row[C_RADIUS]:
                continue
        distance = max(seat - spread[place] - MARGIN_KM, 0.0)
        location = location_value(distance, place == home, city[place] == city[home], rules)
        for group in range(place * buckets, (place + 1) * buckets):
            size = start[group + 1] - start[group]
            if size:
                stats[0] += size
                group_bound[group] = _group_bound(
                    seeker_queries,
                    row,
                    location,
                    w,
                    rules,
                    wage[group],
                    wage_unknown[group],
                    education[group],
                    education_unknown[group],
                    experience[group],
                    experience_unknown[group],
                    item_best[group],
                )
                best[i] = max(best[i], group_bound[group])
    return best


class _Scratch(NamedTuple):
    accumulated: np.ndarray  # per item: the essential features' sum in the current place pass
    touched_in: np.ndarray  # per item: the pass that last touched it
    scored_for: np.ndarray  # per item: the query that last scored it
    touched: np.ndarray  # items touched in the current pass
    group_bound: np.ndarray
    values: np.ndarray
    heap_score: np.ndarray
    heap_item: np.ndarray
    heap_values: np.ndarray  # k x parts: the kept items' part values


@njit(cache=True)
def _new_scratch(n_items, n_groups, k):
    return _Scratch(
        np.zeros(n_items),
        # int32, not int64 (passes, query rows and items all fit): smaller arrays stay in cache, about 7% faster.
        np.zeros(n_items, np.int32),
        np.full(n_items, -1, np.int32),
        np.empty(n_items, np.int32),
        np.full(n_groups, -np.inf),
        np.empty(N_PARTS),
        np.empty(k),
        np.empty(k, np.int64),
        np.empty((k, N_PARTS)),
    )


@njit(cache=True)
def _one_query(batch, scratch, query, k, pass_number, stats):
    """The exact top ``k`` items of one query into the scratch heap; returns (heap size, passes used).

    The arrays are taken out of the tuples once, here: each take costs an atomic reference count, which in the
    loops below (per posting, per candidate) would cost more than the work itself."""
    sn, sa, stp, sti, std, ssp, ssi, ssd = batch.seekers
    vn, _, vtp, vti, vtd, vsp, vsi, vsd = batch.vacancies
    seeker_queries, province_wide = batch.seeker_queries, batch.province_wide
    weights_, rules, evidence, item_rows = batch.weights, batch.rules, batch.evidence, batch.item_rows
    offsets, posted, posted_value, largest = batch.postings
    of_item, group_start, buckets = batch.groups.of_item, batch.groups.start, batch.groups.buckets
    city = batch.geography.city
    accumulated, touched_in, scored_for, touched_items, group_bound, values = scratch[:6]
    heap_score, heap_item, heap_values = scratch[6:]
    n_places = len(city)
    numbers = sn if seeker_queries else vn
    item_numbers = vn if seeker_queries else sn
    item_titles = vtp if seeker_queries else stp
    item_skills, item_skill_words, item_skill_values = (vsp, vsi, vsd) if seeker_queries else (ssp, ssi, ssd)
    last_column = item_numbers.shape[1] - 1

    def fetch_early(item):
        """Request an item's memory, first stage: its numbers, accepted places, where its skills start."""
        prefetch(item_numbers, item)
        prefetch_at(item_numbers, item, last_column)  # a row spans two cache lines
        prefetch(item_skills, item)
        if not seeker_queries:
            prefetch(sa, item)

    def fetch_late(item):
        """Second stage, once the first has arrived: its skills and where its title's grams start."""
        start = item_skills[item]
        prefetch(item_skill_words, start)
        prefetch(item_skill_values, start)
        prefetch(item_titles, int(item_numbers[item, C_TITLE]))

    home = int(numbers[query, C_PLACE])
    places = batch.geography.reach[batch.geography.reach_start[home] : batch.geography.reach_start[home + 1]]
    best = _place_bounds(batch, query, places, group_bound, stats)
    start, end = batch.features.indptr[query], batch.features.indptr[query + 1]
    features, weights = batch.features.features[start:end], batch.features.weights[start:end]
    upper = weights * largest[features]
    order = np.argsort(upper)  # smallest bound first: the optional prefix
    prefix = np.cumsum(upper[order])
    size = 0

    def offer(item, size, counter):
        """Score an item exactly (once per query) and offer it to the heap of the best k."""
        if scored_for[item] == query:
            return size
        scored_for[item] = query
        stats[counter] += 1
        s, v = (query, item) if seeker_queries else (item, query)
        distance = pair_values(
            sn, stp, sti, std, ssp, ssi, ssd, vn, vtp, vti, vtd, vsp, vsi, vsd, city, s, v, rules, values
        )
        if not pair_allowed(sn, sa, vn, s, v, distance, province_wide) or not has_evidence(values, evidence):
            return size
        score = weighted_sum(values, weights_)
        return _heap_offer(heap_score, heap_item, heap_values, size, k, score, item_rows[item], values)

    def other_parts(item):
        """The exact sum of the pair's non-key parts (-inf when a hard filter excludes it): no text compared."""
        s, v = (query, item) if seeker_queries else (item, query)
        distance = distance_km(sn, s, vn, v)
        if not pair_allowed(sn, sa, vn, s, v, distance, province_wide):
            return -np.inf
        other_values(sn, s, vn, v, city, distance, rules, values)
        total = 0.0
        for part in range(LOCATION, N_PARTS):
            total += weights_[part] * values[part]
        return total

    visit = np.argsort(-best)  # places from the highest bound down: the threshold rises early
    # Probe: items of the best place holding the query's most valuable features set a first threshold (scoring
    # whole posting lists until k are kept: measured faster than scoring fewer, better-chosen items first).
    if len(visit) and best[visit[0]] > -np.inf:
        place, probed = places[visit[0]], stats[2]
        for j in range(len(order) - 1, -1, -1):
            slot = features[order[j]] * n_places + place
            for p in range(offsets[slot], offsets[slot + 1]):
                if p + 2 * AHEAD < offsets[slot + 1]:
                    fetch_early(posted[p + 2 * AHEAD])
                if p + AHEAD < offsets[slot + 1]:
                    fetch_late(posted[p + AHEAD])
                size = offer(posted[p], size, 2)
                if stats[2] - probed >= PROBE_LIMIT:
                    break
            if size == k:
                break
    for i in visit:
        if best[i] == -np.inf:
            break
        place = places[i]
        threshold = heap_score[0] if size == k else -np.inf
        optional = 0
        while optional < len(order) and prefix[optional] < threshold - best[i] - EPSILON:
            optional += 1
        if optional and optional == len(order):
            continue  # the place's best bound plus every feature stays below the threshold
        optional_sum = prefix[optional - 1] if optional else 0.0
        pass_number += 1
        touched = 0
        for j in range(optional, len(order)):
            weight = weights[order[j]]
            slot = features[order[j]] * n_places + place
            for p in range(offsets[slot], offsets[slot + 1]):
                item = posted[p]
                if touched_in[item] != pass_number:
                    touched_in[item] = pass_number
                    accumulated[item] = 0.0
                    touched_items[touched] = item
                    touched += 1
                accumulated[item] += weight * posted_value[p]
            stats[1] += offsets[slot + 1] - offsets[slot]
        # Two steps: the group's bound, then the pair's own non-key parts (cheap: no text is compared). The
        # first keeps its candidates at the front of ``touched_items``, so that the second can request their
        # memory a few candidates ahead (`AHEAD`): at a million seekers their rows are rarely in cache.
        threshold = (heap_score[0] if size == k else -np.inf) - EPSILON
        candidates = 0
        for t in range(touched):
            item = touched_items[t]
            bound = accumulated[item] + optional_sum + group_bound[of_item[item]]
            if bound >= threshold and scored_for[item] != query:
                touched_items[candidates] = item
                candidates += 1
        for t in range(candidates):
            if t + 2 * AHEAD < candidates:
                fetch_early(touched_items[t + 2 * AHEAD])
            if t + AHEAD < candidates:
                fetch_late(touched_items[t + AHEAD])
            item = touched_items[t]
            key_bound = accumulated[item] + optional_sum
            threshold = (heap_score[0] if size == k else -np.inf) - EPSILON  # T may have risen since the first step
            if key_bound + group_bound[of_item[item]] >= threshold and key_bound + other_parts(item) >= threshold:
                size = offer(item, size, 3)
        if batch.zero_key_eligible and optional == 0:
            # Items sharing no feature may still be recommended: score every group that can still reach T.
            for group in range(place * buckets, (place + 1) * buckets):
                if group_bound[group] >= (heap_score[0] if size == k else -np.inf) - EPSILON:
                    for item in range(group_start[group], group_start[group + 1]):
                        size = offer(item, size, 4)
    for i in range(len(places)):  # reset the bounds this query wrote
        place = places[i]
        group_bound[place * buckets : (place + 1) * buckets] = -np.inf
    return size, pass_number


@njit(cache=True)
def _sorted_heap(scratch, size, weights, out_item, out_score, out_parts):
    """Write the heap best first (ties: lower item first), with each part's contribution (weight x value)."""
    score, item = scratch.heap_score, scratch.heap_item
    order = np.empty(size, np.int64)
    for i in range(size):  # insertion sort of the heap's slots: k is small
        j = i
        while j > 0 and _better(score[i], item[i], score[order[j - 1]], item[order[j - 1]]):
            order[j] = order[j - 1]
            j -= 1
        order[j] = i
    for rank in range(size):
        slot = order[rank]
        out_item[rank], out_score[rank] = scratch.heap_item[slot], scratch.heap_score[slot]
        for part in range(N_PARTS):
            out_parts[rank, part] = weights[part] * scratch.heap_values[slot, part]


@njit(cache=True, nogil=True)
def top_k(batch, queries, rows, k, n_items, out_item, out_score, out_parts):
    """Top ``k`` items of each query: for ``queries[i]``, writes row ``rows[i]`` of ``out_item`` (item rows, -1 past
    the last), ``out_score`` and ``out_parts`` (contributions, weight x value); returns the pruning counters
    (`STATS`). Releases the GIL: threads run it on disjoint rows of the same outputs."""
    stats = np.zeros(STATS, np.int64)
    scratch = _new_scratch(n_items, len(batch.groups.start) - 1, k)
    pass_number = 0
    for i in range(len(queries)):
        size, pass_number = _one_query(batch, scratch, queries[i], k, pass_number, stats)
        row = rows[i]
        _sorted_heap(scratch, size, batch.weights, out_item[row], out_score[row], out_parts[row])
    return stats


@njit(cache=True)
def compact(items, scores, parts) -> int:
    """Move the kept entries (item >= 0) of queries x k outputs to the front, in order, in place (flattened: no
    copy of 20M x 9 contributions); returns how many there are."""
    flat_items, flat_scores = items.reshape(-1), scores.reshape(-1)
    flat_parts = parts.reshape(-1, parts.shape[2])
    kept = 0
    for i in range(len(flat_items)):
        if flat_items[i] >= 0:
            if kept != i:
                flat_items[kept], flat_scores[kept] = flat_items[i], flat_scores[i]
                flat_parts[kept, :] = flat_parts[i, :]
            kept += 1
    return kept
