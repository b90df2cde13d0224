"""The steps a test runs in processes of their own, against the database it shares with a `db_worker` it starts
(tests/jobs/test_worker_killed.py): `python -m tests.jobs.worker_scripts enqueue|report|rerun ...`, each printing
JSON. DATABASE_URL, IMPORTS_DIR and JIUYE_JOBS_DIR come from the environment the test gives."""

import json
import os
import sys
from pathlib import Path


def enqueue(csv_path: str) -> dict:
    """A Xiaodian caseworker uploads the file for import (no preview): the job is queued on the database queue."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jiuye.imports.storage import upload_save
    from jiuye.jobs.services import import_job_enqueue
    from tests.accounts.factories import UserFactory

    path = Path(csv_path)
    stored, _sha256 = upload_save(SimpleUploadedFile(path.name, path.read_bytes()))
    user = UserFactory(region="140105")
    job = import_job_enqueue(user=user, kind="unplaced_graduate", path=stored, file_name=path.name, dry_run=False)
    return {"job": job.pk, "status": job.status}


def report(job_id: str, csv_path: str) -> dict:
    """What the database holds of the file's people (by the keyed hash of their ID numbers) and of the job."""
    import csv

    from jiuye.imports.models import ImportRecord
    from jiuye.jobs.models import Job
    from jiuye.people.crypto import keyed_hash
    from jiuye.people.models import Person

    with open(csv_path, encoding="utf-8", newline="") as handle:
        hashes = [keyed_hash(row["公民身份号码"]) for row in csv.DictReader(handle)]
    people = Person.objects.filter(ric_hash__in=hashes)
    job = Job.objects.get(pk=job_id)
    return {
        "people": people.count(),
        "distinct_people": people.values("ric_hash").distinct().count(),
        "committed_imports": ImportRecord.objects.filter(dry_run=False).count(),
        "status": job.status,
        "summary": job.summary,
        "attempts": job.attempts,
    }


def rerun(job_id: str) -> dict:
    from jiuye.jobs.models import Job
    from jiuye.jobs.services import job_rerun

    job = job_rerun(job=Job.objects.get(pk=job_id))
    return {"job": job.pk, "status": job.status}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    command, *arguments = sys.argv[1:]
    print(json.dumps({"enqueue": enqueue, "report": report, "rerun": rerun}[command](*arguments)))
