"""Showing a service's ValidationError on a page: on the form's fields, or as one message line."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def form_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's error on a field the form has goes to that field; anything else to the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields and field != NON_FIELD_ERRORS else None, messages)


def error_text(error: ValidationError) -> str:
    """All of an error's messages on one line, for `messages.error`."""
    return "；".join(error.messages)
