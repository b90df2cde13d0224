"""Design-based estimation against R's ``survey``: the README's figures to 1e-9, the package's own printed results
to their printed digits, ``svy`` where R printed nothing; then the behaviours R has and we rely on."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import special, stats

from jiuye.lfs.estimation.design import (
    make_design,
    mean,
    mean_by,
    proportion,
    proportion_by,
    ratio,
    ratio_by,
    total,
    total_by,
)
from jiuye.lfs.estimation.errors import EmptyDomainError, FpcError, LonelyPSUError, SurveyDesignError
from jiuye.lfs.estimation.grouping import factorize, sums_by_key
from tests.lfs.estimation import results_survey as R

DATA = Path(__file__).parent / "data"


def printed(actual: float, text: str) -> None:
    """``actual`` prints as R printed ``text``: within half a unit of its last printed digit (and rounding error)."""
    decimals = len(text.partition(".")[2])
    assert abs(actual - float(text)) <= 0.5 * 10.0**-decimals + 1e-12 * abs(actual), (actual, text)


def close(actual: float, expected: float, rel: float = 1e-9) -> None:
    assert actual == pytest.approx(expected, rel=rel, abs=0)


@pytest.fixture(scope="module")
def apiclus1() -> pd.DataFrame:
    return pd.read_csv(DATA / "apiclus1.csv")


@pytest.fixture(scope="module")
def apistrat() -> pd.DataFrame:
    return pd.read_csv(DATA / "apistrat.csv")


@pytest.fixture(scope="module")
def apiclus2() -> pd.DataFrame:
    return pd.read_csv(DATA / "apiclus2.csv")


@pytest.fixture(scope="module")
def fpc_data() -> pd.DataFrame:
    return pd.DataFrame(R.FPC_DATA)


@pytest.fixture(scope="module")
def dclus1(apiclus1):
    return make_design(clusters=[apiclus1.dnum], weights=apiclus1.pw, fpc=[apiclus1.fpc])


@pytest.fixture(scope="module")
def dstrat(apistrat):
    return make_design(strata=apistrat.stype, weights=apistrat.pw, fpc=[apistrat.fpc])


@pytest.fixture(scope="module")
def dclus2(apiclus2):
    return make_design(clusters=[apiclus2.dnum, apiclus2.snum], fpc=[apiclus2.fpc1, apiclus2.fpc2])


def lonely_design(frame: pd.DataFrame, option: str, **extra):
    return make_design(strata=frame.dnum, weights=frame.pw, lonely_psu=option, **extra)


# --- the README's figures, to a relative 1e-9 -----------------------------------------------------------------------


def test_readme_mean_ratio_and_degrees_of_freedom(apiclus1, dclus1):
    estimate = mean(dclus1, apiclus1.api00)
    close(estimate.estimate, R.README_MEAN_API00[0])
    close(estimate.se, R.README_MEAN_API00[1])
    assert estimate.df == dclus1.degf == R.README_DEGF
    assert estimate.n == len(apiclus1)
    result = ratio(dclus1, apiclus1["api.stu"], apiclus1.enroll)
    close(result.estimate, R.README_RATIO[0])
    close(result.se, R.README_RATIO[1])


def test_readme_ratio_by_school_type(apiclus1, dclus1):
    estimates = ratio_by(dclus1, apiclus1["api.stu"], apiclus1.enroll, apiclus1.stype)
    assert [e.domain for e in estimates] == ["E", "H", "M"]
    for estimate in estimates:
        close(estimate.estimate, R.README_RATIO_BY_STYPE[estimate.domain][0])
        close(estimate.se, R.README_RATIO_BY_STYPE[estimate.domain][1])


def test_readme_proportion_logit_interval(apiclus1, dclus1):
    estimate = proportion(dclus1, apiclus1["sch.wide"] == "Yes")
    expected, low, high = R.README_CIPROP
    close(estimate.estimate, expected)
    close(estimate.ci_low, low)
    close(estimate.ci_high, high)


# --- survey's tests/api.Rout.save, to the printed digits ------------------------------------------------------------


def test_stratified_sample(apistrat, dstrat):
    estimate = mean(dstrat, apistrat.api00)
    printed(estimate.estimate, R.API_STRAT_MEAN_API00[0])
    printed(estimate.se, R.API_STRAT_MEAN_API00[1])
    assert estimate.df == 197
    estimate = total(dstrat, apistrat.enroll)
    printed(estimate.estimate, R.API_STRAT_TOTAL_ENROLL[0])
    printed(estimate.se, R.API_STRAT_TOTAL_ENROLL[1])


def test_one_stage_cluster_total(apiclus1, dclus1):
    estimate = total(dclus1, apiclus1.enroll)
    printed(estimate.estimate, R.API_CLUS1_TOTAL_ENROLL[0])
    printed(estimate.se, R.API_CLUS1_TOTAL_ENROLL[1])


def test_two_stage_sample_with_both_corrections_and_weights_from_them(apiclus2, dclus2):
    np.testing.assert_allclose(dclus2.weights, apiclus2.pw, rtol=1e-12)
    estimate = mean(dclus2, apiclus2.api00)
    printed(estimate.estimate, R.API_CLUS2_MEAN_API00[0])
    printed(estimate.se, R.API_CLUS2_MEAN_API00[1])
    estimate = total(dclus2, apiclus2.enroll)  # 6 schools without enroll
    printed(estimate.estimate, R.API_CLUS2_TOTAL_ENROLL[0])
    printed(estimate.se, R.API_CLUS2_TOTAL_ENROLL[1])
    assert estimate.n == 120


def test_two_stage_sample_with_replacement(apiclus2):
    dclus2wr = make_design(clusters=[apiclus2.dnum, apiclus2.snum], weights=apiclus2.pw)
    estimate = mean(dclus2wr, apiclus2.api00)
    printed(estimate.estimate, R.API_CLUS2WR_MEAN_API00[0])
    printed(estimate.se, R.API_CLUS2WR_MEAN_API00[1])
    estimate = total(dclus2wr, apiclus2.enroll)
    printed(estimate.estimate, R.API_CLUS2WR_TOTAL_ENROLL[0])
    printed(estimate.se, R.API_CLUS2WR_TOTAL_ENROLL[1])


@pytest.mark.parametrize(("mse", "expected"), [(False, R.API_JK1_MEAN_API00), (True, R.API_JK1_MSE_MEAN_API00)])
def test_jackknife_jk1(apiclus1, mse, expected):
    rclus1 = make_design(clusters=[apiclus1.dnum], weights=apiclus1.pw, fpc=[apiclus1.fpc], replicate="jk1", mse=mse)
    # survey's tests/DBIcheck.Rout.save declares the same replicates with scale=(1-15/757)*14/15
    close(rclus1.replicate_scale, (1 - 15 / 757) * 14 / 15, rel=1e-15)
    estimate = mean(rclus1, apiclus1.api00)
    printed(estimate.estimate, expected[0])
    printed(estimate.se, expected[1])
    estimate = total(rclus1, apiclus1.enroll)
    printed(estimate.estimate, R.API_JK1_TOTAL_ENROLL[0])
    printed(estimate.se, R.API_JK1_TOTAL_ENROLL[1])


# --- survey's vignette (inst/doc/survey.tex), to the printed digits -------------------------------------------------


def test_totals_of_school_type_indicators(apiclus1, dclus1):
    for school_type, (expected, se) in R.VIGNETTE_TOTAL_STYPE.items():
        estimate = total(dclus1, apiclus1.stype == school_type)
        printed(estimate.estimate, expected)
        printed(estimate.se, se)


def test_rows_with_missing_values_leave_the_estimate_but_not_the_design(apiclus1, dclus1):
    """R's na.rm=TRUE on 21 variables at once: the 157 complete rows, the 15 PSUs kept."""
    complete = apiclus1[R.VIGNETTE_COMPLETE_CASE_COLUMNS].notna().all(axis=1).to_numpy()
    assert complete.sum() == 157
    for column, (expected, se) in R.VIGNETTE_COMPLETE_CASE_MEANS.items():
        estimate = mean(dclus1, apiclus1[column], domain=complete)
        printed(estimate.estimate, expected)
        printed(estimate.se, se)
        assert estimate.n == 157
    estimate = mean(dclus1, apiclus1["sch.wide"] == "Yes", domain=complete)
    printed(estimate.estimate, R.VIGNETTE_COMPLETE_CASE_SCHWIDE_YES[0])
    printed(estimate.se, R.VIGNETTE_COMPLETE_CASE_SCHWIDE_YES[1])
    # A NaN in the variable does the same as leaving the row out of the domain.
    avg_ed = mean(dclus1, apiclus1["avg.ed"])
    assert avg_ed.n == apiclus1["avg.ed"].notna().sum()
    close(avg_ed.se, mean(dclus1, apiclus1["avg.ed"].fillna(0), domain=apiclus1["avg.ed"].notna().to_numpy()).se)


