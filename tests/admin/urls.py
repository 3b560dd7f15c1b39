"""The admin URLs the admin tests post to and read."""
from __future__ import annotations

from django.urls import reverse


def action_url(article, action="decide"):
    return reverse("admin:newsroom_article_enrichment_action", args=[article.pk, action])


def change_url(article):
    return reverse("admin:newsroom_article_change", args=[article.pk])
