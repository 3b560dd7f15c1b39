"""The article change form's guard: a save never overwrites a change someone else (the API, the
sidebar, another editor) made since the form was opened, and line endings alone never change
the stored paste.

The form carries, hidden, a digest of each field's value as it was loaded. On save, a field
whose stored value has changed since, and that the form would set to something else, refuses
the whole save with a form error: the editor's input stays in the form, nothing is written.
"""
from __future__ import annotations

import hashlib
import json

from django import forms
from django.utils.translation import gettext as _

from .conf import enrichment_settings as conf

VERSION_FIELD = "enrichment_loaded"  # the hidden input's name (change_form.html)


def digest(value) -> str:
    return hashlib.sha256(str(value).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def guarded_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def loaded_version(instance) -> str:
    """What the change page puts in the hidden input: each guarded field's digest."""
    return json.dumps({name: digest(getattr(instance, name)) for name in guarded_fields(type(instance))})


def same_lines(a: str, b: str) -> bool:
    """Equal but for CRLF versus LF: browsers send every textarea with CRLF (HTML spec)."""
    return a.replace("\r\n", "\n") == b.replace("\r\n", "\n")


class ArticleFormGuard(forms.ModelForm):
    """Mixed into the host's change form by ``EnrichmentAdminMixin.get_form``."""

    def clean(self):
        data = super().clean()
        stored = {}
        if self.instance.pk is not None:  # the admin's save runs in a transaction: locked until it ends
            stored = type(self.instance)._default_manager.select_for_update().filter(pk=self.instance.pk).values(
                *guarded_fields(type(self.instance))).first() or {}
        self._keep_line_endings(data, stored)
        self._refuse_stale(data, stored)
        return data

    def _keep_line_endings(self, data: dict, stored: dict) -> None:
        """A textarea sent back with other line endings is the stored text: keep it byte for byte
        (its hash, hence its enrichment, stays), and store new text with LF."""
        for name in (conf.TEXT_FIELD, conf.BODY_FIELD):
            value = data.get(name)
            if not isinstance(value, str):
                continue
            if isinstance(stored.get(name), str) and same_lines(value, stored[name]):
                data[name] = stored[name]
            else:
                data[name] = value.replace("\r\n", "\n")

    def _refuse_stale(self, data: dict, stored: dict) -> None:
        try:
            loaded = json.loads(self.data.get(VERSION_FIELD) or "{}")
        except ValueError:
            loaded = {}
        if not isinstance(loaded, dict):
            return
        changed = [name for name in self.fields if name in loaded and name in stored and name in data
                   and digest(stored[name]) != loaded[name] and digest(data[name]) != digest(stored[name])]
        if changed:
            labels = ", ".join(str(self.fields[name].label or name) for name in changed)
            raise forms.ValidationError(
                _("This article was changed by someone else while you edited it (%(fields)s). Nothing was saved: "
                  "copy your changes, reload the page, and make them again."), code="stale", params={"fields": labels})