def test_means_by_school_type(apiclus1, dclus1):
    ell = mean_by(dclus1, apiclus1.ell, apiclus1.stype)
    meals = mean_by(dclus1, apiclus1.meals, apiclus1.stype)
    for ell_estimate, meals_estimate in zip(ell, meals, strict=True):
        expected = R.VIGNETTE_BY_STYPE[ell_estimate.domain]
        printed(ell_estimate.estimate, expected[0])
        printed(ell_estimate.se, expected[1])
        printed(meals_estimate.estimate, expected[2])
        printed(meals_estimate.se, expected[3])


def test_domain_keeps_the_design_and_subsetting_first_would_not(apiclus1, dclus1):
    """R's subset(dclus1, stype == "H") keeps all 15 districts; a design built on the H rows has only 7."""
    high = (apiclus1.stype == "H").to_numpy()
    domain = ratio(dclus1, apiclus1["api.stu"], apiclus1.enroll, domain=high)
    printed(domain.estimate, R.VIGNETTE_RATIO_SUBSET_H[0])
    printed(domain.se, R.VIGNETTE_RATIO_SUBSET_H[1])
    rows = apiclus1[high]
    subset_first = make_design(clusters=[rows.dnum], weights=rows.pw, fpc=[rows.fpc])
    naive = ratio(subset_first, rows["api.stu"], rows.enroll)
    assert naive.estimate == pytest.approx(domain.estimate, rel=1e-12)
    assert naive.se / domain.se > 1.03  # 0.01528 from 7 districts instead of R's 0.01473 from 15
    # the same holds for a mean: the domain's size is random under the design
    assert mean(subset_first, rows.api00).se != pytest.approx(mean(dclus1, apiclus1.api00, domain=high).se, rel=0.01)


