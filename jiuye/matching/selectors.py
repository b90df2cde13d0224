"""Live recommendations for the pages and the API, with their reasons ("为什么推荐").

- `recommendations_for_registration`: one seeker against the vacancies open today, through the engine's incremental
  `VacancyIndex`, cached per process and brought up to date with the database on every call
  (`jiuye.matching.tables.cached_vacancy_index`); the seeker's own row is read fresh, so a change to the
  registration shows at once. Vacancies anywhere in the places
  the seeker accepts are recommended: a seeker may take work in another county, and the referral service accepts
  such a vacancy. A vacancy is a job advert that every user of the administration may open
  (`jiuye.employers.selectors.vacancies_advertised`, docs/access-policy.md, 2), so each is linked.
- `candidates_for_vacancy`: one open vacancy against the active seekers **the user may see** (the region scope,
  applied to the cached seeker table and checked again with `visible_to` when the rows are read), with the phone
  masked. Key groups count as the configured priority (`key_group` part) in this direction and are marked.

Both score every allowed pair of the one query exactly (the index scores every open vacancy in the seeker's places;
candidates are scored against every seeker in the user's scope), so they rank as the batch does, up to the text
model's IDF, which the index fixes when it is built. If the live path fails (an engine error),
the last batch run's stored rows are shown instead and the error is logged.
"""

import datetime
import logging
from dataclasses import dataclass

import numpy as np
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.accounts.models import User
from jiuye.accounts.scope import user_region_prefix
from jiuye.employers.models import Vacancy
from jiuye.employers.perms import is_reporter_account
from jiuye.employers.selectors import vacancies_advertised, vacancies_visible
from jiuye.matching.config import PARTS, SEEKERS_FOR_VACANCY, VACANCIES_FOR_SEEKER
from jiuye.matching.explain import KEY_GROUP_NAMES, PartReason, explain, explain_pair
from jiuye.matching.features import KEY_GROUPS
from jiuye.matching.models import Recommendation
from jiuye.matching.scoring import PairContext, prepare, score_pairs
from jiuye.matching.services import matching_config
from jiuye.matching.tables import cached_seeker_table, cached_vacancy_index, seeker_table, vacancy_table
from jiuye.matching.text import SKILL_SEPARATORS
from jiuye.people.masking import mask_phone
from jiuye.seekers.enums import SeekerStatus
from jiuye.seekers.models import Referral, SeekerRegistration

logger = logging.getLogger(__name__)
MAX_K = 50

PART_LABELS = {
    "occupation": gettext_lazy("职业"),
    "title": gettext_lazy("岗位名称"),
    "skills": gettext_lazy("技能"),
    "location": gettext_lazy("工作地点"),
    "wage": gettext_lazy("工资"),
    "education": gettext_lazy("学历"),
    "experience": gettext_lazy("工作经验"),
    "freshness": gettext_lazy("发布时间"),
    "key_group": gettext_lazy("重点群体优先"),
}


@dataclass(frozen=True)
class Reason:
    """One part of a score: its value in [0, 1], its weight, what it added (weight × value), and why."""

    part: str
    label: str
    value: float
    weight: float
    contribution: float
    text: str

    def as_dict(self) -> dict:
        return {"part": self.part, "label": self.label, "contribution": round(self.contribution, 4),
                "value": round(self.value, 4), "reason": self.text}  # fmt: skip


@dataclass(frozen=True)
class VacancyMatch:
    rank: int
    score: float
    vacancy: Vacancy
    reasons: list[Reason]
    can_open: bool  # the user may open the vacancy's page (its advert: docs/access-policy.md, 2)
    referred: bool  # the seeker was already referred to it


@dataclass(frozen=True)
class SeekerMatch:
    rank: int
    score: float
    registration: SeekerRegistration
    reasons: list[Reason]
    phone: str  # masked
    key_groups: list[str]


@dataclass(frozen=True)
class SeekerWishes:
    """What a registration asks for, as its page's header shows it: occupations by name in the order chosen (the
    engine matches on the first), titles, skills, the places accepted or else the commute radius, the wage."""

    occupations: list[str]
    titles: list[str]
    skills: list[str]
    places: list[str]
    radius_km: int
    expected_wage: int | None

    @property
    def places_text(self) -> str:
        if self.places:
            return _("意向工作地（%(places)s）") % {"places": "、".join(self.places)}
        return _("居住地%(km)d公里的通勤范围内") % {"km": self.radius_km}


