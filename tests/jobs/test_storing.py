"""The cross-article entity store, and editors' rules that change the next run without a restart."""
from __future__ import annotations

import pytest

from enrichment.articles import article_hash
from enrichment.jobs import running
from enrichment.jobs.queueing import request_enrichment
from enrichment.jobs.running import run_one
from enrichment.models import ArticleEntity, Entity, Rule
from newsroom.models import Article

pytestmark = [pytest.mark.django_db, pytest.mark.model]

GRAIN = ("Foreign Minister Aleksei Voronin of Russia met Chancellor Martin Kessler in Geneva on Friday. "
         "\"We have no interest in an empty table,\" Voronin said after the meeting.")
VISIT = ("Russian Foreign Minister Aleksei Voronin arrived in Ankara on Monday for talks on grain. "
         "Foreign Minister Voronin will also meet Turkish officials. Alexey Voronin, as the Turkish press "
         "spells him, left for Geneva on Tuesday.")
LOAN = ("The International Monetary Fund approved a loan to Moldova on Tuesday after Finance Minister "
        "Andrei Sokolenko promised a tax reform. Sokolenko spoke to reporters in Chisinau.")


@pytest.fixture
def enrich(django_capture_on_commit_callbacks):
    """Create or re-run an article the way a worker does: request, then run in this process."""
    def run(article=None, *, headline="", text="", force=False):
        with django_capture_on_commit_callbacks(execute=False):
            if article is None:
                article = Article.objects.create(headline=headline, text=text)
            request_enrichment(article, force=force)
        assert run_one(article.pk, article_hash(article)) == "done"
        return article
    return run


def entities_of(article):
    return {link.entity.name: link for link in ArticleEntity.objects.filter(article=article).select_related("entity")}


def test_two_articles_about_one_person_share_one_entity_with_merged_aliases(enrich):
    grain = enrich(headline="Voronin meets Kessler", text=GRAIN)
    visit = enrich(headline="Voronin in Ankara", text=VISIT)
    voronin = Entity.objects.get(name="Aleksei Voronin", type="PERSON")
    assert entities_of(grain)["Aleksei Voronin"].entity == entities_of(visit)["Aleksei Voronin"].entity == voronin
    assert {"Aleksei Voronin", "Voronin", "Foreign Minister Voronin", "Alexey Voronin"} <= set(voronin.aliases)
    assert Entity.objects.filter(name="Aleksei Voronin").count() == 1


def test_links_carry_mentions_and_salience_and_list_every_article_about_a_person(enrich):
    grain = enrich(headline="Voronin meets Kessler", text=GRAIN)
    visit = enrich(headline="Voronin in Ankara", text=VISIT)
    loan = enrich(headline="IMF approves loan", text=LOAN)
    link = entities_of(grain)["Aleksei Voronin"]
    assert link.mentions == 2 and 0 < link.salience <= 1 and link.in_body
    voronin = Entity.objects.get(name="Aleksei Voronin")
    about = [a.article_id for a in voronin.article_links.order_by("-salience")]  # what a front end asks
    assert sorted(about) == sorted([grain.pk, visit.pk]) and loan.pk not in about


def test_rules_change_the_next_run_without_a_restart(enrich):
    grain = enrich(headline="Voronin meets Kessler", text=GRAIN)
    loan = enrich(headline="IMF approves loan", text=LOAN)
    before = entities_of(loan)
    assert "Chisinau" in before
    Rule.objects.create(kind=Rule.Kind.NOT_ENTITY, text="Chisinau")
    Rule.objects.create(kind=Rule.Kind.TYPE, text="Moldova", entity_type="LOC")
    enrich(loan, force=True)
    after = entities_of(loan)
    assert "Chisinau" not in after
    assert after["Moldova"].entity.type == "LOC" != before["Moldova"].entity.type

    # an alias without a type: the ruler takes it from the store, and the next run joins it
    visit = enrich(headline="Voronin in Ankara", text=VISIT.replace("Aleksei Voronin", "Alexey Voronin"))
    assert "Alexey Voronin" in entities_of(visit)
    Rule.objects.create(kind=Rule.Kind.ALIAS, text="Alexey Voronin", canonical="Aleksei Voronin")
    assert running.load_rules().types["Alexey Voronin"] == "PERSON"
    enrich(visit, force=True)
    after = entities_of(visit)
    assert "Alexey Voronin" not in after
    assert after["Aleksei Voronin"].entity == entities_of(grain)["Aleksei Voronin"].entity
    assert "Alexey Voronin" in Entity.objects.get(name="Aleksei Voronin", type="PERSON").aliases
