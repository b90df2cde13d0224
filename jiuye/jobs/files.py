"""Where the files that exports and reports run as jobs leave are kept: under JOBS_FILES_DIR (default
`<JOBS_PROGRESS_DIR>/files`, i.e. var/jobs/files/), outside the database, one directory per job:
`<job id>/<file name>`. A register's export holds names and (masked or, with a stated purpose, whole) resident ID
numbers, so a file is served only through `jiuye.www.jobs.job_download`, to those `jiuye.jobs.perms` lets download
it, and each download is audited. With RQ workers on other machines the directory must be shared with the web
servers (as IMPORTS_DIR already must be). A file is kept JOBS_FILES_KEEP_DAYS days (default 7) after its job ended:
each new file's job removes those past it (`jiuye.jobs.services.job_files_expire`), so that exported personal data
does not pile up on the server.
"""

from pathlib import Path

from django.conf import settings

from jiuye.jobs.progress import progress_dir

DEFAULT_KEEP_DAYS = 7


def job_files_keep_days() -> int:
    return int(getattr(settings, "JOBS_FILES_KEEP_DAYS", DEFAULT_KEEP_DAYS))


def job_files_dir() -> Path:
    return Path(getattr(settings, "JOBS_FILES_DIR", "") or progress_dir() / "files")


def job_file_save(job_id: int, file_name: str, content: bytes) -> str:
    """Store a job's file; returns its place relative to JOBS_FILES_DIR, which the job's row keeps. The name is the
    one the download will carry (a region's and a list's name in Chinese), stripped of any directory."""
    relative = Path(str(job_id)) / Path(file_name).name
    path = job_files_dir() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return str(relative)


def job_file_path(relative: str) -> Path:
    return job_files_dir() / relative


def job_file_delete(relative: str) -> None:
    path = job_file_path(relative)
    path.unlink(missing_ok=True)
    if path.parent != job_files_dir() and path.parent.is_dir() and not any(path.parent.iterdir()):
        path.parent.rmdir()