def registration_wishes(registration: SeekerRegistration) -> SeekerWishes:
    """The header of a seeker's recommendations, in two queries (occupations, places)."""
    chosen = SeekerRegistration.desired_occupations.through.objects.filter(seekerregistration=registration)
    places = registration.accepted_regions.order_by("code").values_list("name", flat=True)
    radius = registration.commute_km or matching_config().default_commute_radius_km
    return SeekerWishes(
        occupations=list(chosen.order_by("pk").values_list("occupation__name", flat=True)),
        titles=_words(registration.desired_titles),
        skills=_words(registration.skills),
        places=list(places),
        radius_km=int(radius),
        expected_wage=registration.expected_wage,
    )


def _words(text: str) -> list[str]:
    """`电焊工、焊工` -> [电焊工, 焊工], as the engine splits titles and skills."""
    return [word for word in SKILL_SEPARATORS.split(text or "") if word]


def registration_get(*, user: User, pk: int) -> SeekerRegistration:
    """A registration the user may see (Http404 otherwise); an employer's account sees none."""
    registrations = SeekerRegistration.objects.none()
    if not is_reporter_account(user):
        registrations = SeekerRegistration.objects.visible_to(user).select_related("person__residence_region")
    return get_object_or_404(registrations, pk=pk)


def vacancy_for_candidates(*, user: User, pk: int) -> Vacancy:
    """A vacancy the user may see and whose candidates they may read: officers and analysts of its region (an
    employer's account does not read the register of seekers)."""
    vacancies = Vacancy.objects.none() if is_reporter_account(user) else vacancies_visible(user)
    return get_object_or_404(vacancies.select_related("employer", "region", "occupation"), pk=pk)


def is_matchable(registration: SeekerRegistration, today: datetime.date) -> bool:
    return registration.status == SeekerStatus.ACTIVE and registration.expires_on >= today


def _reasons(context: PairContext, s: int, v: int, direction: str) -> list[Reason]:
    parts: list[PartReason] = explain_pair(context, s, v, direction)
    texts = explain(parts, _)
    weights = dict(zip(PARTS, context.part_weights(direction), strict=True))
    return [
        Reason(p.part, str(PART_LABELS[p.part]), p.value, float(weights[p.part]), p.contribution, text)
        for p, text in zip(parts, texts, strict=True)
    ]


class IndexPairs:
    """One seeker (read fresh, so a change to the registration shows at once) against the cached vacancy index:
    its top vacancies, and the scoring context of any vacancy the index holds (for the reasons)."""

    def __init__(self, registration: SeekerRegistration, today: datetime.date):
        self.index = cached_vacancy_index(today, matching_config()).index
        table = seeker_table(SeekerRegistration.objects.filter(pk=registration.pk), today)
        self.seeker = table.seekers if len(table) else None
        self.contexts: dict[int, PairContext] = {}

    def top(self, k: int) -> list:
        """[(vacancy id, score, reasons)] best first."""
        found = self.index.top_k_for(self.seeker, k) if self.seeker is not None else []
        return [(int(r.vacancy_id), r.score, self.reasons(int(r.vacancy_id))[1]) for r in found]

    def pair(self, vacancy_id: int) -> tuple[PairContext, int] | None:
        for number, segment in enumerate(self.index.segments()):
            row = segment.row.get(str(vacancy_id))
            if row is not None and segment.alive[row]:
                if number not in self.contexts:
                    self.contexts[number] = self.index._context(self.seeker, segment)  # the index's scoring context
                return self.contexts[number], row
        return None

    def reasons(self, vacancy_id: int) -> tuple[float, list[Reason]] | None:
        """The score and reasons of one vacancy; None when it is not open or outside the seeker's places."""
        pair = self.pair(vacancy_id) if self.seeker is not None else None
        if pair is None:
            return None
        context, row = pair
        total, _contributions = score_pairs(context, np.array([0]), np.array([row]), VACANCIES_FOR_SEEKER)
        if not np.isfinite(total[0]):
            return None
        return float(total[0]), _reasons(context, 0, row, VACANCIES_FOR_SEEKER)


def recommendations_for_registration(
    user: User, registration: SeekerRegistration, k: int = 10, *, today: datetime.date | None = None
) -> list[VacancyMatch]:
    """The ``k`` best vacancies open today for a registration the user may see (the caller fetched it through
    `registration_get`), best first, each with its reasons."""
    today = today or timezone.localdate()
    if not is_matchable(registration, today):
        return []
    try:
        pairs = IndexPairs(registration, today).top(min(k, MAX_K))
    except (KeyError, ValueError, IndexError):
        logger.exception("live matching failed for registration %s; showing the stored run", registration.pk)
        pairs = _stored(Recommendation.objects.filter(registration=registration), "vacancy_id", VACANCIES_FOR_SEEKER)
    return _vacancy_matches(user, registration, pairs[:k])


