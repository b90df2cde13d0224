"""gunicorn's configuration for production: `gunicorn -c deploy/gunicorn.conf.py` (deploy/jiuye-web.service).

Every value a deployment changes comes from the environment (deploy/jiuye.env.example):

- GUNICORN_BIND: where to listen, `127.0.0.1:8000` by default (nginx in front, deploy/nginx.conf.example); a unix
  socket as `unix:/run/jiuye/gunicorn.sock`.
- GUNICORN_WORKERS: worker processes, 2 × cores + 1 by default (gunicorn's own advice for synchronous workers).
- GUNICORN_FORWARDED_ALLOW_IPS: the proxies trusted to say the scheme (X-Forwarded-Proto), loopback by default.
- GUNICORN_ACCESS_LOG: the access log, `-` (standard output, the journal under systemd) by default; with
  LOG_FORMAT=json the application writes one JSON line per request itself (jiuye/core/request_log.py), so gunicorn's
  own line is off unless this is set.

Timeouts: an upload is only received and stored in the request (the import runs as a background task on the
worker, jiuye/jobs), so 60 s covers a 100 MB survey file on a slow link; anything longer is a stuck worker.

No query string in the access log: `%(U)s` is the path alone. A search address could carry a resident ID number
(`/api/people?q=...`, which the API refuses, but the address is logged before that); `%(r)s` (the request line) and
`%(q)s` would write it. The referer is left out for the same reason. A number in the path itself is masked by the
application's filter (config/log_filters.py), put on gunicorn's access logger below.
"""

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project, whatever directory gunicorn was started in

from config.log_filters import RicMaskedFilter  # noqa: E402


def default_workers() -> int:
    """2 × the cores this process may run on + 1."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 2 * cores + 1


wsgi_app = "config.wsgi:application"
chdir = str(ROOT)
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("GUNICORN_WORKERS") or default_workers())
timeout = 60
graceful_timeout = 30
keepalive = 5  # nginx keeps its upstream connections open a little; longer than its idle time would be wasted
# A worker is replaced after this many requests (with jitter, so that not all at once): pandas, numpy and numba hold
# on to memory after a big report.
max_requests = 1000
max_requests_jitter = 100
# The workers' heartbeat files on a memory file system: on a disk, a slow sync can make the master kill a healthy
# worker.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (gunicorn's documented advice)
# gunicorn's control socket lives under the user's home, which the service user does not have; nothing uses it.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

_json_logs = os.environ.get("LOG_FORMAT", "").strip().lower() == "json"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "" if _json_logs else "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Address, time, method, path (no query string), protocol, status, bytes, milliseconds, the request id.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'

logging.getLogger("gunicorn.access").addFilter(RicMaskedFilter())
