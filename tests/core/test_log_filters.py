"""Resident ID numbers are masked in the log records the settings' handlers write (config/log_filters.py)."""

import io
import logging

import pytest

RIC = "140105199003070012"


@pytest.fixture
def written():
    """What the handlers of django.server and of the root logger (where django.request goes) write."""
    streams = {}
    handlers = [*logging.getLogger("django.server").handlers, *logging.getLogger().handlers]
    handlers = list(dict.fromkeys(handler for handler in handlers if type(handler) is logging.StreamHandler))
    assert len(handlers) == 2
    before = [handler.setStream(streams.setdefault(handler, io.StringIO())) for handler in handlers]
    yield lambda: "".join(stream.getvalue() for stream in streams.values())
    for handler, stream in zip(handlers, before, strict=True):
        handler.setStream(stream)


def test_request_lines_are_logged_with_id_numbers_masked(written):
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET /api/people?q={RIC}&old=140105900307001 HTTP/1.1", "422", "180"
    )
    logging.getLogger("django.request").warning("Not Found: %s", f"/people/{RIC}/")

    text = written()
    assert "GET /api/people?q=140105********0012&old=140105*****7001 HTTP/1.1" in text
    assert "Not Found: /people/140105********0012/" in text
    assert RIC not in text


def test_other_numbers_are_logged_as_they_are(written):
    logging.getLogger("django.server").info('"%s" %s %s', "GET /api/people?q=13912345678 HTTP/1.1", "200", "90")

    assert "q=13912345678 HTTP/1.1" in written()
