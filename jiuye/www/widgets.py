"""Form widgets shared by the pages."""

from django import forms


# `<input type="date">` takes only an ISO value (2026-11-30); Django's DateInput writes the active language's date
# format, which for zh-hans is 2026/11/30, so a browser shows such a field empty. Give every date field this one.
class IsoDateInput(forms.DateInput):
    """<input type="date"> with an ISO value (the browser shows it in the user's format)."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


ISO_DATE = IsoDateInput()
