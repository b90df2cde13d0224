"""Design-based estimation for stratified multistage samples, giving R ``survey``'s numbers.

Build a :class:`Design` once with :func:`make_design` (R's ``svydesign``; ``replicate="jk1"`` is
``as.svrepdesign(type="JK1")``), then estimate totals, means, ratios and proportions for the whole sample, a domain
mask, or every domain of a label at once (R's ``svytotal``, ``svymean``, ``svyratio``, ``svyciprop`` and ``svyby``).
The surveyed unemployment rate of a city is ``ratio(design, unemployed, in_labour_force, domain=city == "1401")``,
and of all 132 city x sex x age-group cells ``ratio_by(design, unemployed, in_labour_force, cell)``.

Choices, each R's:

- Domain estimates keep the full design: rows outside the domain count as zeros, never dropped (Lumley 2010, 2.3).
  Subsetting the data first gives wrong standard errors: it takes the domain's size as fixed when it is random,
  and loses the PSUs and strata without domain members.
- Missing values (NaN) are dropped per estimate, as ``na.rm=TRUE``: such rows are outside the domain.
- Variances by Taylor linearisation (:mod:`~jiuye.lfs.estimation.linearisation`) or the JK1 jackknife
  (:mod:`~jiuye.lfs.estimation.replicate`); intervals as :mod:`~jiuye.lfs.estimation.intervals` explains: normal
  for totals, means and ratios, t on the design's degrees of freedom for proportions.
- ``df`` of an :class:`Estimate` is ``degf`` of the design restricted to the domain: PSUs minus strata with rows in
  it (R's ``degf(subset(design, ...))``, which ``svyby(..., svyciprop)`` uses).

References
----------
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
Wolter, K. M. (2007). *Introduction to Variance Estimation*, 2nd ed. Springer.
R package ``survey`` (T. Lumley): ``svydesign``, ``svyrecvar``, ``svytotal``, ``svymean``, ``svyratio``,
``svyciprop``, ``svyby``, ``as.svrepdesign``, ``surveyoptions``; https://cran.r-project.org/package=survey
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from jiuye.lfs.estimation.design_build import build_design_parts
from jiuye.lfs.estimation.domains import DomainEstimates, estimate_domains, estimate_proportions
from jiuye.lfs.estimation.errors import SurveyDesignError
from jiuye.lfs.estimation.grouping import factorize
from jiuye.lfs.estimation.linearisation import LONELY_PSU_OPTIONS, Stage
from jiuye.lfs.estimation.replicate import jk1_scale

__all__ = [
    "Design",
    "Estimate",
    "make_design",
    "mean",
    "mean_by",
    "proportion",
    "proportion_by",
    "ratio",
    "ratio_by",
    "total",
    "total_by",
]

REPLICATE_TYPES = ("jk1",)


@dataclass(frozen=True, eq=False)
class Design:
    """A sample design: weights, strata and clusters per stage, corrections; build with :func:`make_design`.

    Attributes
    ----------
    weights : ndarray of float, shape (n,)
        Sampling weights (given, or from the finite population corrections as R does).
    stages : tuple of Stage
        Stage 1 (PSUs) and the later stages that have finite population corrections.
    lonely_psu : str
        R's ``survey.lonely.psu``: "fail", "remove", "certainty", "adjust" or "average".
    replicate : str or None
        ``"jk1"`` for jackknife variances, ``None`` for Taylor linearisation.
    mse : bool
        Replicate variances centred at the estimate instead of the replicates' mean (R's ``mse``).
    degf : int
        R's ``degf(design)``: PSUs minus strata.
    replicate_scale : float or None
        The JK1 scale ``(1 - n/N) (n - 1) / n``.
    """

    weights: np.ndarray
    stages: tuple[Stage, ...]
    lonely_psu: str
    replicate: str | None
    mse: bool
    degf: int
    replicate_scale: float | None

    @property
    def n_rows(self) -> int:
        return self.weights.size


@dataclass(frozen=True)
class Estimate:
    """One estimate with its precision.

    Attributes
    ----------
    estimate, se : float
        The estimate and its standard error.
    df : int
        Design degrees of freedom in the domain (PSUs minus strata with domain rows).
    ci_low, ci_high : float
        Confidence interval at the level asked for.
    n : int
        Rows used: in the domain, with the variables present.
    cv : float
        Coefficient of variation, ``se / estimate``.
    domain : object
        The domain's label for the ``*_by`` functions, ``None`` otherwise.
    """

    estimate: float
    se: float
    df: int
    ci_low: float
    ci_high: float
    n: int
    cv: float
    domain: object = None


def make_design(
    *,
    strata: ArrayLike | None = None,
    clusters: Sequence[ArrayLike] = (),
    weights: ArrayLike | None = None,
    fpc: Sequence[ArrayLike] = (),
    lonely_psu: str = "fail",
    replicate: str | None = None,
    mse: bool = False,
) -> Design:
    """A design, as R's ``svydesign(id=, strata=, weights=, fpc=, nest=TRUE)``.

    Parameters
    ----------
    strata : array_like, shape (n,), optional
        Stratum labels; ``None`` for an unstratified sample.
    clusters : sequence of array_like
        Cluster labels per stage, PSUs first (R's ``id=~psu+ssu``); nested in strata and in the stage before.
        Empty: each row is its own PSU (R's ``id=~1``).
    weights : array_like, shape (n,), optional
        Sampling weights. Without them, the product over stages of ``N_h / n_h`` from ``fpc`` (as R), or 1.
    fpc : sequence of array_like
        Finite population corrections per stage, all population sizes (any value > 1) or all sampling fractions.
        Stages after the last one given are with replacement inside their clusters: fpc for stage 1 only gives
        the one-stage ("ultimate cluster") variance; fpc for both stages of a two-stage sample, the two-stage one.
    lonely_psu : {"fail", "remove", "certainty", "adjust", "average"}
        Single-PSU strata, as R's ``options(survey.lonely.psu=)``.
    replicate : {None, "jk1"}
        ``"jk1"``: jackknife variances, as ``as.svrepdesign(design, type="JK1")``; unstratified designs only.
    mse : bool
        For replicate variances: centre at the full-sample estimate (R's ``survey.replicates.mse``).

    Returns
    -------
    Design

    Raises
    ------
    SurveyDesignError
        Arrays of different lengths, missing design values, JK1 on a stratified design.
    FpcError
        Corrections that mix sizes and fractions, vary within a stratum, or exceed the population.

    Examples
    --------
    The LFS: strata, PSUs nested in them, sampled with replacement, weights given::

        design = make_design(strata=frame.stratum, clusters=[frame.psu], weights=frame.weight)
    """
    if lonely_psu not in LONELY_PSU_OPTIONS:
        raise ValueError(f"lonely_psu must be one of {LONELY_PSU_OPTIONS}, not {lonely_psu!r}")
    if replicate not in (None, *REPLICATE_TYPES):
        raise ValueError(f"replicate must be None or one of {REPLICATE_TYPES}, not {replicate!r}")
    row_weights, stages, first_stage_pop = build_design_parts(
        strata=strata, clusters=clusters, weights=weights, fpc=fpc
    )
    first = stages[0]
    scale = None
    if replicate == "jk1":
        if first.n_strata > 1:
            raise SurveyDesignError("JK1 replicate weights need an unstratified design (R: use JKn with strata)")
        scale = jk1_scale(first.n_clusters, first_stage_pop)
    return Design(
        weights=row_weights,
        stages=stages,
        lonely_psu=lonely_psu,
        replicate=replicate,
        mse=mse,
        degf=first.n_clusters - first.n_strata,
        replicate_scale=scale,
    )


def total(
    design: Design, y: ArrayLike, *, domain: ArrayLike | None = None, level: float = 0.95, df: float | None = None
) -> Estimate:
    """Estimated population total of ``y`` (R's ``svytotal(~y, design, na.rm=TRUE)``).

    Parameters
    ----------
    design : Design
    y : array_like, shape (n,)
        Values; NaN rows are left out of this estimate.
    domain : array_like of bool, shape (n,), optional
        Estimate for the rows where it is true, keeping the design.
    level : float
        Confidence level.
    df : float, optional
        Degrees of freedom for a t interval; by default the normal interval, as R's ``confint``.

    Returns
    -------
    Estimate
    """
    code = _mask_code(design, domain)
    return _estimate(design, _column(design, y), None, code, [None], level=level, df=df)[0]


def mean(
    design: Design, y: ArrayLike, *, domain: ArrayLike | None = None, level: float = 0.95, df: float | None = None
) -> Estimate:
    """Estimated population mean of ``y`` (R's ``svymean``): the ratio of the totals of ``y`` and of 1.

    Parameters are those of :func:`total`.
    """
    code = _mask_code(design, domain)
    return _estimate(design, _column(design, y), np.ones(design.n_rows), code, [None], level=level, df=df)[0]


def ratio(
    design: Design,
    numerator: ArrayLike,
    denominator: ArrayLike,
    *,
    domain: ArrayLike | None = None,
    level: float = 0.95,
    df: float | None = None,
) -> Estimate:
    """Estimated ratio of two population totals (R's ``svyratio(~numerator, ~denominator, design)``).

    The surveyed unemployment rate is the ratio of the unemployed to the labour force.

    Parameters
    ----------
    design : Design
    numerator, denominator : array_like, shape (n,)
        Rows with either missing are left out.
    domain, level, df
        As in :func:`total`.

    Returns
    -------
    Estimate
    """
    code = _mask_code(design, domain)
    columns = _column(design, numerator), _column(design, denominator)
    return _estimate(design, *columns, code, [None], level=level, df=df)[0]


def proportion(
    design: Design,
    indicator: ArrayLike,
    *,
    domain: ArrayLike | None = None,
    method: str = "logit",
    level: float = 0.95,
    df: float | None = None,
) -> Estimate:
    """Estimated proportion with R's ``svyciprop`` interval.

    Parameters
    ----------
    design : Design
    indicator : array_like of 0/1 or bool, shape (n,)
        NaN rows are left out.
    domain : array_like of bool, optional
    method : {"logit", "wald"}
        ``"logit"``: ``svyciprop(method="logit")``; ``"wald"``: ``svyciprop(method="mean")``.
    level : float
    df : float, optional
        Degrees of freedom of the t quantile; by default ``degf`` of the design in the domain, as R.

    Returns
    -------
    Estimate
    """
    code = _mask_code(design, domain)
    return _estimate_proportion(design, _indicator(design, indicator), code, [None], method, level, df)[0]


def total_by(
    design: Design, y: ArrayLike, domains: ArrayLike, *, level: float = 0.95, df: float | None = None
) -> list[Estimate]:
    """:func:`total` for every domain label at once (R's ``svyby(~y, ~domains, design, svytotal)``).

    Parameters
    ----------
    design : Design
    y : array_like, shape (n,)
    domains : array_like, shape (n,)
        Domain labels; rows with a missing label are in no domain.
    level, df
        As in :func:`total`.

    Returns
    -------
    list of Estimate
        One per label, in sorted label order, each with its ``domain``.
    """
    code, labels = _label_code(design, domains)
    return _estimate(design, _column(design, y), None, code, labels, level=level, df=df)


def mean_by(
    design: Design, y: ArrayLike, domains: ArrayLike, *, level: float = 0.95, df: float | None = None
) -> list[Estimate]:
    """:func:`mean` for every domain label at once (R's ``svyby(~y, ~domains, design, svymean)``)."""
    code, labels = _label_code(design, domains)
    return _estimate(design, _column(design, y), np.ones(design.n_rows), code, labels, level=level, df=df)


def ratio_by(
    design: Design,
    numerator: ArrayLike,
    denominator: ArrayLike,
    domains: ArrayLike,
    *,
    level: float = 0.95,
    df: float | None = None,
) -> list[Estimate]:
    """:func:`ratio` for every domain label at once (R's ``svyby(~num, ~domains, denominator=~den, svyratio)``).

    Vectorised over domains: a few passes of ``np.bincount`` over (domain, PSU) and (domain, stratum) keys,
    whatever the number of domains.
    """
    code, labels = _label_code(design, domains)
    columns = _column(design, numerator), _column(design, denominator)
    return _estimate(design, *columns, code, labels, level=level, df=df)


def proportion_by(
    design: Design,
    indicator: ArrayLike,
    domains: ArrayLike,
    *,
    method: str = "logit",
    level: float = 0.95,
    df: float | None = None,
) -> list[Estimate]:
    """:func:`proportion` for every domain label at once (R's ``svyby(~y, ~domains, design, svyciprop)``)."""
    code, labels = _label_code(design, domains)
    return _estimate_proportion(design, _indicator(design, indicator), code, labels, method, level, df)


def _column(design: Design, values: ArrayLike) -> np.ndarray:
    column = np.asarray(values, dtype=float)
    if column.shape != (design.n_rows,):
        raise SurveyDesignError(f"expected {design.n_rows} values, got shape {column.shape}")
    return column


def _indicator(design: Design, values: ArrayLike) -> np.ndarray:
    column = _column(design, values)
    if not np.all((column == 0) | (column == 1) | np.isnan(column)):
        raise SurveyDesignError("a proportion needs a 0/1 indicator")
    return column


def _mask_code(design: Design, domain: ArrayLike | None) -> np.ndarray:
    """Domain code 0 for rows in the mask (all rows without one), 1 for the others."""
    if domain is None:
        return np.zeros(design.n_rows, dtype=np.int64)
    mask = np.asarray(domain)
    if mask.shape != (design.n_rows,) or mask.dtype.kind != "b":
        raise SurveyDesignError(f"domain must be a boolean mask of {design.n_rows} rows")
    return (~mask).astype(np.int64)


def _label_code(design: Design, domains: ArrayLike) -> tuple[np.ndarray, list]:
    labels = np.asarray(domains)
    if labels.shape != (design.n_rows,):
        raise SurveyDesignError(f"expected {design.n_rows} domain labels, got shape {labels.shape}")
    code, levels = factorize(labels)
    return np.where(code < 0, levels.size, code), levels.tolist()


def _estimate(
    design: Design,
    numerator: np.ndarray,
    denominator: np.ndarray | None,
    code: np.ndarray,
    labels: list,
    *,
    level: float,
    df: float | None,
) -> list[Estimate]:
    arrays = estimate_domains(design, numerator, denominator, code, labels, level=level, df=df)
    return _results(arrays, labels)


def _estimate_proportion(
    design: Design, indicator: np.ndarray, code: np.ndarray, labels: list, method: str, level: float, df: float | None
) -> list[Estimate]:
    arrays = estimate_proportions(design, indicator, code, labels, method=method, level=level, df=df)
    return _results(arrays, labels)


def _results(arrays: DomainEstimates, labels: list) -> list[Estimate]:
    return [
        Estimate(
            estimate=float(arrays.estimate[i]),
            se=float(arrays.se[i]),
            df=int(arrays.degf[i]),
            ci_low=float(arrays.ci_low[i]),
            ci_high=float(arrays.ci_high[i]),
            n=int(arrays.n[i]),
            cv=float(arrays.cv[i]),
            domain=label,
        )
        for i, label in enumerate(labels)
    ]
