"""Vacancies registered or refreshed many at a time, from a file of an officer's (`jiuye.employers.import_kinds`).

A vacancy is named by its employer, title, place of work and start date: `vacancies_record` finds the chunk's
vacancies already registered in one query, then registers each new one (`vacancy_create`), refreshes an open one
whose terms changed (`vacancy_update`) or leaves it, through the services that check the actor's permission and the
rules, so a file and a form say the same thing. Files of vacancies are small (a job fair's hundreds), so the writes
stay one service call a vacancy; what the rows refer to is fetched a chunk at a time.
"""

import datetime
from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from jiuye.accounts.actors import Actor
from jiuye.employers.enums import VacancyChannel, VacancyStatus
from jiuye.employers.models import Employer, Vacancy
from jiuye.employers.perms import can_post_vacancies
from jiuye.employers.services import VacancyTerms, vacancy_create, vacancy_update
from jiuye.imports.results import Outcome
from jiuye.reference.enums import DataSource


@dataclass(frozen=True)
class VacancyLine:
    """One vacancy as a file gives it: its employer, its terms, how it came, and the names of the terms the file
    gives (`given`), which alone refresh a vacancy registered before (a blank cell keeps what it has)."""

    employer: Employer
    terms: VacancyTerms
    channel: VacancyChannel
    given: frozenset[str]


def vacancy_employers(*, actor: Actor, usccs: set[str]) -> dict[str, Employer]:
    """The employers of these codes for which `actor` may register vacancies, by code: one query, and the
    permission once an employer."""
    return {
        employer.uscc: employer
        for employer in Employer.objects.filter(uscc__in=usccs)
        if can_post_vacancies(actor, employer)
    }


def vacancies_record(*, actor: Actor, lines: list[VacancyLine]) -> list[Outcome | ValidationError]:
    """Register or refresh each line's vacancy, in order: its outcome, or the `ValidationError` (keyed by field)
    that refuses it, with nothing written for it. A line naming the vacancy of an earlier line refreshes it, as
    the same file imported row by row did."""
    known = _known_vacancies(lines)
    outcomes: list[Outcome | ValidationError] = []
    for line in lines:
        key = _key(line.employer.pk, line.terms.title, line.terms.region.pk, line.terms.valid_from)
        try:
            if key in known:
                outcomes.append(_vacancy_refresh(actor, known[key], line))
            else:
                known[key] = vacancy_create(
                    actor=actor, employer=line.employer, terms=line.terms, channel=line.channel,
                    source=DataSource.IMPORT,
                )  # fmt: skip
                outcomes.append(Outcome(created=True))
        except PermissionDenied as error:
            outcomes.append(ValidationError({"uscc": str(error)}))
        except ValidationError as error:
            outcomes.append(error)
    return outcomes


def _key(employer: int, title: str, region: str, valid_from: datetime.date) -> tuple:
    return employer, title, region, valid_from


def _known_vacancies(lines: list[VacancyLine]) -> dict[tuple, Vacancy]:
    """The vacancies the lines name that are registered already, in one query; the first by key, as the list
    orders them, where a key names several."""
    if not lines:
        return {}
    found = Vacancy.objects.filter(
        employer__in={line.employer.pk for line in lines},
        title__in={line.terms.title for line in lines},
        valid_from__in={line.terms.valid_from for line in lines},
    ).select_related("employer", "occupation", "region")
    known: dict[tuple, Vacancy] = {}
    for vacancy in found:
        known.setdefault(_key(vacancy.employer_id, vacancy.title, vacancy.region_id, vacancy.valid_from), vacancy)
    return known


def _vacancy_refresh(actor: Actor, vacancy: Vacancy, line: VacancyLine) -> Outcome:
    """A registered vacancy takes the line's occupation, wages, end date and the details it gives; unchanged when
    they are its own, refused when it is no longer open."""
    current = VacancyTerms.of(vacancy)
    refreshed = replace(current, **{name: getattr(line.terms, name) for name in line.given})
    if refreshed == current:
        return Outcome()
    if vacancy.status != VacancyStatus.OPEN:
        raise ValidationError(_("该岗位已导入且%(status)s，不能再修改") % {"status": vacancy.get_status_display()})
    return Outcome(updated=vacancy_update(actor=actor, vacancy=vacancy, terms=refreshed))
