"""What the monitoring pages share: the period parameter and putting a service's errors on a form."""

import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.utils import timezone

from jiuye.monitoring import qc

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
LIST_LIMIT = 200


def latest_period() -> str:
    """The month before this one: the month being reported."""
    return qc.previous_period(timezone.localdate().strftime("%Y-%m"))


def period_param(request: HttpRequest) -> str:
    """`?period=YYYY-MM`, or the month being reported."""
    period = request.GET.get("period", "")
    return period if PERIOD.match(period) else latest_period()


def form_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError on the form: by field where it names one of the form's fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields and field != NON_FIELD_ERRORS else None, messages_)


def error_text(error: ValidationError) -> str:
    return "；".join(error.messages)
