"""Settings read from the environment.

Every value a deployment changes comes from an environment variable, with a default that is safe for the demo on
127.0.0.1: DATABASE_URL (SQLite under var/ by default), SECRET_KEY (generated once into var/ when unset), DEBUG
(off), ALLOWED_HOSTS (loopback only).
"""

import base64
import os
import secrets
from collections.abc import Callable
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("JIUYE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_or_create_secret_key(path: Path, make: Callable[[], str] = lambda: secrets.token_urlsafe(50)) -> str:
    """A demo without a configured key still gets a random one, kept in var/ so it survives restarts."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = make()
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = os.environ.get("SECRET_KEY") or read_or_create_secret_key(VAR_DIR / "secret_key")

# Keys protecting resident ID numbers (jiuye/people/crypto.py). PII_ENCRYPTION_KEYS: comma-separated Fernet keys, the
# first encrypts and all decrypt (rotation); PII_HASH_KEY: the key of the look-up hash, which must never change once
# data is stored. The demo keeps generated keys in var/; production must set both.
PII_ENCRYPTION_KEYS = env_list("PII_ENCRYPTION_KEYS", "") or [
    read_or_create_secret_key(
        VAR_DIR / "pii_encryption_key", lambda: base64.urlsafe_b64encode(os.urandom(32)).decode()
    )
]
PII_HASH_KEY = os.environ.get("PII_HASH_KEY") or read_or_create_secret_key(VAR_DIR / "pii_hash_key")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The proxies whose X-Real-IP header gives the client's address: `127.0.0.1,::1` with nginx on the same machine.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "jiuye.reference",
    "jiuye.accounts",
    "jiuye.people",
    "jiuye.employers",
    "jiuye.seekers",
    "jiuye.audit",
    "jiuye.imports",
    "jiuye.lfs",
    "jiuye.monitoring",
    "jiuye.matching",
    "jiuye.plans",
    "jiuye.jobs",
    "jiuye.demo",
    "jiuye.schedule",
    "jiuye.second_factor",
    "jiuye.www",
    "jiuye.core",  # no models: its commands (backup, restore)
]

MIDDLEWARE = [
    # First: the request's id and its one log line, timed over everything below (jiuye/core/request_log.py).
    "jiuye.core.request_log.RequestLogMiddleware",
    # Behind nginx, the client's address from X-Real-IP for the audit log and django-axes (jiuye/core/proxy.py).
    "jiuye.core.proxy.RealClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked `login_not_required`: the login page, /healthz, the admin's
    # own login, and the API (config/urls.py `public`), which authenticates each request itself. Static files are
    # served by WhiteNoise before this. Django's, but an htmx request is sent to the login page as a whole page.
    "jiuye.www.middleware.LoginRequiredMiddleware",
    # The second factor (动态口令, jiuye/second_factor/perms.py): `user.is_verified()`, and no page for a user who must
    # confirm a code until they have.
    "django_otp.middleware.OTPMiddleware",
    "jiuye.www.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After messages and htmx: an enterprise's reporter account opening an officers' page goes to its portal.
    "jiuye.www.middleware.ReporterPortalMiddleware",
    "jiuye.audit.context.AuditOriginMiddleware",
    # Last, as django-axes requires: it turns a lockout into the throttled-login page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jiuye.www.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jiuye.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so that a locked-out username is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "www:login"
LOGIN_REDIRECT_URL = "www:home"
LOGOUT_REDIRECT_URL = "www:login"
# A refused CSRF check shows the Chinese error page (the other error pages are the handlers in config/urls.py).
CSRF_FAILURE_VIEW = "jiuye.www.error_pages.csrf_failure"

# Failed logins are throttled per username and address: after AXES_FAILURE_LIMIT failures the pair is locked for
# AXES_COOLOFF_MINUTES. Numbers follow the usual guidance for government systems (等保 2.0: lock after a few failures).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "www/lockout.html"
AXES_RESET_ON_SUCCESS = True
# The second factor's wrong codes: after n in a row the next try waits 2^(n-1) seconds (django-otp's default, stated
# so that it is not switched off unnoticed). The issuer is the name the phone's authenticator app shows.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_TOTP_ISSUER = "山西省就业服务平台"

# Content-Security-Policy on every response: scripts, fetches, frames, forms and images from the site itself only, no
# inline script or handler (the pages' scripts are files under static/; data for them is in <script
# type="application/json"> blocks, which are not run). Styles may be inline: ECharts' tooltips and htmx's indicator
# write style attributes and elements.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES")
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
# Production collects static files to STATIC_ROOT and serves them with WhiteNoise; the demo serves from the finders.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or None
# Vendored front-end assets (ECharts, htmx, map shapes) are produced by `make assets` from npm, never committed.
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve files straight from the finders, so the demo needs no collectstatic step and DEBUG can stay off.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=True)

# Resident ID numbers are masked in every record the handlers write (config/log_filters.py): a request line holding
# one (`GET /api/people?q=...`) goes to the log as `q=140105********0012`. django.server keeps Django's own handler
# and format (the development server's request lines), with the filter. LOG_FORMAT=json writes JSON lines instead
# (config/log_formatters.py), with one line per request (logger jiuye.request: id, user id, method, path without
# the query string, status, milliseconds); in plain text the web server's access log says the same.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"ric_masked": {"()": "config.log_filters.RicMaskedFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.log_formatters.JsonLinesFormatter"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["ric_masked"],
        },
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["ric_masked"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "jiuye.request": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# Paging of HTML lists.
PAGE_SIZE = 50

# Labour force survey: an estimate whose coefficient of variation exceeds this is flagged unreliable (shown greyed).
LFS_MAX_RELIABLE_CV = 0.30

# Backups (`manage.py backup`, jiuye/core/backup.py): a file named by the time is written here unless a path is given.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR") or VAR_DIR / "backups")

# Uploaded import files and their error reports hold resident ID numbers as typed: kept outside the database, out of
# any web-served folder.
IMPORTS_DIR = Path(os.environ.get("IMPORTS_DIR") or VAR_DIR / "imports")

# Monitored enterprises: a month's report is due by this day of the following month (2026-10 by 2026-11-10).
MONITORING_REPORT_DEADLINE_DAY = 10

# Matching (人岗匹配): overrides of jiuye/matching/data/matching.json, e.g. {"weights": {"location": 0.3}}.
MATCHING = {}


# Long work out of the web request (django.tasks). The database is the queue by default, so SQLite on one machine
# needs nothing more: `manage.py db_worker` runs the tasks (`make demo` starts one beside the server). With
# JIUYE_TASKS_REDIS_URL set, the same tasks go to Redis and RQ workers (`manage.py rqworker default`) run them on as
# many machines as needed.
TASKS_REDIS_URL = os.environ.get("JIUYE_TASKS_REDIS_URL", "")
if TASKS_REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": TASKS_REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    INSTALLED_APPS.append("django_rq")
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Scheduled jobs (jiuye/schedule; `manage.py schedule_run` enqueues them, the tasks' worker runs them): the local
# time (Asia/Shanghai, HH:MM) each runs. The three daily jobs run every night, matching after both expiries so that
# it ranks only what is still open; the monthly warnings run on the day after MONITORING_REPORT_DEADLINE_DAY (the
# 11th), when the month's reports are in. Each time is overridable from the environment
# (JIUYE_SCHEDULE_MATCH_RUN=03:30); an empty value switches the job off.
JIUYE_SCHEDULE = {
    job: os.environ.get(f"JIUYE_SCHEDULE_{job.upper()}", default)
    for job, default in {
        "vacancies_expire": "01:00",
        "seekers_expire": "01:10",
        "match_run": "01:30",
        "monitoring_warnings": "03:00",
    }.items()
}

# Jobs (jiuye/jobs): the long work users start from a page. Its live progress is kept beside the database
# (jiuye/jobs/progress.py says why): a JSON file a job here, or Redis when the tasks run on RQ workers, which may be
# on other machines. A job running with no progress for JOBS_STALE_SECONDS lost its worker and may be run again.
JOBS_PROGRESS_DIR = Path(os.environ.get("JIUYE_JOBS_DIR") or VAR_DIR / "jobs")
JOBS_PROGRESS_REDIS_URL = TASKS_REDIS_URL
JOBS_STALE_SECONDS = int(os.environ.get("JOBS_STALE_SECONDS", "600"))
# SQLite in write-ahead-log mode: while a worker's import holds its transaction open (a minute for a big file), the
# pages (and their progress polls) still read the database. In the default rollback-journal mode, once the import's
# changes outgrow SQLite's page cache the file is locked exclusively until the commit and every reader waits.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # synchronous=NORMAL is safe in WAL mode (a power cut may lose the last commits, never corrupt the file) and
    # spares a sync at every commit; the 64 MB page cache (2 MB by default) holds the indexes a 100,000-row register
    # import writes into, which otherwise went to the operating system for pages: a third of writing the people.
    sqlite_options = DATABASES["default"].setdefault("OPTIONS", {})
    sqlite_options.setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
    )
    # One writer at a time: while an import holds the write lock (a 20,000-row upload, some seconds), another user's
    # write waits for it up to `timeout` seconds instead of failing at once with "database is locked" (issue 15).
    # IMMEDIATE takes the write lock when a transaction begins: a deferred transaction that read first (most services
    # read, then write) cannot wait for the lock, since after the import commits its snapshot is stale, and fails.
    sqlite_options.setdefault("timeout", int(os.environ.get("SQLITE_TIMEOUT", "20")))
    sqlite_options.setdefault("transaction_mode", "IMMEDIATE")
# An import that wrote at least this many rows has its tables analysed (PostgreSQL's ANALYZE, `ImportKind.tables`) as
# it ends, so that the next look-ups plan on the tables as they now are, not as they were before the import.
IMPORTS_ANALYZE_ROWS = int(os.environ.get("IMPORTS_ANALYZE_ROWS", "1000"))
