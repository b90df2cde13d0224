"""The nightly batch of matching: recommendations of every active seeker and every open vacancy, stored.

`matching_run` builds the engine's tables from the database (`jiuye.matching.tables`), ranks every query with the
exact top-K engine, and replaces the direction's stored rows in one transaction, so worklists and notifications
never read a half-written run. Each run is kept as a `MatchRun` with its counts, rules and timings.
"""

import dataclasses
import datetime
import itertools
import logging
import time
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.employers.models import Vacancy
from jiuye.matching import engine, evaluation
from jiuye.matching.config import PARTS, ConfigError, MatchConfig, load_config
from jiuye.matching.models import PROVINCE, Direction, MatchRun, Recommendation
from jiuye.matching.scoring import prepare
from jiuye.matching.tables import (
    SeekerTable,
    VacancyTable,
    active_registrations,
    open_vacancies,
    registrations_in_window,
    seeker_table,
    vacancy_table,
)
from jiuye.seekers.enums import ReferralOutcome
from jiuye.seekers.models import Referral, SeekerRegistration

logger = logging.getLogger(__name__)
BATCH = 5000


def matching_config() -> MatchConfig:
    """The rules: data/matching.json with the MATCHING setting's overrides (weights and rules are settings)."""
    try:
        return load_config(getattr(settings, "MATCHING", {}) or {})
    except ConfigError as error:
        raise ValidationError(_("匹配规则设置有误：%(error)s") % {"error": error}) from error


def config_snapshot(config: MatchConfig) -> dict:
    return dataclasses.asdict(config) | {"key_group_directions": list(config.key_group_directions)}


@transaction.atomic
def matching_run(
    *, direction: str, today: datetime.date, k: int | None = None, province_wide: bool = False, commit: bool = True
) -> MatchRun:
    """Rank every active seeker's vacancies (or every open vacancy's seekers) and store the top ``k`` (default:
    the configured 20 and 50), replacing the direction's earlier rows. ``commit=False`` computes, counts and
    times the same work and rolls it back (the command's dry run)."""
    if direction not in Direction.values:
        raise ValidationError({"direction": _("未知的匹配方向：%(direction)s") % {"direction": direction}})
    if k is not None and not 1 <= k <= 200:
        raise ValidationError({"k": _("推荐条数须在1到200之间。")})
    config, durations, clock = matching_config(), {}, time.perf_counter()
    run = MatchRun.objects.create(
        direction=direction, region_code=PROVINCE, day=today, province_wide=province_wide,
        started_at=timezone.now(), config=config_snapshot(config),
    )  # fmt: skip
    seekers, vacancies = seeker_table(active_registrations(today), today), vacancy_table(open_vacancies(today))
    durations["tables"], clock = time.perf_counter() - clock, time.perf_counter()
    matches = _rank(seekers, vacancies, config, direction, today, k=k, province_wide=province_wide)
    durations["ranking"], clock = time.perf_counter() - clock, time.perf_counter()
    stored = _store(run, matches, seekers, vacancies)
    durations["storing"] = time.perf_counter() - clock
    run.seekers, run.vacancies, run.recommendations = len(seekers), len(vacancies), stored
    run.finished_at, run.durations = timezone.now(), {key: round(value, 3) for key, value in durations.items()}
    run.save()
    logger.info("matching_run direction=%s seekers=%d vacancies=%d rows=%d durations=%s commit=%s",
                direction, len(seekers), len(vacancies), stored, run.durations, commit)  # fmt: skip
    if not commit:
        transaction.set_rollback(True)
    return run


def _rank(seekers: SeekerTable, vacancies: VacancyTable, config, direction, today, *, k, province_wide):
    if not len(seekers) or not len(vacancies):
        return None
    context = prepare(seekers.seekers, vacancies.vacancies, config, np.datetime64(today, "D"))
    rank = (
        engine.vacancies_for_seekers if direction == Direction.VACANCIES_FOR_SEEKER else engine.seekers_for_vacancies
    )
    return rank(context, k, province_wide=province_wide)


def part_contributions(contributions: np.ndarray) -> dict[str, float]:
    """{part: contribution} of one row of the engine's contributions, leaving out parts that count for nothing."""
    return {part: round(float(value), 4) for part, value in zip(PARTS, contributions, strict=True) if value != 0}