# --- survey's tests/lonely.psu.Rout.save ----------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["remove", "certainty", "adjust", "average"])
def test_single_psu_strata_as_r_options(apiclus1, option):
    estimate = mean(lonely_design(apiclus1, option), apiclus1.api00)
    printed(estimate.estimate, R.LONELY_MEAN_API00[option][0])
    printed(estimate.se, R.LONELY_MEAN_API00[option][1])


def test_single_psu_stratum_fails_by_default(apiclus1):
    design = lonely_design(apiclus1, "fail")
    with pytest.raises(LonelyPSUError) as raised:
        mean(design, apiclus1.api00)
    assert (raised.value.stratum, raised.value.stage) == (R.LONELY_FAIL_STRATUM, 1)
    # R only visits the strata of the domain: without the lonely stratum there is nothing to fail on.
    outside = (apiclus1.dnum != R.LONELY_FAIL_STRATUM).to_numpy()
    close(
        mean(design, apiclus1.api00, domain=outside).se,
        mean(lonely_design(apiclus1, "remove"), apiclus1.api00, domain=outside).se,
    )


@pytest.mark.parametrize("option", ["fail", "remove", "certainty", "adjust", "average"])
def test_certainty_stratum_by_fpc_has_no_variance_and_is_not_lonely(apiclus1, option):
    fpc = np.where(apiclus1.dnum == R.LONELY_FAIL_STRATUM, 1, 1000)
    estimate = mean(lonely_design(apiclus1, option, fpc=[fpc]), apiclus1.api00)
    printed(estimate.estimate, R.LONELY_CERTAINTY_MEAN_API00[0])
    printed(estimate.se, R.LONELY_CERTAINTY_MEAN_API00[1])