def _vacancy_matches(user: User, registration: SeekerRegistration, pairs: list) -> list[VacancyMatch]:
    ids = [pk for pk, _score, _reasons in pairs]
    vacancies = Vacancy.objects.select_related("employer", "region", "occupation").in_bulk(ids)
    visible = set(vacancies_advertised(user).filter(pk__in=ids).values_list("pk", flat=True))
    referred = set(
        Referral.objects.filter(person_id=registration.person_id, vacancy_id__in=ids).values_list("vacancy", flat=True)
    )
    return [
        VacancyMatch(rank, score, vacancies[pk], reasons, pk in visible, pk in referred)
        for rank, (pk, score, reasons) in enumerate(pairs, start=1)
        if pk in vacancies
    ]


def _stored(rows, id_field: str, direction: str) -> list:
    """(id, score, reasons) of the stored batch rows; their reasons carry the contributions without the text."""
    weights = matching_config().weights
    return [
        (getattr(row, id_field), row.score, [
            Reason(part, str(PART_LABELS[part]), value / weights[part] if weights.get(part) else 0.0,
                   float(weights.get(part, 0)), value, _("（批量计算结果）"))
            for part, value in row.parts.items()
        ])
        for row in rows.filter(direction=direction).order_by("rank")
    ]  # fmt: skip


def candidates_for_vacancy(
    user: User, vacancy: Vacancy, k: int = 20, *, today: datetime.date | None = None
) -> list[SeekerMatch]:
    """The ``k`` best active seekers for an open vacancy among those the user may see, key groups counted as
    configured; empty for a vacancy not open today or a user who sees no seekers."""
    today = today or timezone.localdate()
    prefix = user_region_prefix(user)
    if prefix is None or is_reporter_account(user):
        return []
    try:
        pairs = _live_candidates(vacancy, prefix, min(k, MAX_K), today)
    except (KeyError, ValueError, IndexError):
        logger.exception("live matching failed for vacancy %s; showing the stored run", vacancy.pk)
        stored = Recommendation.objects.filter(vacancy=vacancy, registration__in=_visible_registrations(user))
        pairs = [
            (pk, score, reasons, []) for pk, score, reasons in _stored(stored, "registration_id", SEEKERS_FOR_VACANCY)
        ]
    return _seeker_matches(user, pairs[:k])


def _live_candidates(vacancy: Vacancy, prefix: str, k: int, today: datetime.date) -> list:
    seekers = cached_seeker_table(today)
    vacancies = vacancy_table(Vacancy.objects.open_on(today).filter(pk=vacancy.pk))
    rows = np.flatnonzero(seekers.in_region(prefix))
    if not len(rows) or not len(vacancies):
        return []
    context = prepare(seekers.seekers, vacancies.vacancies, matching_config(), np.datetime64(today, "D"))
    total, _contributions = score_pairs(context, rows, np.zeros(len(rows), np.int64), SEEKERS_FOR_VACANCY)
    finite = np.flatnonzero(np.isfinite(total))
    best = finite[np.lexsort((rows[finite], -total[finite]))][:k]  # ties: the lower row first, as the batch
    return [
        (int(seekers.ids[s]), float(total[i]), _reasons(context, int(s), 0, SEEKERS_FOR_VACANCY),
         _key_group_names(int(seekers.seekers.key_groups[s])))
        for i, s in zip(best, rows[best], strict=True)
    ]  # fmt: skip


def _key_group_names(bits: int) -> list[str]:
    return [KEY_GROUP_NAMES[group] for i, group in enumerate(KEY_GROUPS) if bits & (1 << i)]


def _visible_registrations(user: User):
    return SeekerRegistration.objects.visible_to(user)


def _seeker_matches(user: User, pairs: list) -> list[SeekerMatch]:
    """Read the ranked registrations back through the region scope: a row the user may not see is dropped."""
    ids = [pk for pk, *_rest in pairs]
    registrations = _visible_registrations(user).select_related("person__residence_region").in_bulk(ids)
    return [
        SeekerMatch(rank, score, registrations[pk], reasons, mask_phone(registrations[pk].person.phone), groups)
        for rank, (pk, score, reasons, groups) in enumerate(pairs, start=1)
        if pk in registrations
    ]


def pair_explanation(registration: SeekerRegistration, vacancy: Vacancy, today: datetime.date):
    """(score, reasons) of one seeker and one open vacancy, as the seeker's page computes them; None when the
    vacancy is not among the open vacancies the seeker may be matched to (closed, or outside their places)."""
    return IndexPairs(registration, today).reasons(vacancy.pk)
