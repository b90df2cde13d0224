"""The access walk: every URL pattern of the resolver and every operation of the API schema, asked by each user,
with the keys of records of their own region (a control that the route works) and of the other regions.

Routes are discovered, never listed: `get_resolver()` recursing into includes, and `/api/openapi.json`. A route's
parameters are filled by what their place in the path names (`SLOTS`: `people/<pk>` is a person's key); a route
whose parameter names nothing known fails the walk, so a new route cannot pass unseen. The rules come from
docs/access-policy.md, whose sections `POLICY` cites."""

import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from jiuye.accounts.models import User
from jiuye.accounts.scope import is_reporter_account
from jiuye.imports.kinds import all_kinds
from jiuye.people.worklists import WORKLISTS
from jiuye.plans.models import Indicator
from jiuye.reference.enums import KeyGroup
from jiuye.schedule.jobs import JOBS
from tests.security.seed import Dataset, may_see

# The one place of the walk's exemptions, each with the section of docs/access-policy.md that makes it one.
POLICY = {
    # Routes not asked at all.
    "skip": {
        "www:login": "§9 no login and no data; the walk's users are logged in already",
        "www:logout": "§9 ends the walk's session and shows nothing",
        "admin:logout": "§9 ends the walk's session and shows nothing",
    },
    # Not in the API's schema, so not walked as operations: `/api/docs` and `/api/openapi.json`, public by §9 (the
    # walk reads the schema itself); `api_paths` must hold nothing else outside the schema.
    # Routes that answer a user of the administration for a record outside their region: read-only adverts.
    "open_to_administration": {
        "www:vacancy_detail": "§2 a vacancy is a job advert, read-only inside the administration",
        "api/vacancies/<vacancy_id>": "§2 the same advert in the API (GET only: PATCH stays in the region)",
    },
    # Kinds of keys that name no record of a region: no refusal required, the answers still checked for markers.
    "public_keys": {
        "region": "§6 a region's aggregate pages (asked for each region) follow the hierarchy for relevance",
        "fixed": "§5 a public classification: a key group, a worklist, an import kind, a job, a month, an indicator",
        "unscoped": "§5/§6 reference rows and aggregates (regions, indicators, actuals, survey estimates)",
    },
    # Markers the administration may read outside its region (not an enterprise account: §4).
    "open_markers": {"advert": "§2 the advertising employer's name and credit code are part of its adverts"},
    # Static files are served by WhiteNoise before the resolver: not a URL pattern, public by §9.
}

# The admin is one scoped mixin for every model (`jiuye.accounts.admin.RegionScopedAdminMixin`): one administrator's
# walk, of the other city's county, proves it for each model and keeps the walk short. Users without staff rights get
# the admin's login page (tests/www/test_admin.py).
ADMIN_WALKER = "xinrong"
# Routes that name a record but answer no walk user for their own: each says why its refusals still prove the scope.
UNANSWERED = {
    "www:import_errors": "the seeded import has no errors file; the import's own page answers (imports/<pk>/)",
    "www:job_download": "the seeded job has no file; the walk downloads the files of the exports it started",
    "www:statistics_import": "no survey import is seeded; the same ImportRecord scope as imports/<pk>/",
    "www:statistics_import_errors": "no survey import is seeded; the same ImportRecord scope as imports/<pk>/",
    "www:plan_figure": "§6 no plan actual is seeded: aggregates",
    "api/people/<person_id>/ric": "§8 no walk user has people.unmask_ric: refused to all, which is the point",
}

