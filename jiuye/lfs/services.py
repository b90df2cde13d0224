"""Writes of the labour force survey: importing a month of microdata, and computing and storing its estimates.

An import is one transaction: the month's rows are replaced whole (or not at all), its estimates recomputed, the
import record and the audit event written. A dry run reads and checks everything, counts exactly and writes only
the import record. The same file for the same month again changes nothing (compared by SHA-256); a different file
replaces the month, and the history stays in the import records and the audit log (each file's SHA-256, who, when,
what it did).
"""

import datetime
import logging
import re
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import polars as pl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import audit_record
from jiuye.core.db import values_insert
from jiuye.imports.bulk import frame_copy
from jiuye.imports.models import ImportRecord
from jiuye.imports.results import ImportResult
from jiuye.imports.services import errors_files_undone, errors_save, import_record_create
from jiuye.imports.storage import errors_path, file_sha256
from jiuye.lfs.imports import ANSWERS, KIND, MICRODATA_KIND, MicrodataFile, microdata_read
from jiuye.lfs.labour_status import MissingAnswerError
from jiuye.lfs.models import (
    PERIOD_PATTERN,
    DomainKind,
    MonthlyEstimate,
    PeriodStatus,
    Profile,
    SurveyPeriod,
    SurveyRecord,
)
from jiuye.lfs.rates import Microdata, survey_design, unemployment_rates
from jiuye.reference.enums import DataSource

logger = logging.getLogger(__name__)

BATCH = 5_000
# The domains stored each month; counties are left to `lfs_estimate --by county` and small-area estimation, since a
# county's monthly sample is far too thin to publish.
STORED_DOMAINS = (DomainKind.PROVINCE, DomainKind.CITY, DomainKind.SEX, DomainKind.AGE_GROUP)
RECORD_FIELDS = (
    "person_id", "household_id", "stratum", "psu", "weight", "region", "urban", "sex", "age", *ANSWERS,
    "searched_last_4_weeks",
)  # fmt: skip
IMPORT_KEYS = {"region": "region_code"}  # the file's column where it differs from the field


def survey_period_import(
    *,
    user: User,
    month: str,
    path: Path,
    file_name: str = "",
    dry_run: bool = True,
    preview: ImportRecord | None = None,
) -> tuple[ImportRecord, ImportResult]:
    """Import `path` as the microdata of `month` (YYYY-MM) for `user`. Counts: `created` rows of a new month,
    `updated` rows of a month replaced by a different file, `unchanged` rows of a month whose file was loaded
    already. Rejected rows go to the record's error report (`jiuye.imports.storage.errors_path(record.pk)`).
    `preview` is the dry run this import confirms, as the framework's imports record it."""
    if not MICRODATA_KIND.can_run(user):
        raise PermissionDenied(_("您没有导入劳动力调查微观数据的权限（限省级分析人员和管理员）。"))
    _month_check(month)
    started_at = timezone.now()
    read = microdata_read(path, user=user)
    result = read.result
    sha256 = file_sha256(path)
    if not result.failure and not read.count:
        result.failure = _("文件中没有可导入的有效记录")
    file_name = (file_name or path.name)[:255]
    # The errors file is written in the transaction of the rows and the record, and removed if it rolls back.
    with errors_files_undone() as report, transaction.atomic():
        if not result.failure:
            _period_import(user=user, month=month, read=read, sha256=sha256, file_name=file_name, dry_run=dry_run)
        record = _record_create(
            user, month, result, sha256=sha256, file_name=file_name, started_at=started_at, dry_run=dry_run,
            preview=preview,
        )  # fmt: skip
        errors_save(record, result, report)
    return record, result


def survey_period_check(*, month: str, path: Path) -> ImportResult:
    """What importing `path` as `month` would do, for a command-line check without a user: nothing is written, not
    even an import record, and no row is refused for being outside a user's region."""
    _month_check(month)
    read = microdata_read(path)
    if not read.result.failure and not read.count:
        read.result.failure = _("文件中没有可导入的有效记录")
    if not read.result.failure:
        _period_import(month=month, read=read, sha256=file_sha256(path), file_name=path.name, user=None, dry_run=True)
    return read.result


