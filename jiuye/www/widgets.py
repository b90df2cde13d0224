"""Form widgets shared by the pages."""

from django import forms

# `<input type="date">` takes only an ISO value (2026-11-30); Django's DateInput writes the active language's date
# format, which for zh-hans is 2026/11/30, so a browser shows such a field empty. Give every date field this one.
ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