REGION, CITY, FIXED = "region", "city", "fixed"
FIXED_VALUES: dict[str, Callable[[], str]] = {
    "registers/<group>": lambda: KeyGroup.UNPLACED_GRADUATE.value,
    "worklists/<name>": lambda: next(iter(WORKLISTS)),
    "templates/<kind>": lambda: all_kinds()[0].code,
    "schedule/<job>": lambda: next(iter(JOBS)),
    "periods/<month>": lambda: "2026-10",
    "indicators/<code>": lambda: Indicator.objects.order_by("pk").values_list("code", flat=True).first(),
    "admin/<app_label>": lambda: "people",
    "admin/<url>": lambda: "no-such-page/",
    "r/<content_type_id>": lambda: str(ContentType.objects.get_for_model(apps.get_model("people.Person")).pk),
}
# What a parameter names, by the literal before it in the path: a model (its pk, or the field given) or a kind.
SLOTS: dict[str, str | tuple[str, str]] = {
    "people/<pk>": "people.Person",
    "people/<person_pk>": "people.Person",
    "people/<person_id>": "people.Person",
    "registers/<entry_pk>": "people.RegisterEntry",
    "imports/<pk>": "imports.ImportRecord",
    "jobs/<pk>": "jobs.Job",
    "reports/<pk>": "monitoring.MonthlyReport",
    "enterprises/<pk>": "monitoring.MonitoredEnterprise",
    "enterprises/<enterprise_id>": "monitoring.MonitoredEnterprise",
    "warnings/<pk>": "monitoring.Warning",
    "warnings/<warning_id>": "monitoring.Warning",
    "vacancies/<pk>": "employers.Vacancy",
    "vacancies/<vacancy_id>": "employers.Vacancy",
    "employers/<pk>": "employers.Employer",
    "employers/<employer_pk>": "employers.Employer",
    "employers/<uscc>": ("employers.Employer", "uscc"),
    "seekers/<pk>": "seekers.SeekerRegistration",
    "registrations/<pk>": "seekers.SeekerRegistration",
    "registrations/<registration_id>": "seekers.SeekerRegistration",
    "referrals/<pk>": "seekers.Referral",
    "referrals/<referral_id>": "seekers.Referral",
    "figures/<pk>": "plans.Actual",
    "<content_type_id>/<object_id>": "people.Person",
    "user/<id>": "accounts.User",
    "regions/<code>": REGION,
    "plans/<code>": REGION,
    "series/<code>": CITY,
    **dict.fromkeys(FIXED_VALUES, FIXED),
}
# Fields of a form or an API body that name a record, filled with another region's (a write that reaches across).
BODY_KEYS: dict[str, Callable[[Dataset], object]] = {
    "employer": lambda data: data.records["employer"].uscc,
    "uscc": lambda data: data.records["enterprise"].employer.uscc,
    "person_id": lambda data: data.records["person"].pk,
    "person": lambda data: data.records["person"].pk,
    "ric": lambda data: data.full_rics[0],
    "region": lambda data: data.code,
    "residence_region": lambda data: data.code,
    "vacancy": lambda data: data.records["vacancy"].pk,
    "enterprise": lambda data: data.records["enterprise"].pk,
}
# A redirect is the admin's answer for a record it does not find, and the enterprise portal's for a page not its own.
REFUSED = {302, 401, 403, 404, 405}
REFUSED_WRITE = REFUSED | {400, 409, 422}


@dataclass
class Route:
    name: str
    path: str  # normalised: `people/<pk>/registers/<entry_pk>/exit/`
    params: list[str]
    methods: tuple[str, ...] = ("GET", "POST")
    api: dict = field(default_factory=dict)  # method -> the schema's operation

    def url(self, values: dict) -> str:
        path = self.path
        for name, value in values.items():
            path = path.replace(f"<{name}>", str(value), 1)
        return "/" + path


def normalise(text: str) -> str:
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", text)  # a regex pattern's named groups
    text = re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", text)  # converters
    return text.replace("^", "").replace("$", "").replace("\\", "")