@pytest.mark.parametrize("option", ["fail", "remove", "certainty", "adjust", "average"])
def test_stratum_with_one_psu_in_the_domain_keeps_its_design_psus(apiclus1, option):
    rows = apiclus1[apiclus1.dnum != R.LONELY_FAIL_STRATUM].reset_index(drop=True)
    domain = np.ones(len(rows), dtype=bool)
    domain[R.LONELY_SUBSET_ROW - 1] = False  # R's ds[-31, ]
    estimate = mean(lonely_design(rows, option), rows.api00, domain=domain)
    printed(estimate.estimate, R.LONELY_SUBSET_MEAN_API00[0])
    printed(estimate.se, R.LONELY_SUBSET_MEAN_API00[1])


@pytest.mark.parametrize("option", ["remove", "certainty", "adjust"])
def test_single_psu_stratum_in_a_total(option):
    data = R.SINGLETON_DATA
    design = make_design(
        strata=data["Stratum"], clusters=[data["PSU"]], weights=data["Design_Weight"], lonely_psu=option
    )
    variance = total(design, data["Age"]).se ** 2
    expected = R.SINGLETON_TOTAL_AGE_VARIANCE[option]
    assert abs(variance - expected) / expected <= R.SINGLETON_ADJUST_TOLERANCE


# --- the fpc data: survey's tests/fpc.Rout.save, tests/check.Rout.save, tests/domain.Rout.save --------------------


def test_finite_population_corrections_in_every_form(fpc_data):
    f = fpc_data
    without = mean(make_design(strata=f.stratid, clusters=[f.psuid], weights=f.weight), f.x)
    printed(without.estimate, R.FPC_WITHOUT[0])
    printed(without.se, R.FPC_WITHOUT[1])
    fraction = f.nh / f.Nh
    designs = [
        make_design(strata=f.stratid, clusters=[f.psuid], weights=f.weight, fpc=[f.Nh]),
        make_design(strata=f.stratid, clusters=[f.psuid], weights=f.weight, fpc=[fraction]),
        make_design(strata=f.stratid, clusters=[f.stratid * 10 + f.psuid], weights=f.weight, fpc=[fraction]),
        make_design(strata=f.stratid, clusters=[f.psuid], fpc=[f.Nh]),  # weights from the fpc
        make_design(strata=f.stratid, clusters=[f.psuid], fpc=[fraction]),
    ]
    for design in designs:
        estimate = mean(design, f.x)
        printed(estimate.estimate, R.FPC_WITH[0])
        printed(estimate.se, R.FPC_WITH[1])


def test_design_declarations_of_check_rout(fpc_data):
    f = fpc_data
    ones = np.ones(len(f))
    designs = {
        "ids0_strata_weights": make_design(strata=f.stratid, weights=f.weight),
        "ids0_strata": make_design(strata=f.stratid),
        "psu_strata": make_design(strata=f.stratid, clusters=[f.psuid]),
        "psu": make_design(clusters=[f.psuid], weights=ones),
        "psu_weights": make_design(clusters=[f.psuid], weights=f.weight),
        "two_stage_weights": make_design(clusters=[f.stratid, f.psuid], weights=f.weight),
        "two_stage": make_design(clusters=[f.stratid, f.psuid], weights=ones),
        "psu_weights_fpc27": make_design(clusters=[f.psuid], weights=f.weight, fpc=[np.full(len(f), 27)]),
    }
    for name, design in designs.items():
        estimate = mean(design, f.x)
        printed(estimate.estimate, R.CHECK_DESIGNS[name][0])
        printed(estimate.se, R.CHECK_DESIGNS[name][1])


def test_domain_means_equal_domain_ratios(fpc_data):
    f = fpc_data
    dfpc = make_design(strata=f.stratid, clusters=[f.psuid], weights=f.weight)
    estimates = mean_by(dfpc, f.x, f.x > 4)
    assert [e.domain for e in estimates] == [False, True]
    for estimate in estimates:
        printed(estimate.estimate, R.DOMAIN_BY_X_GT_4[estimate.domain][0])
        printed(estimate.se, R.DOMAIN_BY_X_GT_4[estimate.domain][1])
    high = (f.x > 4).astype(float)
    as_ratio = ratio(dfpc, f.x * high, high)
    close(as_ratio.se, estimates[1].se, rel=1e-12)


