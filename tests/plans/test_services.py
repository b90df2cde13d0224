"""Recording the indicators' actual values: revisions kept with their reason, who may enter what, and the checks."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.audit.models import AuditEvent
from jiuye.plans.enums import ActualSource
from jiuye.plans.models import ActualRevision, Indicator
from jiuye.plans.services import actual_record, target_set
from jiuye.reference.models import Region
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2025, 4, 20)


@pytest.fixture
def analyst():
    return UserFactory(region="14", roles=[Role.ANALYST])


def record(actor, value="47.03", region="14", year=2024, **kwargs):
    return actual_record(
        actor=actor, indicator=Indicator.objects.get(code="urban_new_jobs"), region=Region.objects.get(code=region),
        year=year, value=Decimal(value), source=kwargs.pop("source", ActualSource.BULLETIN), as_of=AS_OF, **kwargs,
    )  # fmt: skip


def test_a_value_is_recorded_then_revised_with_its_reason_and_every_version_kept(analyst):
    actual, outcome = record(analyst, "46.9", source=ActualSource.ENTERED, source_note="初步统计")
    assert outcome.created
    _same, outcome = record(analyst, "46.9", source=ActualSource.ENTERED, source_note="初步统计")
    assert outcome.unchanged
    with pytest.raises(ValidationError) as error:
        record(analyst, "47.03", source_note="2024年度人社统计公报")
    assert error.value.message_dict == {"reason": ["修订已有数值须说明修订原因（原值46.9000）。"]}
    actual, outcome = record(analyst, "47.03", source_note="2024年度人社统计公报", reason="以统计公报数为准")
    assert outcome.updated
    assert (actual.value, actual.source, actual.entered_by) == (Decimal("47.03"), "bulletin", analyst)
    versions = list(ActualRevision.objects.filter(actual=actual).values_list("action", "value", "reason"))
    assert versions == [("create", Decimal("46.9"), ""), ("update", Decimal("47.03"), "以统计公报数为准")]
    assert AuditEvent.objects.filter(object_type="plans.Actual", object_id=str(actual.pk)).count() == 2


def test_analysts_and_administrators_enter_their_regions_figures_only():
    city_analyst = UserFactory(region="1401", roles=[Role.ANALYST])
    record(city_analyst, region="1401")
    record(UserFactory(region="14", roles=[Role.ADMINISTRATOR]), region="1402")
    for stranger in (city_analyst, UserFactory(region="14", roles=[Role.CASEWORKER])):
        with pytest.raises(PermissionDenied, match="只有本地区的分析人员和管理员"):
            record(stranger, region="14" if stranger is city_analyst else "1401")


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"year": 2019}, "year", "年份应在2020—2025年之间。"),
        ({"year": 2025, "month": 13}, "month", "月份应为1—12，全年数填0或留空。"),
        ({"region": "140105001"}, "region", "规划指标按省、市、县（市、区）统计。"),
    ],
)
def test_the_checks_name_the_field(analyst, kwargs, field, message):
    if kwargs.get("region") == "140105001":
        Region.objects.get_or_create(code="140105001", defaults={"name": "坞城街道", "level": "street",
                                                                 "parent_id": "140105"})  # fmt: skip
    with pytest.raises(ValidationError) as error:
        record(analyst, **kwargs)
    assert error.value.message_dict == {field: [message]}


def test_a_future_data_date_is_refused(analyst):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        actual_record(
            actor=analyst, indicator=Indicator.objects.get(code="urban_new_jobs"),
            region=Region.objects.get(code="14"), year=2024, value=Decimal(1), source=ActualSource.ENTERED,
            as_of=tomorrow,
        )  # fmt: skip
    assert error.value.message_dict == {"as_of": ["数据日期不能晚于今天。"]}


def test_targets_are_broken_down_by_city_and_by_year(analyst):
    jobs = Indicator.objects.get(code="urban_new_jobs")
    share = target_set(actor=analyst, indicator=jobs, region=Region.objects.get(code="1401"), value=Decimal("46.5"))
    assert (share.year, share.value) == (0, Decimal("46.5"))
    again = target_set(actor=analyst, indicator=jobs, region=Region.objects.get(code="1401"), value=Decimal("47"))
    assert again.pk == share.pk
    with pytest.raises(PermissionDenied):
        target_set(actor=UserFactory(region="1402", roles=[Role.ANALYST]), indicator=jobs,
                   region=Region.objects.get(code="1401"), value=Decimal(1))  # fmt: skip
