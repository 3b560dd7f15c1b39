"""The admin's paste capture: a hidden field beside the article's text where
``static/enrichment/paste_capture.js`` keeps the clipboard's ``text/html`` of a paste, verbatim.

Added to the host's own ModelAdmin form by ``EnrichmentAdminMixin.get_form``: the host's
article model is not changed. Without JavaScript the field stays empty and nothing changes.

The script posts the HTML as a JSON string: a form submission turns every line break into CRLF,
and the HTML is kept exactly as the clipboard gave it.
"""
from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext, gettext_lazy

from .conf import enrichment_settings as conf
from .validators import html_problem

PASTED_HTML_FIELD = "enrichment_pasted_html"  # namespaced: never a host's own field name


class PasteCaptureFormMixin:
    """Adds the hidden ``PASTED_HTML_FIELD`` to a form that edits the article's text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if conf.TEXT_FIELD in self.fields:  # not on a read-only (view permission) form
            self.fields[PASTED_HTML_FIELD] = pasted_html_field(self[conf.TEXT_FIELD].auto_id)

    def clean(self):
        cleaned = super().clean()
        html, problem = decode(cleaned.get(PASTED_HTML_FIELD) or "")
        cleaned[PASTED_HTML_FIELD] = html
        if problem := problem or html_problem(html):
            # Said beside the text; the HTML is dropped from the re-shown form, so saving again
            # stores the text (still in its field) without it.
            self.add_error(conf.TEXT_FIELD, f"{problem} It was not kept: save again to store the text without "
                                            "it, or copy a smaller part of the page.")
            self.data = self.data.copy()
            self.data[self.add_prefix(PASTED_HTML_FIELD)] = ""
            cleaned[PASTED_HTML_FIELD] = ""
        return cleaned


def decode(value: str) -> tuple[str, str]:
    """(the HTML, "") from the field's JSON string; ("", why) when it is not one."""
    if not value:
        return "", ""
    try:  # a string literal only: no nesting to recurse into
        html = json.loads(value) if value.startswith('"') else None
    except ValueError:
        html = None
    return (html, "") if isinstance(html, str) else ("", gettext("The page's HTML from the clipboard could not be read."))


def pasted_html_field(text_id: str) -> forms.CharField:
    field = forms.CharField(
        required=False, strip=False, label=gettext_lazy("Clipboard HTML"),
        widget=forms.HiddenInput(attrs={"data-enrichment-paste-for": text_id or "",
                                        "data-max-chars": conf.MAX_HTML_CHARS}),
    )
    field.validators = []  # NUL and the rest: html_problem, with a message beside the text
    return field
