import datetime
import hashlib
from collections import Counter, defaultdict

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Count, F, Max, Q
from django.test import Client
from django.urls import reverse

from jiuye.accounts.models import OrgUnit, User
from jiuye.audit.models import AuditEvent
from jiuye.demo.registry import REFERENCE_DATE
from jiuye.demo.services import demo_data_load, demo_data_reset
from jiuye.employers.models import Employer
from jiuye.employers.services import uscc_normalise
from jiuye.monitoring.models import Warning
from jiuye.people.enums import EmploymentStatus, HouseholdRelationship, ServiceKind, UnemploymentExitReason
from jiuye.people.models import (
    EmploymentStatusChange,
    Household,
    Person,
    RegisterEntry,
    Service,
    ZeroEmploymentEpisode,
)
from jiuye.people.rules import graduate_standard, worklist_days
from jiuye.people.services import is_zero_employment
from jiuye.reference.enums import DataSource, EducationLevel, KeyGroup, RegionLevel
from jiuye.reference.models import Region
from jiuye.seekers.models import SeekerRegistration
from jiuye.www.selectors import region_overview
from tests.people.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db

SMALL = 0.05  # 500 people, 40 employers
MEDIUM = 0.1  # 1,000 people
NOW = datetime.date(*REFERENCE_DATE)


def _digest() -> str:
    """A fingerprint of the demo rows without ids and timestamps, which differ between runs by design."""
    people = Person.objects.order_by("pk").values_list(
        "name", "sex", "birth_date", "phone", "education_level", "residence_region", "employment_status",
        "employment_status_since", "able_to_work", "household_relationship", "household__head_name",
    )  # fmt: skip
    employers = Employer.objects.order_by("pk").values_list("uscc", "name", "industry", "region", "headcount")
    users = User.objects.order_by("username").values_list("username", "org_unit__name", "org_unit__region")
    households = Household.objects.order_by("pk").values_list("region", "head_name", "address")
    episodes = ZeroEmploymentEpisode.objects.order_by("pk").values_list(
        "household__head_name", "started_on", "cleared_on", "cleared_by_service__kind"
    )
    changes = EmploymentStatusChange.objects.order_by("pk").values_list(
        "person__ric_hash", "status", "effective_on", "note"
    )
    entries = RegisterEntry.objects.order_by("pk").values_list(
        "person__ric_hash", "group", "entered_on", "exited_on", "exit_reason", "school", "major", "graduation_date",
        "hard_to_employ_category", "disability", "organisation__name",
    )  # fmt: skip
    services = Service.objects.order_by("pk").values_list(
        "person__ric_hash", "kind", "provided_on", "provider__name", "caseworker__username", "subsidy_kind",
        "amount_fen", "description",
    )  # fmt: skip
    rows = [people, employers, users, households, episodes, changes, entries, services]
    text = repr([list(queryset) for queryset in rows])
    return hashlib.sha256(text.encode()).hexdigest()


def test_same_seed_gives_the_same_province():
    demo_data_load(seed=7, scale=SMALL)
    first = _digest()
    assert RegisterEntry.objects.exists()
    assert Service.objects.exists()
    demo_data_load(seed=7, scale=SMALL, reset=True)
    assert _digest() == first
    demo_data_load(seed=8, scale=SMALL, reset=True)
    assert _digest() != first


def test_second_run_changes_nothing():
    first = demo_data_load(seed=7, scale=SMALL)
    assert all(not part.skipped for part in first)
    assert {"households", "registers", "services"} <= {part.name for part in first}
    before = _digest()
    second = demo_data_load(seed=7, scale=SMALL)
    assert all(part.skipped for part in second)
    assert _digest() == before


def test_another_scale_on_top_is_refused():
    demo_data_load(seed=7, scale=SMALL)
    with pytest.raises(ValidationError, match="--reset"):
        demo_data_load(seed=7, scale=SMALL * 2)


