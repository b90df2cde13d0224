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
from jiuye.matching import engine
from jiuye.matching.config import PARTS, ConfigError, MatchConfig, load_config
from jiuye.matching.models import PROVINCE, Direction, MatchRun, Recommendation
from jiuye.matching.scoring import allowed, has_evidence, part_values, prepare
from jiuye.matching.tables import (
    SeekerTable,
    VacancyTable,
    active_registrations,
    open_vacancies,
    registrations_in_window,
    seeker_table,
    vacancy_table,
)
from jiuye.people.enums import ReferralOutcome
from jiuye.people.models import Referral, SeekerRegistration

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


@dataclass(frozen=True)
class Hire:
    registration: int
    vacancy: int
    day: datetime.date


@dataclass
class Evaluation:
    """Mean recall@k and NDCG@k per direction, for the full score (``left_out`` None) and each part left out."""

    hires: int
    ks: tuple[int, ...]
    province_wide: bool = False
    rows: list[dict] = field(default_factory=list)  # {"direction", "left_out", "queries", "recall@10", ...}


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
        from jiuye.employers.demo_supply import demo_ground_truth
    except ImportError:
        return {}
    return demo_ground_truth()


def matching_evaluate(
    *, ks: tuple[int, ...] = (10, 20), hires: list[Hire] | None = None, province_wide: bool = False
) -> Evaluation:
    """Rank every hire's query in both directions on the hire's day, with the full score and with each part left
    out (its weight set to 0), and average recall@k and NDCG@max(k). ``province_wide`` drops the hard location
    filter (as `match_run --province-wide`), so that location competes as a part of the score."""
    hires = sorted(evaluation_hires() if hires is None else hires, key=lambda hire: hire.day)
    result = Evaluation(hires=len(hires), ks=tuple(sorted(ks)), province_wide=province_wide)
    if not hires:
        return result
    config = matching_config()
    seekers, vacancies, context = _evaluation_context(hires, config)
    variants = [None, *[part for part in PARTS if config.weight(part) > 0]]
    for direction in (Direction.VACANCIES_FOR_SEEKER, Direction.SEEKERS_FOR_VACANCY):
        ranks, pool = _ranks(context, (seekers, vacancies), hires, direction, variants, province_wide)
        for left_out in variants:
            metrics = ranking_metrics(ranks[left_out], result.ks)
            result.rows.append({"direction": direction, "left_out": left_out, "pool": pool, **metrics})
    return result


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


def _ranks(context, tables: tuple, hires, direction, variants, province_wide: bool) -> tuple[dict, float]:
    """{left-out part or None: [(ranks of the relevant items, number relevant) per query]}, and the mean number of
    items a query could be matched to (after the hard filters)."""
    seekers, vacancies = tables
    ranks: dict = {variant: [] for variant in variants}
    pool = []
    weights = {variant: _weights(context, direction, variant) for variant in variants}
    for day, day_hires in itertools.groupby(hires, key=lambda h: h.day):
        today = np.datetime64(day, "D")
        open_vacancies_ = (vacancies.vacancies.posted <= today) & (vacancies.vacancies.valid_until >= today)
        valid_seekers = np.flatnonzero((seekers.registered_on <= today) & (seekers.expires_on >= today))
        day_context = dataclasses.replace(context, today=today, vacancy_ok=open_vacancies_)
        for query, relevant in _queries(list(day_hires), seekers, vacancies, direction).items():
            items = np.flatnonzero(open_vacancies_) if direction == Direction.VACANCIES_FOR_SEEKER else valid_seekers
            s, v = (np.full(len(items), query), items) if direction == Direction.VACANCIES_FOR_SEEKER else (
                items, np.full(len(items), query))  # fmt: skip
            values = part_values(day_context, s, v)
            ok = allowed(day_context, s, v, province_wide) & has_evidence(day_context, values)
            pool.append(np.count_nonzero(ok))
            for variant in variants:
                total = np.where(ok, values @ weights[variant], -np.inf)
                ranks[variant].append((_rank_of(items, total, relevant), len(relevant)))
    return ranks, float(np.mean(pool)) if pool else 0.0


def _weights(context, direction: str, left_out: str | None) -> np.ndarray:
    weights = context.part_weights(direction)
    if left_out is not None:
        weights[PARTS.index(left_out)] = 0.0
    return weights


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


def _rank_of(items: np.ndarray, total: np.ndarray, relevant: list[int]) -> np.ndarray:
    """1-based ranks of the relevant items as the engine orders them (score, then lower row first); a relevant
    item the hard filters exclude gets an infinite rank."""
    ranks = []
    for item in relevant:
        position = np.flatnonzero(items == item)
        if not len(position) or not np.isfinite(total[position[0]]):
            ranks.append(np.inf)
            continue
        mine = total[position[0]]
        ranks.append(1 + np.count_nonzero(total > mine) + np.count_nonzero((total == mine) & (items < item)))
    return np.array(ranks, dtype=float)


def ranking_metrics(queries: list[tuple[np.ndarray, int]], ks: tuple[int, ...]) -> dict:
    """Mean recall@k for each k and NDCG@max(k) over queries given as (ranks of the relevant items, their count).

    Binary relevance: DCG@k = sum over relevant items ranked within k of 1/log2(rank + 1), divided by the ideal
    DCG (all relevant items ranked first); Järvelin & Kekäläinen (2002), ACM TOIS 20(4).
    """
    result: dict = {"queries": len(queries)}
    if not queries:
        return result | {f"recall@{k}": float("nan") for k in ks} | {f"ndcg@{max(ks)}": float("nan")}
    for k in ks:
        result[f"recall@{k}"] = float(np.mean([np.count_nonzero(r <= k) / n for r, n in queries]))
    k = max(ks)
    ndcg = []
    for ranks, count in queries:
        gain = float(np.sum(1.0 / np.log2(ranks[ranks <= k] + 1)))
        ideal = float(np.sum(1.0 / np.log2(np.arange(1, min(count, k) + 1) + 1)))
        ndcg.append(gain / ideal)
    result[f"ndcg@{k}"] = float(np.mean(ndcg))
    return result
