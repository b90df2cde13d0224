"""The simulated users of the load benchmark (`benchmarks.load`): each a thread with its own cookies, logging in as
a browser does and then working at a caseworker's pace, every action recorded as a `Sample`.

The client is http.client with the cookies kept by hand: the production settings mark the session and CSRF cookies
Secure, which http.cookiejar would never send over the plain http of 127.0.0.1 (behind nginx they travel over TLS).
One connection per request: gunicorn's synchronous workers close each connection after its answer anyway.

What a caseworker does (`CASEWORKER_ACTIONS`): the home page, a person search as the list's search box sends it (an
htmx POST that keeps the text in the session, then the results at the GET address it is redirected to), a person's
card from those results, the vacancy list, the recommended vacancies of a job seeker, the statistics and the plan
dashboard, and a search through the API with a bearer token as another government system would. An enterprise's
reporter account opens its portal and files its monthly report (`ReporterUser`).
"""

import html
import http.client
import random
import re
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from benchmarks.latency import Sample

TIMEOUT_SECONDS = 60  # gunicorn's own worker timeout: a request still unanswered then was killed there
THINK_SECONDS = (3.0, 8.0)
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PERSON_LINK = re.compile(r'href="/people/(\d+)/"')
INPUT_TAG = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


class ActionFailed(Exception):
    """An answer the action did not expect: an error status, the login page instead of the page, a form refused."""


@dataclass
class Answer:
    status: int
    location: str
    body: str


@dataclass
class Browser:
    """One user's cookies and the requests it made for the current action."""

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    requests: int = 0

    def request(self, method: str, path: str, *, form: dict | None = None, headers: dict | None = None) -> Answer:
        body = urllib.parse.urlencode(form) if form is not None else None
        sent = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
            self.requests += 1
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        return Answer(response.status, response.headers.get("Location", ""), text)

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def page(self, path: str, *, form: dict | None = None, headers: dict | None = None) -> Answer:
        """GET (or POST `form`) and follow redirects as a browser does; refuse an error or the login page."""
        method = "POST" if form is not None else "GET"
        for _hop in range(5):
            answer = self.request(method, path, form=form, headers=headers)
            if answer.status in (301, 302, 303) and answer.location:
                path, method, form = (
                    urllib.parse.urlsplit(answer.location)._replace(scheme="", netloc="").geturl(),
                    "GET",
                    None,
                )
                if path.startswith("/login/"):
                    raise ActionFailed(f"sent to the login page from {path}")
                continue
            if answer.status >= 400:
                raise ActionFailed(f"HTTP {answer.status} for {method} {path}")
            return answer
        raise ActionFailed(f"too many redirects from {path}")

    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")


def _local(location: str) -> str:
    """A redirect's path and query (Django sends them relative, but an absolute one stays on this server)."""
    return urllib.parse.urlsplit(location)._replace(scheme="", netloc="").geturl()


@dataclass
class Account:
    """A demo account the simulated user logs in as, what it looks up, and its API token."""

    username: str
    password: str
    names: list[str] = field(default_factory=list)  # people it may see, to search for
    person_ids: list[int] = field(default_factory=list)  # for the card when a search finds none
    registration_ids: list[int] = field(default_factory=list)  # active job seekers, for their recommendations
    api_token: str = ""
    report_form: str = ""  # a reporter's monthly report form, /monitoring/enterprises/<pk>/report/?period=...
    actions: list[str] = field(default_factory=list)  # CASEWORKER_ACTIONS, but the dashboard where it has one


@dataclass
class Run:
    """What every user of one run shares: where the server is, when to stop, and where samples go. The actions
    other than the login are kept from the moment every user has logged in (`measuring`): `benchmarks.load` says
    why."""

    host: str
    port: int
    users: int
    stop: threading.Event = field(default_factory=threading.Event)
    measuring: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.perf_counter)
    measured_from: float = 0.0
    logged_in: int = 0
    cpu_seconds: float = 0.0
    samples: list[Sample] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)  # the first failure of each action, for the report
    lock: threading.Lock = field(default_factory=threading.Lock)

    def arrived(self) -> None:
        """A user's login is over (done or failed); the last one starts the measured window."""
        with self.lock:
            self.logged_in += 1
            if self.logged_in == self.users:
                self.measured_from = time.perf_counter()
                self.measuring.set()

    def record(self, action: str, browser: Browser, work: Callable[[], object]) -> object:
        browser.requests = 0
        started = time.perf_counter()
        ok, result = True, None
        try:
            result = work()
        except Exception as error:  # any failure is the action's error, counted and shown, never the thread's end
            ok = False
            self.failures.setdefault(action, f"{type(error).__name__}: {error}")
        if action == "login" or (self.measuring.is_set() and started >= self.measured_from):
            self.samples.append(Sample(action, time.perf_counter() - started, max(browser.requests, 1), ok))
        return result


