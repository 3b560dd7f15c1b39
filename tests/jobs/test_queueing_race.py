"""Queueing many articles while an editor saves one of them: the editor's newer text wins."""
from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from enrichment.articles import article_hash
from enrichment.jobs import dispatch
from enrichment.jobs.queueing import request_many
from enrichment.models import EnrichmentState
from newsroom.models import Article

pytestmark = pytest.mark.django_db(transaction=True)  # two connections, two transactions


def test_bulk_queueing_never_replaces_an_editors_newer_job(quiet_paste, monkeypatch):
    monkeypatch.setattr(dispatch, "send", lambda *a, **kw: True)
    article = Article.objects.create(headline="Library", text=quiet_paste)
    saved, release = threading.Event(), threading.Event()

    def editor():
        try:
            with transaction.atomic():
                mine = Article.objects.get(pk=article.pk)
                mine.text = quiet_paste + "\n\nAn editor's late paragraph."
                mine.save()  # post_save writes the job for the new text, holding its row lock
                saved.set()
                release.wait(5)
        finally:
            connection.close()

    thread = threading.Thread(target=editor)
    thread.start()
    assert saved.wait(5)
    timer = threading.Timer(0.5, release.set)  # the editor commits while bulk queueing is under way
    timer.start()
    request_many(Article.objects.filter(pk=article.pk), force=True)
    thread.join(10)
    timer.join()
    article.refresh_from_db()
    assert EnrichmentState.objects.get(article=article).text_hash == article_hash(article)
