"""The deployment files in deploy/ say what the application is: gunicorn's configuration loads and logs no query
string, each systemd unit starts a program or a manage.py command that exists, the environment sample lists every
variable the settings read, and nginx's sample logs no query string and takes the largest upload."""

import configparser
import importlib.util
import re
import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands

from jiuye.www import imports, statistics

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
QUERY_ATOMS = ("%(r)s", "%(q)s", "%(f)s")  # the request line, the query string, the referer


def gunicorn_config(monkeypatch, **environment: str):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gunicorn_conf", DEPLOY / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gunicorn_config_loads_and_logs_no_query_string(monkeypatch):
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    config = gunicorn_config(monkeypatch, GUNICORN_BIND="unix:/run/jiuye/gunicorn.sock", LOG_FORMAT="plain")

    assert config.wsgi_app == "config.wsgi:application"
    assert config.bind == ["unix:/run/jiuye/gunicorn.sock"]
    assert config.workers == config.default_workers() >= 3
    assert config.timeout == 60
    assert "%(U)s" in config.access_log_format
    assert not [atom for atom in QUERY_ATOMS if atom in config.access_log_format]
    assert config.accesslog == "-"


def test_gunicorn_config_takes_workers_and_proxies_from_the_environment(monkeypatch):
    config = gunicorn_config(
        monkeypatch, GUNICORN_WORKERS="4", GUNICORN_FORWARDED_ALLOW_IPS="10.0.0.5", LOG_FORMAT="json"
    )

    assert (config.workers, config.forwarded_allow_ips) == (4, "10.0.0.5")
    assert config.accesslog is None  # the application's JSON line per request says it already


def test_gunicorn_knows_every_setting_of_the_config(monkeypatch):
    """A misspelt setting would be silently ignored by gunicorn."""
    from gunicorn.config import KNOWN_SETTINGS

    config = gunicorn_config(monkeypatch)
    known = {setting.name for setting in KNOWN_SETTINGS}
    settings = {name for name, value in vars(config).items() if name.islower() and not name.startswith("_")}
    helpers = {"default_workers", "logging", "os", "sys", "ROOT", "Path", "RicMaskedFilter"}
    assert settings - helpers - known == set()


def units() -> dict[str, configparser.ConfigParser]:
    parsed = {}
    for path in sorted((DEPLOY / "systemd").iterdir()):
        unit = configparser.ConfigParser(strict=False, interpolation=None)
        unit.optionxform = str  # systemd's keys are case-sensitive
        unit.read(path)
        parsed[path.name] = unit
    return parsed


def test_each_service_starts_gunicorn_with_the_config_or_a_manage_py_command_that_exists():
    commands = get_commands()
    started = {}
    for name, unit in units().items():
        if not name.endswith(".service"):
            continue
        argv = shlex.split(unit["Service"]["ExecStart"])
        assert unit["Service"]["WorkingDirectory"] == "/srv/jiuye", name
        assert unit["Service"]["EnvironmentFile"] == "/etc/jiuye/jiuye.env", name
        if "manage.py" in argv:
            command = argv[argv.index("manage.py") + 1]
            assert command in commands, f"{name}: no manage.py command {command}"
            started[name] = command
        else:
            assert Path(argv[0]).name == "gunicorn", name
            assert (ROOT / argv[argv.index("--config") + 1]).is_file(), name
            started[name] = "gunicorn"
    assert started == {
        "jiuye-backup.service": "backup",
        "jiuye-scheduler.service": "schedule_run",
        "jiuye-web.service": "gunicorn",
        "jiuye-worker.service": "db_worker",
    }


def test_the_backup_timer_starts_the_backup_service():
    timer = units()["jiuye-backup.timer"]["Timer"]
    assert timer["Unit"] in units()
    assert timer["OnCalendar"]


def environment_sample() -> set[str]:
    text = (DEPLOY / "jiuye.env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_the_environment_sample_lists_every_variable_the_settings_and_gunicorn_read():
    sources = [*(ROOT / "config" / "settings").glob("*.py"), DEPLOY / "gunicorn.conf.py"]
    read = set()
    for source in sources:
        text = source.read_text()
        read |= set(re.findall(r"""(?:os\.environ(?:\.get)?[\[(]|env_(?:bool|list)\()"([A-Z][A-Z0-9_]+)""", text))
    schedule = {f"JIUYE_SCHEDULE_{job}" for job in ("VACANCIES_EXPIRE", "SEEKERS_EXPIRE", "MATCH_RUN")}
    schedule.add("JIUYE_SCHEDULE_MONITORING_WARNINGS")
    test_only = {"JIUYE_TEST_TASKS"}

    assert {"SECRET_KEY", "PII_ENCRYPTION_KEYS", "PII_HASH_KEY", "DATABASE_URL", "LOG_FORMAT"} <= read
    assert (read | schedule) - test_only - environment_sample() == set()
    assert "DJANGO_SETTINGS_MODULE" in environment_sample()


@pytest.fixture(scope="module")
def nginx() -> str:
    return (DEPLOY / "nginx.conf.example").read_text()


def test_nginx_logs_the_path_without_its_query_string(nginx):
    (log_format,) = re.findall(r"log_format\s+jiuye\s+(.*?);", nginx, flags=re.DOTALL)
    assert "$uri" in log_format
    for variable in ("$request ", '$request"', "$request_uri", "$args", "$query_string", "$http_referer"):
        assert variable not in log_format
    assert re.findall(r"access_log\s+\S+\s+(\S+);", nginx) == ["jiuye", "jiuye"]  # both servers, that format


def test_nginx_redirects_to_https_sends_hsts_and_the_proxy_headers(nginx):
    assert "return 301 https://$host$request_uri;" in nginx
    assert 'add_header Strict-Transport-Security "max-age=31536000' in nginx
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert "proxy_set_header X-Request-ID $request_id;" in nginx


def test_nginx_takes_the_largest_upload_the_application_takes(nginx):
    (megabytes,) = re.findall(r"client_max_body_size (\d+)m;", nginx)
    largest = max(imports.MAX_UPLOAD_BYTES, statistics.MAX_UPLOAD_BYTES)
    assert largest < int(megabytes) * 1024 * 1024 <= largest + 2 * 1024 * 1024
