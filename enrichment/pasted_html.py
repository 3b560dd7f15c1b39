"""The clipboard's HTML of a paste, kept in the plugin's own table beside the host's article.

The admin's paste capture, the API's ``html`` and ``import_articles`` all store it here. It is
evidence for the cleaner only: never rendered, and given to the pipeline with the article's
current text, even after that text was edited (the cleaner uses it for the lines it finds).
"""
from __future__ import annotations

from django.utils import timezone

from .articles import article_hash, article_text, content_hash
from .jobs.queueing import is_enqueue_deferred, request_enrichment
from .models import EnrichmentState, PastedHTML, Status


def keep_html(article, html: str | None) -> bool:
    """Store ``html`` as the clipboard's HTML of the article's current text, replacing the one on
    file; ``None`` or ``""`` drops it. Call it after saving the article, in the same transaction.
    Returns whether the HTML on file changed; when it did and the text did not, the article is
    enriched again (a changed text is queued by its save already)."""
    before = PastedHTML.objects.filter(article=article).values_list("html", flat=True).first() or ""
    if html:
        PastedHTML.objects.update_or_create(article=article, defaults={
            "html": html, "text_hash": content_hash(article_text(article)), "created_at": timezone.now()})
    elif before:
        PastedHTML.objects.filter(article=article).delete()
    changed = (html or "") != before
    if changed:
        _run_again_if_done(article)
    return changed


def _run_again_if_done(article) -> None:
    # A job still queued for this text reads the HTML when it starts; a run already under way
    # finishes with what it read (a re-run from the sidebar or the API picks the new HTML up).
    state = EnrichmentState.objects.filter(article=article).only("text_hash", "status").first()
    if is_enqueue_deferred() or state is None or state.text_hash != article_hash(article):
        return
    if state.status not in (Status.QUEUED, Status.RUNNING):
        request_enrichment(article, force=True)
