import pytest
from django.test import Client

from jiuye.plans.services import indicators_load
from jiuye.reference.services import reference_load
from jiuye.second_factor.perms import second_factor_required
from tests.accounts.factories import UserFactory
from tests.second_factor.factories import mark_session_verified


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reference classifications are loaded once per test database, as `make demo` loads them."""
    with django_db_blocker.unblock():
        reference_load()
        indicators_load()


@pytest.fixture(autouse=True)
def _reset_login_throttle(settings):
    """django-axes keeps failures in the database (rolled back per test) but caches nothing else; keep it so."""
    settings.AXES_ENABLED = True


@pytest.fixture(autouse=True)
def _second_factor_on_force_login(monkeypatch):
    """`client.force_login(user)` signs in as if the user had also typed their second factor's code, when they must
    (a device is made for them): tests of pages and the API need no code; the check itself is unchanged.
    `client.force_login_unverified(user)` stops after the password, for the tests of the second factor."""
    password_only = Client.force_login

    def force_login(self, user, backend=None):
        password_only(self, user, backend)
        if second_factor_required(type(user).objects.get(pk=user.pk)):  # fresh: no permissions cached before a grant
            mark_session_verified(self.session, user)

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "force_login_unverified", password_only, raising=False)


@pytest.fixture
def officer(client):
    """A caseworker of Xiaodian (140105), logged in on ``client``. Modules whose officer must not be logged in
    (the import tests) define their own."""
    user = UserFactory(region="140105")
    client.force_login(user)
    return user


def _flushes_the_database(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return item.nodeid.startswith("tests/browser/") or bool(marker and marker.kwargs.get("transaction"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests, and any other test on a transactional database (`django_db(transaction=True)`: threads
    that need committed rows), run last: their database is flushed after each, reference tables included, which the
    module-scoped fixtures of the tests without a database (the survey frame) read."""
    items.sort(key=_flushes_the_database)
