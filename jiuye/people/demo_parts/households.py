"""Demo households and zero-employment episodes (see the package docstring for the proportions)."""

import numpy as np
from django.db import connection

from jiuye.demo.registry import DemoContext, register
from jiuye.people.demo import normalised_shares
from jiuye.people.demo_parts.common import (
    ADDRESS_PLACES,
    CHUNK,
    CLEARED_SHARE,
    DEMO,
    EMPLOYED,
    HOUSED_SHARE,
    HOUSEHOLD_SIZES,
    MARRIED_SHARE,
    NOT_ABLE_SHARE,
    OUTSIDE,
    PERSON_FIELDS,
    PLACEMENT_NOTE,
    UNEMPLOYED,
    URBAN_PLACES,
    YEAR,
    ZERO_EMPLOYMENT_SHARE,
    People,
    _delete_by_ids,
    _maybe_on,
    _on,
)
from jiuye.people.enums import (
    HouseholdRelationship,
    Sex,
)
from jiuye.people.models import (
    EmploymentStatusChange,
    Household,
    Person,
    ZeroEmploymentEpisode,
)
from jiuye.reference.enums import RegionLevel
from jiuye.reference.models import Region


def reset_households() -> None:
    demo = Person.objects.filter(source=DEMO)
    ours = Household.objects.filter(members__in=demo).exclude(members__in=Person.objects.exclude(source=DEMO))
    ids = sorted(set(ours.values_list("pk", flat=True)))
    EmploymentStatusChange.objects.filter(person__in=demo).delete()
    ZeroEmploymentEpisode.objects.filter(household__in=ours).delete()
    demo.update(household=None, household_relationship="", able_to_work=True, employment_status_since=None)
    _delete_by_ids(Household, ids)


@register("households", order=40, reset=reset_households)
def generate_households(context: DemoContext) -> int:
    rng = context.rng("households")
    rows = 0
    places = Region.objects.filter(residents__source=DEMO).distinct().select_related("parent__parent")
    for place in places.order_by("code"):
        demo_people = Person.objects.filter(source=DEMO, residence_region=place).order_by("pk")
        people = People.of(list(demo_people.values_list(*PERSON_FIELDS)))
        rows += _county_households(rng, place, people)
    return rows


def _address_prefix(place: Region) -> tuple[str, list[str]]:
    """The address of a household down to its place, and the roads or villages in it: 小店区坞城街道学府社区 and
    roads for a community of the demo district (`jiuye.demo.neighbourhoods`), the county and any place otherwise."""
    if place.level == RegionLevel.COMMUNITY:
        return f"{place.parent.parent.name}{place.parent.name}{place.name}", ADDRESS_PLACES[:URBAN_PLACES]
    return place.name, ADDRESS_PLACES


def _county_households(rng: np.random.Generator, county: Region, people: People) -> int:
    """The households of the demo people living in a county (or in a community: they live in one place)."""
    count = len(people.pk)
    people.able = rng.random(count) >= NOT_ABLE_SHARE
    tenure = np.minimum(rng.exponential(6 * YEAR, count), np.maximum(people.age - 18, 0) * YEAR)
    spell = np.minimum(rng.exponential(240, count), np.minimum(3 * YEAR, (people.age - 16) * YEAR))
    groups = _group_into_households(rng, people)
    episodes, history = _zero_employment(rng, groups, people)
    drawn = np.where(people.status == EMPLOYED, tenure, np.where(people.status == UNEMPLOYED, spell, -1))
    people.since = np.where(people.since >= 0, people.since, drawn.astype(int))
    numbers = rng.integers(1, 200, size=len(groups))
    prefix, roads = _address_prefix(county)
    places = rng.choice(roads, size=len(groups))
    households = Household.objects.bulk_create(
        [
            Household(region=county, head_name=people.name[members[0][0]], address=f"{prefix}{place}{number}号")
            for members, place, number in zip(groups, places, numbers, strict=True)
        ],
        batch_size=CHUNK,
    )
    _update_people(people, groups, households)
    changes = [
        EmploymentStatusChange(person_id=int(people.pk[i]), status=status, effective_on=_on(ago), note=note)
        for i in range(count)
        if people.status[i] != OUTSIDE
        for status, ago, note in history.get(i, [(people.status[i], people.since[i], "")])
    ]
    EmploymentStatusChange.objects.bulk_create(changes, batch_size=CHUNK)
    ZeroEmploymentEpisode.objects.bulk_create(
        [
            ZeroEmploymentEpisode(household=households[h], started_on=_on(started), cleared_on=_maybe_on(cleared))
            for h, started, cleared in episodes
        ]
    )
    return len(households) + len(changes) + len(episodes)