# --- svy 0.35.0, where R printed nothing -----------------------------------------------------------------------------


def assert_by(estimates, expected: dict) -> None:
    assert [e.domain for e in estimates] == list(expected)
    for estimate in estimates:
        close(estimate.estimate, expected[estimate.domain][0])
        close(estimate.se, expected[estimate.domain][1])


def test_stratified_domains_agree_with_svy(apistrat, dstrat):
    assert_by(mean_by(dstrat, apistrat.api00, apistrat.awards), R.STRAT_MEAN_API00_BY_AWARDS)
    assert_by(ratio_by(dstrat, apistrat["api.stu"], apistrat.enroll, apistrat.awards), R.STRAT_RATIO_BY_AWARDS)
    assert_by(total_by(dstrat, apistrat.enroll, apistrat.awards), R.STRAT_TOTAL_ENROLL_BY_AWARDS)
    for estimate in proportion_by(dstrat, apistrat["sch.wide"] == "Yes", apistrat.stype):
        expected, se, low, high, df = R.STRAT_PROP_SCHWIDE_BY_STYPE[estimate.domain]
        close(estimate.estimate, expected)
        close(estimate.se, se)
        close(estimate.ci_low, low)
        close(estimate.ci_high, high)
        assert estimate.df == df


def test_two_stage_domains_agree_with_svy(apiclus2, dclus2):
    assert_by(mean_by(dclus2, apiclus2.api00, apiclus2.stype), R.CLUS2_MEAN_API00_BY_STYPE)
    estimates = total_by(dclus2, apiclus2.enroll, apiclus2.stype)
    assert_by(estimates, R.CLUS2_TOTAL_ENROLL_BY_STYPE)
    assert [e.n for e in estimates] == [n for _, _, n in R.CLUS2_TOTAL_ENROLL_BY_STYPE.values()]


@pytest.mark.parametrize("option", ["adjust", "average"])
def test_single_psu_strata_in_domains_agree_with_svy(apiclus1, option):
    design = lonely_design(apiclus1, option)
    assert_by(total_by(design, apiclus1.api00, apiclus1.stype), R.LONELY_BY_STYPE[option, "total"])
    assert_by(mean_by(design, apiclus1.api00, apiclus1.stype), R.LONELY_BY_STYPE[option, "mean"])


def test_jackknife_domains_agree_with_svy(apiclus1):
    design = make_design(clusters=[apiclus1.dnum], weights=apiclus1.pw, replicate="jk1")
    estimate = mean(design, apiclus1.api00)
    close(estimate.estimate, R.JK1_NOFPC_MEAN_API00[0])
    close(estimate.se, R.JK1_NOFPC_MEAN_API00[1])
    assert_by(mean_by(design, apiclus1.api00, apiclus1.stype), R.JK1_NOFPC_MEAN_API00_BY_STYPE)
    assert_by(ratio_by(design, apiclus1["api.stu"], apiclus1.enroll, apiclus1.stype), R.JK1_NOFPC_RATIO_BY_STYPE)
    assert_by(total_by(design, apiclus1.enroll, apiclus1.stype), R.JK1_NOFPC_TOTAL_ENROLL_BY_STYPE)


# --- behaviours ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def designs(apiclus1, apiclus2, apistrat):
    """(design, frame) pairs covering every variance path: one and two stages, strata, lonely PSUs, JK1."""
    c1, c2, st = apiclus1, apiclus2, apistrat
    return {
        "cluster": (make_design(clusters=[c1.dnum], weights=c1.pw, fpc=[c1.fpc]), c1),
        "strata": (make_design(strata=st.stype, weights=st.pw, fpc=[st.fpc]), st),
        "two_stage": (make_design(clusters=[c2.dnum, c2.snum], fpc=[c2.fpc1, c2.fpc2]), c2),
        "adjust": (lonely_design(c1, "adjust"), c1),
        "average": (lonely_design(c1, "average"), c1),
        "jk1": (make_design(clusters=[c1.dnum], weights=c1.pw, fpc=[c1.fpc], replicate="jk1"), c1),
        "jk1_mse": (make_design(clusters=[c1.dnum], weights=c1.pw, replicate="jk1", mse=True), c1),
    }


