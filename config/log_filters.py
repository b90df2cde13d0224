"""Logging filters of the settings' LOGGING.

`RicMaskedFilter` masks resident ID numbers in log records: the development server's request lines
(`"GET /api/people?q=140105199003070012 HTTP/1.1" 422 180`, logger django.server) and Django's request warnings
(django.request, `Not Found: /...`), should a client put a number in a URL despite the API's refusal (`GET /api/people`
answers 422 and points to `POST /api/people/search`). A log is kept longer and read by more people than the
database's encrypted numbers. The web server's or a proxy's own access log is theirs to configure.
"""

import logging

from jiuye.people.ric import mask_rics_in_text


class RicMaskedFilter(logging.Filter):
    """The record's message with every ID-like number masked (`140105********0012`); the record always passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_rics_in_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