def _patterns(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _patterns(pattern.url_patterns, prefix + normalise(str(pattern.pattern)), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + normalise(str(pattern.pattern)), namespace + (pattern.name or "")


def resolver_routes(urlconf=None) -> list[Route]:
    """Every pattern but the API's, whose operations come from its schema (`api_routes`)."""
    return [
        Route(name, path, re.findall(r"<(\w+)>", path))
        for path, name in _patterns(get_resolver(urlconf).url_patterns)
        if not path.startswith("api/")
    ]


def api_paths(urlconf=None) -> set[str]:
    return {path for path, _name in _patterns(get_resolver(urlconf).url_patterns) if path.startswith("api/")}


def api_routes(schema: dict) -> list[Route]:
    routes = []
    for path, operations in schema["paths"].items():
        normal = re.sub(r"\{(\w+)\}", r"<\1>", path.lstrip("/"))
        methods = tuple(method.upper() for method in operations)
        routes.append(Route(normal, normal, re.findall(r"<(\w+)>", normal), methods, operations))
    return routes


def slot(route: Route, param: str) -> str:
    """`people/<pk>/registers/<entry_pk>/exit/`, `entry_pk` -> `registers/<entry_pk>`."""
    segments = route.path.split("/")
    index = next(i for i, segment in enumerate(segments) if f"<{param}>" in segment)
    return f"{segments[index - 1]}/<{param}>" if index else f"<{param}>"


def slot_kind(route: Route, param: str) -> str | tuple[str, str]:
    """The model or kind a parameter names; the admin's `object_id` names the model before it in the path."""
    key = slot(route, param)
    if key in SLOTS:
        return SLOTS[key]
    if route.name.startswith("admin:") and param == "object_id":
        segments = route.path.split("/")
        index = segments.index("<object_id>")
        return f"{segments[index - 2]}.{segments[index - 1]}"
    raise AssertionError(f"{route.name} ({route.path}): what does <{param}> name? Add `{key}` to SLOTS")


def decoded(response) -> str:
    """The text of an answer: a page, JSON, or the XML inside an .xlsx or .docx."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    text = content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            return text + json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return text


@dataclass
class Walker:
    """One user's walk; `problems` lists each leak found, `requests` counts what was asked."""

    user: User
    client: Client
    datasets: list[Dataset]
    problems: list[str] = field(default_factory=list)
    requests: int = 0
    asked: list[str] = field(default_factory=list)
    controls: dict[str, list[int]] = field(default_factory=dict)  # route -> statuses with the user's own keys

    def __post_init__(self):
        self.reporter = is_reporter_account(self.user)
        self.forbidden = [
            (marker, data.tag)
            for data in self.datasets
            for marker in data.markers + (data.advert_markers if self.reporter else [])
            if not may_see(self.user, marker)
        ]
        self.full_rics = [ric for data in self.datasets for ric in data.full_rics]
        self.foreign = [data for data in self.datasets if not data.records["person"].is_visible_to(self.user)]
        self.own = [data for data in self.datasets if data not in self.foreign]

    def check(self, route: Route, method: str, url: str, response, sent: tuple = ()) -> None:
        """The answer names no record the user may not see; `sent`: what the request itself carried, which a form
        shows back with its errors."""
        self.requests += 1
        self.asked.append(f"{method} {url}")
        if response.status_code >= 500:
            self.problems.append(f"{self.user.username} {method} {url}: {response.status_code}")
            return
        body = decoded(response)
        for marker, tag in self.forbidden:
            if marker.text in body and marker.text not in sent:
                self.problems.append(f"{self.user.username} {method} {url}: {tag}的{marker.what}“{marker.text}”")
        for ric in self.full_rics:
            if ric in body and ric not in sent:
                self.problems.append(f"{self.user.username} {method} {url}: 完整身份证号{ric}")

    def key_variants(self, route: Route) -> Iterator[tuple[dict, list, bool]]:
        """(values, records named, any record outside the user's scope) for each region worth asking."""
        kinds = {param: slot_kind(route, param) for param in route.params}
        if not any(isinstance(kind, tuple) or "." in kind for kind in kinds.values()):
            # A region's aggregate page (§6) is asked for the user's own region and the others: no refusal required,
            # but no other region's marker either. A classification's page once.
            regional = any(kind in (REGION, CITY) for kind in kinds.values())
            for data in self.own[:1] + self.foreign if regional else (self.own or self.datasets)[:1]:
                yield {param: _public_value(kind, param, route, [data]) for param, kind in kinds.items()}, [], False
            return
        for data in self.own[:1] + self.foreign:
            values, records = {}, []
            for param, kind in kinds.items():
                value, record = _key(kind, data, route, param)
                if value is None:
                    break
                values[param] = value
                if record is not None:
                    records.append(record)
            else:
                outside = any(hasattr(r, "is_visible_to") and not r.is_visible_to(self.user) for r in records)
                yield values, records, outside


def _public_value(kind, param: str, route: Route, datasets: list[Dataset]) -> str:
    if kind == REGION:
        return datasets[0].code[:6]
    if kind == CITY:
        return datasets[0].code[:4]
    return FIXED_VALUES[slot(route, param)]()


def _key(kind, data: Dataset, route: Route, param: str):
    if kind in (REGION, CITY, FIXED):
        return _public_value(kind, param, route, [data]), None
    label, attribute = kind if isinstance(kind, tuple) else (kind, "pk")
    model = apps.get_model(label)
    field_name = getattr(model, "region_scope_field", None)
    if field_name is None:
        record = model._default_manager.order_by("pk").first()
    else:
        record = model._default_manager.filter(**{field_name: data.code}).order_by("pk").first()
    return (getattr(record, attribute), record) if record is not None else (None, None)