@pytest.mark.parametrize("name", ["cluster", "strata", "two_stage", "adjust", "average", "jk1", "jk1_mse"])
def test_all_domains_at_once_equal_one_domain_at_a_time(designs, name):
    design, frame = designs[name]
    labels = frame.stype.to_numpy()
    by = {
        "total": total_by(design, frame.enroll, labels),
        "mean": mean_by(design, frame.api00, labels),
        "ratio": ratio_by(design, frame["api.stu"], frame.enroll, labels),
        "proportion": proportion_by(design, frame["sch.wide"] == "Yes", labels),
    }
    for statistic, estimates in by.items():
        for estimate in estimates:
            mask = labels == estimate.domain
            if statistic == "ratio":
                single = ratio(design, frame["api.stu"], frame.enroll, domain=mask)
            elif statistic == "proportion":
                single = proportion(design, frame["sch.wide"] == "Yes", domain=mask)
            else:
                single = {"total": total, "mean": mean}[statistic](
                    design, frame.enroll if statistic == "total" else frame.api00, domain=mask
                )
            for field in ("estimate", "se", "ci_low", "ci_high", "cv"):
                close(getattr(estimate, field), getattr(single, field), rel=1e-10)
            assert (estimate.df, estimate.n) == (single.df, single.n)


def test_fpc_at_the_first_stage_only_gives_the_ultimate_cluster_variance(apiclus2):
    c2 = apiclus2
    first_only = make_design(clusters=[c2.dnum, c2.snum], weights=c2.pw, fpc=[c2.fpc1])
    one_stage = make_design(clusters=[c2.dnum], weights=c2.pw, fpc=[c2.fpc1])
    close(mean(first_only, c2.api00).se, mean(one_stage, c2.api00).se, rel=1e-12)
    with pytest.raises(FpcError) as raised:
        make_design(clusters=[c2.dnum, c2.snum], fpc=[c2.fpc1])  # weights need every stage's correction
    assert raised.value.reason == "weights_need_every_stage"


@pytest.mark.parametrize(
    ("fpc", "reason"),
    [
        ([np.r_[0.5, np.full(182, 757.0)]], "mixed"),
        ([np.full(183, 10.0)], "over_100_percent"),
        ([np.r_[700.0, np.full(182, 757.0)]], "varies"),
        ([np.full(183, 757.0), np.full(183, 10.0)], "too_many"),
        ([np.r_[np.nan, np.full(182, 757.0)]], "missing"),
    ],
)
def test_unusable_finite_population_corrections(apiclus1, fpc, reason):
    with pytest.raises(FpcError) as raised:
        make_design(clusters=[apiclus1.dnum], weights=apiclus1.pw, fpc=fpc)
    assert raised.value.reason == reason


def test_design_refusals(apiclus1, apistrat):
    with pytest.raises(SurveyDesignError, match="unstratified"):
        make_design(strata=apistrat.stype, weights=apistrat.pw, replicate="jk1")
    with pytest.raises(SurveyDesignError, match="different lengths"):
        make_design(clusters=[apiclus1.dnum], weights=apiclus1.pw[:10])
    with pytest.raises(SurveyDesignError, match="missing values in strata"):
        make_design(strata=[1.0, np.nan, 2.0], weights=[1, 1, 1])
    with pytest.raises(ValueError, match="lonely_psu"):
        make_design(weights=[1, 2], lonely_psu="collapse")


