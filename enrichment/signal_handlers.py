"""Signal handlers, connected in one place from AppConfig.ready()."""
from __future__ import annotations

from django.db.models.signals import post_save

from .conf import enrichment_settings
from .jobs.queueing import is_enqueue_deferred, is_enrichment_wanted, request_enrichment


def enqueue_on_change(sender, instance, created, raw=False, **kwargs) -> None:
    """Any save of an article whose text (or title) changed queues enrichment after commit."""
    if raw:  # loaddata: fixtures are not edits
        return
    if is_enqueue_deferred():  # e.g. import_articles queues its articles in bulk chunks
        return
    if is_enrichment_wanted(instance):
        request_enrichment(instance)


def connect() -> None:
    post_save.connect(
        enqueue_on_change, sender=enrichment_settings.ARTICLE_MODEL, dispatch_uid="enrichment_enqueue_on_change"
    )