def _store(run: MatchRun, matches, seekers: SeekerTable, vacancies: VacancyTable) -> int:
    """Replace the direction's stored rows with this run's."""
    Recommendation.objects.filter(direction=run.direction).delete()
    if matches is None:
        return 0
    seeker_rows, vacancy_rows = matches.seeker_vacancy()
    regions = seekers.region_codes if run.direction == Direction.VACANCIES_FOR_SEEKER else vacancies.region_codes
    owners = seeker_rows if run.direction == Direction.VACANCIES_FOR_SEEKER else vacancy_rows
    rows = (
        Recommendation(
            run=run, direction=run.direction, registration_id=int(seekers.ids[s]), vacancy_id=int(vacancies.ids[v]),
            rank=int(rank), score=round(float(score), 6), parts=part_contributions(parts), region_code=regions[owner],
        )
        for s, v, owner, rank, score, parts in zip(
            seeker_rows, vacancy_rows, owners, matches.rank, matches.score, matches.contributions, strict=True
        )
    )  # fmt: skip
    stored = 0
    for batch in itertools.batched(rows, BATCH):
        Recommendation.objects.bulk_create(batch)
        stored += len(batch)
    return stored


# Evaluation against the ground truth: hires made through referrals.
#
# A hire is a (registration, vacancy, day) where day is the referral's day: the moment a recommendation would have
# been made. To avoid leaking what happened later, each hire is ranked against the world of that day: vacancies
# whose validity covered the day (whatever their status now: the hired one is filled now, and so are many of its
# competitors), seekers whose registration was valid that day (whatever their status now: the hired one is placed),
# freshness counted from that day. Selecting "open now" instead would drop the hired vacancy, and adding only the
# hired one back would single it out. Vacancy status history is not kept, so a vacancy closed early still competes
# on its valid days: that can only lower the figures. Key groups are taken as on the person's hire day (for people
# without a hire, their registration day).


# Parts whose weight is a policy, not a prediction: giving key groups priority in an employer's list is what the
# plan asks for; hires, made mostly of people who are not in a key group, cannot say how much priority is right.
POLICY_PARTS = ("key_group",)


@dataclass(frozen=True)
class Hire:
    registration: int
    vacancy: int
    day: datetime.date


@dataclass
class Evaluation:
    """Recall@k and NDCG@k per direction, for the full score (``left_out`` None) and each part left out, with the
    paired bootstrap interval of each left-out row's NDCG change, and what a random order would score."""

    hires: int
    ks: tuple[int, ...]
    province_wide: bool = False
    resamples: int = 0
    rows: list[dict] = field(default_factory=list)  # {"direction", "left_out", "queries", "pool", "recall@10", ...}
    random: dict[str, dict] = field(default_factory=dict)  # {direction: {"recall@10": ...}}


def evaluation_hires() -> list[Hire]:
    """The demo's planted ground truth (`demo_ground_truth`) or, without it, every hired referral."""
    hired = Referral.objects.filter(outcome=ReferralOutcome.HIRED, registration__isnull=False)
    rows = hired.order_by("referred_on", "pk").values_list("registration_id", "vacancy_id", "referred_on")
    truth = _demo_truth()
    if truth:
        pairs = {(registration, vacancy) for registration, vacancies in truth.items() for vacancy in vacancies}
        rows = [row for row in rows if (row[0], row[1]) in pairs]
    return [Hire(*row) for row in rows]


def _demo_truth() -> dict[int, list[int]]:
    try:
        from jiuye.seekers.demo_supply import demo_ground_truth
    except ImportError:
        return {}
    return demo_ground_truth()


