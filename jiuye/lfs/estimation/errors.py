"""Errors of design-based estimation, with the facts a caller needs to explain them (in Chinese, in the CLI)."""


class SurveyDesignError(ValueError):
    """A design or an estimate that R's ``survey`` package would also refuse."""


class FpcError(SurveyDesignError):
    """Finite population corrections that cannot be used (R's ``as.fpc`` refuses the same).

    Attributes
    ----------
    reason : str
        ``"too_many"`` (more corrections than stages), ``"missing"``, ``"mixed"`` (sizes and fractions),
        ``"varies"`` (within a stratum), ``"over_100_percent"`` (fewer population than sampled units) or
        ``"weights_need_every_stage"`` (no weights and corrections for some stages only).
    stage : int or None
        The stage concerned, 1 for PSUs.
    """

    def __init__(self, message: str, *, reason: str, stage: int | None = None) -> None:
        self.reason = reason
        self.stage = stage
        super().__init__(message)


class LonelyPSUError(SurveyDesignError):
    """A stratum with a single PSU under ``lonely_psu="fail"``, as R's ``options(survey.lonely.psu="fail")``.

    Attributes
    ----------
    stratum : object
        The stratum's label (at stage 1; at later stages, the code of the cluster the stratum is nested in).
    stage : int
        The sampling stage, 1 for PSUs.
    """

    def __init__(self, *, stratum: object, stage: int) -> None:
        self.stratum = stratum
        self.stage = stage
        super().__init__(f"Stratum ({stratum}) has only one PSU at stage {stage}")


class EmptyDomainError(SurveyDesignError):
    """A domain with nothing to estimate from: no row with the variables present, or a zero denominator.

    Attributes
    ----------
    domain : object
        The domain's label (``None`` for a boolean domain mask or the whole sample).
    reason : str
        ``"no_rows"`` or ``"zero_denominator"``.
    """

    def __init__(self, *, domain: object, reason: str) -> None:
        self.domain = domain
        self.reason = reason
        super().__init__(f"Domain {domain!r}: {reason.replace('_', ' ')}")