def test_sizes_follow_the_scale():
    demo_data_load(seed=7, scale=SMALL)
    assert Person.objects.count() == 500
    assert Employer.objects.count() == 40


def test_users_at_all_five_service_levels():
    demo_data_load(seed=7, scale=SMALL)
    levels = set(OrgUnit.objects.filter(users__isnull=False).values_list("service_level", flat=True))
    assert levels == set(RegionLevel.values)
    assert User.objects.filter(org_unit__service_level=RegionLevel.CITY).count() == 11
    full_numbers = [user.username for user in User.objects.order_by("username") if user.has_perm("people.unmask_ric")]
    assert full_numbers == ["county_140105"]  # the demo's one caseworker allowed the audited reveal


def test_a_larger_province_is_shaped_as_designed():
    """The one test at a larger scale (3,000 people), where shares are stable enough to check."""
    demo_data_load(seed=7, scale=0.3)
    _people_spread_over_cities_like_the_population()
    _registers_are_sized_as_designed()
    _zero_employment_households_are_open_or_cleared_by_a_service()
    _worklists_have_rows_and_served_people()
    _street_and_community_accounts_have_their_residents()


def _people_spread_over_cities_like_the_population():
    taiyuan = Person.objects.filter(residence_region__code__startswith="1401").count()
    yangquan = Person.objects.filter(residence_region__code__startswith="1403").count()
    # Census 2020: Taiyuan 5.30 million, Yangquan 1.32 million, a ratio of about 4.
    assert 3 < taiyuan / yangquan < 5.5
    assert Person.objects.values("residence_region").distinct().count() > 100