def login(browser: Browser, account: Account) -> None:
    """The login page's GET, then the POST of its form with the CSRF token; a success is a redirect away."""
    answer = browser.page("/login/")
    token = CSRF_FIELD.search(answer.body)
    if token is None:
        raise ActionFailed("no CSRF token on the login page")
    form = {"csrfmiddlewaretoken": token.group(1), "username": account.username, "password": account.password}
    posted = browser.request("POST", "/login/", form=form)
    if posted.status != 302 or posted.location.startswith("/login/"):
        raise ActionFailed(f"login refused for {account.username}: HTTP {posted.status}")


def person_search(browser: Browser, name: str) -> list[int]:
    """The list's search box as htmx sends it: POST, 303 to the GET address with the kept token, the results."""
    htmx = {"HX-Request": "true", "HX-Current-URL": "/people/", "X-CSRFToken": browser.csrf()}
    answer = browser.page("/people/", form={"q": name, "csrfmiddlewaretoken": browser.csrf()}, headers=htmx)
    return [int(pk) for pk in PERSON_LINK.findall(answer.body)]


def api_search(browser: Browser, account: Account, name: str) -> None:
    query = urllib.parse.urlencode({"q": name})
    answer = browser.request("GET", f"/api/people?{query}", headers={"Authorization": f"Bearer {account.api_token}"})
    if answer.status != 200:
        raise ActionFailed(f"API search: HTTP {answer.status}")


def report_submit(browser: Browser, account: Account, number: int) -> None:
    """Open the monthly report form and send it back with its figures as shown (a new month: the headcount of
    the last), a new note each time, so that each is a revision saved, not an unchanged report; a success is the
    redirect to the portal."""
    answer = browser.page(account.report_form)
    form = form_values(answer.body)
    if not form.get("current_headcount"):  # a new month: no change since the last one
        form["current_headcount"] = form.get("previous_headcount", "")
    period = urllib.parse.parse_qs(urllib.parse.urlsplit(account.report_form).query).get("period", [""])[0]
    form |= {
        "period": period,
        "note": f"负载测试第{number}次报送",
        "reason": "负载测试：核对后重新报送",
        "confirmed": "on",
    }
    posted = browser.request("POST", account.report_form, form=form)
    if posted.status != 302:
        errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', posted.body, re.DOTALL)
        raise ActionFailed(f"report refused: HTTP {posted.status} {html.unescape(' '.join(errors))[:200]}")


def form_values(page: str) -> dict[str, str]:
    """The named inputs of a page with their values (checkboxes left out: the caller says which it ticks)."""
    values = {}
    for tag in INPUT_TAG.findall(page):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "name" in attributes and attributes.get("type") != "checkbox":
            values[attributes["name"]] = html.unescape(attributes.get("value", ""))
    return values


def caseworker(run: Run, account: Account, rng: random.Random) -> None:
    """Log in, then home, search, card, vacancies, recommendations, statistics, dashboard and API search in a random
    order, a think time of 3 to 8 s before each, until the run stops."""
    browser = Browser(run.host, run.port)
    if not _log_in(run, browser, account):
        return
    found: list[int] = []
    while not run.stop.wait(rng.uniform(*THINK_SECONDS)):
        action = rng.choice(account.actions or CASEWORKER_ACTIONS)
        name = rng.choice(account.names)
        if action == "person search":
            found = run.record(action, browser, lambda name=name: person_search(browser, name)) or found
        elif action == "person card":
            pk = rng.choice(found or account.person_ids)
            run.record(action, browser, lambda pk=pk: browser.page(f"/people/{pk}/"))
        elif action == "recommendations":
            pk = rng.choice(account.registration_ids)
            run.record(action, browser, lambda pk=pk: browser.page(f"/matching/registrations/{pk}/"))
        elif action == "API search":
            run.record(action, browser, lambda name=name: api_search(browser, account, name))
        else:
            run.record(action, browser, lambda action=action: browser.page(PAGES[action]))


def reporter(run: Run, account: Account, rng: random.Random) -> None:
    """An enterprise's reporter account: log in, then its portal and its monthly report, in turns."""
    browser = Browser(run.host, run.port)
    if not _log_in(run, browser, account):
        return
    number = 0
    while not run.stop.wait(rng.uniform(*THINK_SECONDS)):
        if number % 2 == 0:
            run.record("report portal", browser, lambda: browser.page("/monitoring/mine/"))
        else:
            run.record("monthly report", browser, lambda number=number: report_submit(browser, account, number))
        number += 1


def _log_in(run: Run, browser: Browser, account: Account) -> bool:
    run.record("login", browser, lambda: login(browser, account))
    run.arrived()
    return bool(browser.cookies.get("sessionid"))


PAGES = {
    "home": "/",
    "vacancy list": "/supply/vacancies/",
    "statistics": "/statistics/",
    "dashboard": "/plans/",
}
CASEWORKER_ACTIONS = [
    "home",
    "person search",
    "person card",
    "vacancy list",
    "recommendations",
    "statistics",
    "dashboard",
    "API search",
]
ACTIONS = ["login", *CASEWORKER_ACTIONS, "report portal", "monthly report"]  # the order of the printed lines
