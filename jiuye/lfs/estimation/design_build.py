"""From the columns of ``svydesign`` to the stages :mod:`~jiuye.lfs.estimation.linearisation` works on.

R's ``svydesign`` (``survey`` package, T. Lumley) nests clusters in strata (``nest=TRUE``) and each stage's clusters
in the clusters of the stage before; at stage ``s > 1`` the strata are the clusters of stage ``s - 1``. Finite
population corrections are read as population sizes when any value exceeds 1, as sampling fractions otherwise
(``as.fpc``), and without weights the weights are the product over stages of ``N_h / n_h`` (``weights.survey_fpc``).

R refuses corrections for fewer stages than there are clusters; here the stages after the last correction are
sampled with replacement within their clusters, so they add nothing (the "ultimate cluster" variance, which is
R's for the same design declared with the first-stage clusters only), and weights must then be given.

References
----------
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley. Sections 2.2 and 3.2.
R package ``survey``: ``svydesign``, ``as.fpc``, ``weights.survey_fpc``, ``multistage``.
"""

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from jiuye.lfs.estimation.errors import FpcError, SurveyDesignError
from jiuye.lfs.estimation.grouping import distinct_keys, factorize
from jiuye.lfs.estimation.linearisation import Stage, make_stage


def build_design_parts(
    *,
    strata: ArrayLike | None,
    clusters: Sequence[ArrayLike],
    weights: ArrayLike | None,
    fpc: Sequence[ArrayLike],
) -> tuple[np.ndarray, tuple[Stage, ...], float | None]:
    """Weights, the variance stages, and the first stage's population number of PSUs (for JK1).

    Parameters are those of :func:`~jiuye.lfs.estimation.design.make_design`.

    Returns
    -------
    weights : ndarray of float, shape (n,)
    stages : tuple of Stage
        Stage 1, then each later stage with a finite population correction.
    first_stage_pop : float or None
        ``N`` of the first stratum at stage 1, ``None`` without corrections.
    """
    cluster_labels = [np.asarray(column) for column in clusters]
    fpc_values = [np.asarray(column, dtype=float) for column in fpc]
    n = _row_count(strata, cluster_labels, weights, fpc_values)
    if len(fpc_values) > max(1, len(cluster_labels)):
        raise FpcError(
            f"{len(fpc_values)} finite population corrections for {max(1, len(cluster_labels))} stages",
            reason="too_many",
        )
    stratum_code, stratum_labels = _strata(strata, n)
    row_strata, cluster_codes = _nested_clusters(stratum_code, stratum_labels.size, cluster_labels, n)
    strata_of_clusters = [
        _stratum_of_cluster(codes, rows) for codes, rows in zip(cluster_codes, row_strata, strict=True)
    ]
    sampled = [np.bincount(owner).astype(float) for owner in strata_of_clusters]
    populations = _populations(fpc_values, row_strata, sampled)
    if weights is None and populations and len(populations) < len(cluster_codes):
        raise FpcError(
            "weights come from fpc only when fpc is given for every stage: give the weights",
            reason="weights_need_every_stage",
        )
    row_weights = _weights(weights, populations, sampled, row_strata, n)
    stages = _stages(cluster_codes, strata_of_clusters, populations, stratum_labels)
    return row_weights, stages, None if not populations else float(populations[0][0])


def _row_count(
    strata: ArrayLike | None, cluster_labels: list[np.ndarray], weights: ArrayLike | None, fpc_values: list[np.ndarray]
) -> int:
    lengths = {len(column) for column in (strata, weights, *cluster_labels, *fpc_values) if column is not None}
    if len(lengths) > 1:
        raise SurveyDesignError(f"design columns have different lengths: {sorted(lengths)}")
    if not lengths:
        raise SurveyDesignError("give at least one of strata, clusters, weights or fpc, so the rows are known")
    return lengths.pop()


def _strata(strata: ArrayLike | None, n: int) -> tuple[np.ndarray, np.ndarray]:
    if strata is None:
        return np.zeros(n, dtype=np.int64), np.array([1])
    code, levels = factorize(np.asarray(strata))
    if (code < 0).any():
        raise SurveyDesignError("missing values in strata")
    return code, levels


