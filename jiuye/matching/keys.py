"""The key parts (occupation, title, skills) as features shared by a seeker and a vacancy, for candidate lists.

Both sides hold 1 on their three occupation levels and their unit title-gram and skill vectors. Feature ``f``
weighs ``feature_weight[f]``: the title or skills weight, or for the occupation levels the weight times the
credit a level adds to the next coarser one (``detail - minor``, ``minor - medium``, ``medium``). Because the
levels nest, ``sum over shared f of feature_weight[f] x seeker value x vacancy value`` is exactly the weighted
occupation credit plus the weighted title and skill cosines, which is what lets `jiuye.matching.kernels.top_k` bound
a pair's key parts by the features it shares.
"""

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from jiuye.matching import kernels
from jiuye.matching.scoring import PairContext


def _occupation_matrix(levels: np.ndarray, columns: list[np.ndarray]) -> sparse.csr_matrix:
    rows, cols = [], []
    offset = 0
    for level in range(3):
        known = np.flatnonzero(levels[:, level] >= 0)
        cols.append(np.searchsorted(columns[level], levels[known, level]).astype(np.int64) + offset)
        rows.append(known)
        offset += len(columns[level])
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(levels), offset))


def occupation_columns(*tables: np.ndarray) -> list[np.ndarray]:
    """Sorted distinct known codes of each level (detail, minor, medium) over the tables."""
    return [np.unique(np.concatenate([t[:, level][t[:, level] >= 0] for t in tables])) for level in range(3)]


def _with_width(matrix: sparse.csr_matrix, width: int) -> sparse.csr_matrix:
    return sparse.csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=(matrix.shape[0], width))


@dataclass
class KeyMatrices:
    """Seekers' and vacancies' feature values (rows x features) and each feature's weight."""

    seekers: sparse.csr_matrix
    vacancies: sparse.csr_matrix
    feature_weight: np.ndarray
    occupation_width: int

    @classmethod
    def build(cls, context: PairContext) -> "KeyMatrices":
        seekers, vacancies, config = context.seekers, context.vacancies, context.config
        columns = occupation_columns(seekers.occupation, vacancies.occupation)
        occupation_s = _occupation_matrix(seekers.occupation, columns)
        occupation_v = _occupation_matrix(vacancies.occupation, columns)
        title_width = max(context.seeker_titles.shape[1], context.vacancy_titles.shape[1])
        titles_s = _with_width(context.seeker_titles[seekers.title.codes], title_width)
        titles_v = _with_width(context.vacancy_titles[vacancies.title.codes], title_width)
        skill_width = context.seeker_skills.shape[1]
        credits, occupation = config.occupation_credits, config.weight("occupation")
        increments = [credits["detail"] - credits["minor"], credits["minor"] - credits["medium"], credits["medium"]]
        feature_weight = np.concatenate(
            [
                *(np.full(len(c), occupation * increment) for c, increment in zip(columns, increments, strict=True)),
                np.full(title_width, config.weight("title")),
                np.full(skill_width, config.weight("skills")),
            ]
        )
        return cls(
            seekers=sparse.hstack([occupation_s, titles_s, context.seeker_skills], "csr"),
            vacancies=sparse.hstack([occupation_v, titles_v, context.vacancy_skills], "csr"),
            feature_weight=feature_weight,
            occupation_width=occupation_s.shape[1],
        )

    def query_features(self, seeker_queries: bool) -> kernels.QueryFeatures:
        """Every query-side row's features with ``feature weight x the query's value``."""
        matrix = self.seekers if seeker_queries else self.vacancies
        matrix = sparse.csr_matrix(matrix)
        matrix.sort_indices()
        return kernels.QueryFeatures(
            matrix.indptr.astype(np.int64),
            matrix.indices.astype(np.int32),
            matrix.data * self.feature_weight[matrix.indices],
        )

    def postings(self, seeker_queries: bool, item_rows: np.ndarray, item_place: np.ndarray, places: int):
        """Posting lists of the item side, per feature and place. Items are numbered by their position in
        ``item_rows`` (whose places are ``item_place``), and listed in that order."""
        matrix = (self.vacancies if seeker_queries else self.seekers)[item_rows].tocoo()
        positions, features = matrix.row.astype(np.int64), matrix.col.astype(np.int64)
        width = matrix.shape[1]
        slot = features * places + item_place[positions]
        order = np.lexsort((positions, slot))
        offsets = np.zeros(width * places + 1, dtype=np.int64)
        np.cumsum(np.bincount(slot, minlength=width * places), out=offsets[1:])
        largest = np.zeros(width)
        if matrix.nnz:
            largest = np.asarray(matrix.tocsc().max(axis=0).toarray()).ravel()
        return kernels.Postings(offsets, positions[order].astype(np.int32), matrix.data[order], largest)