def matching_evaluate(
    *,
    ks: tuple[int, ...] = (10, 20),
    hires: list[Hire] | None = None,
    province_wide: bool = False,
    weights: dict[str, float] | None = None,
    resamples: int = 200,
    seed: int = 0,
) -> Evaluation:
    """Rank every hire's query in both directions on the hire's day, with the full score and with each part left
    out (its weight set to 0), and average recall@k and NDCG@max(k) over the queries. ``province_wide`` drops the
    hard location filter (as `match_run --province-wide`), so that location competes as a part of the score;
    ``weights`` tries other weights than the configured ones. Each left-out row carries the mean change of NDCG
    against the full score with a paired bootstrap interval over queries (``resamples``, ``seed``)."""
    hires = sorted(evaluation_hires() if hires is None else hires, key=lambda hire: hire.day)
    result = Evaluation(hires=len(hires), ks=tuple(sorted(ks)), province_wide=province_wide, resamples=resamples)
    if not hires:
        return result
    config = matching_config()
    weights = {**config.weights, **(weights or {})}
    ndcg = f"ndcg@{max(result.ks)}"
    for direction, cases in evaluation_cases(hires, config, province_wide).items():
        base = np.array(config.direction_weights(direction, weights))
        variants = [None, *[part for part in PARTS if base[PARTS.index(part)] > 0 and cases.varies(part)]]
        full = evaluation.query_metrics(cases, base, result.ks)
        for left_out in variants:
            metrics = (
                full if left_out is None else evaluation.query_metrics(cases, _without(base, left_out), result.ks)
            )
            row = {"direction": direction, "left_out": left_out, "queries": len(cases), "pool": _mean(cases.pool)}
            row |= {name: _mean(values) for name, values in metrics.items()}
            if left_out is not None:
                row["change"] = evaluation.paired_bootstrap(full[ndcg], metrics[ndcg], resamples=resamples, seed=seed)
            result.rows.append(row)
        result.random[direction] = {
            name: _mean(values) for name, values in evaluation.random_metrics(cases, result.ks).items()
        }
    return result


def matching_tune(*, hires: list[Hire] | None = None, k: int = 20, seed: int = 0) -> dict:
    """Search the weights (`evaluation.coordinate_search`) for the best mean NDCG@k over both directions, locally
    and province-wide, on a seeded half of the queries; report the other half too, so that a gain that is only
    fitted noise shows. The key-group priority is a policy and keeps its weight (`POLICY_PARTS`). Nothing is
    written: the weights go into data/matching.json by hand, with the reasons."""
    hires = sorted(evaluation_hires() if hires is None else hires, key=lambda hire: hire.day)
    config = matching_config()
    rng = np.random.default_rng(seed)
    sets: dict[str, dict] = {"train": {}, "test": {}}
    for key, cases in _all_cases(hires, config).items():
        first = rng.random(len(cases)) < 0.5
        sets["train"][key], sets["test"][key] = cases.subset(first), cases.subset(~first)

    def objective(cases: dict, weights: dict) -> float:
        metrics = [
            evaluation.query_metrics(case, np.array(config.direction_weights(direction, weights)), (k,))
            for (direction, _wide), case in cases.items()
            if len(case)
        ]
        return float(np.mean([each[f"ndcg@{k}"].mean() for each in metrics]))

    tuned, steps = evaluation.coordinate_search(
        lambda weights: objective(sets["train"], weights), config.weights, fixed=POLICY_PARTS
    )
    return {
        "weights": tuned, "steps": steps,
        "queries": tuple(sum(len(case) for case in sets[name].values()) for name in ("train", "test")),
        "before": {name: objective(cases, config.weights) for name, cases in sets.items()},
        "after": {name: objective(cases, tuned) for name, cases in sets.items()},
    }  # fmt: skip


def _all_cases(hires: list[Hire], config: MatchConfig) -> dict:
    """{(direction, province-wide): cases} for both directions and both modes."""
    return {
        (direction, wide): cases
        for wide in (False, True)
        for direction, cases in evaluation_cases(hires, config, wide).items()
    }


def _mean(values: np.ndarray) -> float:
    return float(np.mean(values)) if len(values) else float("nan")


def _without(weights: np.ndarray, part: str) -> np.ndarray:
    weights = weights.copy()
    weights[PARTS.index(part)] = 0.0
    return weights


def evaluation_cases(hires: list[Hire], config: MatchConfig, province_wide: bool) -> dict[str, evaluation.Cases]:
    """{direction: every hire's query with the part values of its candidates on the hire's day}, from the engine
    run with every weight at 1 (so a contribution is the part's value) and ``k`` past the number of items (so it
    keeps every candidate that passes the hard filters); any weights then rank them without the engine."""
    hires = sorted(hires, key=lambda hire: hire.day)
    unit = dataclasses.replace(config, weights=dict.fromkeys(PARTS, 1.0))
    seekers, vacancies, context = _evaluation_context(hires, unit)
    result = {}
    for direction in (Direction.VACANCIES_FOR_SEEKER, Direction.SEEKERS_FOR_VACANCY):
        parts = []
        for day, day_hires in itertools.groupby(hires, key=lambda h: h.day):
            queries = _queries(list(day_hires), seekers, vacancies, direction)
            if queries:
                parts.append(_day_cases(context, (seekers, vacancies), day, direction, queries, province_wide))
        result[direction] = evaluation.Cases.concat(parts)
    return result


