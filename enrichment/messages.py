"""Warnings and errors in the reader's language.

The pipeline and the workers store them as codes with parameters (``Notice.as_dict()``:
``{"code", "params", "text"}``) beside the English text, since a worker has no reader and no
language. They are rendered here, with gettext, when a person reads them: the sidebar, the API,
the admin. A plain string (a result stored before codes existed) or an unknown code reads as
its stored English text.
"""
from __future__ import annotations

from typing import Any, Mapping

from django.utils.formats import number_format
from django.utils.translation import get_language_info, gettext, gettext_lazy as _, ngettext


def _number(value: Any) -> str:
    return number_format(value, force_grouping=True) if isinstance(value, (int, float)) else str(value)


def _language(code: str) -> str:
    """The language's name in the reader's language ("suédois"), else its code."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _ner_skipped(p: Mapping[str, Any]) -> str:
    names = {"name": _language(p.get("language", "")), "language": p.get("language", ""),
             "model_name": _language(p.get("model_language", "")), "model_language": p.get("model_language", "")}
    if p.get("confidence") is None:
        head = gettext("Entities were not looked for: the text looks %(name)s (%(language)s) and the configured "
                       "spaCy model reads %(model_name)s (%(model_language)s).") % names
    else:
        head = gettext("Entities were not looked for: the text looks %(name)s (%(language)s, confidence "
                       "%(confidence)s) and the configured spaCy model reads %(model_name)s (%(model_language)s).") % {
            **names, "confidence": number_format(p["confidence"], decimal_pos=2)}
    return head + " " + gettext(
        "The cleaning ran as usual. Install a %(name)s model and set ENRICHMENT['SPACY_MODEL'] to find entities "
        "in such texts (README, \"Other languages\").") % names


def _site_pattern_timeout(p: Mapping[str, Any]) -> str:
    lines = int(p.get("lines", 0))
    params = {"pattern": repr(p.get("pattern", "")), "ms": _number(p.get("ms", "")), "lines": _number(lines)}
    if p.get("gave_up"):
        text = ngettext(
            "The site boilerplate pattern %(pattern)s took longer than %(ms)s ms on %(lines)s line and was left "
            "out for the rest of the paste; that line was kept. Rewrite it so it cannot backtrack.",
            "The site boilerplate pattern %(pattern)s took longer than %(ms)s ms on %(lines)s lines and was left "
            "out for the rest of the paste; those lines were kept. Rewrite it so it cannot backtrack.", lines)
    else:
        text = ngettext(
            "The site boilerplate pattern %(pattern)s took longer than %(ms)s ms on %(lines)s line; that line "
            "was kept. Rewrite it so it cannot backtrack.",
            "The site boilerplate pattern %(pattern)s took longer than %(ms)s ms on %(lines)s lines; those lines "
            "were kept. Rewrite it so it cannot backtrack.", lines)
    return text % params


# code -> a template with %(name)s placeholders (params formatted as numbers), or a function
# of the params for the messages whose wording depends on them.
TEMPLATES: dict[str, Any] = {
    # warnings of a result
    "ner_skipped": _ner_skipped,
    "site_pattern_timeout": _site_pattern_timeout,
    # why a paste could not be enriched (enrichment.pipeline.types.InputError)
    "not_a_string": _("The text must be a string."),
    "empty_text": _("The text is empty."),
    "text_too_long": _("The text has %(length)s characters; the limit is %(limit)s."),
    "no_visible_text": _("The text has no visible characters."),
    # why a job failed (enrichment.jobs, enrichment.tasks)
    "gave_up": _("Enrichment of this text was started %(attempts)s times and never finished: its worker was "
                 "killed, ran out of memory or went over the time limit. It is not tried again; shorten the "
                 "paste and save it, or save it again once the workers are fixed."),
    "database_unreachable": _("The database was unreachable after %(retries)s retries (%(error)s). Once the "
                              "database is back, save the article again or run `manage.py enrichment_requeue "
                              "--failed`."),
    "time_limit": _("Enrichment took longer than %(seconds)s s and was stopped. The paste may be too long; "
                    "shorten it or raise ENRICHMENT['SOFT_TIME_LIMIT']."),
    "crashed": _("Enrichment failed with an unexpected error: %(error)s"),
}


def render(item: Any) -> str:
    """A stored warning or error in the active language: a Notice dict by its code, a plain
    string (stored before codes) as it is; an unknown code or bad params fall back to its text."""
    if not isinstance(item, Mapping):
        return str(item)
    template, params = TEMPLATES.get(item.get("code", "")), item.get("params") or {}
    try:
        if callable(template):
            return template(params)
        if template is not None:
            return str(template) % {k: _number(v) for k, v in params.items()}
    except (KeyError, TypeError, ValueError):
        pass
    return str(item.get("text", ""))


def render_all(items) -> list[str]:
    return [render(item) for item in items or ()]


def render_error(error: str, notice: Mapping[str, Any] | None) -> str:
    """A job's error: its notice in the reader's language when the notice is the one the error
    was written with (same English text), else the English text as stored."""
    if notice and notice.get("code") and str(notice.get("text", ""))[:len(error)] == error and error:
        return render(notice)
    return error


# The labels of enrichment.decisions.ENTITY_TYPES (the pure layer has no gettext), same keys
# and order: tests/enrichment/test_messages.py keeps the two in step.
ENTITY_TYPE_LABELS = {
    "PERSON": _("People"), "ORG": _("Organisations"), "GPE": _("Places"), "LOC": _("Places (geographic)"),
    "NORP": _("Nationalities and groups"), "EVENT": _("Events"), "FAC": _("Buildings and facilities"),
    "PRODUCT": _("Products"), "WORK_OF_ART": _("Works"), "LAW": _("Laws"), "LANGUAGE": _("Languages"),
}


def entity_type_choices() -> list[tuple[str, str]]:
    """(code, label in the reader's language) for the sidebar's type pickers."""
    return [(code, str(label)) for code, label in ENTITY_TYPE_LABELS.items()]