def _update_people(people: People, groups: list[list[tuple[int, str]]], households: list[Household]) -> None:
    """One UPDATE a person, sent with executemany: `bulk_update` writes a CASE a row and a field, and is ten times
    slower on a million people."""
    placed = {
        i: (household.pk, str(relationship))
        for household, members in zip(households, groups, strict=True)
        for i, relationship in members
    }
    adapt = connection.ops.adapt_datefield_value
    rows = [
        (*placed.get(i, (None, "")), bool(able), str(status), adapt(_maybe_on(since)), int(pk))
        for i, (pk, able, status, since) in enumerate(
            zip(people.pk, people.able, people.status, people.since, strict=True)
        )
    ]
    fields = ["household", "household_relationship", "able_to_work", "employment_status", "employment_status_since"]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(Person._meta.get_field(name).column)} = %s" for name in fields)
    sql = f"UPDATE {quote(Person._meta.db_table)} SET {columns} WHERE {quote(Person._meta.pk.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:  # names come from the model, values are parameters
        cursor.executemany(sql, rows)


class AgePools:
    """People not yet in a household by sex and age, to find a spouse, a child or a parent of a plausible age."""

    def __init__(self, people: People, indexes: np.ndarray):
        self.pools: dict[tuple[str, int], list[int]] = {}
        for i in indexes:
            self.pools.setdefault((people.sex[i], int(people.age[i])), []).append(int(i))
        self.used = np.zeros(len(people.pk), dtype=bool)

    def take(self, sexes: list[str], target: int, low: int, high: int) -> int | None:
        """Someone of these sexes aged `low` to `high`, the closest to `target` first."""
        for age in sorted(range(max(low, 16), min(high, 64) + 1), key=lambda a: abs(a - target)):
            for sex in sexes:
                pool = self.pools.get((sex, age), [])
                while pool:
                    i = pool.pop()
                    if not self.used[i]:
                        self.used[i] = True
                        return i
        return None


def _group_into_households(rng: np.random.Generator, people: People) -> list[list[tuple[int, str]]]:
    """Households as lists of (person index, relationship to the head), the head first."""
    count = len(people.pk)
    order = rng.permutation(count)
    housed = rng.random(count) < HOUSED_SHARE
    sizes = rng.choice(list(HOUSEHOLD_SIZES), size=count, p=normalised_shares(HOUSEHOLD_SIZES))
    married = rng.random(count) < MARRIED_SHARE
    spouse_gap, child_gap = rng.integers(-1, 4, size=count), rng.integers(22, 34, size=count)
    pools = AgePools(people, order[housed[order]])
    groups = []
    for head in order:
        if not housed[head] or pools.used[head] or people.age[head] < 20:
            continue
        pools.used[head] = True
        age, members = int(people.age[head]), [(int(head), HouseholdRelationship.HEAD)]
        if sizes[head] > 1 and married[head]:
            other = Sex.FEMALE if people.sex[head] == Sex.MALE else Sex.MALE
            target = age - spouse_gap[head] if other == Sex.FEMALE else age + spouse_gap[head]
            _add(members, pools.take([other], target, age - 4, age + 4), HouseholdRelationship.SPOUSE)
        for relationship, direction, most in [
            (HouseholdRelationship.CHILD, -1, 3),
            (HouseholdRelationship.PARENT, 1, 2),
        ]:
            target, nearest, farthest = age + direction * child_gap[head], age + direction * 20, age + direction * 36
            low, high = min(nearest, farthest), max(nearest, farthest)
            for _slot in range(most):
                if len(members) >= sizes[head]:
                    break
                if not _add(members, pools.take(list(Sex.values), target, low, high), relationship):
                    break
        groups.append(members)
    return groups


def _add(members: list[tuple[int, str]], person: int | None, relationship: str) -> bool:
    """Add the person found, if anybody fits."""
    if person is not None:
        members.append((person, relationship))
    return person is not None


def _zero_employment(rng: np.random.Generator, groups: list, people: People) -> tuple[list, dict]:
    """Pick the zero-employment households and set their members' status; returns the episodes as (household
    index, started, cleared or -1) and the status history of the members placed in a public-welfare job."""
    count, workers_mask = len(groups), people.working & people.able
    picked = rng.random(count) < ZERO_EMPLOYMENT_SHARE
    started = rng.integers(1, 2 * YEAR, size=count)
    cleared = np.where(rng.random(count) < CLEARED_SHARE, started - rng.integers(20, 240, size=count), -1)
    outside = rng.random(len(people.pk)) < 0.3
    lost_before = rng.integers(0, YEAR, size=len(people.pk))
    episodes, history = [], {}
    for h, members in enumerate(groups):
        workers = [i for i, _relationship in members if workers_mask[i]]
        if not workers:
            continue
        if picked[h]:
            first, *others = workers
            for i in others:
                people.status[i] = OUTSIDE if outside[i] else UNEMPLOYED
                people.since[i] = -1 if outside[i] else started[h] + lost_before[i]
            end = max(int(cleared[h]), -1)
            people.status[first], people.since[first] = (EMPLOYED, end) if end >= 0 else (UNEMPLOYED, started[h])
            if end >= 0:
                history[first] = [(UNEMPLOYED, started[h], ""), (EMPLOYED, end, PLACEMENT_NOTE)]
            episodes.append((h, int(started[h]), end))
        elif not any(people.status[i] == EMPLOYED for i in workers):
            people.status[workers[0]] = EMPLOYED
    return episodes, history
