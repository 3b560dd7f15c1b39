"""What a paste must be to be stored: one check the admin form and the API both use.

PostgreSQL refuses NUL (``\\x00``) in text columns and a lone surrogate cannot be encoded at
all, so both would end as a 500 at save time; we say so to the editor instead. Other control
characters are stored as pasted (cleaning drops them), and a paste over ``MAX_CHARS`` is
refused here rather than failing later in the worker. The clipboard's HTML beside a paste
(``html_problem``) follows the same rules under its own limit, ``MAX_HTML_CHARS``; blank is no HTML.
"""
from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .conf import enrichment_settings as conf

_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def paste_problem(text: str) -> str:
    """The editor-facing reason ``text`` cannot be stored, or "" when it can."""
    if not isinstance(text, str):
        return _("The text must be a string.")
    if not text.strip():
        return _("The pasted text is empty.")
    if len(text) > conf.MAX_CHARS:
        return _("The text has %(length)s characters; the limit is %(limit)s. Paste a shorter text.") % {
            "length": _n(len(text)), "limit": _n(conf.MAX_CHARS)}
    if (at := text.find("\x00")) >= 0:
        return _("The text contains a NUL character (\\x00) at position %(at)s, which cannot be stored. "
                 "It usually comes from copying out of a PDF or a binary file; remove it and paste again.") % {
            "at": _n(at)}
    if match := _SURROGATE.search(text):
        return _("The text contains invalid Unicode (an unpaired surrogate) at position %(at)s. "
                 "Copy it again from the source, or save it as UTF-8 first.") % {"at": _n(match.start())}
    return ""


def html_problem(html) -> str:
    """Why the clipboard's HTML of a paste cannot be stored, or "" when it can ("" is no HTML)."""
    if not isinstance(html, str):
        return _("The HTML must be a string.")
    if len(html) > conf.MAX_HTML_CHARS:
        return _("The page's HTML has %(length)s characters; the limit is %(limit)s.") % {
            "length": _n(len(html)), "limit": _n(conf.MAX_HTML_CHARS)}
    if (at := html.find("\x00")) >= 0:
        return _("The HTML contains a NUL character (\\x00) at position %(at)s, which cannot be stored.") % {
            "at": _n(at)}
    if match := _SURROGATE.search(html):
        return _("The HTML contains invalid Unicode (an unpaired surrogate) at position %(at)s.") % {
            "at": _n(match.start())}
    return ""


def validate_paste(text: str) -> None:
    """A Django validator (model or form field): raises ValidationError with ``paste_problem``."""
    if problem := paste_problem(text):
        raise ValidationError(problem, code="invalid_paste")


def validate_title(text: str) -> None:
    """The headline goes into the content hash and the database: the same NUL/surrogate rule."""
    if text and ("\x00" in text or _SURROGATE.search(text)):
        raise ValidationError(_("The headline contains a NUL character or invalid Unicode."), code="invalid_title")
