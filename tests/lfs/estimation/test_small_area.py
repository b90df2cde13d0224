"""Fay-Herriot small-area estimates against R `sae` (results_small_area.py), through `manage.py small_area` and
`fay_herriot`, plus an independent maximisation of the likelihoods for the area variance."""

import io
import json
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from scipy import optimize

from jiuye.lfs.estimation.small_area import (
    Covariate,
    FayHerriotConvergenceError,
    FayHerriotError,
    design_matrix,
    fay_herriot,
)
from tests.lfs.estimation import results_small_area as expected

MILK = Path(__file__).parent / "data" / "milk.csv"


def run_command(*arguments: str, path: Path = MILK) -> dict:
    out = io.StringIO()
    call_command("small_area", str(path), *arguments, stdout=out)
    return json.loads(out.getvalue())


def milk_command(method: str) -> dict:
    return run_command(
        "--direct", "direct_est", "--se", "std_error", "--covariates", "major_area:factor", "--area", "small_area",
        "--method", method,
    )  # fmt: skip


@pytest.fixture(scope="module")
def milk() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    data = np.genfromtxt(MILK, delimiter=",", names=True)
    X, _ = design_matrix([Covariate("major_area", data["major_area"].astype(int), factor=True)], rows=len(data))
    return data["direct_est"], data["std_error"] ** 2, X


def test_reml_coefficients_and_area_1_as_readme():
    result = milk_command("reml")

    assert result["method"] == "reml"
    coefficients = {row["name"]: (row["estimate"], row["se"]) for row in result["coefficients"]}
    assert list(coefficients) == list(expected.MILK_REML_COEFFICIENTS)
    half_unit = 0.5 * 10**-expected.COEFFICIENT_PRINTED_DECIMALS
    for name, (estimate, se) in expected.MILK_REML_COEFFICIENTS.items():
        assert coefficients[name][0] == pytest.approx(estimate, abs=half_unit)
        assert coefficients[name][1] == pytest.approx(se, abs=half_unit)
    area = result["areas"][0]
    assert area["area"] == "1"
    assert area["direct"] == 1.099
    assert area["eblup"] == pytest.approx(
        expected.MILK_REML_AREA1["eblup"], abs=0.5 * 10**-expected.AREA1_EBLUP_PRINTED_DECIMALS
    )
    assert area["mse"] == pytest.approx(
        expected.MILK_REML_AREA1["mse"], abs=0.5 * 10**-expected.AREA1_MSE_PRINTED_DECIMALS
    )


@pytest.mark.parametrize(
    ("method", "variance", "eblup_mse"),
    [
        ("reml", expected.MILK_REML_VARIANCE, expected.MILK_REML_EBLUP_MSE),
        ("ml", expected.MILK_ML_VARIANCE, expected.MILK_ML_EBLUP_MSE),
    ],
)
def test_all_areas_as_sae_mseFH(method, variance, eblup_mse):
    result = milk_command(method)

    tolerance = expected.SAE_CSV_RELATIVE_TOLERANCE
    assert result["area_variance"] == pytest.approx(variance, rel=tolerance)
    assert [row["area"] for row in result["areas"]] == [str(number) for number in range(1, 44)]
    assert [row["eblup"] for row in result["areas"]] == pytest.approx([e for e, _ in eblup_mse], rel=tolerance)
    assert [row["mse"] for row in result["areas"]] == pytest.approx([m for _, m in eblup_mse], rel=tolerance)


def test_ml_coefficients_as_samplics():
    result = milk_command("ml")

    estimates = [row["estimate"] for row in result["coefficients"]]
    errors = [row["se"] for row in result["coefficients"]]
    relative = 0.5 * 10 ** (1 - expected.SAMPLICS_PRINTED_SIGNIFICANT)
    assert estimates == pytest.approx(expected.SAMPLICS_ML_COEFFICIENTS, rel=relative)
    assert errors == pytest.approx(expected.SAMPLICS_ML_COEFFICIENT_SE, rel=relative)


def test_fh_moments_as_samplics():
    result = milk_command("fh")

    assert result["method"] == "fh"
    eblup = [row["eblup"] for row in result["areas"]]
    assert eblup == pytest.approx(expected.SAMPLICS_FH_EBLUP, abs=expected.SAMPLICS_FH_EBLUP_TOLERANCE)
    mse = [row["mse"] for row in result["areas"]]
    assert mse == pytest.approx(expected.SAMPLICS_FH_MSE, abs=expected.SAMPLICS_FH_MSE_TOLERANCE)


def _generalised_least_squares(y, psi, X, area_variance):
    weights = 1 / (area_variance + psi)
    information = (X * weights[:, None]).T @ X
    beta = np.linalg.solve(information, X.T @ (weights * y))
    return y - X @ beta, weights, information


def _minus_log_likelihood(area_variance, y, psi, X, restricted):
    residuals, weights, information = _generalised_least_squares(y, psi, X, area_variance)
    value = np.sum(np.log(area_variance + psi)) + np.sum(weights * residuals**2)
    return value + (np.linalg.slogdet(information)[1] if restricted else 0)


