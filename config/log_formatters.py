"""JSON lines for the logs (LOG_FORMAT=json): one object a line, for a log collector (journald to Loki, Filebeat...).

Keys: `time` (ISO 8601 with the offset), `level`, `logger`, `message`, `request_id` while a request is served
(jiuye/core/request_log.py), `exception` with the traceback, and the request line's own fields when given
(`user_id`, `method`, `path`, `status`, `duration_ms`). Only those: other `extra` values a library passes are left
out, since Django's `django.request` passes the request itself, whose text holds the query string.

The whole line goes through the same masking of resident ID numbers as the handlers' filter (config/log_filters.py),
which masks only the message: a number in a path or a traceback is masked too.
"""

import datetime
import json
import logging

from jiuye.core.request_log import current_request_id
from jiuye.people.ric import mask_rics_in_text

EXTRA_FIELDS = ("user_id", "method", "path", "status", "duration_ms")


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id:
            line["request_id"] = request_id
        line.update({name: getattr(record, name) for name in EXTRA_FIELDS if hasattr(record, name)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return mask_rics_in_text(json.dumps(line, ensure_ascii=False, default=str))