def _month_check(month: str) -> None:
    if not re.match(PERIOD_PATTERN, month or ""):
        raise ValidationError(_("调查月份应写成YYYY-MM，如2026-10"))


def _period_import(*, user: User | None, month: str, read: MicrodataFile, sha256: str, file_name: str, dry_run: bool):
    existing = SurveyPeriod.objects.filter(month=month).first()
    result = read.result
    if existing is not None and existing.sha256 == sha256:
        result.unchanged = existing.row_count
        return
    if existing is not None:
        result.updated = read.count
    else:
        result.created = read.count
    if not dry_run:
        survey_period_store(
            month=month,
            rows=read.frame.select(IMPORT_KEYS.get(name, name) for name in RECORD_FIELDS),
            sha256=sha256,
            file_name=file_name,
            imported_by=user,
            source=DataSource.IMPORT,
            microdata=read.microdata(),
        )


def survey_period_store(
    *,
    month: str,
    rows: list[tuple] | pl.DataFrame,
    sha256: str,
    file_name: str = "",
    imported_by: User | None = None,
    source: str = DataSource.IMPORT,
    microdata: Microdata | None = None,
) -> SurveyPeriod:
    """Replace the microdata of `month` with `rows` (tuples, or a polars frame's columns, in `RECORD_FIELDS` order,
    checked already) and compute its estimates, in the caller's transaction or one of its own. `microdata`, the
    same rows as arrays, saves reading them back, and lets the estimates be computed (numpy, in a thread of their
    own) while the rows are written (the database's work)."""
    _month_check(month)
    with transaction.atomic(), ThreadPoolExecutor(max_workers=1) as pool:
        period, created = SurveyPeriod.objects.get_or_create(
            month=month, defaults={"imported_at": timezone.now(), "sha256": sha256}
        )
        if not created:
            period.records.all().delete()
            period.estimates.all().delete()
        computing = pool.submit(estimates_make, period, microdata, timezone.now()) if microdata is not None else None
        _records_insert(period, rows)
        period.status, period.imported_by, period.imported_at = PeriodStatus.IMPORTED, imported_by, timezone.now()
        period.file_name, period.sha256, period.row_count, period.source = file_name, sha256, len(rows), source
        period.save()
        period_estimates_compute(period, microdata=microdata, computing=computing)
    return period


def _records_insert(period: SurveyPeriod, rows: list[tuple] | pl.DataFrame) -> None:
    """Rows inserted without model instances: `bulk_create` spends some 90 µs a row building and compiling
    instances, which for a month of a million rows would be most of the import's time. A frame goes by `COPY` on
    PostgreSQL, by `executemany` elsewhere (`jiuye.core.db.values_insert`)."""
    if not isinstance(rows, pl.DataFrame):
        values_insert(SurveyRecord, ["period", *RECORD_FIELDS], ((period.pk, *row) for row in rows), batch_size=BATCH)
    elif connection.vendor == "postgresql":
        frame_copy(SurveyRecord, ["period", *RECORD_FIELDS], rows.select(pl.lit(period.pk).alias("period"), pl.all()))
    else:
        framed = rows.select(pl.lit(period.pk).alias("period"), pl.all())
        for block in framed.iter_slices(BATCH * 20):
            values_insert(SurveyRecord, ["period", *RECORD_FIELDS], block.iter_rows(), batch_size=BATCH * 20)


