"""Referrals (职业介绍) and the employer's answers: a referral is a `job_referral` service; it is refused for a
vacancy that is not open or for a second time; answers follow their order; a hire makes the person employed (with
an EmploymentStatusChange), places the registration, and fills the vacancy when hires reach the headcount."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiuye.audit.models import AuditEvent
from jiuye.employers.enums import VacancyStatus
from jiuye.people.enums import EmploymentStatus, ServiceKind
from jiuye.people.models import EmploymentStatusChange, Service
from jiuye.seekers.enums import ReferralOutcome, SeekerStatus
from jiuye.seekers.models import Referral, ReferralEvent
from jiuye.seekers.services import referral_create, referral_outcome_record
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory, VacancyFactory, reporter_of
from tests.people.factories import resident
from tests.seekers.factories import SeekerRegistrationFactory

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def open_vacancy(**kwargs):
    return VacancyFactory(valid_from=days(-30), valid_until=days(30), **kwargs)


def seeker(region: str = "140105"):
    person = resident(region, unemployed=True)
    return SeekerRegistrationFactory(person=person, registered_on=days(-20), expires_on=days(160))


def refer(registration, vacancy, actor=None, **kwargs) -> Referral:
    return referral_create(
        actor=actor or UserFactory(), person=registration.person, vacancy=vacancy, referred_on=days(-5), **kwargs
    )


def test_referral_is_a_job_referral_service_with_the_recommendation():
    officer = UserFactory()
    registration, vacancy = seeker(), open_vacancy()
    explanation = [{"factor": "occupation", "score": 0.5}]
    referral = refer(registration, vacancy, officer, score=0.82, explanation=explanation)
    service = Service.objects.get(person=registration.person)
    assert (service.kind, service.provided_on, service.provider, service.caseworker) == (
        ServiceKind.JOB_REFERRAL, days(-5), officer.org_unit, officer,
    )  # fmt: skip
    assert service.description == f"推荐岗位：{vacancy.employer.name} 电焊工"
    assert (referral.service, referral.registration, referral.score) == (service, registration, 0.82)
    assert (referral.explanation, referral.outcome, referral.referred_by) == (explanation, "pending", officer)


def test_a_vacancy_in_a_neighbouring_county_may_be_referred():
    referral = refer(seeker(), open_vacancy(region_id="140106"))
    assert referral.vacancy.region_id == "140106"


@pytest.mark.parametrize(
    ("status", "message"),
    [(VacancyStatus.CLOSED, "岗位已关闭，不能推荐。"), (VacancyStatus.FILLED, "岗位已招满，不能推荐。"),
     (VacancyStatus.EXPIRED, "岗位已过期，不能推荐。")],
)  # fmt: skip
def test_referral_refuses_a_vacancy_not_open(status, message):
    with pytest.raises(ValidationError) as error:
        refer(seeker(), open_vacancy(status=status))
    assert error.value.message_dict == {"vacancy": [message]}
    assert not Service.objects.exists()


def test_referral_refuses_a_vacancy_outside_its_dates_at_the_edge():
    ends_before = VacancyFactory(valid_from=days(-30), valid_until=days(-6))
    with pytest.raises(ValidationError, match="不在有效期内"):
        refer(seeker(), ends_before)
    ends_that_day = VacancyFactory(valid_from=days(-30), valid_until=days(-5))
    assert refer(seeker(), ends_that_day).referred_on == days(-5)


def test_referral_refuses_a_duplicate_and_another_regions_person():
    registration, vacancy = seeker(), open_vacancy()
    refer(registration, vacancy)
    with pytest.raises(ValidationError) as error:
        refer(registration, vacancy)
    assert error.value.message_dict == {"vacancy": [f"已于{days(-5)}向{registration.person.name}推荐过该岗位。"]}
    with pytest.raises(PermissionDenied):
        refer(seeker(), vacancy, UserFactory(region="140106"))
    assert Service.objects.count() == 1


def record(referral, outcome, actor=None, on=None, **kwargs):
    return referral_outcome_record(
        actor=actor or UserFactory(), referral=referral, outcome=outcome, on=on or today(), **kwargs
    )


def test_hire_makes_the_person_employed_and_places_the_registration():
    officer = UserFactory()
    registration, vacancy = seeker(), open_vacancy(headcount=2)
    referral = refer(registration, vacancy, officer)
    record(referral, ReferralOutcome.INTERVIEWED, officer, on=days(-3))
    record(referral, ReferralOutcome.HIRED, officer, on=days(-1), note="试用期三个月")
    person = registration.person
    person.refresh_from_db()
    registration.refresh_from_db()
    vacancy.refresh_from_db()
    assert (person.employment_status, person.employment_status_since) == (EmploymentStatus.EMPLOYED, days(-1))
    change = EmploymentStatusChange.objects.get(person=person)
    assert (change.status, change.effective_on, change.recorded_by) == ("employed", days(-1), officer)
    assert change.note == f"经职业介绍被{vacancy.employer.name}录用"
    assert registration.status == SeekerStatus.PLACED
    assert vacancy.status == VacancyStatus.OPEN  # one of two places taken
    events = list(ReferralEvent.objects.filter(referral=referral).values_list("outcome", "on", "note"))
    assert events == [("interviewed", days(-3), ""), ("hired", days(-1), "试用期三个月")]


def test_vacancy_is_filled_when_hires_reach_its_headcount_and_takes_no_more():
    vacancy = open_vacancy(headcount=2)
    first, second, third = (refer(seeker(), vacancy) for _ in range(3))
    record(first, ReferralOutcome.HIRED)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN
    record(second, ReferralOutcome.HIRED)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.FILLED
    with pytest.raises(ValidationError) as error:
        record(third, ReferralOutcome.HIRED)
    assert error.value.message_dict == {"outcome": ["该岗位已招满（招聘2人），不能再登记录用。"]}
    assert record(third, ReferralOutcome.REFUSED, refusal_reason="filled").outcome == "refused"


@pytest.mark.parametrize(
    ("first", "then"),
    [
        (ReferralOutcome.HIRED, ReferralOutcome.REFUSED),
        (ReferralOutcome.REFUSED, ReferralOutcome.HIRED),
        (ReferralOutcome.DECLINED, ReferralOutcome.INTERVIEWED),
        (ReferralOutcome.INTERVIEWED, ReferralOutcome.INTERVIEWED),
        (ReferralOutcome.INTERVIEWED, ReferralOutcome.PENDING),
    ],
)
def test_invalid_transitions_are_refused_in_chinese(first, then):
    referral = refer(seeker(), open_vacancy(headcount=5))
    record(referral, first, refusal_reason="skills" if first == ReferralOutcome.REFUSED else "")
    with pytest.raises(ValidationError) as error:
        record(referral, then, refusal_reason="skills" if then == ReferralOutcome.REFUSED else "")
    current, new = ReferralOutcome(first).label, ReferralOutcome(then).label
    assert error.value.message_dict == {"outcome": [f"职业介绍当前为“{current}”，不能登记为“{new}”。"]}


def test_refusal_needs_its_reason_and_dates_are_bounded():
    referral = refer(seeker(), open_vacancy())
    with pytest.raises(ValidationError) as error:
        record(referral, ReferralOutcome.REFUSED)
    assert error.value.message_dict == {"refusal_reason": ["未录用须选择原因。"]}
    with pytest.raises(ValidationError, match="只有未录用才填写原因"):
        record(referral, ReferralOutcome.INTERVIEWED, refusal_reason="skills")
    with pytest.raises(ValidationError, match=f"反馈日期不能早于{days(-5)}"):
        record(referral, ReferralOutcome.INTERVIEWED, on=days(-6))
    with pytest.raises(ValidationError, match="反馈日期不能晚于今天"):
        record(referral, ReferralOutcome.INTERVIEWED, on=days(1))
    event = record(referral, ReferralOutcome.REFUSED, on=days(-5), refusal_reason="experience")
    referral.refresh_from_db()
    assert (referral.outcome, referral.refusal_reason, event.refusal_reason) == ("refused", "experience", "experience")


def test_the_employers_account_answers_for_its_own_vacancies_only():
    mine, theirs = open_vacancy(), open_vacancy(employer=EmployerFactory())
    clerk = reporter_of(mine.employer, region="140106")
    referral = refer(seeker(), mine)
    event = record(referral, ReferralOutcome.HIRED, clerk)
    assert event.recorded_by == clerk
    referral.person.refresh_from_db()
    assert referral.person.employment_status == EmploymentStatus.EMPLOYED
    # The account may not change a person's status itself; the hire's follow-up does it, as the clerk, and says so.
    change = EmploymentStatusChange.objects.get(person=referral.person)
    assert change.recorded_by == clerk
    event = AuditEvent.objects.get(person=referral.person, summary="变更就业状态")
    assert (event.user, event.job) == (clerk, "录用后续：就业状态与岗位招满")
    with pytest.raises(PermissionDenied):
        record(refer(seeker(), theirs), ReferralOutcome.INTERVIEWED, clerk)
    with pytest.raises(PermissionDenied):
        record(refer(seeker(), theirs), ReferralOutcome.INTERVIEWED, UserFactory(region="140106"))
