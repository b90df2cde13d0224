"""The match-type parts as one weighted sparse dot product, split into rare and common features for pruning.

A seeker row holds ``w_occupation * (credit_detail - credit_minor)`` on its detailed occupation,
``w_occupation * (credit_minor - credit_medium)`` on its minor group, ``w_occupation * credit_medium`` on its
medium group, ``w_title`` times its unit title-gram vector and ``w_skills`` times its unit skill vector; a vacancy
row holds 1 on its three occupation levels and its unit vectors. Because the levels nest, the dot product is
exactly the weighted occupation credit plus the weighted title and skill cosines.
"""

import numpy as np
from scipy import sparse

from jiuye.matching.scoring import PairContext


def _occupation_matrix(levels: np.ndarray, columns: list[np.ndarray], values: np.ndarray) -> sparse.csr_matrix:
    rows, cols, data = [], [], []
    offset = 0
    for level in range(3):
        known = np.flatnonzero(levels[:, level] >= 0)
        cols.append(np.searchsorted(columns[level], levels[known, level]).astype(np.int64) + offset)
        rows.append(known)
        data.append(np.full(len(known), values[level]))
        offset += len(columns[level])
    return sparse.csr_matrix(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=(len(levels), offset)
    )


def occupation_columns(*tables: np.ndarray) -> list[np.ndarray]:
    """Sorted distinct known codes of each level (detail, minor, medium) over the tables."""
    return [np.unique(np.concatenate([t[:, level][t[:, level] >= 0] for t in tables])) for level in range(3)]


def seeker_occupation_values(context: PairContext) -> np.ndarray:
    credits, weight = context.config.occupation_credits, context.config.weight("occupation")
    return weight * np.array(
        [credits["detail"] - credits["minor"], credits["minor"] - credits["medium"], credits["medium"]]
    )


def key_matrices(context: PairContext) -> tuple[sparse.csr_matrix, sparse.csr_matrix, int]:
    """(seeker keys, vacancy keys, number of occupation columns first): row dot products are the weighted
    match-type parts."""
    seekers, vacancies, config = context.seekers, context.vacancies, context.config
    columns = occupation_columns(seekers.occupation, vacancies.occupation)
    occupation_s = _occupation_matrix(seekers.occupation, columns, seeker_occupation_values(context))
    occupation_v = _occupation_matrix(vacancies.occupation, columns, np.ones(3))
    width = max(context.seeker_titles.shape[1], context.vacancy_titles.shape[1])
    titles_s = context.seeker_titles[seekers.title.codes]
    titles_v = context.vacancy_titles[vacancies.title.codes]
    titles_s = sparse.csr_matrix((titles_s.data, titles_s.indices, titles_s.indptr), shape=(len(seekers), width))
    titles_v = sparse.csr_matrix((titles_v.data, titles_v.indices, titles_v.indptr), shape=(len(vacancies), width))
    seeker_keys = sparse.hstack(
        [occupation_s, config.weight("title") * titles_s, config.weight("skills") * context.seeker_skills], "csr"
    )
    vacancy_keys = sparse.hstack([occupation_v, titles_v, context.vacancy_skills], "csr")
    return seeker_keys, vacancy_keys, occupation_s.shape[1]


class MatchKeys:
    """Both sides' key matrices with, per feature, how many items hold it and its largest value.

    Candidate generation is per query (the MaxScore idea of text retrieval): a query's features are taken from the
    most widespread down, and are *optional* while their summed largest contributions stay below the query's
    slack (its score threshold minus the best the other parts could add). An item sharing no *essential* feature
    scores below the threshold, so only items sharing an essential feature need scoring.
    """

    def __init__(self, context: PairContext):
        self.seeker_keys, self.vacancy_keys, self.occupation_width = key_matrices(context)
        width = self.seeker_keys.shape[1]
        valid = np.flatnonzero(context.vacancy_ok)
        vacancy_valid = self.vacancy_keys[valid]
        self.count = {
            True: np.bincount(vacancy_valid.indices, minlength=width),  # items of seeker queries are vacancies
            False: np.bincount(self.seeker_keys.indices, minlength=width),
        }
        self.largest = {True: _column_max(vacancy_valid, width), False: _column_max(self.seeker_keys, width)}

    def query_keys(self, queries: np.ndarray, seeker_queries: bool) -> sparse.csr_matrix:
        return (self.seeker_keys if seeker_queries else self.vacancy_keys)[queries]

    def item_keys(self, items: np.ndarray, seeker_queries: bool) -> sparse.csr_matrix:
        return (self.vacancy_keys if seeker_queries else self.seeker_keys)[items]

    def essential(self, queries: np.ndarray, seeker_queries: bool, slack: np.ndarray):
        """(essential keys of each query, the summed bound of its optional features)."""
        keys = self.query_keys(queries, seeker_queries).tocoo()
        bound = keys.data * self.largest[seeker_queries][keys.col]
        order = np.lexsort((-self.count[seeker_queries][keys.col], keys.row))
        rows, bound_sorted = keys.row[order], bound[order]
        running = np.cumsum(bound_sorted)
        starts = np.searchsorted(rows, rows, side="left")
        within = running - np.where(starts > 0, running[starts - 1], 0.0)
        optional = within < slack[rows]
        optional_sum = np.zeros(len(queries))
        np.add.at(optional_sum, rows[optional], bound_sorted[optional])
        keep = order[~optional]
        essential = sparse.csr_matrix((keys.data[keep], (keys.row[keep], keys.col[keep])), shape=keys.shape)
        return essential, optional_sum

    def transposed_items(self, items: np.ndarray, seeker_queries: bool, cache_key) -> sparse.csr_matrix:
        """Item keys transposed (features x items), kept for the current place: its chunks and tiers share them."""
        cache = getattr(self, "_transposed", {})
        if cache_key is None or cache_key not in cache:
            if cache and cache_key is not None and next(iter(cache))[:2] != cache_key[:2]:
                cache = {}  # a new place: forget the last one's
            cache[cache_key] = sparse.csr_matrix(self.item_keys(items, seeker_queries).T)
            self._transposed = cache
        return cache[cache_key]

    def candidates(self, essential: sparse.csr_matrix, items: np.ndarray, seeker_queries: bool, cache_key=None):
        """Local (row, column) indices of the query x item pairs sharing an essential feature, and the sum of
        their shared essential features' contributions (a part of the key score, known without scoring)."""
        product = (essential @ self.transposed_items(items, seeker_queries, cache_key)).tocoo()
        return product.row.astype(np.int64), product.col.astype(np.int64), product.data

    def occupation_candidates(self, queries, items, seeker_queries: bool):
        """Pairs sharing an occupation level (the probe that sets a first threshold)."""
        left = self.query_keys(queries, seeker_queries)[:, : self.occupation_width]
        right = self.item_keys(items, seeker_queries)[:, : self.occupation_width]
        product = (left @ right.T).tocoo()
        return product.row.astype(np.int64), product.col.astype(np.int64)


def _column_max(matrix: sparse.csr_matrix, width: int) -> np.ndarray:
    largest = np.zeros(width)
    np.maximum.at(largest, matrix.indices, matrix.data)
    return largest
