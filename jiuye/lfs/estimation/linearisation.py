"""Taylor-linearisation variances of domain estimates in stratified multistage samples, as R's ``svyrecvar``.

An estimator is linearised into one value ``z`` per row (its influence value: ``w * y`` for a total,
``w * (y - r * x) / X`` for a ratio); its variance is the variance of the estimated total of ``z``. At each stage the
``z`` are summed to cluster totals and, within each stratum ``h`` with ``n_h`` clusters of ``N_h``,

    v_h = (1 - n_h / N_h) * n_h / (n_h - 1) * sum_i (t_hi - mean_h)**2,

and stage ``s + 1`` adds, inside every cluster of stage ``s``, its own such variance times ``n_h / N_h`` of stage
``s`` (Lumley 2010, section 3.2; Wolter 2007, chapter 6; R ``survey`` ``svyrecvar``: later stages are visited only
when finite population corrections are given for them, otherwise the first stage is the "ultimate cluster").

Domains keep the full design: rows outside the domain (or with a missing value) have ``z = 0``, so every cluster of
the design takes part, those without domain rows with a total of zero. This is what R does when it subsets a design
(``[.survey.design2`` keeps each stratum's design number of PSUs and pads with zeros). All domains are computed at
once from sums over (domain, cluster) and (domain, stratum) keys, so 132 domains cost little more than one.

Strata with a single PSU follow R's ``options(survey.lonely.psu=...)`` (R ``survey`` docs, ``?surveyoptions``), where
a stratum counts when the domain has rows in it (R only visits the strata of the subset):

- ``"fail"``: an error; ``"remove"`` and ``"certainty"``: the stratum contributes zero;
- ``"adjust"``: the single PSU total is centred at the mean PSU total of its stage (total over the number of PSUs);
- ``"average"``: the stratum is left out and the other strata's variance scaled up by (strata / strata left);
  R does this within each call of ``onestage``, and from stage 2 on each call holds a single stratum (one
  cluster of the stage before), so a cluster with one sampled unit there makes the variance NaN, as in R.

A stratum whose PSUs are all in the sample (``N_h == n_h``, a "certainty" or self-representing stratum) has no
first-stage variance and is never "lonely" (R: ``f < 1e-7``).

References
----------
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley. Sections 2.2, 3.2.
Wolter, K. M. (2007). *Introduction to Variance Estimation*, 2nd ed. Springer. Chapter 6 (Taylor series).
R package ``survey``: ``svyrecvar``, ``svydesign`` (``fpc``), ``surveyoptions`` (``survey.lonely.psu``).
"""

from dataclasses import dataclass

import numpy as np

from jiuye.lfs.estimation.errors import LonelyPSUError
from jiuye.lfs.estimation.grouping import distinct_keys, sums_by_key

LONELY_PSU_OPTIONS = ("fail", "remove", "certainty", "adjust", "average")

# R's test for a self-representing stratum: a finite population correction this small is taken as exactly zero.
_CERTAINTY = 1e-7


@dataclass(frozen=True, eq=False)
class Stage:
    """One sampling stage, as ``svyrecvar`` sees it.

    Attributes
    ----------
    number : int
        1 for primary sampling units (PSUs), 2 for the units sampled within them, ...
    cluster : ndarray of int64, shape (n,)
        Each row's cluster at this stage, coded ``0 .. n_clusters - 1`` and nested in its stratum.
    stratum_of_cluster : ndarray of int64, shape (n_clusters,)
        Stage 1: the design strata; later stages: the stratum is the cluster of the stage before.
    n_units : ndarray of float, shape (n_strata,)
        Clusters sampled per stratum (R's ``fpc$sampsize``).
    scale : ndarray of float, shape (n_strata,)
        ``f * n / (n - 1)`` (``f`` alone when ``n == 1``), with ``f = 1 - n / N`` or 1 without a correction.
    certain : ndarray of bool, shape (n_strata,)
        ``f < 1e-7``: the whole stratum is in the sample, no variance at this stage.
    lonely : ndarray of bool, shape (n_strata,)
        A single cluster sampled and not certain.
    group_of_stratum : ndarray of int64, shape (n_strata,)
        Which call of R's ``onestage`` the stratum belongs to: 0 at stage 1, the earlier stage's cluster later.
    group_weight : ndarray of float, shape (n_groups,)
        Factor on each group's variance: the product of ``n_h / N_h`` over the earlier stages.
    stratum_labels : ndarray, shape (n_strata,)
        Labels for messages.
    """

    number: int
    cluster: np.ndarray
    stratum_of_cluster: np.ndarray
    n_units: np.ndarray
    scale: np.ndarray
    certain: np.ndarray
    lonely: np.ndarray
    group_of_stratum: np.ndarray
    group_weight: np.ndarray
    stratum_labels: np.ndarray

    @property
    def n_clusters(self) -> int:
        return self.stratum_of_cluster.size

    @property
    def n_strata(self) -> int:
        return self.n_units.size