def test_jackknife_logit_interval_uses_replicates_of_the_log_odds(apiclus1):
    """R's svyciprop on a replicate design fits svyglm per replicate: the variance is that of logit(p_r)."""
    design = make_design(clusters=[apiclus1.dnum], weights=apiclus1.pw, fpc=[apiclus1.fpc], replicate="jk1")
    yes = (apiclus1["sch.wide"] == "Yes").to_numpy(dtype=float)
    for domain in (None, (apiclus1.stype == "M").to_numpy()):
        inside = np.ones(len(yes), dtype=bool) if domain is None else domain
        psus = np.unique(apiclus1.dnum)
        replicates = []
        for dropped in psus:  # the replicate weights, row by row, as as.svrepdesign builds them
            weights = np.where(apiclus1.dnum == dropped, 0.0, apiclus1.pw * len(psus) / (len(psus) - 1))
            replicates.append(np.sum((weights * yes)[inside]) / np.sum(weights[inside]))
        log_odds = special.logit(np.array(replicates))
        variance = design.replicate_scale * np.sum((log_odds - log_odds.mean()) ** 2)
        estimate = proportion(design, yes, domain=domain)
        critical = stats.t.ppf(0.975, estimate.df)
        expected = special.expit(special.logit(estimate.estimate) + np.array([-1, 1]) * critical * np.sqrt(variance))
        close(estimate.ci_low, expected[0], rel=1e-12)
        close(estimate.ci_high, expected[1], rel=1e-12)
        replicate_p = np.array(replicates)
        close(estimate.se, np.sqrt(design.replicate_scale * np.sum((replicate_p - replicate_p.mean()) ** 2)))


def test_intervals_follow_r_defaults(apiclus1, dclus1):
    estimate = mean(dclus1, apiclus1.api00)
    z = stats.norm.ppf(0.975)  # confint(svymean(...)): normal
    close(estimate.ci_low, estimate.estimate - z * estimate.se, rel=1e-14)
    close(estimate.cv, estimate.se / estimate.estimate, rel=1e-14)
    with_t = mean(dclus1, apiclus1.api00, df=estimate.df, level=0.9)
    close(with_t.ci_high, estimate.estimate + stats.t.ppf(0.95, 14) * estimate.se, rel=1e-14)
    wald = proportion(dclus1, apiclus1["sch.wide"] == "Yes", method="wald")  # svyciprop(method="mean"): t on degf
    close(wald.ci_low, wald.estimate - stats.t.ppf(0.975, 14) * wald.se, rel=1e-14)
    normal = proportion(dclus1, apiclus1["sch.wide"] == "Yes", df=np.inf)
    assert normal.ci_high < proportion(dclus1, apiclus1["sch.wide"] == "Yes").ci_high


def test_degenerate_domains_are_refused(apiclus1, dclus1):
    nowhere = np.zeros(len(apiclus1), dtype=bool)
    with pytest.raises(EmptyDomainError) as raised:
        mean(dclus1, apiclus1.api00, domain=nowhere)
    assert (raised.value.domain, raised.value.reason) == (None, "no_rows")
    with_gap = apiclus1.api00.where(apiclus1.stype != "H")
    with pytest.raises(EmptyDomainError) as raised:
        mean_by(dclus1, with_gap, apiclus1.stype)
    assert raised.value.domain == "H"
    with pytest.raises(EmptyDomainError) as raised:
        ratio_by(dclus1, apiclus1.api00, (apiclus1.stype != "M").astype(float), apiclus1.stype)
    assert (raised.value.domain, raised.value.reason) == ("M", "zero_denominator")
    with pytest.raises(SurveyDesignError, match="0/1"):
        proportion(dclus1, apiclus1.api00)


def test_proportion_of_zero_has_a_degenerate_interval(apiclus1, dclus1):
    estimate = proportion(dclus1, np.zeros(len(apiclus1)))
    assert (estimate.estimate, estimate.se, estimate.ci_low, estimate.ci_high) == (0.0, 0.0, 0.0, 0.0)


def test_domain_labels_of_any_kind(apiclus1, dclus1):
    text = mean_by(dclus1, apiclus1.api00, apiclus1.stype.to_numpy(dtype=object))
    codes = {"E": 3, "H": 1, "M": 2}
    numbers = mean_by(dclus1, apiclus1.api00, apiclus1.stype.map(codes).to_numpy())
    assert [e.domain for e in numbers] == [1, 2, 3]
    assert isinstance(numbers[0].domain, int)
    for estimate in text:
        close(estimate.se, numbers[codes[estimate.domain] - 1].se, rel=1e-14)
    gaps = apiclus1.stype.where(apiclus1.stype != "H").to_numpy(dtype=object)  # no label: in no domain
    assert [e.domain for e in mean_by(dclus1, apiclus1.api00, gaps)] == ["E", "M"]


