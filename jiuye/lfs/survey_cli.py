"""`manage.py survey_estimate`: R's ``svydesign`` plus ``svymean``/``svytotal``/``svyratio``/``svyciprop`` (and
``svyby``) for analysts who bring any survey CSV.

Reads the file, checks the columns, declares the design (:func:`jiuye.lfs.estimation.design.make_design`) and
prints one JSON object per domain: ``domain`` (null without ``--by``), ``estimate``, ``se``, ``ci_low``,
``ci_high``, ``df``, ``n``. The options mirror ``svydesign``: ``--ids 1`` is ``id=~1`` (each row its own PSU),
``--ids dnum,snum`` is ``id=~dnum+snum``; without ``--weights`` the weights come from ``--fpc`` as R's, or are all
1. Intervals are R's defaults: normal for means, totals and ratios, ``svyciprop``'s logit (t on the design's
degrees of freedom) for proportions. Every refusal is a :class:`SurveyCliError` with a message in Chinese.

Example (R: ``svyratio(~api.stu, ~enroll, svydesign(id=~dnum, weights=~pw, fpc=~fpc, data=apiclus1))``)::

    manage.py survey_estimate apiclus1.csv --ids dnum --weights pw --fpc fpc --ratio api.stu/enroll
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from jiuye.lfs.estimation import design as survey
from jiuye.lfs.estimation.errors import EmptyDomainError, FpcError, LonelyPSUError, SurveyDesignError

STATISTICS = ("mean", "total", "ratio", "proportion")
NO_CLUSTERS = ("1", "0")  # R's id=~1 and id=~0

_FPC_REASONS = {
    "too_many": "--fpc 给出的列数多于抽样阶段数（--ids 的列数）",
    "missing": "有限总体校正列有缺失值",
    "mixed": "有限总体校正须全为总体单元数（>1）或全为抽样比（<=1），不能混用",
    "varies": "有限总体校正在同一层内取值不一",
    "over_100_percent": "有限总体校正小于样本单元数（抽样比超过100%）",
    "weights_need_every_stage": "未给 --weights 时，须为每个抽样阶段都给出 --fpc，才能由它算出权数",
}


class SurveyCliError(Exception):
    """A request the command refuses, with the reason in Chinese for the analyst."""


@dataclass(frozen=True)
class SurveyRequest:
    """What to estimate from which file, under which design (the command's options, parsed)."""

    file: Path
    statistic: str
    variable: str
    denominator: str | None = None
    value: str | None = None
    ids: tuple[str, ...] = ()
    strata: str | None = None
    weights: str | None = None
    fpc: tuple[str, ...] = ()
    replicate: str | None = None
    lonely_psu: str = "fail"
    by: str | None = None


@dataclass(frozen=True)
class SurveyResult:
    """Rows to print as JSON, and notes for the analyst (printed apart, to stderr)."""

    rows: list[dict]
    notes: list[str] = field(default_factory=list)

    def json(self) -> str:
        return json.dumps(self.rows, ensure_ascii=False, indent=2)


def survey_request(
    *,
    file: Path,
    ids: str | None = None,
    strata: str | None = None,
    weights: str | None = None,
    fpc: str | None = None,
    replicate: str | None = None,
    lonely_psu: str = "fail",
    mean: str | None = None,
    total: str | None = None,
    ratio: str | None = None,
    proportion: str | None = None,
    by: str | None = None,
) -> SurveyRequest:
    """Parse the command's options: ``--ratio NUM/DEN``, ``--proportion COL=VALUE``, comma-separated lists."""
    asked = {name: spec for name, spec in zip(STATISTICS, (mean, total, ratio, proportion), strict=True) if spec}
    if len(asked) != 1:
        raise SurveyCliError("须且只能给出 --mean、--total、--ratio、--proportion 之一")
    statistic, spec = asked.popitem()
    variable, denominator, value = spec, None, None
    if statistic == "ratio":
        variable, _, denominator = spec.partition("/")
        if not variable or not denominator:
            raise SurveyCliError(f"--ratio 的格式是 分子列/分母列，收到「{spec}」")
    if statistic == "proportion":
        variable, _, value = spec.partition("=")
        if not variable or not value:
            raise SurveyCliError(f"--proportion 的格式是 列=取值，收到「{spec}」")
    cluster_columns = _names(ids)
    return SurveyRequest(
        file=Path(file),
        statistic=statistic,
        variable=variable,
        denominator=denominator,
        value=value,
        ids=() if cluster_columns in {(), *((code,) for code in NO_CLUSTERS)} else cluster_columns,
        strata=strata,
        weights=weights,
        fpc=_names(fpc),
        replicate=replicate,
        lonely_psu=lonely_psu,
        by=by,
    )


def survey_estimate(request: SurveyRequest) -> SurveyResult:
    """Estimate as the request says; every refusal is a :class:`SurveyCliError`."""
    frame = _read(request.file)
    _require_columns(frame, request)
    notes = []
    if request.weights is None and not request.fpc:
        notes.append("未给出 --weights 或 --fpc：按等概率抽样处理，权数都取1（同 R 的 svydesign）。")
    if request.replicate == "jk1" and request.strata is not None:
        raise SurveyCliError("--replicate jk1 只适用于不分层的整群抽样设计，不能与 --strata 同用")
    try:
        design = _design(frame, request)
        estimates = _estimates(frame, request, design)
    except LonelyPSUError as error:
        raise SurveyCliError(_lonely_message(error)) from error
    except EmptyDomainError as error:
        raise SurveyCliError(_empty_message(error, request)) from error
    except FpcError as error:
        raise SurveyCliError(f"有限总体校正（--fpc）有误：{_FPC_REASONS[error.reason]}") from error
    except SurveyDesignError as error:
        raise SurveyCliError(f"抽样设计有误：{error}") from error
    return SurveyResult(rows=[_row(estimate) for estimate in estimates], notes=notes)


def _names(spec: str | None) -> tuple[str, ...]:
    return tuple(name.strip() for name in spec.split(",") if name.strip()) if spec else ()


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise SurveyCliError(f"文件不存在：{path}")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return pd.read_csv(path, encoding=encoding, low_memory=False)
        except UnicodeDecodeError:
            continue
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            raise SurveyCliError(f"无法读取CSV文件 {path.name}：{error}") from error
    raise SurveyCliError(f"无法识别 {path.name} 的编码（应为UTF-8或GBK）")


def _require_columns(frame: pd.DataFrame, request: SurveyRequest) -> None:
    wanted = [
        *request.ids,
        request.strata,
        request.weights,
        *request.fpc,
        request.variable,
        request.denominator,
        request.by,
    ]
    for column in (name for name in wanted if name is not None):
        if column not in frame.columns:
            shown = "、".join(map(str, frame.columns[:40]))
            raise SurveyCliError(f"文件中没有列「{column}」。已有的列：{shown}")


def _numeric(frame: pd.DataFrame, column: str, *, complete: bool = False) -> np.ndarray:
    """A numeric column as floats (NaN where empty); refuses text, and gaps where ``complete``."""
    raw = frame[column]
    values = pd.to_numeric(raw, errors="coerce")
    bad = np.flatnonzero(values.isna() & raw.notna())
    if bad.size:
        line = bad[0] + 2  # the header is line 1
        raise SurveyCliError(f"列「{column}」不是数值列：第 {line} 行的值「{raw.iloc[bad[0]]}」不是数字")
    if complete and values.isna().any():
        line = int(np.flatnonzero(values.isna())[0]) + 2
        raise SurveyCliError(f"列「{column}」在第 {line} 行缺失：抽样设计的列不能有缺失值")
    return values.to_numpy(dtype=float)


def _labels(frame: pd.DataFrame, column: str, *, complete: bool) -> np.ndarray:
    """Labels of a design or domain column; numbers stay numbers (integers where they are whole)."""
    raw = frame[column]
    if complete and raw.isna().any():
        line = int(np.flatnonzero(raw.isna())[0]) + 2
        raise SurveyCliError(f"列「{column}」在第 {line} 行缺失：抽样设计的列不能有缺失值")
    if pd.api.types.is_numeric_dtype(raw):
        values = raw.to_numpy(dtype=float)
        missing = np.isnan(values)
        if not (values[~missing] == np.round(values[~missing])).all():
            return values
        if not missing.any():
            return values.astype(np.int64)
        raw = raw.astype("Int64")  # whole numbers with gaps: keep them integers, the gaps in no domain
    return raw.astype(object).where(raw.notna(), None).to_numpy(dtype=object)


def _design(frame: pd.DataFrame, request: SurveyRequest) -> survey.Design:
    weights = _numeric(frame, request.weights, complete=True) if request.weights else None
    fpc = [_numeric(frame, column, complete=True) for column in request.fpc]
    if weights is None and not fpc:
        weights = np.ones(len(frame))
    return survey.make_design(
        strata=_labels(frame, request.strata, complete=True) if request.strata else None,
        clusters=[_labels(frame, column, complete=True) for column in request.ids],
        weights=weights,
        fpc=fpc,
        lonely_psu=request.lonely_psu,
        replicate=request.replicate,
    )


def _estimates(frame: pd.DataFrame, request: SurveyRequest, design: survey.Design) -> list[survey.Estimate]:
    if request.statistic == "proportion":
        values = (_indicator(frame, request.variable, request.value),)
    elif request.statistic == "ratio":
        values = (_numeric(frame, request.variable), _numeric(frame, request.denominator))
    else:
        values = (_numeric(frame, request.variable),)
    estimator = getattr(survey, request.statistic if request.by is None else f"{request.statistic}_by")
    if request.by is None:
        return [estimator(design, *values)]
    return estimator(design, *values, _labels(frame, request.by, complete=False))


def _indicator(frame: pd.DataFrame, column: str, value: str) -> np.ndarray:
    """1 where the column equals ``value``, 0 elsewhere, NaN where it is empty (R's ``I(col == value)``)."""
    raw = frame[column]
    if pd.api.types.is_numeric_dtype(raw):
        try:
            target = float(value)
        except ValueError as error:
            raise SurveyCliError(f"列「{column}」是数值列，--proportion 的取值「{value}」不是数字") from error
        equal = raw.to_numpy(dtype=float) == target
    else:
        equal = (raw.astype(str) == value).to_numpy()
    return np.where(raw.isna().to_numpy(), np.nan, equal.astype(float))


def _lonely_message(error: LonelyPSUError) -> str:
    where = f"层「{error.stratum}」" if error.stage == 1 else "某个上一阶段的群中"
    return (
        f"第 {error.stage} 阶段{where}只有一个抽样单元，无法估计方差（--lonely-psu fail）。"
        "可改用 --lonely-psu remove、adjust 或 average（同 R 的 survey.lonely.psu）。"
    )


def _empty_message(error: EmptyDomainError, request: SurveyRequest) -> str:
    where = "样本中" if error.domain is None else f"分组「{error.domain}」（--by {request.by}）中"
    if error.reason == "zero_denominator":
        return f"{where}分母「{request.denominator}」的加权合计为零，比率无定义"
    return f"{where}没有可用于估计的观测值（所需的列都缺失）"


def _row(estimate: survey.Estimate) -> dict:
    def number(value: float) -> float | None:
        return None if np.isnan(value) else value

    return {
        "domain": estimate.domain,
        "estimate": number(estimate.estimate),
        "se": number(estimate.se),
        "ci_low": number(estimate.ci_low),
        "ci_high": number(estimate.ci_high),
        "df": estimate.df,
        "n": estimate.n,
    }
