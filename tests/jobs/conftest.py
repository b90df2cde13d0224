import pytest
from django.test import override_settings

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def job_dirs(settings, tmp_path):
    """Uploads, error reports and progress files go to the test's own directory, never var/."""
    settings.IMPORTS_DIR = tmp_path / "imports"
    settings.JOBS_PROGRESS_DIR = tmp_path / "jobs"
    return settings


@pytest.fixture
def database_queue():
    """The database queue of the demo and of production on one machine, instead of the test settings' immediate
    backend: an enqueued task waits for a worker (`run_queue`)."""
    with override_settings(TASKS=DATABASE_QUEUE):
        yield
