"""County rates where the sample alone is too small: area-level Fay-Herriot EBLUPs over the direct estimates.

The monthly sample gives each county a few dozen people in the labour force, so a county's direct rate is mostly
noise, and a county with no unemployed person in its sample has a direct variance of zero, which the model would
take as certainty. The usual remedy (Rao and Molina 2015, *Small Area Estimation*, 2nd ed., sec. 6.1.2: smoothed
sampling variances) is used here: each county's sampling variance is the binomial variance at the province rate,
times the province's design effect, over the county's labour-force sample size. The model's covariate is the
county's city rate (direct), so a county borrows strength first from its own city, then from the province.
"""

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from jiuye.lfs.estimation.small_area import FayHerriotError, fay_herriot
from jiuye.lfs.labour_status import unemployed_and_labour_force
from jiuye.lfs.rates import CITY_DIGITS, Microdata, domain_labels, unemployment_rates


@dataclass(frozen=True)
class CountyEstimate:
    county: str
    labour_force_sample: int
    direct: float
    direct_se: float | None
    smoothed_se: float
    eblup: float
    rmse: float
    gamma: float


@dataclass(frozen=True)
class CountyEstimates:
    counties: list[CountyEstimate]
    province_rate: float
    design_effect: float
    coefficients: list[tuple[str, float, float]]
    area_variance: float


class SmallAreaUnavailable(ValueError):
    """Too little data for a model this month (fewer sampled counties than needed, or the fit failed)."""


MINIMUM_AREAS = 10


def county_estimates(data: Microdata, *, profile: str = "nbs", method: str = "reml") -> CountyEstimates:
    """Fay-Herriot EBLUPs with Prasad-Rao MSE for every county with someone of the labour force in the sample."""
    province = unemployment_rates(data, by="province", profile=profile)[0]
    if province.rate is None or province.se is None:
        raise SmallAreaUnavailable(_("本月样本中没有劳动力，无法估计。"))
    county_rates = {rate.domain: rate for rate in unemployment_rates(data, by="county", profile=profile)}
    city_rates = {rate.domain: rate.rate for rate in unemployment_rates(data, by="city", profile=profile)}
    labour_force_sample = _labour_force_counts(data, profile=profile)
    counties = sorted(code for code, count in labour_force_sample.items() if count > 0 and code in county_rates)
    if len(counties) < MINIMUM_AREAS:
        raise SmallAreaUnavailable(
            _("本月有劳动力样本的县只有%(found)d个，少于%(needed)d个，不做模型估计。")
            % {"found": len(counties), "needed": MINIMUM_AREAS}
        )
    p = province.rate
    deff = design_effect(p, province.se, sum(labour_force_sample.values()))
    sizes = np.array([labour_force_sample[code] for code in counties], dtype=float)
    smoothed = deff * p * (1 - p) / sizes
    direct = np.array([county_rates[code].rate for code in counties], dtype=float)
    city = np.array([city_rates.get(code[:CITY_DIGITS]) or p for code in counties], dtype=float)
    design = np.column_stack([np.ones(len(counties)), city])
    try:
        fit = fay_herriot(direct, smoothed, design, method=method)
    except FayHerriotError as error:
        raise SmallAreaUnavailable(_("模型拟合未成功：%(error)s") % {"error": error}) from error
    rows = [
        CountyEstimate(
            county=code,
            labour_force_sample=int(sizes[i]),
            direct=float(direct[i]),
            direct_se=county_rates[code].se,
            smoothed_se=float(np.sqrt(smoothed[i])),
            eblup=float(fit.eblup[i]),
            rmse=float(np.sqrt(fit.mse[i])),
            gamma=float(fit.gamma[i]),
        )
        for i, code in enumerate(counties)
    ]
    names = [_("截距"), _("所在市直接估计")]
    coefficients = [
        (name, float(value), float(se))
        for name, value, se in zip(names, fit.coefficients, fit.coefficient_se, strict=True)
    ]
    return CountyEstimates(rows, float(p), float(deff), coefficients, float(fit.area_variance))


def design_effect(rate: float, se: float, labour_force_sample: int) -> float:
    """Kish's design effect of the province rate: its design variance over the binomial variance of a simple random
    sample of the same size; never below 1, so the smoothing does not claim more precision than a simple sample."""
    binomial = rate * (1 - rate) / labour_force_sample
    return max(1.0, se**2 / binomial) if binomial > 0 else 1.0


def _labour_force_counts(data: Microdata, *, profile: str) -> dict[str, int]:
    _unemployed, labour_force = unemployed_and_labour_force(data.answers, age=data.age, profile=profile)
    labels = domain_labels(data, "county", profile=profile)
    inside = ~np.equal(labels, None) & (labour_force > 0)
    codes, counts = np.unique(labels[inside].astype(str), return_counts=True)
    return dict(zip(codes.tolist(), counts.tolist(), strict=True))