@pytest.mark.parametrize(("method", "restricted"), [("reml", True), ("ml", False)])
def test_likelihood_methods_maximise_the_likelihood(milk, method, restricted):
    """Independent of the Fisher scoring: maximise the (restricted) likelihood of A directly."""
    y, psi, X = milk
    direct = optimize.minimize_scalar(
        _minus_log_likelihood, bounds=(1e-8, 1), args=(y, psi, X, restricted), method="bounded",
        options={"xatol": 1e-13},
    )  # fmt: skip

    result = fay_herriot(y, psi, X, method=method, tolerance=1e-12)

    assert result.area_variance == pytest.approx(direct.x, rel=1e-7)


def test_fh_method_solves_the_moment_equation(milk):
    """Fay and Herriot (1979): A solves sum (y_d - x_d'b(A))^2 / (A + psi_d) = m - p."""
    y, psi, X = milk

    def moment(area_variance):
        residuals, weights, _ = _generalised_least_squares(y, psi, X, area_variance)
        return np.sum(weights * residuals**2) - (len(y) - X.shape[1])

    root = optimize.brentq(moment, 1e-8, 1, xtol=1e-15)

    assert fay_herriot(y, psi, X, method="fh", tolerance=1e-12).area_variance == pytest.approx(root, rel=1e-9)


def test_eblup_is_the_gamma_weighted_mean(milk):
    y, psi, X = milk

    result = fay_herriot(y, psi, X)

    assert result.gamma == pytest.approx(result.area_variance / (result.area_variance + psi))
    synthetic = X @ result.coefficients
    assert result.eblup == pytest.approx(result.gamma * y + (1 - result.gamma) * synthetic)
    assert result.converged
    assert result.iterations > 0


def areas_closer_to_the_regression_than_sampling_allows() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(20240210)
    covariate = np.linspace(0, 1, 30)
    X = np.column_stack([np.ones(30), covariate])
    y = 0.05 + 0.02 * covariate + rng.normal(scale=0.001, size=30)
    return y, np.full(30, 0.01**2), X


def test_negative_area_variance_is_truncated_at_zero():
    """Direct estimates closer to the regression than their sampling errors allow: A is 0, as `sae` truncates."""
    y, psi, X = areas_closer_to_the_regression_than_sampling_allows()

    result = fay_herriot(y, psi, X)

    assert result.area_variance == 0
    assert result.gamma == pytest.approx(np.zeros(30))
    assert result.eblup == pytest.approx(X @ result.coefficients)
    assert np.all(result.mse > 0)


def test_area_with_zero_sampling_variance_keeps_its_direct_estimate(milk):
    y, psi, X = milk
    psi = psi.copy()
    psi[0] = 0

    result = fay_herriot(y, psi, X)

    assert result.gamma[0] == 1
    assert result.eblup[0] == pytest.approx(y[0])
    assert result.mse[0] == pytest.approx(0)


def test_zero_sampling_variance_with_no_area_variance_raises():
    y, psi, X = areas_closer_to_the_regression_than_sampling_allows()
    psi[0] = 0

    with pytest.raises(FayHerriotConvergenceError, match="抽样方差为0"):
        fay_herriot(y, psi, X)


def test_non_convergence_raises(milk):
    y, psi, X = milk

    with pytest.raises(FayHerriotConvergenceError, match="未收敛") as caught:
        fay_herriot(y, psi, X, max_iterations=1)

    assert caught.value.iterations == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda y, psi, X: (y, psi, np.column_stack([X, X[:, 1]])), "不满秩"),
        (lambda y, psi, X: (y, -psi, X), "不能为负"),
        (lambda y, psi, X: (y[:-1], psi, X), "不一致"),
        (lambda y, psi, X: (np.where(np.arange(len(y)) == 3, np.nan, y), psi, X), "缺失值"),
        (lambda y, psi, X: (y, np.zeros_like(psi), X), "都为0"),
    ],
)
def test_bad_input_raises(milk, change, message):
    with pytest.raises(FayHerriotError, match=message):
        fay_herriot(*change(*milk))


def test_unknown_method_raises(milk):
    with pytest.raises(FayHerriotError, match="未知"):
        fay_herriot(*milk, method="bayes")


def test_factor_levels_sort_as_numbers_with_the_first_as_reference():
    X, names = design_matrix([Covariate("city", np.array(["10", "2", "1", "2"], dtype=object), factor=True)], rows=4)

    assert names == ["(Intercept)", "city[2]", "city[10]"]
    assert X.tolist() == [[1, 0, 1], [1, 1, 0], [1, 0, 0], [1, 1, 0]]


def test_numeric_covariate_and_row_numbers_as_areas():
    result = run_command("--direct", "direct_est", "--se", "std_error", "--covariates", "samp_size")

    assert [row["name"] for row in result["coefficients"]] == ["(Intercept)", "samp_size"]
    assert result["areas"][42]["area"] == "43"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--direct", "yi", "--se", "std_error"], "没有列“yi”"),
        (["--direct", "direct_est", "--se", "std_error", "--covariates", "major_area:category"], "factor"),
    ],
)
def test_command_rejects_bad_arguments(arguments, message):
    with pytest.raises(CommandError, match=message):
        run_command(*arguments)


def test_command_names_the_row_with_a_bad_number(tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text("county,rate,se\n140105,0.05,0.01\n140106,0.04,\n140107,0.06,0.02\n", encoding="utf-8")

    with pytest.raises(CommandError, match="第3行：列“se”为空"):
        run_command("--direct", "rate", "--se", "se", "--area", "county", path=path)


def test_command_reports_missing_file(tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        run_command("--direct", "rate", "--se", "se", path=tmp_path / "none.csv")
