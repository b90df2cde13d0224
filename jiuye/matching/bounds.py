"""Item groups and the reach between places, for the pruned top K (the argument is in `jiuye.matching.kernels`).

Places are counties (or cities). ``reach[a, b]`` says whether some seeker in place a may be matched with a vacancy
in place b: b is in a seeker's accepted list, or b's seat lies within the seeker's commute radius once the spread of
addresses around both seats is allowed for. Pairs outside ``reach`` are never looked at. Within a place, items are
grouped by their item-only part and two fit attributes, and each group keeps the extremes from which the kernel
bounds the non-key parts of a query against any of its items.
"""

from functools import cached_property

import numpy as np

from jiuye.matching import kernels
from jiuye.matching.config import VACANCIES_FOR_SEEKER
from jiuye.matching.features import accepted_mask
from jiuye.matching.geo import place_spread_km, unit_vectors
from jiuye.matching.scoring import PART_INDEX, PairContext, freshness_values

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
    """Items grouped by place (and bucket), the groups' extremes, and the reach between places."""

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
        listed = np.flatnonzero(seekers.has_accept)
        words = np.zeros((self.n_places, seekers.accept.shape[1]), dtype=np.uint64)  # every place's lists, or-ed
        np.bitwise_or.at(words, seekers.place[listed], seekers.accept[listed])
        accept = accepted_mask(words, self.n_places)
        radius = np.full(self.n_places, -np.inf)
        free = np.flatnonzero(~seekers.has_accept)
        np.maximum.at(radius, seekers.place[free], context.radius_km[free])
        gap = context.places.seat_distances() - self.spread_s[:, None] - self.spread_v[None, :]
        return accept | (gap <= radius[:, None] + kernels.MARGIN_KM)  # the margin: the kernel's haversine may round

    def groups(self) -> kernels.Groups:
        """The item groups as `jiuye.matching.kernels.top_k` reads them: items are numbered by their position in
        ``item_rows`` (group order), so that the items of a place lie together in memory."""
        x = self.extremes
        return kernels.Groups(
            BUCKETS,
            self.group_start.astype(np.int64),
            self.item_group.astype(np.int64),
            np.ascontiguousarray(x["wage"], dtype=np.float64),
            x["wage_unknown"],
            np.ascontiguousarray(x["education"], dtype=np.float64),
            x["education_unknown"],
            np.ascontiguousarray(x["experience"], dtype=np.float64),
            x["experience_unknown"],
            self.item_best,
        )

    def geography(self) -> kernels.Geography:
        """Places as the kernel reads them, with the places each query place reaches."""
        places = self.context.places
        reach = self.reach if self.seeker_queries else self.reach.T
        return kernels.Geography(
            places.city.astype(np.int64),
            unit_vectors(places.longitude, places.latitude),
            self.item_spread.astype(np.float64),
            np.concatenate([[0], np.cumsum(reach.sum(axis=1))]).astype(np.int64),
            np.nonzero(reach)[1].astype(np.int64),
        )