def make_stage(
    *,
    number: int,
    cluster: np.ndarray,
    stratum_of_cluster: np.ndarray,
    pop_units: np.ndarray | None,
    group_of_stratum: np.ndarray,
    group_weight: np.ndarray,
    stratum_labels: np.ndarray,
) -> Stage:
    """Build a :class:`Stage`, deriving the scale factors of R's ``onestrat`` from the population sizes.

    Parameters
    ----------
    number, cluster, stratum_of_cluster, group_of_stratum, group_weight, stratum_labels
        As the attributes of :class:`Stage`.
    pop_units : ndarray of float or None
        Population clusters per stratum (``N_h``, ``inf`` for an unknown, infinite population), or ``None``
        for sampling with replacement.
    """
    n_units = np.bincount(stratum_of_cluster, minlength=stratum_labels.size).astype(float)
    if pop_units is None:
        fraction_left = np.ones_like(n_units)
    else:
        with np.errstate(invalid="ignore"):
            fraction_left = np.where(np.isinf(pop_units), 1.0, (pop_units - n_units) / pop_units)
    several = n_units > 1
    scale = np.where(several, fraction_left * n_units / np.where(several, n_units - 1, 1), fraction_left)
    certain = fraction_left < _CERTAINTY
    return Stage(
        number=number,
        cluster=cluster,
        stratum_of_cluster=stratum_of_cluster,
        n_units=n_units,
        scale=scale,
        certain=certain,
        lonely=(n_units == 1) & ~certain,
        group_of_stratum=group_of_stratum,
        group_weight=group_weight,
        stratum_labels=stratum_labels,
    )