def _street_and_community_accounts_have_their_residents():
    """The demo district's residents live in its streets' communities (`jiuye.demo.neighbourhoods`): the street and
    community accounts see people, households, register entries, registrations and services of their own, and the
    county still counts them all."""
    street, community, county = (
        User.objects.get(username=name) for name in ("street_140105001", "community_140105001001", "county_140105")
    )
    seen = {user: Person.objects.visible_to(user).count() for user in (street, community, county)}
    assert 50 <= seen[street] <= 120  # some 220 at scale 1
    assert 10 <= seen[community] <= 40  # some 60 at scale 1
    assert seen[community] < seen[street] < seen[county]
    assert not Person.objects.filter(residence_region_id="140105").exists()  # all in a community
    for model in (Household, RegisterEntry, SeekerRegistration, Service):
        assert model.objects.visible_to(street).exists(), model
    assert Household.objects.visible_to(community).exists()
    assert Service.objects.filter(caseworker=street).exists()  # the street's caseworker serves its residents
    overview = region_overview(user=User.objects.get(username="city_1401"), region=Region.objects.get(code="1401"))
    xiaodian = next(row for row in overview.children if row.region.code == "140105")
    assert xiaodian.people == seen[county]  # the county's figure counts the people of its streets
    client = Client()
    client.force_login(community)
    home = Person.objects.filter(residence_region_id="140105001001").first()
    elsewhere = Person.objects.filter(residence_region_id="140105002001").first()
    assert client.get(reverse("www:person_card", args=[home.pk])).status_code == 200
    assert client.get(reverse("www:person_card", args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse("www:person_list")).status_code == 200


def _registers_are_sized_as_designed():
    """The shares of the module docstring of `jiuye.people.demo_registers`, with room for chance at 3,000 people."""
    people = Person.objects.count()
    open_entries = Counter(RegisterEntry.objects.filter(exited_on__isnull=True).values_list("group", flat=True))
    share = {group: open_entries[group] / people for group in KeyGroup.values}
    assert 0.14 < share[KeyGroup.RURAL_TRANSFER_WORKER] + share[KeyGroup.MIGRANT_WORKER] < 0.30
    assert share[KeyGroup.RURAL_TRANSFER_WORKER] > share[KeyGroup.MIGRANT_WORKER] > share[KeyGroup.VETERAN]
    assert 0.02 < share[KeyGroup.POVERTY_ALLEVIATED] < 0.05
    assert 0.01 < share[KeyGroup.DISABLED_PERSON] < 0.035
    assert 0.005 < share[KeyGroup.VETERAN] < 0.02
    assert 0.01 < share[KeyGroup.UNEMPLOYMENT_REGISTRATION] < 0.035
    assert 0.005 < share[KeyGroup.HARD_TO_EMPLOY] < 0.025
    assert 0.001 < share[KeyGroup.UNPLACED_GRADUATE] < 0.01
    assert 0 < share[KeyGroup.URBAN_YOUTH] < 0.01
    assert 0 < share[KeyGroup.ZERO_EMPLOYMENT_HOUSEHOLD] < 0.02
    housed = Person.objects.filter(household__isnull=False).count() / people
    assert 0.85 < housed < 0.95
    assert 0.93 < Person.objects.filter(able_to_work=True).count() / people < 0.97
    episodes = ZeroEmploymentEpisode.objects.count() / Household.objects.count()
    assert 0.005 < episodes < 0.03
    exits = RegisterEntry.objects.filter(group=KeyGroup.UNEMPLOYMENT_REGISTRATION, exited_on__isnull=False)
    assert exits.exclude(exit_reason=UnemploymentExitReason.EMPLOYED).exists()  # no contact, moved, studies


def test_households_are_families_of_one_county():
    demo_data_load(seed=7, scale=MEDIUM)
    households = Household.objects.annotate(
        size=Count("members"),
        heads=Count("members", filter=Q(members__household_relationship=HouseholdRelationship.HEAD)),
    )
    assert {household.heads for household in households} == {1}
    sizes = Counter(household.size for household in households)
    assert set(sizes) <= {1, 2, 3, 4, 5}
    assert min(sizes[1], sizes[2], sizes[3]) > sizes[5]
    assert not Person.objects.filter(household__isnull=False).exclude(residence_region=F("household__region"))
    relationships = Counter(Person.objects.values_list("household_relationship", flat=True))
    assert relationships[HouseholdRelationship.SPOUSE] > 0
    assert relationships[HouseholdRelationship.CHILD] > 0
    for child in Person.objects.filter(household_relationship=HouseholdRelationship.CHILD).select_related("household"):
        head = child.household.members.get(household_relationship=HouseholdRelationship.HEAD)
        assert 19 <= (child.birth_date - head.birth_date).days / 365 <= 37


def _zero_employment_households_are_open_or_cleared_by_a_service():
    episodes = ZeroEmploymentEpisode.objects.select_related("household", "cleared_by_service")
    open_episodes = [episode for episode in episodes if episode.cleared_on is None]
    cleared = [episode for episode in episodes if episode.cleared_on is not None]
    assert open_episodes
    assert cleared
    for episode in episodes:
        assert NOW - datetime.timedelta(days=2 * 365) <= episode.started_on <= NOW
    for episode in open_episodes:
        assert is_zero_employment(episode.household, NOW)
    for episode in cleared:
        assert episode.started_on < episode.cleared_on <= NOW
        assert episode.cleared_by_service.kind == ServiceKind.PUBLIC_WELFARE_JOB
        assert episode.cleared_by_service.provided_on == episode.cleared_on
        placed = episode.cleared_by_service.person
        assert placed.household_id == episode.household_id
        assert placed.employment_status == EmploymentStatus.EMPLOYED
        assert not is_zero_employment(episode.household, NOW)
    # Every household the rules call zero-employment has its open episode.
    with_open = {episode.household_id for episode in open_episodes}
    for household in Household.objects.prefetch_related("members"):
        assert is_zero_employment(household, NOW) == (household.pk in with_open)


def test_status_history_ends_in_the_current_status():
    demo_data_load(seed=7, scale=MEDIUM)
    latest = dict(
        EmploymentStatusChange.objects.values("person").annotate(on=Max("effective_on")).values_list("person", "on")
    )
    history = defaultdict(list)
    for person, status, on in EmploymentStatusChange.objects.values_list("person", "status", "effective_on"):
        history[person].append((on, status))
    for person in Person.objects.exclude(employment_status=EmploymentStatus.OUTSIDE_LABOUR_FORCE):
        assert person.employment_status_since == latest[person.pk] <= NOW
        assert max(history[person.pk])[1] == person.employment_status
    assert any(len(changes) > 1 for changes in history.values())


def test_some_people_are_in_several_registers():
    demo_data_load(seed=7, scale=MEDIUM)
    groups = defaultdict(set)
    for person, group in RegisterEntry.objects.values_list("person", "group"):
        groups[person].add(group)
    assert sum(len(person_groups) > 1 for person_groups in groups.values()) > 20
    transfer = {KeyGroup.MIGRANT_WORKER, KeyGroup.RURAL_TRANSFER_WORKER}
    assert any(KeyGroup.POVERTY_ALLEVIATED in g and g & transfer for g in groups.values())
    assert any({KeyGroup.HARD_TO_EMPLOY, KeyGroup.UNEMPLOYMENT_REGISTRATION} <= g for g in groups.values())


def test_graduates_left_a_shanxi_school_and_entered_in_summer():
    demo_data_load(seed=7, scale=MEDIUM)
    graduates = RegisterEntry.objects.filter(group=KeyGroup.UNPLACED_GRADUATE).select_related("person")
    assert graduates.exists()
    # The two latest cohorts that have left school by the demo's "now" (schools let out on 30 June).
    latest = NOW.year if (NOW.month, NOW.day) > (6, 30) else NOW.year - 1
    for entry in graduates:
        assert (entry.graduation_date.month, entry.graduation_date.day) == (6, 30)
        assert entry.graduation_date.year in (latest, latest - 1)
        assert entry.entered_on.month in (7, 8, 9)
        assert entry.graduation_date < entry.entered_on <= NOW
        assert entry.school
        assert entry.major
        assert entry.person.education_level in (
            EducationLevel.JUNIOR_COLLEGE, EducationLevel.BACHELOR, EducationLevel.MASTER,
        )  # fmt: skip
        assert 21 <= (NOW - entry.person.birth_date).days // 365 <= 26
        if entry.exited_on:
            assert entry.exit_reason


def test_registered_unemployed_are_unemployed_or_exited():
    demo_data_load(seed=7, scale=MEDIUM)
    entries = RegisterEntry.objects.filter(group=KeyGroup.UNEMPLOYMENT_REGISTRATION).select_related("person")
    open_statuses = Counter(entry.person.employment_status for entry in entries if entry.exited_on is None)
    assert set(open_statuses) == {EmploymentStatus.UNEMPLOYED}
    reasons = Counter(entry.exit_reason for entry in entries if entry.exited_on is not None)
    assert reasons["employed"] > 0
    assert set(reasons) <= set(UnemploymentExitReason.values)  # other reasons are rarer: see the larger province
    for entry in entries.filter(exit_reason="employed"):
        assert entry.person.employment_status == EmploymentStatus.EMPLOYED
        assert entry.exited_on == entry.person.employment_status_since
    hard = RegisterEntry.objects.filter(group=KeyGroup.HARD_TO_EMPLOY)
    assert not hard.filter(hard_to_employ_category="").exists()
    assert hard.values("hard_to_employ_category").distinct().count() >= 3


def test_services_are_dated_in_the_demo_year_by_county_offices():
    demo_data_load(seed=7, scale=MEDIUM)
    services = Service.objects.select_related("provider", "person")
    assert services.filter(provided_on__gt=NOW).count() == 0
    for service in services:
        assert service.provider.region_id == service.person.residence_region_id[:6]  # the county office
        assert service.provider.service_level == RegionLevel.COUNTY
    subsidies = services.filter(kind=ServiceKind.SUBSIDY)
    assert subsidies.exists()
    assert not subsidies.filter(subsidy_kind="").exists()
    assert all(amount > 0 and amount % 1000 == 0 for amount in subsidies.values_list("amount_fen", flat=True))
    assert not services.exclude(kind=ServiceKind.SUBSIDY).exclude(subsidy_kind="", amount_fen=None).exists()
    social = subsidies.filter(subsidy_kind="social_insurance_subsidy").values_list("amount_fen", flat=True)
    assert all(100_000 <= amount <= 300_000 for amount in social)
    assert services.filter(caseworker__isnull=False).exists()
    assert services.filter(source=DataSource.DEMO).count() == services.count()


def _last_service_on() -> dict[int, datetime.date]:
    return dict(Service.objects.values("person").annotate(on=Max("provided_on")).values_list("person", "on"))


def _worklists_have_rows_and_served_people():
    """As on the reference date: some graduates meet the "1131" standard and some not; some registered unemployed
    were contacted within 60 days and some not; some hard-to-employ were served within 30 days and some not."""
    last = _last_service_on()

    def overdue(group: KeyGroup, days: int) -> Counter:
        entries = RegisterEntry.objects.filter(group=group, exited_on__isnull=True)
        cutoff = NOW - datetime.timedelta(days=days)
        return Counter(
            last.get(person, datetime.date.min) < cutoff for person in entries.values_list("person", flat=True)
        )

    unemployed = overdue(KeyGroup.UNEMPLOYMENT_REGISTRATION, worklist_days("unemployed_days_without_contact"))
    hard = overdue(KeyGroup.HARD_TO_EMPLOY, worklist_days("hard_to_employ_days_without_service"))
    assert 0 < unemployed[True] < unemployed[False]
    assert 0 < hard[True] < hard[False]
    met = Counter(_meets_1131(entry) for entry in RegisterEntry.objects.filter(group=KeyGroup.UNPLACED_GRADUATE))
    assert met[True] > 0
    assert met[False] > 0


def _meets_1131(entry: RegisterEntry) -> bool:
    services = Service.objects.filter(person=entry.person_id, provided_on__gte=entry.entered_on)
    if entry.exited_on:
        services = services.filter(provided_on__lte=entry.exited_on)
    kinds = Counter(services.values_list("kind", flat=True))
    return all(sum(kinds[kind] for kind in item.kinds) >= item.required for item in graduate_standard())


def test_employer_codes_are_valid_and_in_their_county():
    demo_data_load(seed=7, scale=SMALL)
    for uscc, region in Employer.objects.values_list("uscc", "region"):
        assert uscc_normalise(uscc) == uscc
        assert uscc[2:8] == region


def test_reset_removes_only_demo_rows():
    household = HouseholdFactory(head_name="真实户主")
    person = PersonFactory(name="真实人员", household=household)
    entry = RegisterEntry.objects.create(person=person, group=KeyGroup.VETERAN, entered_on=NOW)
    demo_data_load(seed=7, scale=SMALL)
    demo_data_reset()
    assert list(Person.objects.all()) == [person]
    assert list(Household.objects.all()) == [household]
    assert list(RegisterEntry.objects.all()) == [entry]
    assert not Service.objects.exists()
    assert not EmploymentStatusChange.objects.exists()
    assert not ZeroEmploymentEpisode.objects.exists()
    assert not Warning.objects.exists()
    assert not AuditEvent.objects.exists()  # the warnings' follow-up was audited, and is gone with them


def test_command_prints_logins(capsys):
    call_command("demo_data", "--scale", str(SMALL))
    output = capsys.readouterr().out
    assert "province" in output
    assert "city_1401" in output
    assert "已生成" in output
