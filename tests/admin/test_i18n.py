"""The admin in French through LocaleMiddleware (Accept-Language): the plugin's Python-side
strings on the change page and the list (warnings stored as codes, entity types, job errors,
statuses, flash messages)."""
from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from enrichment.models import EnrichmentResult, EnrichmentState, Status
from enrichment.pipeline.entities.language import ner_warning
from enrichment.pipeline.types import Notice

pytestmark = pytest.mark.django_db

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def change_page(client, article) -> str:
    return client.get(reverse("admin:newsroom_article_change", args=[article.pk]), **FRENCH).content.decode()


def test_the_change_page_shows_the_plugins_strings_in_french(admin_client, enriched_article):
    result = EnrichmentResult.objects.get(article=enriched_article)
    result.data = {**result.data, "warnings": [ner_warning("de", "en", 0.91).as_dict(), "An old plain warning."]}
    result.save()
    page = change_page(admin_client, enriched_article)
    assert 'lang="fr"' in page  # Django admin itself follows the header
    assert escape("Les entités n'ont pas été recherchées") in page and "allemand" in page.lower()
    assert "An old plain warning." in page  # stored before codes: shown as stored
    assert "Personnes" in page or "Lieux" in page  # the entity type headings of the sidebar


def test_a_failed_job_reads_in_french_and_in_english(admin_client, quiet_paste, django_capture_on_commit_callbacks):
    from enrichment.jobs.running import record_failure
    from tests.factories import make_article

    article = make_article(text=quiet_paste, capture=django_capture_on_commit_callbacks)  # queued, never run
    state = EnrichmentState.objects.get(article=article)
    record_failure(article.pk, state.text_hash, Notice(
        "time_limit", "Enrichment took longer than 120 s and was stopped.", seconds=120))
    assert escape("L'enrichissement a duré plus de 120 s et a été arrêté") in change_page(admin_client, article)
    english = admin_client.get(reverse("admin:newsroom_article_change", args=[article.pk]),
                               HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Enrichment took longer than 120 s and was stopped." in english


def test_the_changelist_status_column_and_a_flash_message_in_french(admin_client, enriched_article):
    EnrichmentState.objects.filter(article=enriched_article).update(status=Status.FAILED)
    listing = admin_client.get(reverse("admin:newsroom_article_changelist"), **FRENCH).content.decode()
    assert "enrichissement" in listing  # the column and the filter title
    response = admin_client.post(reverse("admin:newsroom_article_enrichment_action",
                                         args=[enriched_article.pk, "decide"]),
                                 {"action": "confirm_entity", "target": "Nobody Here"}, follow=True, **FRENCH)
    assert "Aucune entité nommée" in response.content.decode()


def test_the_sidebar_templates_read_in_french_and_load_the_plugins_js_catalog(admin_client, enriched_article):
    page = change_page(admin_client, enriched_article)
    french = ("Entités", "Relancer", "Retiré du collage", "Corps nettoyé", "Masquer le panneau d'enrichissement")
    english = (">Entities ", ">Re-run<", "Removed from the paste", ">Clean body<", "Hide the enrichment panel")
    # {% translate %} writes the catalogue's text as is; {% blocktranslate %} escapes its variables only
    assert all(text in page for text in french), [t for t in french if t not in page]
    assert not any(text in page for text in english), [t for t in english if t in page]
    catalog_url = reverse("admin:newsroom_article_enrichment_jsi18n")
    assert f'src="{catalog_url}"' in page
    catalog = admin_client.get(catalog_url, **FRENCH)
    assert catalog.status_code == 200
    assert "Nouveaux r\\u00e9sultats" in catalog.content.decode() or "Nouveaux résultats" in catalog.content.decode()


def test_the_sidebar_templates_stay_english_without_the_header(admin_client, enriched_article):
    page = admin_client.get(reverse("admin:newsroom_article_change", args=[enriched_article.pk]),
                            HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Re-run<" in page and "Removed from the paste" in page and "Relancer" not in page