def cluster_totals(
    stage: Stage, code: np.ndarray, n_domains: int, *values: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Sums of ``values`` per (domain, cluster) for the pairs with at least one row in the domain.

    Parameters
    ----------
    stage : Stage
    code : ndarray of int64, shape (n,)
        Each row's domain, ``n_domains`` for rows in none (outside every domain, or a value missing).
    n_domains : int
    *values : ndarray of float, shape (n,)

    Returns
    -------
    domain, cluster : ndarray of int64
        The pairs present.
    sums : list of ndarray
        Per column of ``values``, its total per pair.
    """
    n_clusters = stage.n_clusters
    if n_clusters == code.size:  # each row its own cluster (R's id=~1): the pairs are the rows
        inside = np.flatnonzero(code < n_domains)
        cluster = stage.cluster[inside]
        return code[inside], cluster, [column[inside] for column in values]
    key = code * n_clusters + stage.cluster
    distinct, _, sums = sums_by_key(key, (n_domains + 1) * n_clusters, *values)
    domain, cluster = np.divmod(distinct, n_clusters)
    inside = domain < n_domains
    return domain[inside], cluster[inside], [column[inside] for column in sums]


def domain_variances(
    stages: tuple[Stage, ...],
    code: np.ndarray,
    n_domains: int,
    z: np.ndarray,
    lonely_psu: str,
    *,
    first_stage_totals: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Linearisation variance of the estimated total of ``z`` in each domain (R's ``svyrecvar``).

    Parameters
    ----------
    stages : tuple of Stage
        Stage 1 and the later stages that have finite population corrections.
    code : ndarray of int64, shape (n,)
        Each row's domain, ``n_domains`` for rows in none.
    n_domains : int
    z : ndarray of float, shape (n,)
        Linearised values, zero on rows in no domain.
    lonely_psu : {"fail", "remove", "certainty", "adjust", "average"}
    first_stage_totals : tuple of ndarray, optional
        ``(domain, cluster, total)`` of stage 1 from :func:`cluster_totals`, when the caller has them already.

    Returns
    -------
    ndarray of float, shape (n_domains,)
    """
    variance = np.zeros(n_domains)
    for stage in stages:
        if stage.number == 1 and first_stage_totals is not None:
            domain, cluster, totals = first_stage_totals
        else:
            domain, cluster, (totals,) = cluster_totals(stage, code, n_domains, z)
        variance += _stage_variance(stage, domain, cluster, totals, n_domains, lonely_psu)
    return variance


def _stage_variance(
    stage: Stage, domain: np.ndarray, cluster: np.ndarray, totals: np.ndarray, n_domains: int, lonely_psu: str
) -> np.ndarray:
    if domain.size == 0:
        return np.zeros(n_domains)
    n_strata = stage.n_strata
    keys, pair = distinct_keys(domain * n_strata + stage.stratum_of_cluster[cluster], n_domains * n_strata)
    key_domain, key_stratum = np.divmod(keys, n_strata)
    stratum_total = np.bincount(pair, weights=totals, minlength=keys.size)
    present = np.bincount(pair, minlength=keys.size)
    n_units = stage.n_units[key_stratum]
    mean = stratum_total / n_units
    deviation = totals - mean[pair]
    # Clusters of the stratum without domain rows have total zero: (n_h - present) terms of (0 - mean)**2.
    squares = np.bincount(pair, weights=deviation * deviation, minlength=keys.size) + (n_units - present) * mean**2
    variance = np.where(stage.certain[key_stratum], 0.0, stage.scale[key_stratum] * squares)
    lonely = stage.lonely[key_stratum]
    if lonely.any():
        variance = _lonely_strata(stage, lonely_psu, key_domain, key_stratum, stratum_total, variance, lonely)
    weight = stage.group_weight[stage.group_of_stratum[key_stratum]]
    return np.bincount(key_domain, weights=variance * weight, minlength=n_domains)


def _lonely_strata(
    stage: Stage,
    lonely_psu: str,
    key_domain: np.ndarray,
    key_stratum: np.ndarray,
    stratum_total: np.ndarray,
    variance: np.ndarray,
    lonely: np.ndarray,
) -> np.ndarray:
    """Variances of the (domain, stratum) pairs once single-PSU strata are treated as R's option says."""
    if lonely_psu == "fail":
        label = stage.stratum_labels[key_stratum[np.flatnonzero(lonely)[0]]]
        raise LonelyPSUError(stratum=label.item() if isinstance(label, np.generic) else label, stage=stage.number)
    if lonely_psu in ("remove", "certainty"):
        return variance  # a single PSU deviates by zero from its own mean
    n_groups = stage.group_weight.size
    group_of_pair = stage.group_of_stratum[key_stratum]
    _, call = distinct_keys(key_domain * n_groups + group_of_pair, (key_domain.max() + 1) * n_groups)
    if lonely_psu == "adjust":
        # R >= 4.1: centre at colSums(x) / (PSUs of the strata present), the mean PSU total of the stage.
        centre = np.bincount(call, weights=stratum_total) / np.bincount(call, weights=stage.n_units[key_stratum])
        adjusted = stage.scale[key_stratum] * (stratum_total - centre[call]) ** 2
        return np.where(lonely, adjusted, variance)
    strata = np.bincount(call)
    kept = np.bincount(call, weights=~lonely)
    with np.errstate(divide="ignore", invalid="ignore"):
        # R: sum(na.rm=TRUE) * nstrat / nokstrat, NaN when every stratum present is lonely.
        return np.where(lonely, 0.0, variance) * (strata / kept)[call]


def degrees_of_freedom(stage: Stage, domain: np.ndarray, cluster: np.ndarray, n_domains: int) -> np.ndarray:
    """R's ``degf`` of the design restricted to each domain: PSUs with domain rows minus strata with domain rows.

    Parameters
    ----------
    stage : Stage
        The first stage.
    domain, cluster : ndarray of int64
        The (domain, PSU) pairs with rows in the domain, from :func:`cluster_totals`.
    n_domains : int

    Returns
    -------
    ndarray of int64, shape (n_domains,)
    """
    psus = np.bincount(domain, minlength=n_domains)
    n_strata = stage.n_strata
    keys, _ = distinct_keys(domain * n_strata + stage.stratum_of_cluster[cluster], n_domains * n_strata)
    strata = np.bincount(keys // n_strata, minlength=n_domains)
    return psus - strata