def period_microdata(period: SurveyPeriod) -> Microdata:
    """All of a month's microdata as arrays, for the estimators; not scoped, so for computing published estimates,
    never for showing rows to a user."""
    rows = list(SurveyRecord.objects.filter(period=period).order_by("pk").values_list(*RECORD_FIELDS))
    columns = (
        dict(zip(RECORD_FIELDS, zip(*rows, strict=True), strict=True)) if rows else dict.fromkeys(RECORD_FIELDS, ())
    )
    four_weeks = np.array([np.nan if value is None else float(value) for value in columns["searched_last_4_weeks"]])
    answers = {key: np.array(columns[key], dtype=bool) for key in ANSWERS if key != "in_school"}
    answers["searched_last_4_weeks"] = four_weeks
    return Microdata(
        stratum=np.array(columns["stratum"], dtype=object),
        psu=np.array(columns["psu"], dtype=object),
        weight=np.array(columns["weight"], dtype=float),
        region=np.array(columns["region"], dtype=object),
        urban=np.array(columns["urban"], dtype=bool),
        sex=np.array(columns["sex"], dtype=int),
        age=np.array(columns["age"], dtype=int),
        in_school=np.array(columns["in_school"], dtype=bool),
        answers=answers,
    )


def period_estimates_compute(
    period: SurveyPeriod,
    *,
    microdata: Microdata | None = None,
    computed_at: datetime.datetime | None = None,
    computing: Future | None = None,
) -> list[MonthlyEstimate]:
    """Compute and store the month's rates for the province, each city, each sex and each age group, under both
    profiles, replacing what was stored. A profile the data cannot serve (ILO without the 4-week search question)
    is skipped and logged. `microdata` saves reading back rows the caller has in hand (the demo); `computing`, the
    estimates being computed already (`estimates_make` in a thread), saves computing them again."""
    if computing is not None:
        estimates = computing.result()
    else:
        data = microdata if microdata is not None else period_microdata(period)
        estimates = estimates_make(period, data, computed_at or timezone.now())
    with transaction.atomic():
        MonthlyEstimate.objects.filter(period=period).delete()
        MonthlyEstimate.objects.bulk_create(estimates, batch_size=BATCH)
        period.status = PeriodStatus.ESTIMATED
        period.save(update_fields=["status"])
    return estimates


def estimates_make(period: SurveyPeriod, data: Microdata, computed_at: datetime.datetime) -> list[MonthlyEstimate]:
    """The month's estimates, unsaved: numpy only, no query, so that it may run beside the rows' insert."""
    design = survey_design(data) if len(data) else None  # the same design for every profile and kind of domain
    estimates = []
    for profile in Profile.values:
        try:
            estimates.extend(_profile_estimates(period, data, profile, computed_at, design))
        except MissingAnswerError as error:
            logger.info("%s: %s profile skipped: %s", period.month, profile, error)
    return estimates


def _profile_estimates(period, data: Microdata, profile: str, computed_at, design) -> list[MonthlyEstimate]:
    estimates = []
    for kind in STORED_DOMAINS:
        rates = unemployment_rates(
            data, by=kind, profile=profile, max_reliable_cv=settings.LFS_MAX_RELIABLE_CV, design=design
        )
        for rate in rates:
            estimates.append(
                MonthlyEstimate(
                    period=period, domain_kind=kind, domain_code=rate.domain, profile=profile, rate=rate.rate,
                    se=rate.se, ci_low=rate.ci_low, ci_high=rate.ci_high, cv=rate.cv, n=rate.n,
                    reliable=rate.reliable, computed_at=computed_at,
                )
            )  # fmt: skip
    return estimates


def _record_create(user, month, result: ImportResult, *, sha256, file_name, started_at, dry_run, preview):
    return import_record_create(
        user=user, kind=MICRODATA_KIND, file_name=file_name, sha256=sha256, started_at=started_at,
        dry_run=dry_run, result=result, preview=preview, details={"month": month},
    )  # fmt: skip


def survey_errors_export(*, user: User, record: ImportRecord) -> Path:
    """The error report of a microdata import, for a user who may import microdata; the download is audited."""
    path = errors_path(record.pk)
    if record.kind != KIND or not MICRODATA_KIND.can_run(user) or not record.rejected or not path.exists():
        raise PermissionDenied(_("该导入记录不存在或您无权查看。"))
    audit_record(
        user=user,
        action=AuditAction.EXPORT,
        target=record,
        region_code=record.region_code,
        summary=_("下载调查微观数据导入错误明细：%(file)s") % {"file": record.file_name},
    )
    return path
