"""Access control, proven everywhere (issue 15): every route, discovered, asked by users of two counties of two
cities, a city, a community and an enterprise account, with their own keys and those of the other regions.

It proves (docs/access-policy.md) that nothing of one region shows in another's answers (pages, lists with their
filters, exports, API answers): no person's name or masked ID number, household, employer name or credit code,
import or warning; that no full ID number shows to a user without `people.unmask_ric`; that a record of another
region is refused (404/403) on every route but the adverts of §2; and that writes to another region's records are
refused and change nothing. A view that forgets the scope fails it (the last test)."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.audit.models import AuditEvent
from jiuye.jobs.models import Job
from jiuye.people.models import Person
from tests.accounts.factories import UserFactory
from tests.employers.factories import reporter_of
from tests.security.seed import COMMUNITY, XIAODIAN, XINRONG, community_regions, seed
from tests.security.walk import (
    ADMIN_WALKER,
    BODY_KEYS,
    POLICY,
    REFUSED,
    REFUSED_WRITE,
    UNANSWERED,
    Route,
    Walker,
    api_paths,
    api_routes,
    resolver_routes,
    slot_kind,
)

pytestmark = pytest.mark.django_db

WORKED = {200, 302, 405}  # a page, a redirect after a form, a POST-only route asked with GET
# Scoped records the walk's reads may add (its own audit trail, the export jobs its downloads start): not writes.
READS_LEAVE = {AuditEvent._meta.label, Job._meta.label}


@pytest.fixture
def world():
    community_regions()
    today = timezone.localdate()
    datasets = [
        seed("甲", XIAODIAN, 101, today, accepts=[XIAODIAN, XINRONG]),  # a seeker who would work in Datong
        seed("丙", COMMUNITY, 301, today, accepts=[COMMUNITY]),
        seed("乙", XINRONG, 201, today, accepts=[XINRONG]),
    ]
    officer = [Role.CASEWORKER, Role.ADMINISTRATOR]
    users = [
        UserFactory(username="xiaodian", region=XIAODIAN, roles=officer, is_staff=True),
        UserFactory(username="xinrong", region=XINRONG, roles=officer, is_staff=True),
        UserFactory(username="taiyuan", region="1401", roles=[Role.CASEWORKER, Role.ANALYST]),
        UserFactory(username="wucheng", region=COMMUNITY),
        reporter_of(datasets[0].records["employer"], datasets[0].records["enterprise"].employer),
    ]
    return users, datasets


def _snapshot(datasets) -> dict[str, list]:
    """Every scoped record of the seeded regions, field by field, by model; not the accounts (a login moves
    `last_login`) nor the times a read stamps (`last_used_at`)."""
    codes = tuple(data.code for data in datasets)
    found = {}
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("jiuye.") or label in READS_LEAVE:
            continue
        field = getattr(model, "region_scope_field", None)
        if field is None or label.startswith("accounts."):
            continue
        rows = model._default_manager.filter(**{f"{field}__in": codes}).order_by("pk").values()
        found[label] = [{k: v for k, v in row.items() if not k.endswith(("_at", "last_used"))} for row in rows]
    return found


def _schema(client: Client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def _body(schema: dict, operation: dict, data) -> dict | None:
    """A minimal JSON body for `operation`: its required fields, and every field naming a record filled with one
    of `data`'s region (`BODY_KEYS`)."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return None
    model = _resolve(schema, content["schema"])
    body = {}
    for name, prop in model.get("properties", {}).items():
        if name in BODY_KEYS:
            body[name] = BODY_KEYS[name](data)
        elif name in model.get("required", []):
            body[name] = _sample(schema, name, _resolve(schema, prop))
    return body


def _resolve(schema: dict, prop: dict) -> dict:
    if "$ref" in prop:
        return _resolve(schema, schema["components"]["schemas"][prop["$ref"].rsplit("/", 1)[-1]])
    if "anyOf" in prop:
        return _resolve(schema, next(p for p in prop["anyOf"] if p.get("type") != "null"))
    return prop


