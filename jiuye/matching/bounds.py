"""Geography blocks and per-place upper bounds for the pruned top-K (see the argument in `jiuye.matching.engine`).

Places are counties (or cities). ``reach[a, b]`` says whether some seeker in place a may be matched with a vacancy
in place b: b is in a seeker's accepted list, or b's seat lies within the seeker's commute radius once the spread of
addresses around both seats is allowed for. Pairs outside ``reach`` are never looked at.
"""

from functools import cached_property

import numpy as np

from jiuye.matching.config import VACANCIES_FOR_SEEKER
from jiuye.matching.geo import haversine_km, place_spread_km
from jiuye.matching.scoring import (
    PART_INDEX,
    PairContext,
    education_fit,
    experience_fit,
    freshness_values,
    location_value,
    wage_fit,
)

FRESH_BINS, FIT_BINS = 4, 3
BUCKETS = FRESH_BINS * FIT_BINS**2  # item groups per place: item-only part x two fit attributes


def _bins(values: np.ndarray, count: int) -> np.ndarray:
    """Quantile bins 0..count-1 of the known values (NaN in bin 0)."""
    known = values[~np.isnan(values)] if values.dtype.kind == "f" else values
    if not len(known):
        return np.zeros(len(values), dtype=np.int64)
    edges = np.unique(np.quantile(known, np.arange(1, count) / count))
    return np.searchsorted(edges, np.nan_to_num(values, nan=-np.inf)).astype(np.int64)


def _extreme(groups: np.ndarray, index: np.ndarray, values: np.ndarray, size: int, largest: bool) -> np.ndarray:
    """Per group, the largest (or smallest) of ``values`` at ``index``; NaN for groups with none."""
    out = np.full(size, -np.inf if largest else np.inf)
    (np.maximum if largest else np.minimum).at(out, groups[index], values[index])
    return np.where(np.isinf(out), np.nan, out)