def _day_cases(context, tables: tuple, day: datetime.date, direction: str, queries: dict, province_wide: bool):
    """The candidates of one day's queries: vacancies open that day, seekers whose registration was valid."""
    seekers, vacancies = tables
    today = np.datetime64(day, "D")
    open_that_day = (vacancies.vacancies.posted <= today) & (vacancies.vacancies.valid_until >= today)
    day_context = dataclasses.replace(context, today=today, vacancy_ok=open_that_day)
    rows = np.array(sorted(queries), dtype=np.int64)
    items = len(vacancies) if direction == Direction.VACANCIES_FOR_SEEKER else len(seekers)
    found = engine.Matcher(day_context, direction, province_wide=province_wide).run(items, queries=rows)
    keep = np.ones(len(found.item), dtype=bool)
    if direction == Direction.SEEKERS_FOR_VACANCY:
        keep = (seekers.registered_on[found.item] <= today) & (seekers.expires_on[found.item] >= today)
    query = np.searchsorted(rows, found.query[keep])
    relevant = np.zeros(keep.sum(), dtype=bool)
    for position, row in enumerate(rows):
        relevant |= (query == position) & np.isin(found.item[keep], queries[row])
    order = np.lexsort((found.item[keep], query))
    wanted = np.array([len(queries[row]) for row in rows], dtype=float)
    return evaluation.Cases(query[order], found.item[keep][order], found.contributions[keep][order],
                            relevant[order], wanted)  # fmt: skip


def _evaluation_context(hires: list[Hire], config: MatchConfig):
    first, last = hires[0].day, hires[-1].day
    registrations = SeekerRegistration.objects.filter(registrations_in_window(first, last))
    seekers = seeker_table(registrations, last, day_of=_key_group_days(hires, registrations, last))
    window = Vacancy.objects.filter(valid_from__lte=last, valid_until__gte=first)
    vacancies = vacancy_table(window, is_open=lambda _row: True)
    context = prepare(seekers.seekers, vacancies.vacancies, config, np.datetime64(last, "D"))
    return seekers, vacancies, context


def _key_group_days(hires: list[Hire], registrations, last: datetime.date):
    """The day on which each person's key groups count: their hire's, else their registration's."""
    hire_day = {hire.registration: hire.day for hire in hires}
    days = {}
    for pk, person, registered_on in registrations.values_list("pk", "person_id", "registered_on"):
        days[person] = min(days.get(person, last), hire_day.get(pk, registered_on))
    return lambda person: days.get(person, last)


def _queries(day_hires: list[Hire], seekers: SeekerTable, vacancies: VacancyTable, direction: str) -> dict:
    """{query row: [relevant item rows]} of one day's hires (rows missing from a table are dropped)."""
    queries: dict[int, list[int]] = {}
    for hire in day_hires:
        s = int(seekers.row_of([hire.registration])[0])
        v = int(vacancies.row_of([hire.vacancy])[0])
        if s >= 0 and v >= 0:
            query, item = (s, v) if direction == Direction.VACANCIES_FOR_SEEKER else (v, s)
            queries.setdefault(query, []).append(item)
    return queries


def ranking_metrics(queries: list[tuple[np.ndarray, int]], ks: tuple[int, ...]) -> dict:
    """Mean recall@k for each k and NDCG@max(k) over queries given as (ranks of the relevant items, their count);
    `evaluation.metrics_from_ranks` per query (an infinite rank: a relevant item the hard filters left out)."""
    result: dict = {"queries": len(queries)}
    if not queries:
        return result | {f"recall@{k}": float("nan") for k in ks} | {f"ndcg@{max(ks)}": float("nan")}
    query = np.concatenate([np.full(len(ranks), i) for i, (ranks, _count) in enumerate(queries)])
    rank = np.concatenate([np.asarray(ranks, dtype=float) for ranks, _count in queries])
    wanted = np.array([count for _ranks, count in queries], dtype=float)
    metrics = evaluation.metrics_from_ranks(query, rank, wanted, ks)
    return result | {name: float(values.mean()) for name, values in metrics.items()}
