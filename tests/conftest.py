import pytest

from jiuye.plans.services import indicators_load
from jiuye.reference.services import reference_load
from tests.accounts.factories import UserFactory


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