class PlaceBounds:
    """Items grouped by place, the reach between places, and bounds of the non-key parts per query and place."""

    def __init__(self, context: PairContext, direction: str, *, province_wide: bool):
        self.context, self.province_wide = context, province_wide
        self.seeker_queries = direction == VACANCIES_FOR_SEEKER
        self.weights = context.part_weights(direction)
        seekers, vacancies, places = context.seekers, context.vacancies, context.places
        self.n_places = len(places)
        self.spread_s = place_spread_km(seekers.place, seekers.longitude, seekers.latitude, places)
        self.spread_v = place_spread_km(vacancies.place, vacancies.longitude, vacancies.latitude, places)
        query_table, item_table = (seekers, vacancies) if self.seeker_queries else (vacancies, seekers)
        self.query_table, self.item_table = query_table, item_table
        self.query_place = query_table.place
        item_rows = np.flatnonzero(context.vacancy_ok) if self.seeker_queries else np.arange(len(seekers))
        # Items are grouped by place and, within a place, by their item-only part (freshness of a vacancy, key-group
        # priority of a seeker), so that a group's bound is not that of the place's single best item.
        value = self.item_only(item_rows)
        bucket = _bins(value, FRESH_BINS) * FIT_BINS**2 + self.fit_bins(item_rows)
        group = item_table.place[item_rows].astype(np.int64) * BUCKETS + bucket
        order = np.argsort(group, kind="stable")
        self.item_rows, self.item_group = item_rows[order], group[order]
        self.group_start = np.searchsorted(self.item_group, np.arange(self.n_places * BUCKETS + 1))
        self.item_best = np.zeros(self.n_places * BUCKETS)
        np.maximum.at(self.item_best, self.item_group, value[order])
        self.item_spread = self.spread_v if self.seeker_queries else self.spread_s
        self.extremes = self.group_extremes()
        self._reach_items: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def fit_bins(self, rows: np.ndarray) -> np.ndarray:
        """Bins of the two attributes the wage and education fits depend on, so that groups bound them tightly."""
        table = self.item_table
        if self.seeker_queries:
            return _bins(table.wage_max[rows], FIT_BINS) * FIT_BINS + _bins(
                table.education[rows].astype(float), FIT_BINS
            )
        return _bins(table.expected_wage[rows], FIT_BINS) * FIT_BINS + _bins(
            table.education[rows].astype(float), FIT_BINS
        )

    def group_extremes(self) -> dict[str, np.ndarray]:
        """Per group, the item values that make each fit best, and whether some item's value is unknown."""
        table, group, size = self.item_table, self.item_group, self.n_places * BUCKETS
        rows = self.item_rows
        everything = np.arange(len(rows))
        extremes = {}
        if self.seeker_queries:  # items are vacancies: a higher top wage, a lower requirement fit better
            wage, education, years = (
                table.wage_max[rows],
                table.education[rows].astype(float),
                table.experience_years[rows],
            )
            known_years = np.flatnonzero(years > 0)
            extremes["wage"] = _extreme(group, np.flatnonzero(~np.isnan(wage)), wage, size, largest=True)
            extremes["education"] = _extreme(group, np.flatnonzero(education >= 0), education, size, largest=False)
            extremes["experience"] = _extreme(group, known_years, years, size, largest=False)
            none = {"education": education < 0, "experience": ~(years > 0), "wage": np.isnan(wage)}
        else:  # items are seekers: a lower expectation, more education and experience fit better
            wage, education, years = (
                table.expected_wage[rows],
                table.education[rows].astype(float),
                table.experience_years[rows],
            )
            extremes["wage"] = _extreme(group, np.flatnonzero(~np.isnan(wage)), wage, size, largest=False)
            extremes["education"] = _extreme(group, np.flatnonzero(education >= 0), education, size, largest=True)
            extremes["experience"] = _extreme(group, np.flatnonzero(~np.isnan(years)), years, size, largest=True)
            none = {"education": education < 0, "experience": np.isnan(years), "wage": np.isnan(wage)}
        for name, flags in none.items():
            extremes[f"{name}_unknown"] = np.bincount(group[everything[flags]], minlength=size) > 0
        return extremes

    def fit_bound(self, queries: np.ndarray, groups: np.ndarray) -> np.ndarray:
        """Upper bound of the wage, education and experience contributions per query and item group."""
        c, w, x = self.context.config, self.weights, self.extremes
        q = self.query_table
        if self.seeker_queries:
            wage = wage_fit(q.expected_wage[queries][:, None], x["wage"][groups][None, :], c.wage)
            wage = np.maximum(wage, np.where(x["wage_unknown"][groups], c.wage["unknown"], 0.0))
            needs = np.nan_to_num(x["education"][groups], nan=-1.0)[None, :]  # no known requirement: none
            education = education_fit(q.education[queries][:, None], needs, c.education)
            education = np.maximum(education, np.where(x["education_unknown"][groups], 1.0, 0.0))
            experience = experience_fit(
                q.experience_years[queries][:, None], x["experience"][groups][None, :], c.experience["unknown"]
            )
            experience = np.maximum(experience, np.where(x["experience_unknown"][groups], 1.0, 0.0))
        else:
            wage = wage_fit(x["wage"][groups][None, :], q.wage_max[queries][:, None], c.wage)
            wage = np.maximum(wage, np.where(x["wage_unknown"][groups], c.wage["unknown"], 0.0))
            has = np.nan_to_num(x["education"][groups], nan=-1.0)[None, :]
            education = education_fit(has, q.education[queries][:, None], c.education)
            education = np.maximum(education, np.where(x["education_unknown"][groups], c.education["unknown"], 0.0))
            experience = experience_fit(
                x["experience"][groups][None, :], q.experience_years[queries][:, None], c.experience["unknown"]
            )
            experience = np.maximum(
                experience, np.where(x["experience_unknown"][groups], c.experience["unknown"], 0.0)
            )
        return (
            w[PART_INDEX["wage"]] * wage
            + w[PART_INDEX["education"]] * education
            + w[PART_INDEX["experience"]] * experience
        )

    def item_only(self, rows: np.ndarray) -> np.ndarray:
        """The contribution that depends on the item alone: freshness of vacancies, key-group priority of seekers."""
        if self.seeker_queries:
            return self.weights[PART_INDEX["freshness"]] * freshness_values(self.context, rows)
        return self.weights[PART_INDEX["key_group"]] * self.context.key_priority[rows]

    def query_rows(self) -> np.ndarray:
        return np.arange(len(self.context.seekers)) if self.seeker_queries else np.flatnonzero(self.context.vacancy_ok)

    @cached_property
    def reach(self) -> np.ndarray:
        """Seeker place x vacancy place: may any seeker of the first be matched with a vacancy of the second?"""
        if self.province_wide:
            return np.ones((self.n_places, self.n_places), dtype=bool)
        seekers, context = self.context.seekers, self.context
        accept = np.zeros((self.n_places, self.n_places), dtype=bool)
        listed = np.flatnonzero(seekers.has_accept)
        for word in range(seekers.accept.shape[1]):
            bits = seekers.accept[listed, word]
            for bit in range(64):
                place = word * 64 + bit
                if place < self.n_places:
                    holders = listed[(bits >> np.uint64(bit)) & np.uint64(1) == 1]
                    accept[np.unique(seekers.place[holders]), place] = True
        radius = np.full(self.n_places, -np.inf)
        free = np.flatnonzero(~seekers.has_accept)
        np.maximum.at(radius, seekers.place[free], context.radius_km[free])
        gap = context.places.seat_distances() - self.spread_s[:, None] - self.spread_v[None, :]
        return accept | (gap <= radius[:, None])

    def items_in_reach(self, query_place: int) -> tuple[np.ndarray, np.ndarray]:
        """Item rows that queries in ``query_place`` may be matched with, and their groups (place x bucket)."""
        if query_place not in self._reach_items:
            row = self.reach[query_place] if self.seeker_queries else self.reach[:, query_place]
            groups = (np.flatnonzero(row)[:, None] * BUCKETS + np.arange(BUCKETS)[None, :]).ravel()
            spans = [np.arange(self.group_start[g], self.group_start[g + 1]) for g in groups]
            index = np.concatenate(spans) if spans else np.zeros(0, np.int64)
            self._reach_items[query_place] = (self.item_rows[index], self.item_group[index])
        return self._reach_items[query_place]

    def seat_distance(self, queries: np.ndarray, groups: np.ndarray) -> np.ndarray:
        """Kilometres from each query's own position to the seat of each group's place (queries x groups)."""
        table, places, item_places = self.query_table, self.context.places, groups // BUCKETS
        return haversine_km(
            table.longitude[queries][:, None],
            table.latitude[queries][:, None],
            places.longitude[item_places][None, :],
            places.latitude[item_places][None, :],
        )

    def dense_bound(self, queries: np.ndarray, query_place: int, groups: np.ndarray, seat_distance) -> np.ndarray:
        """Largest possible sum of the non-key parts for each query and item group (queries x groups)."""
        context, places, w = self.context, self.context.places, self.weights
        item_places = groups // BUCKETS
        distance = np.maximum(seat_distance - self.item_spread[item_places][None, :], 0.0)
        same_place = (item_places == query_place)[None, :]
        same_city = (places.city[item_places] == places.city[query_place])[None, :]
        bound = w[PART_INDEX["location"]] * location_value(context.config.location, distance, same_place, same_city)
        bound += self.fit_bound(queries, groups)
        bound += self.query_only(queries)[:, None] + self.item_best[groups][None, :]
        return bound

    def query_only(self, queries: np.ndarray) -> np.ndarray:
        if self.seeker_queries:
            return self.weights[PART_INDEX["key_group"]] * self.context.key_priority[queries]
        return self.weights[PART_INDEX["freshness"]] * freshness_values(self.context, queries)

    def allowed_places(self, queries: np.ndarray, groups: np.ndarray, seat_distance) -> np.ndarray:
        """Whether each query may be matched with some item of each group (always true for vacancy queries)."""
        item_places = groups // BUCKETS
        if self.province_wide or not self.seeker_queries:
            return np.ones((len(queries), len(item_places)), dtype=bool)
        seekers = self.context.seekers
        words = seekers.accept[queries][:, item_places // 64]
        listed = (words >> (item_places % 64).astype(np.uint64)[None, :]) & np.uint64(1) == 1
        # seat_distance is from the seeker here (seeker queries), and vacancies are the items: their spread applies.
        near = seat_distance - self.spread_v[item_places][None, :] <= self.context.radius_km[queries][:, None]
        return np.where(seekers.has_accept[queries][:, None], listed, near)

    def place_bounds(self, queries: np.ndarray, query_place: int) -> tuple[np.ndarray, np.ndarray]:
        """(item places in reach, bound of the non-key parts per query and place; -inf where not allowed)."""
        _, item_group = self.items_in_reach(query_place)
        groups = np.unique(item_group)
        distance = self.seat_distance(queries, groups)
        bound = self.dense_bound(queries, query_place, groups, distance)
        return groups, np.where(self.allowed_places(queries, groups, distance), bound, -np.inf)
