"""Writing the demo registrations and referrals, deleting them, and reading the planted ground truth back."""

import numpy as np

from jiuye.core.db import values_insert
from jiuye.employers.enums import VacancyStatus
from jiuye.employers.models import Vacancy
from jiuye.people.demo_parts.common import _delete_by_ids
from jiuye.people.enums import ServiceKind
from jiuye.people.models import Service
from jiuye.reference.enums import DataSource
from jiuye.seekers.demo_supply.referrals import Market, Planned
from jiuye.seekers.demo_supply.seekers import Seeker
from jiuye.seekers.demo_supply.vacancies import insert_rows, reset_vacancies
from jiuye.seekers.enums import ReferralOutcome
from jiuye.seekers.models import Referral, ReferralEvent, SeekerRegistration

BATCH = 5000
CASEWORKER_SHARE = 0.7


def demo_ground_truth() -> dict[int, list[int]]:
    """{registration id: [ids of the vacancies the seeker was hired into]} from the hired referrals of the demo
    registrations: what a matching evaluation counts as relevant (recall@k, NDCG)."""
    truth: dict[int, list[int]] = {}
    hires = (
        Referral.objects.filter(outcome=ReferralOutcome.HIRED, registration__source=DataSource.DEMO)
        .order_by("registration_id", "vacancy_id")
        .values_list("registration_id", "vacancy_id")
    )
    for registration, vacancy in hires:
        truth.setdefault(registration, []).append(vacancy)
    return truth


def reset_supply() -> None:
    """The referrals to demo vacancies or of demo registrations (and their services), the registrations, the
    vacancies; nothing else."""
    referrals = Referral.objects.filter(vacancy__source=DataSource.DEMO) | Referral.objects.filter(
        registration__source=DataSource.DEMO
    )
    service_ids = list(referrals.values_list("service_id", flat=True))
    _delete_by_ids(Referral, list(referrals.values_list("pk", flat=True)))
    _delete_by_ids(Service, service_ids)
    _delete_by_ids(
        SeekerRegistration,
        list(SeekerRegistration.objects.filter(source=DataSource.DEMO).values_list("pk", flat=True)),
    )
    reset_vacancies()


def vacancies_fill(pks: list[int]) -> None:
    """Mark filled the vacancies whose hires reached their headcount."""
    for start in range(0, len(pks), BATCH):
        Vacancy.objects.filter(pk__in=pks[start : start + BATCH]).update(status=VacancyStatus.FILLED)


def write_seekers(seekers: list[Seeker], offices: dict[str, int]) -> int:
    """The registrations, then their desired occupations (the true one first) and accepted places."""
    registrations = [
        SeekerRegistration(
            person_id=s.person, desired_titles="、".join(dict.fromkeys(s.titles))[:200], skills="、".join(s.skills),
            experience_years=s.experience_years, commute_km=s.commute_km, expected_wage=s.expected_wage,
            available_on=s.registered_on, registered_on=s.registered_on, renewed_on=s.renewed_on,
            expires_on=s.expires_on, status=s.status, organisation_id=offices.get(s.county[:6]),
            source=DataSource.DEMO,
        )
        for s in seekers
    ]  # fmt: skip
    SeekerRegistration.objects.bulk_create(registrations, batch_size=BATCH)
    desired = SeekerRegistration.desired_occupations.through
    accepted = SeekerRegistration.accepted_regions.through
    desired_rows, accepted_rows = [], []
    for seeker, registration in zip(seekers, registrations, strict=True):
        seeker.pk = registration.pk
        desired_rows += [(seeker.pk, code) for code in seeker.occupations]
        accepted_rows += [(seeker.pk, code) for code in seeker.counties]
    return (
        len(registrations)
        + _insert_links(desired, ("seekerregistration_id", "occupation_id"), desired_rows)
        + _insert_links(accepted, ("seekerregistration_id", "region_id"), accepted_rows)
    )


def _insert_links(through, fields: tuple[str, str], rows: list[tuple]) -> int:
    """Rows of a many-to-many table as plain pairs: some 25,000 at scale 1, where building model instances for
    `insert_rows` would take a second."""
    values_insert(through, fields, rows, batch_size=BATCH)
    return len(rows)


def write_referrals(
    rng: np.random.Generator, planned: list[Planned], market: Market, offices: dict, caseworkers: dict
) -> int:
    """One `job_referral` service per referral, the referral with its final answer, and every answer as an event."""
    by = [caseworkers.get(p.seeker.county[:6]) if rng.random() < CASEWORKER_SHARE else None for p in planned]
    services = [
        Service(
            person_id=p.seeker.person, kind=ServiceKind.JOB_REFERRAL, provided_on=p.referred_on,
            provider_id=offices[p.seeker.county[:6]], caseworker_id=user,
            description=f"推荐岗位：{market.label[p.vacancy]}"[:200], source=DataSource.DEMO,
        )
        for p, user in zip(planned, by, strict=True)
    ]  # fmt: skip
    Service.objects.bulk_create(services, batch_size=BATCH)
    referrals = [
        Referral(
            person_id=p.seeker.person, registration_id=p.seeker.pk, vacancy_id=int(market.pk[p.vacancy]),
            service_id=service.pk, referred_on=p.referred_on, referred_by_id=user, outcome=p.outcome,
            outcome_on=p.events[-1][1] if p.outcome != ReferralOutcome.PENDING else None,
            refusal_reason=p.events[-1][2],
        )
        for p, service, user in zip(planned, services, by, strict=True)
    ]  # fmt: skip
    Referral.objects.bulk_create(referrals, batch_size=BATCH)
    events = [
        ReferralEvent(referral_id=referral.pk, outcome=outcome, on=day, refusal_reason=reason, recorded_by_id=user)
        for p, referral, user in zip(planned, referrals, by, strict=True)
        for outcome, day, reason in p.events
    ]
    return len(services) + len(referrals) + insert_rows(ReferralEvent, events)
