"""Factories shared by the Django layers: users with given permissions, API clients, articles."""
from __future__ import annotations

import uuid

from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from enrichment.articles import article_hash
from enrichment.jobs.running import run_one
from newsroom.models import Article


def fresh_ip() -> str:
    """A client address no other test has used: throttle counters and login attempts outlive
    tests (in Redis, in the database)."""
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"


def user_with(django_user_model, username: str, *codenames: str):
    user = django_user_model.objects.create_user(username=username, password="pw")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="newsroom", codename__in=codenames))
    return user


def client_for(user=None, *, token: bool = False) -> APIClient:
    client = APIClient()
    if user is not None and token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    elif user is not None:
        client.force_authenticate(user)
    return client


def enrich_now(article) -> None:
    """What the worker does, in this process."""
    assert run_one(article.pk, article_hash(article)) in ("done", "already_done")


def make_article(*, text: str, headline: str = "Harbour talks", published: bool = True, enrich: bool = False,
                 capture=None) -> Article:
    with capture(execute=False):
        article = Article.objects.create(headline=headline, text=text, published=published)
    if enrich:
        enrich_now(article)
    return article
