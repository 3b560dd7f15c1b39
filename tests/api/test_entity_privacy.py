"""Entities and unpublished articles: a client without the article view permission learns
nothing from an unpublished article through /api/entities/ or the article list's entity
filters (aliases, names, ids)."""
from __future__ import annotations

import pytest

from enrichment import pipeline
from enrichment.articles import article_hash
from enrichment.jobs.storing import link_entities
from enrichment.models import Decision, EnrichmentResult, EnrichmentState, Entity
from enrichment.view import EMPTY_RESULT
from newsroom.models import Article
from tests.factories import client_for

pytestmark = pytest.mark.django_db


def entity(name, *aliases, type_="PERSON"):
    return {"name": name, "type": type_, "aliases": [name, *aliases], "mentions": 1, "salience": 0.5,
            "in_body": True, "in_captions": False}


def enriched_article(headline, published, *entities):
    [article] = Article.objects.bulk_create([Article(headline=headline, text=f"{headline} text", published=published)])
    text_hash = article_hash(article)
    data = dict(EMPTY_RESULT, entities=list(entities))
    EnrichmentState.objects.create(article=article, text_hash=text_hash, status="done")
    EnrichmentResult.objects.create(article=article, text_hash=text_hash,
                                    pipeline_version=pipeline.PIPELINE_VERSION, data=data)
    link_entities({article.pk: data})
    return article


@pytest.fixture
def world():
    public = enriched_article("Public", True, entity("Ada Obi", "Obi", "Ms Obi"))
    Decision.objects.create(article=public, action="rename_entity", target="Ms Obi", value={"name": "Ada Obi"})
    secret = enriched_article("Secret", False, entity("Ada Obi", "Codename Heron"), entity("Hidden Person"))
    return public, secret, Entity.objects.get(name="Ada Obi"), Entity.objects.get(name="Hidden Person")


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_without_the_view_permission_unpublished_aliases_and_entities_stay_hidden(world, who, request):
    public, secret, ada, hidden = world
    assert "Codename Heron" in ada.aliases  # the store keeps every alias
    client = client_for(None if who == "anonymous" else request.getfixturevalue("reader"))
    listed = client.get("/api/entities/").json()["results"]
    assert [(e["name"], sorted(e["aliases"])) for e in listed] == [("Ada Obi", ["Ada Obi", "Ms Obi", "Obi"])]
    assert sorted(client.get(f"/api/entities/{ada.pk}/").json()["aliases"]) == ["Ada Obi", "Ms Obi", "Obi"]
    assert client.get(f"/api/entities/{hidden.pk}/").status_code == 404
    assert client.get("/api/entities/?name=heron").json()["results"] == []
    assert [e["name"] for e in client.get("/api/entities/?name=obi").json()["results"]] == ["Ada Obi"]

    unknown = client.get("/api/articles/?entity=999999")
    unreadable = client.get(f"/api/articles/?entity={hidden.pk}")
    assert unknown.status_code == unreadable.status_code == 400
    assert unknown.json() == unreadable.json()
    assert [a["id"] for a in client.get(f"/api/articles/?entity={ada.pk}").json()["results"]] == [public.pk]
    assert client.get("/api/articles/?entity_name=heron").json()["results"] == []


def test_with_the_view_permission_everything_shows(world, viewer):
    public, secret, ada, hidden = world
    client = client_for(viewer)
    assert "Codename Heron" in client.get(f"/api/entities/{ada.pk}/").json()["aliases"]
    assert [e["name"] for e in client.get("/api/entities/?name=heron").json()["results"]] == ["Ada Obi"]
    assert [a["id"] for a in client.get(f"/api/articles/?entity={hidden.pk}").json()["results"]] == [secret.pk]
    heron = client.get("/api/articles/?entity_name=heron&ordering=id").json()["results"]
    assert [a["id"] for a in heron] == [public.pk, secret.pk]  # Ada Obi is named in both
    assert client.get("/api/articles/?entity=999999").status_code == 400
