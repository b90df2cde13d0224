"""The demo tells the truth: nothing in it is dated after its today, and names fit the sex in the ID number."""

import datetime
from collections import Counter

import pytest
import time_machine
from django.apps import apps
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Max
from django.utils import timezone

from jiuye.demo.clock import TODAY, demo_now, latest_month
from jiuye.demo.services import demo_data_load
from jiuye.demo.synthetic import GIVEN_NAMES, NEUTRAL_GIVEN_NAMES, SURNAMES
from jiuye.people import crypto
from jiuye.people.enums import Sex
from jiuye.people.models import Person
from jiuye.people.ric import ric_sex

pytestmark = pytest.mark.django_db

SMALL = 0.05  # 500 people, 40 employers, a panel of 10 enterprises

# Fields whose values lie after the demo's today by nature, with the reason.
FUTURE_BY_NATURE = {
    "employers.Vacancy.valid_until": "a vacancy is advertised until its end date",
    "seekers.SeekerRegistration.expires_on": "a registration is valid six months from its registration or renewal",
    "sessions.Session.expire_date": "a session ends some time after it began",
    "axes.AccessAttemptExpiration.expires_at": "a lock-out ends some time after the failed logins",
}
# Fields that are not dates of the demo's province.
NOT_THE_DEMO_CALENDAR = {
    "demo.DemoPartLoad.loaded_at": "when the generator ran, in real time: the bookkeeping of the load",
}
# Dates the scan must have seen, or it proves nothing: one of each kind the demo writes.
EXPECTED = {
    "people.Person.created_at", "people.EmploymentStatusChange.effective_on", "people.RegisterEntry.entered_on",
    "people.Service.provided_on", "seekers.SeekerRegistration.registered_on", "seekers.Referral.referred_on",
    "seekers.ReferralEvent.on", "employers.Vacancy.valid_from", "accounts.User.date_joined",
    "monitoring.MonthlyReport.submitted_at", "monitoring.MonthlyReport.period", "monitoring.ReportRevision.created_at",
    "monitoring.Warning.created_at", "monitoring.Warning.period", "monitoring.WarningNote.at", "audit.AuditEvent.at",
    "lfs.SurveyPeriod.month", "lfs.SurveyPeriod.imported_at", "lfs.MonthlyEstimate.computed_at",
}  # fmt: skip


def _is_month(field: models.Field) -> bool:
    """A `YYYY-MM` month kept as text (a monitoring period, a survey month)."""
    patterns = [v.regex for v in field.validators if isinstance(v, RegexValidator)]
    return isinstance(field, models.CharField) and field.max_length == 7 and any(p.match("2026-10") for p in patterns)


def _latest_values() -> dict[str, object]:
    """The latest value of every date, time and month field of every model, by `app.Model.field`."""
    latest = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField) or _is_month(field):
                value = model._default_manager.aggregate(latest=Max(field.name))["latest"]
                if value is not None:
                    latest[f"{model._meta.label}.{field.name}"] = value
    return latest


def _after_today(value: object) -> bool:
    if isinstance(value, datetime.datetime):
        return value > demo_now()
    if isinstance(value, datetime.date):
        return value > TODAY
    return value > latest_month()  # a month whose returns were not due by today


def test_nothing_is_dated_after_the_demo_today():
    """Generated a month after the demo's today, as it is in real life: every date, time and month the demo writes
    (services, status changes, register entries, registrations, referrals and their answers, vacancies, reports and
    their revisions, survey months, warnings and their follow-up, audit events, the rows' own time stamps) is on or
    before the demo's today."""
    with time_machine.travel(demo_now() + datetime.timedelta(days=30), tick=False):
        demo_data_load(seed=7, scale=SMALL)
    latest = _latest_values()
    assert set(latest) >= EXPECTED
    assert set(FUTURE_BY_NATURE).isdisjoint(NOT_THE_DEMO_CALENDAR)
    after = {
        name: value
        for name, value in latest.items()
        if name not in FUTURE_BY_NATURE and name not in NOT_THE_DEMO_CALENDAR and _after_today(value)
    }
    assert after == {}
    assert timezone.localdate(latest["demo.DemoPartLoad.loaded_at"]) > TODAY  # the real time, as the test set it


def test_names_fit_the_sex_in_the_id_number():
    """The 17th digit of the ID number is odd for men and even for women; the given name is one of the sex's common
    names, or one given to both."""
    male = {name for (sex, _generation), names in GIVEN_NAMES.items() if sex == "male" for name in names}
    female = {name for (sex, _generation), names in GIVEN_NAMES.items() if sex == "female" for name in names}
    neutral = set(NEUTRAL_GIVEN_NAMES)
    assert not male & female
    assert not neutral & (male | female)
    demo_data_load(seed=7, scale=SMALL)
    given_to = Counter()
    for name, sex, encrypted in Person.objects.values_list("name", "sex", "ric_encrypted"):
        assert ric_sex(crypto.decrypt(encrypted)) == sex
        surname, given = name[0], name[1:]
        assert surname in SURNAMES
        kind = "both" if given in neutral else "male" if given in male else "female" if given in female else name
        assert kind in ("both", "male" if sex == Sex.MALE else "female"), name
        given_to[kind] += 1
    assert 0 < given_to["both"] < 0.15 * sum(given_to.values())
    assert given_to["male"] > 0
    assert given_to["female"] > 0
