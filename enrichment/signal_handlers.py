"""Signal handlers, connected in one place from AppConfig.ready()."""
from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save, pre_delete

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


def lock_before_delete(sender, instance, using, **kwargs) -> None:
    """Django deletes an article's job row before the article's own row; a worker storing its
    run locks the article first. Locking the article here, before anything is deleted, keeps the
    one lock order (docs/architecture.md) for every delete: the admin's, the API's, a shell's."""
    if transaction.get_connection(using).in_atomic_block:  # Django's deletion is one transaction
        # FOR UPDATE (not NO KEY): the delete needs it, and taking it now means no upgrade later
        list(type(instance)._default_manager.using(using).select_for_update().filter(pk=instance.pk)
             .values_list("pk", flat=True))


def connect() -> None:
    post_save.connect(
        enqueue_on_change, sender=enrichment_settings.ARTICLE_MODEL, dispatch_uid="enrichment_enqueue_on_change"
    )
    pre_delete.connect(
        lock_before_delete, sender=enrichment_settings.ARTICLE_MODEL, dispatch_uid="enrichment_lock_before_delete"
    )