def _sample(schema: dict, name: str, prop: dict):
    if "enum" in prop:
        return prop["enum"][0]
    if name.endswith("period"):
        return "2026-03"
    if name == "occupation":
        return "6-18-02-04"
    if prop.get("format") == "date":
        return (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    return {"integer": 1, "number": 1, "boolean": False, "array": [], "object": {}}.get(prop.get("type"), "走查")


def _walk_route(walker: Walker, route: Route, schema: dict) -> None:
    if route.name in POLICY["skip"] or (route.name.startswith("admin:") and walker.user.username != ADMIN_WALKER):
        return
    open_route = route.name in POLICY["open_to_administration"] and not walker.reporter
    seen = set()
    for values, records, outside in walker.key_variants(route):
        url = route.url(values)
        if url in seen:
            continue
        seen.add(url)
        statuses = _ask(walker, route, url, schema, records, outside)
        if outside and not open_route and any(status not in REFUSED for status in statuses["GET"]):
            walker.problems.append(f"{walker.user.username} GET {url}: {statuses['GET']} for another region's record")
        if outside and any(status not in REFUSED_WRITE for status in statuses["write"]):
            walker.problems.append(f"{walker.user.username} write {url}: {statuses['write']} not refused")
        if records and not outside:
            walker.controls.setdefault(route.name, []).extend(statuses["GET"] or statuses["write"])


def _ask(walker: Walker, route: Route, url: str, schema: dict, records: list, outside: bool) -> dict:
    """GET the URL (with each foreign region's filters when it names no record), then write to it when it names
    another region's record or takes a body (filled with a foreign region's keys)."""
    statuses = {"GET": [], "write": []}
    client, foreign = walker.client, walker.foreign[0] if walker.foreign else None
    if "GET" in route.methods:
        queries = [{}]
        if not records and foreign is not None:
            # `走查乙`: finds the other region's names by a part that no page's echo of the search makes a marker.
            queries += [{"q": f"走查{foreign.tag}"}] + (
                [] if route.name.startswith("admin:") else [{"region": foreign.code}]
            )
            if url.endswith((".xlsx", ".docx")):
                queries.append({"unmasked": "1"})
        for query in queries:
            response = client.get(url, query)
            walker.check(route, "GET", url, response)
            statuses["GET"].append(response.status_code)
        if not records and foreign is not None and not route.name.startswith("admin:"):
            # A list's rows alone, as htmx asks for them when a filter changes: another template, the same scope.
            response = client.get(url, {"region": foreign.code}, headers={"HX-Request": "true"})
            walker.check(route, "GET", url, response)
    for method in route.methods:
        if method == "GET" or foreign is None:
            continue
        data = next((d for d in walker.foreign if any(r in d.records.values() for r in records)), foreign)
        if route.api:
            body = _body(schema, route.api[method.lower()], data) or {}
            if not outside and not body.keys() & BODY_KEYS.keys():
                continue
            response = client.generic(method, url, _json(body), content_type="application/json")
        elif outside or not records or not route.name.startswith("admin:"):
            # On a record of the user's own too: a form that attaches another region's record (a household member,
            # a referral, an employer) must refuse it. Not the admin's own records: its delete would delete them.
            body = {"post": "yes", "who": f"走查{data.tag}", **{key: make(data) for key, make in BODY_KEYS.items()}}
            response = client.post(url, body)
        else:
            continue
        walker.check(route, method, url, response, sent=tuple(str(value) for value in body.values()))
        statuses["write"].append(response.status_code)
    return statuses


def _json(body: dict) -> str:
    return json.dumps(body, ensure_ascii=False)


def _downloads(walker: Walker) -> None:
    """The files of the export jobs the walk's requests started: read like any answer."""
    for job in Job.objects.filter(user=walker.user).exclude(result_file=""):
        url = f"/jobs/{job.pk}/download/"
        walker.check(None, "GET", url, walker.client.get(url))


def walk(users, datasets, routes: list[Route], schema: dict) -> list[Walker]:
    walkers = []
    for user in users:
        client = Client(raise_request_exception=False)  # a 500 is a problem listed with the others
        client.force_login(user)
        walker = Walker(user, client, datasets)
        before = _snapshot(walker.foreign)
        for route in routes:
            _walk_route(walker, route, schema)
        _downloads(walker)
        if _snapshot(walker.foreign) != before:
            walker.problems.append(
                f"{user.username}: a write reached the records of {[d.tag for d in walker.foreign]}"
            )
        walkers.append(walker)
    return walkers


def test_every_route_is_walked_and_no_region_sees_anothers_records(world):
    users, datasets = world
    schema = _schema(Client())
    routes = resolver_routes()
    api = api_routes(schema)
    documented = {route.path for route in api}
    assert api_paths() - documented <= {"api/openapi.json", "api/docs", "api/", "api/<path>"}, (
        "an undocumented API route"
    )
    walkers = walk(users, datasets, routes + api, schema)

    problems = [problem for walker in walkers for problem in walker.problems]
    assert problems == []
    # The control: each route that names a record answered some user for a record of their own (else its keys are
    # wrong and the refusals above prove nothing), but those only an enterprise account or a province user may use.
    answered = {name for walker in walkers for name, statuses in walker.controls.items() if set(statuses) & WORKED}
    keyed = {route.name for route in routes + api if _names_records(route)}
    unproven = sorted(keyed - answered - UNANSWERED.keys())
    assert not unproven, "routes no user could use with their own keys: " + " ".join(unproven)
    print(
        f"\n{len(routes)} URL patterns and {len(api)} API paths, {len(users)} users, "
        f"{sum(walker.requests for walker in walkers)} requests"
    )


def _names_records(route: Route) -> bool:
    """A page or a read of the API that names a record; the admin's pages, one mixin, are answered for the models
    seeded (its change pages), and routes that only write are asked with another region's keys only."""
    if route.name in POLICY["skip"] or route.name.startswith("admin:") or "GET" not in route.methods:
        return False
    return any(isinstance(kind, tuple) or "." in kind for kind in (slot_kind(route, param) for param in route.params))


def _leak(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(Person.objects.get(pk=pk).name)  # no visible_to: the mistake the walk must catch


def _everyone(request: HttpRequest) -> HttpResponse:
    return HttpResponse("、".join(Person.objects.values_list("name", flat=True)))


def _rename(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        Person.objects.filter(pk=pk).update(name="改名")  # a write that forgets the scope
    return HttpResponse(status=404)  # and says nothing, so only the records tell


# A URLconf with views that forget the scope, for the test below.
urlpatterns = [
    path("people/<int:pk>/leak/", _leak, name="leak"),
    path("people/everyone/", _everyone, name="everyone"),
    path("people/<int:pk>/rename/", _rename, name="rename"),
]


def test_a_view_that_forgets_the_scope_fails_the_walk(world, settings):
    """Views that read or write a person by key without `visible_to`, and a list of everyone, each caught."""
    settings.ROOT_URLCONF = __name__
    users, datasets = world
    walkers = walk(users[:1], datasets, resolver_routes(__name__), {})
    problems = "\n".join(problem for walker in walkers for problem in walker.problems)
    theirs = datasets[2].records["person"].pk
    assert "xiaodian GET /people/everyone/: 乙的姓名“走查乙求职者”" in problems
    assert f"xiaodian GET /people/{theirs}/leak/: 乙的姓名“走查乙求职者”" in problems
    assert f"xiaodian GET /people/{theirs}/leak/: [200] for another region's record" in problems
    assert "xiaodian: a write reached the records of ['乙']" in problems


def test_the_walks_exemptions_cite_the_access_policy():
    """Each exemption names the section of docs/access-policy.md that makes it one, and the section exists."""
    policy = (Path(__file__).resolve().parents[2] / "docs" / "access-policy.md").read_text()
    sections = set(re.findall(r"^## (\d+)\.", policy, flags=re.MULTILINE))
    reasons = [reason for group in POLICY.values() for reason in group.values()]
    cited = {number for reason in reasons for number in re.findall(r"§(\d+)", reason)}
    assert all("§" in reason for reason in reasons)
    assert cited <= sections
