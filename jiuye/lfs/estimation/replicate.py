"""Delete-one-cluster jackknife (JK1) variances of domain totals and ratios, as R's ``as.svrepdesign(type="JK1")``.

For an unstratified cluster sample of ``n`` PSUs, replicate ``r`` drops PSU ``r`` and multiplies the other weights by
``n / (n - 1)``. The variance of an estimator ``theta`` is

    v = f * (n - 1) / n * sum_r (theta_r - centre)**2,

with ``f = 1 - n / N`` when the population number of PSUs ``N`` is known (R's ``jk1weights(fpc=)``) and the
centre the mean of the replicates, or ``theta`` itself with ``mse=True`` (R's ``survey.replicates.mse``). Replicates
whose estimate is undefined (a ratio whose whole domain lies in the dropped PSU) are left out, as R's ``svrVar``
drops NA replicates.

The replicates are never built row by row: a replicate total is the full total minus one PSU's total, so every
domain's replicates come from the (domain, PSU) totals at once.

References
----------
Wolter, K. M. (2007). *Introduction to Variance Estimation*, 2nd ed. Springer. Chapter 4 (the jackknife).
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley. Section 2.3 (replicate weights).
R package ``survey``: ``as.svrepdesign``, ``jk1weights``, ``svrVar``.
"""

from collections.abc import Callable

import numpy as np

from jiuye.lfs.estimation.linearisation import Stage, cluster_totals


def jk1_scale(n_psu: int, pop_psu: float | None) -> float:
    """R's ``jk1weights(...)$scale``: ``(n - 1) / n``, times ``1 - n / N`` with a population size ``N``."""
    correction = 1.0 if pop_psu is None or np.isinf(pop_psu) else (pop_psu - n_psu) / pop_psu
    return correction * (n_psu - 1) / n_psu


def jk1_variances(
    *,
    stage: Stage,
    code: np.ndarray,
    n_domains: int,
    numerator: np.ndarray,
    denominator: np.ndarray | None,
    scale: float,
    mse: bool,
    transform: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """JK1 variance, per domain, of a total (``denominator=None``) or a ratio of totals.

    Parameters
    ----------
    stage : Stage
        The first stage: its clusters are the jackknife's PSUs.
    code : ndarray of int64, shape (n,)
        Each row's domain, ``n_domains`` for rows in none.
    n_domains : int
    numerator, denominator : ndarray of float, shape (n,)
        Weighted values ``w * y`` and ``w * x``, zero on rows in no domain. A mean is the ratio with ``x = 1``.
    scale : float
        See :func:`jk1_scale`.
    mse : bool
        Centre at the full-sample estimate instead of the replicates' mean.
    transform : callable, optional
        Applied to the estimate and its replicates first, e.g. the logit for a proportion's interval (R's
        ``svyglm`` on a replicate design takes the replicates of the coefficient, not the delta method).

    Returns
    -------
    ndarray of float, shape (n_domains,)
    """
    n_psu = stage.n_clusters
    columns = (numerator,) if denominator is None else (numerator, denominator)
    domain, _, sums = cluster_totals(stage, code, n_domains, *columns)
    total = np.bincount(code, weights=numerator, minlength=n_domains + 1)[:n_domains]
    with np.errstate(divide="ignore", invalid="ignore"):
        if denominator is None:
            inflate = n_psu / (n_psu - 1)
            replicate = inflate * (total[domain] - sums[0])
            unaffected, estimate = inflate * total, total
        else:
            total_x = np.bincount(code, weights=denominator, minlength=n_domains + 1)[:n_domains]
            replicate = (total[domain] - sums[0]) / (total_x[domain] - sums[1])
            unaffected = estimate = total / total_x
        if transform is not None:
            replicate, unaffected, estimate = transform(replicate), transform(unaffected), transform(estimate)
    return scale * _sum_of_squares(domain, replicate, unaffected, estimate, n_psu, n_domains, mse)


def _sum_of_squares(
    domain: np.ndarray,
    replicate: np.ndarray,
    unaffected: np.ndarray,
    estimate: np.ndarray,
    n_psu: int,
    n_domains: int,
    mse: bool,
) -> np.ndarray:
    """Sum of squared deviations over replicates; those dropping a PSU without domain rows equal ``unaffected``."""
    defined = np.isfinite(replicate)
    replicate = np.where(defined, replicate, 0.0)
    n_unaffected = n_psu - np.bincount(domain, minlength=n_domains)
    if mse:
        centre = estimate
    else:
        used = n_unaffected + np.bincount(domain, weights=defined, minlength=n_domains)
        centre = (np.bincount(domain, weights=replicate, minlength=n_domains) + n_unaffected * unaffected) / used
    deviation = np.where(defined, replicate - centre[domain], 0.0)
    squares = np.bincount(domain, weights=deviation * deviation, minlength=n_domains)
    return squares + n_unaffected * (unaffected - centre) ** 2
