import pytest

from jiuye.matching import tables


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The live matching tables are cached per process; each test starts from its own database."""
    tables.clear_cache()
    yield
    tables.clear_cache()