def test_factorize_codes_in_sorted_order():
    codes, levels = factorize(np.array(["b", "a", None, "b", np.nan, "c"], dtype=object))
    assert codes.tolist() == [1, 0, -1, 1, -1, 2]
    assert levels.tolist() == ["a", "b", "c"]
    codes, levels = factorize(np.array([10**12, 5, 5]))
    assert (codes.tolist(), levels.tolist()) == ([1, 0, 0], [5, 10**12])
    codes, levels = factorize(np.array([2.5, np.nan, 1.0]))
    assert (codes.tolist(), levels.tolist()) == ([1, -1, 0], [1.0, 2.5])


def test_sparse_and_dense_group_sums_agree():
    rng = np.random.default_rng(20240601)
    key = rng.integers(0, 10**9, 1000)
    distinct, counts, (sums,) = sums_by_key(key, 10**9, np.ones(1000))
    np.testing.assert_array_equal(distinct, np.unique(key))
    np.testing.assert_array_equal(counts, sums)
    small = key % 50
    distinct, counts, (sums,) = sums_by_key(small, 50, np.ones(1000))
    np.testing.assert_array_equal(counts, np.bincount(small)[distinct])


def synthetic_survey(rng: np.random.Generator, n: int, n_strata: int, n_psus: int) -> dict:
    psu = rng.integers(0, n_psus, n)
    return {
        "stratum": np.where(psu < n_psus - 5, psu % n_strata, psu),  # the last 5 PSUs: strata of their own
        "psu": psu,
        "ssu": rng.integers(0, 4, n),
        "weight": rng.uniform(50, 150, n),
        "domain": rng.integers(0, 30, n),
        "labour_force": np.where(rng.random(n) < 0.02, np.nan, (rng.random(n) < 0.6).astype(float)),
        "unemployed": (rng.random(n) < 0.05).astype(float),
    }


@pytest.mark.parametrize("lonely_psu", ["remove", "adjust", "average"])
def test_many_domains_and_psus_on_synthetic_data(lonely_psu):
    """20,000 rows, 5,000 PSUs, 30 domains: the (domain, PSU) sums take the sorting path; rows with gaps."""
    data = synthetic_survey(np.random.default_rng(7), 20_000, 400, 5_000)
    unemployed = data["unemployed"] * data["labour_force"]
    design = make_design(strata=data["stratum"], clusters=[data["psu"]], weights=data["weight"], lonely_psu=lonely_psu)
    assert (design.stages[0].n_units == 1).any()  # some strata hold a single PSU
    estimates = ratio_by(design, unemployed, data["labour_force"], data["domain"])
    assert len(estimates) == 30
    for estimate in estimates[::7]:
        single = ratio(design, unemployed, data["labour_force"], domain=data["domain"] == estimate.domain)
        close(estimate.se, single.se, rel=1e-10)
        assert (estimate.df, estimate.n) == (single.df, single.n)


def test_two_stage_corrections_on_synthetic_data():
    data = synthetic_survey(np.random.default_rng(11), 5_000, 20, 200)
    population = [np.full(5_000, 1_000.0), np.full(5_000, 8.0)]
    strata, psus = data["stratum"], data["psu"]
    design = make_design(strata=strata, clusters=[psus, data["ssu"]], fpc=population, lonely_psu="adjust")
    assert len(design.stages) == 2
    one_stage = make_design(
        strata=strata, clusters=[psus], weights=design.weights, fpc=population[:1], lonely_psu="adjust"
    )
    for estimate in mean_by(design, data["unemployed"], data["domain"])[::9]:
        mask = data["domain"] == estimate.domain
        close(estimate.se, mean(design, data["unemployed"], domain=mask).se, rel=1e-10)
        # the second stage adds variance (n_h / N_h of the first stage times the within-PSU variance)
        assert estimate.se > mean(one_stage, data["unemployed"], domain=mask).se