def _nested_clusters(
    stratum_code: np.ndarray, n_strata: int, cluster_labels: list[np.ndarray], n: int
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per stage, each row's stratum and its cluster code, clusters nested in strata and in earlier clusters."""
    if not cluster_labels:
        return [stratum_code], [np.arange(n, dtype=np.int64)]
    row_strata, codes = [], []
    parent, n_parent = stratum_code, n_strata
    for stage, labels in enumerate(cluster_labels, start=1):
        raw, levels = factorize(labels)
        if (raw < 0).any():
            raise SurveyDesignError(f"missing values in the cluster ids of stage {stage}")
        distinct, code = distinct_keys(parent * levels.size + raw, n_parent * levels.size)
        row_strata.append(parent)
        codes.append(code.astype(np.int64))
        parent, n_parent = codes[-1], distinct.size
    return row_strata, codes


def _stratum_of_cluster(cluster: np.ndarray, row_stratum: np.ndarray) -> np.ndarray:
    owner = np.zeros(int(cluster.max()) + 1, dtype=np.int64)
    owner[cluster] = row_stratum
    return owner


def _populations(
    fpc_values: list[np.ndarray], row_strata: list[np.ndarray], sampled: list[np.ndarray]
) -> list[np.ndarray]:
    """Population units per stratum at each stage with a correction (R's ``fpc$popsize``)."""
    if not fpc_values:
        return []
    every = np.concatenate(fpc_values)
    if np.isnan(every).any():
        raise FpcError("missing values in fpc", reason="missing")
    sizes = bool((every > 1).any())
    if (sizes and (every < 1).any()) or (every < 0).any():
        raise FpcError("Must have all fpc>=1 (population sizes) or all fpc<=1 (sampling fractions)", reason="mixed")
    populations = []
    for stage, values in enumerate(fpc_values):
        per_stratum = np.zeros(sampled[stage].size)
        per_stratum[row_strata[stage]] = values
        if (per_stratum[row_strata[stage]] != values).any():
            raise FpcError(f"fpc varies within a stratum at stage {stage + 1}", reason="varies", stage=stage + 1)
        with np.errstate(divide="ignore"):
            population = per_stratum if sizes else sampled[stage] / per_stratum
        if (population < sampled[stage]).any():
            raise FpcError(
                f"FPC implies >100% sampling in some strata at stage {stage + 1}",
                reason="over_100_percent",
                stage=stage + 1,
            )
        populations.append(population)
    return populations


def _weights(
    weights: ArrayLike | None,
    populations: list[np.ndarray],
    sampled: list[np.ndarray],
    row_strata: list[np.ndarray],
    n: int,
) -> np.ndarray:
    if weights is not None:
        given = np.asarray(weights, dtype=float)
        if np.isnan(given).any():
            raise SurveyDesignError("missing values in weights")
        return given
    product = np.ones(n)
    for stage, population in enumerate(populations):
        product *= (population / sampled[stage])[row_strata[stage]]
    return product


def _stages(
    cluster_codes: list[np.ndarray],
    strata_of_clusters: list[np.ndarray],
    populations: list[np.ndarray],
    labels: np.ndarray,
) -> tuple[Stage, ...]:
    stages = [
        make_stage(
            number=1,
            cluster=cluster_codes[0],
            stratum_of_cluster=strata_of_clusters[0],
            pop_units=populations[0] if populations else None,
            group_of_stratum=np.zeros(labels.size, dtype=np.int64),
            group_weight=np.ones(1),
            stratum_labels=labels,
        )
    ]
    for index in range(1, len(populations)):
        before, owner = stages[-1], strata_of_clusters[index - 1]
        share = before.n_units[owner] / populations[index - 1][owner]  # n_h / N_h of the cluster's stratum
        stages.append(
            make_stage(
                number=index + 1,
                cluster=cluster_codes[index],
                stratum_of_cluster=strata_of_clusters[index],
                pop_units=populations[index],
                group_of_stratum=np.arange(owner.size, dtype=np.int64),
                group_weight=before.group_weight[before.group_of_stratum[owner]] * share,
                stratum_labels=np.arange(owner.size),
            )
        )
    return tuple(stages)
