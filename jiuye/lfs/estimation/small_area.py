"""Area-level small-area estimation: the Fay-Herriot model, its EBLUP and the Prasad-Rao mean squared error.

A county's monthly sample holds a few dozen labour-force members, so its direct unemployment rate has a standard
error as large as the rate. The Fay-Herriot model borrows strength from counties alike in their covariates (the
registered unemployment rate, the city): for area d,

    direct_d = x_d' beta + u_d + e_d,   u_d ~ N(0, A),   e_d ~ N(0, psi_d) with psi_d known (the direct variance),

and the EBLUP is the weighted mean gamma_d * direct_d + (1 - gamma_d) * x_d' beta with gamma_d = A / (A + psi_d):
counties with precise direct estimates keep them, noisy ones are pulled towards the regression.

Everything follows R `sae` (Molina and Marhuenda 2015), functions `eblupFH` and `mseFH`, so that the same data give
the same numbers: Fisher scoring for A from the median of the sampling variances, stopping when the relative change
is below `tolerance` (1e-4) or after `max_iterations` (100), truncation of a negative A at 0, and the MSE estimator
matching the fitting method:

- REML: g1 + g2 + 2 g3 (Prasad and Rao 1990; Datta and Lahiri 2000), var(A) = 2 / sum (A + psi_d)^-2;
- ML: the same plus the bias correction of the ML estimator of A, - b_ML(A) * B_d^2 with
  b_ML = -tr[(X'V^-1 X)^-1 X'V^-2 X] / sum (A + psi_d)^-2 (Datta and Lahiri 2000);
- FH (moments, Fay and Herriot 1979): var(A) = 2m / (sum (A + psi_d)^-1)^2 and bias
  b_FH = 2 [m sum (A + psi_d)^-2 - (sum (A + psi_d)^-1)^2] / (sum (A + psi_d)^-1)^3 (Datta, Rao and Smith 2005),

where B_d = psi_d / (A + psi_d), g1 = psi_d (1 - B_d), g2 = B_d^2 x_d'(X'V^-1 X)^-1 x_d, g3 = B_d^2 var(A) /
(A + psi_d).

Where this differs from `sae`: an area with zero sampling variance is accepted (its EBLUP is its direct estimate,
with MSE 0) as long as A > 0; a Fisher-scoring step that leaves the admissible range (A <= 0) is not followed
into negative values: if the score at A = 0 points downwards the estimate is 0 (the truncation `sae` applies after
converging to a negative value), otherwise the step is halved. `sae` returns `convergence = FALSE` without
estimates when the iteration does not converge; here that raises `FayHerriotConvergenceError`.

References
----------
R. E. Fay and R. A. Herriot (1979), "Estimates of income for small places: an application of James-Stein
procedures to census data", JASA 74, 269-277.
N. G. N. Prasad and J. N. K. Rao (1990), "The estimation of the mean squared error of small-area estimators",
JASA 85, 163-171.
G. S. Datta and P. Lahiri (2000), "A unified measure of uncertainty of estimated best linear unbiased predictors in
small area estimation problems", Statistica Sinica 10, 613-627.
G. S. Datta, J. N. K. Rao and D. D. Smith (2005), "On measuring the variability of small area estimators under a
basic area level model", Biometrika 92, 183-196.
J. N. K. Rao and I. Molina (2015), Small Area Estimation, 2nd ed., Wiley, chapter 6.
I. Molina and Y. Marhuenda (2015), "sae: An R package for small area estimation", The R Journal 7(1), 81-98.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

METHODS = ("reml", "ml", "fh")
INTERCEPT = "(Intercept)"


class FayHerriotError(ValueError):
    """The model cannot be fitted to these data; the message says why, in Chinese."""


class FayHerriotConvergenceError(FayHerriotError):
    """Fisher scoring for the area variance did not converge within the allowed iterations."""

    def __init__(self, message: str, *, iterations: int, area_variance: float) -> None:
        super().__init__(message)
        self.iterations = iterations
        self.area_variance = area_variance


@dataclass(frozen=True)
class FayHerriotResult:
    """A fitted Fay-Herriot model, with R `sae` names in brackets.

    Attributes
    ----------
    eblup : ndarray
        EBLUP per area (`eblup`).
    mse : ndarray
        Estimated MSE of the EBLUP per area (`mseFH(...)$mse`).
    gamma : ndarray
        Shrinkage factor A / (A + psi_d): the weight of the direct estimate in the EBLUP.
    coefficients, coefficient_se : ndarray
        Regression coefficients and their standard errors (`fit$estcoef`).
    area_variance : float
        Estimated variance A of the area effects (`fit$refvar`), truncated at 0.
    method : {"reml", "ml", "fh"}
    converged : bool
        Always True on return (non-convergence raises); kept so that stored results record it.
    iterations : int
        Fisher-scoring iterations (`fit$iterations`).
    """

    eblup: np.ndarray
    mse: np.ndarray
    gamma: np.ndarray
    coefficients: np.ndarray
    coefficient_se: np.ndarray
    area_variance: float
    method: str
    converged: bool
    iterations: int


@dataclass(frozen=True)
class Covariate:
    """A column of area-level covariates; a factor is dummy coded with its first level as reference."""

    name: str
    values: np.ndarray
    factor: bool = False


def fay_herriot(
    direct: np.ndarray,
    sampling_variance: np.ndarray,
    X: np.ndarray,
    *,
    method: str = "reml",
    max_iterations: int = 100,
    tolerance: float = 1e-4,
) -> FayHerriotResult:
    """Fit the Fay-Herriot model and return the EBLUP with its MSE, as R `sae::mseFH`.

    Parameters
    ----------
    direct : ndarray, shape (m,)
        Direct estimates per area, e.g. county unemployment rates from the survey.
    sampling_variance : ndarray, shape (m,)
        Their sampling variances psi_d, taken as known (the squared standard errors).
    X : ndarray, shape (m, p)
        The full design matrix, intercept column included (R `model.matrix`; see `design_matrix`).
    method : {"reml", "ml", "fh"}
        Estimator of the area variance A: restricted or full maximum likelihood, or Fay-Herriot moments.
    max_iterations, tolerance
        Fisher-scoring limits, as `sae`'s `MAXITER` and `PRECISION` (relative change of A).

    Returns
    -------
    FayHerriotResult

    Raises
    ------
    FayHerriotError
        Inconsistent shapes, missing values, negative variances, a rank-deficient design or too few areas.
    FayHerriotConvergenceError
        When Fisher scoring has not converged after `max_iterations`.

    Examples
    --------
    R: `mseFH(yi ~ as.factor(MajorArea), SD^2, method = "REML", data = milk)`; area 1: EBLUP 1.0219703,
    MSE 0.013460220.
    """
    y, psi, X = _validated(direct, sampling_variance, X, method)
    area_variance, iterations = _area_variance(y, psi, X, method, max_iterations, tolerance)
    weights = 1 / (area_variance + psi)
    information = np.linalg.inv((X * weights[:, None]).T @ X)
    coefficients = information @ (X.T @ (weights * y))
    fitted = X @ coefficients
    gamma = area_variance * weights
    return FayHerriotResult(
        eblup=fitted + gamma * (y - fitted),
        mse=_mse(psi, X, area_variance, method),
        gamma=gamma,
        coefficients=coefficients,
        coefficient_se=np.sqrt(np.diag(information)),
        area_variance=float(area_variance),
        method=method,
        converged=True,
        iterations=iterations,
    )


def design_matrix(covariates: Sequence[Covariate], *, rows: int) -> tuple[np.ndarray, list[str]]:
    """Intercept plus covariates, factors dummy coded with the first level as reference (R `model.matrix` with
    treatment contrasts). Levels are ordered numerically when they all read as numbers, else as text (R sorts
    factor levels of a numeric column numerically); dummy names are `column[level]`: `major_area[2]`."""
    columns, names = [np.ones(rows)], [INTERCEPT]
    for covariate in covariates:
        values = np.asarray(covariate.values)
        if not covariate.factor:
            columns.append(values.astype(float))
            names.append(covariate.name)
            continue
        for level in _levels(values)[1:]:
            columns.append((values == level).astype(float))
            names.append(f"{covariate.name}[{level}]")
    return np.column_stack(columns), names


def _levels(values: np.ndarray) -> list:
    levels = list(set(values.tolist()))
    try:
        return sorted(levels, key=float)
    except (TypeError, ValueError):
        return sorted(levels, key=str)


def _validated(
    direct: np.ndarray,
    sampling_variance: np.ndarray,
    X: np.ndarray,
    method: str,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if method not in METHODS:
        raise FayHerriotError(f"未知的区域方差估计方法：{method}（可选 {'、'.join(METHODS)}）")
    y, psi, X = (np.asarray(array, dtype=float) for array in (direct, sampling_variance, X))
    if X.ndim == 1:
        X = X[:, None]
    if y.ndim != 1 or psi.shape != y.shape or X.shape[0] != y.shape[0]:
        raise FayHerriotError("直接估计、抽样方差和协变量的区域数不一致")
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(psi)) and np.all(np.isfinite(X))):
        raise FayHerriotError("直接估计、抽样方差或协变量中有缺失值")
    if np.any(psi < 0):
        raise FayHerriotError("抽样方差不能为负")
    if not np.any(psi > 0):
        raise FayHerriotError("所有区域的抽样方差都为0：直接估计即为真值，无需小区域估计")
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise FayHerriotError("协变量线性相关（设计矩阵不满秩），请去掉重复或共线的协变量")
    if y.shape[0] <= X.shape[1]:
        raise FayHerriotError(f"区域数（{y.shape[0]}）必须多于模型参数个数（{X.shape[1]}）")
    return y, psi, X


def _area_variance(
    y: np.ndarray,
    psi: np.ndarray,
    X: np.ndarray,
    method: str,
    max_iterations: int,
    tolerance: float,
) -> tuple[float, int]:
    """Fisher scoring for A from the median sampling variance (the mean if the median is 0), as `sae::eblupFH`."""
    current = float(np.median(psi)) or float(np.mean(psi))
    iterations, change = 0, tolerance + 1
    while change > tolerance and iterations < max_iterations:
        iterations += 1
        score, information = _score(y, psi, X, current, method)
        proposed = current + score / information
        if proposed <= 0:
            if psi.min() > 0 and _score(y, psi, X, 0.0, method)[0] <= 0:
                return 0.0, iterations
            proposed = current / 2
        change = abs((proposed - current) / current)
        current = proposed
    if change > tolerance:
        hint = "；有区域的抽样方差为0，而区域效应方差趋于0，请检查这些区域的标准误" if np.any(psi == 0) else ""
        raise FayHerriotConvergenceError(
            f"区域效应方差的Fisher迭代在{iterations}次后仍未收敛（相对变化{change:.3g}）{hint}",
            iterations=iterations,
            area_variance=current,
        )
    return current, iterations


def _score(
    y: np.ndarray,
    psi: np.ndarray,
    X: np.ndarray,
    area_variance: float,
    method: str,
) -> tuple[float, float]:
    """Score and expected information for A (for "fh", the moment equation and its expected slope)."""
    weights = 1 / (area_variance + psi)
    weighted = X * weights[:, None]
    inverse = np.linalg.inv(weighted.T @ X)
    residuals = y - X @ (inverse @ (weighted.T @ y))
    if method == "fh":
        return float(np.sum(weights * residuals**2) - (len(y) - X.shape[1])), float(np.sum(weights))
    projected = weights * residuals  # P y, with P = V^-1 - V^-1 X (X'V^-1 X)^-1 X'V^-1
    if method == "ml":
        return float(-0.5 * weights.sum() + 0.5 * projected @ projected), float(0.5 * np.sum(weights**2))
    projection = np.diag(weights) - weighted @ inverse @ weighted.T
    return (
        float(-0.5 * np.trace(projection) + 0.5 * projected @ projected),
        float(0.5 * np.sum(projection * projection.T)),
    )


def _mse(psi: np.ndarray, X: np.ndarray, area_variance: float, method: str) -> np.ndarray:
    """Prasad-Rao type MSE estimator of `sae::mseFH` for the fitting method (formulas in the module docstring)."""
    weights = 1 / (area_variance + psi)
    shrink = psi * weights  # B_d
    inverse = np.linalg.inv((X * weights[:, None]).T @ X)
    g1 = psi * (1 - shrink)
    g2 = shrink**2 * np.einsum("ij,jk,ik->i", X, inverse, X)
    squared_sum = np.sum(weights**2)
    if method == "fh":
        weight_sum = np.sum(weights)
        variance = 2 * len(psi) / weight_sum**2
        bias = 2 * (len(psi) * squared_sum - weight_sum**2) / weight_sum**3
    else:
        variance = 2 / squared_sum
        bias = -np.trace(inverse @ (X * (weights**2)[:, None]).T @ X) / squared_sum if method == "ml" else 0.0
    g3 = shrink**2 * variance * weights
    return g1 + g2 + 2 * g3 - bias * shrink**2
