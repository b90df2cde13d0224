import pytest


@pytest.fixture(autouse=True)
def imports_dir(settings, tmp_path):
    """Uploads and error reports go to the test's own directory, never var/."""
    settings.IMPORTS_DIR = tmp_path / "imports"
    return settings.IMPORTS_DIR
