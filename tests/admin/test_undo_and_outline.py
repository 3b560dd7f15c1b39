"""Undo keeps the audit trail, a group of removed lines comes back in one decision, the sidebar's
outline puts removed lines where they were, and the mixin chains a host's own templates."""
from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from enrichment.admin import EnrichmentAdminMixin
from enrichment.models import ArticleEntity, Decision, Rule
from enrichment.sidebar_view import body_outline, ranked_entities, removed_groups
from enrichment.view import enrichment_view
from newsroom.models import Article
from tests.admin.urls import action_url

pytestmark = pytest.mark.django_db
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def names(article):
    return [e["name"] for e in enrichment_view(article)["entities"]]


def test_undo_keeps_the_decision_and_stops_applying_it(admin_client, admin_user, article):
    admin_client.post(action_url(article), {"action": "reject_entity", "target": "Chilean"})
    decision = Decision.objects.get()
    assert "Chilean" not in names(article)
    assert not ArticleEntity.objects.filter(article=article, entity__name="Chilean").exists()

    response = admin_client.post(action_url(article, "undo"), {"decision": decision.pk}, **XHR)
    assert response.status_code == 200 and "Undone: Reject “Chilean”" in response.content.decode()
    decision.refresh_from_db()
    assert decision.undone_at is not None and decision.undone_by == admin_user
    assert Decision.objects.count() == 1  # never deleted
    assert "Chilean" in names(article)
    assert ArticleEntity.objects.filter(article=article, entity__name="Chilean").exists()  # relinked

    again = admin_client.post(action_url(article, "undo"), {"decision": decision.pk}, **XHR)
    assert again.status_code == 400 and "undone already" in again.content.decode()


def test_undo_of_a_decision_of_another_article_is_refused(admin_client, article, quiet_paste,
                                                          django_capture_on_commit_callbacks):
    admin_client.post(action_url(article), {"action": "reject_entity", "target": "Chilean"})
    with django_capture_on_commit_callbacks(execute=False):
        other = Article.objects.create(headline="Library", text=quiet_paste)
    response = admin_client.post(action_url(other, "undo"), {"decision": Decision.objects.get().pk}, **XHR)
    assert response.status_code == 400 and Decision.objects.get().undone_at is None


def test_undoing_a_rule_making_decision_switches_its_rule_off(admin_client, article):
    admin_client.post(action_url(article), {"action": "reject_entity", "target": "Chilean", "rule": "1"})
    decision, rule = Decision.objects.get(), Rule.objects.get()
    assert decision.value["rules"] == [rule.pk] and rule.active
    admin_client.post(action_url(article, "undo"), {"decision": decision.pk})
    rule.refresh_from_db()
    assert not rule.active and Rule.objects.count() == 1


def test_a_group_of_removed_lines_comes_back_in_one_decision(admin_client, article):
    view = enrichment_view(article)
    chrome = [r["text"] for r in view["removed"] if r["reason"] == "boilerplate"]
    assert len(chrome) >= 2
    admin_client.post(action_url(article), {"action": "restore_group", "target": "boilerplate"})
    view = enrichment_view(article)
    assert all(text in view["body"] for text in chrome)
    assert not [r for r in view["removed"] if r["reason"] == "boilerplate"]
    decision = Decision.objects.get()
    assert decision.action == "restore_group" and len(decision.value["items"]) == len(chrome)
    admin_client.post(action_url(article, "undo"), {"decision": decision.pk})
    assert not any(text in enrichment_view(article)["body"] for text in chrome)


def test_the_history_shows_undone_decisions_with_who_undid_them(admin_client, article):
    admin_client.post(action_url(article), {"action": "confirm_entity", "target": "Chile"})
    admin_client.post(action_url(article, "undo"), {"decision": Decision.objects.get().pk})
    page = admin_client.get(reverse("admin:newsroom_article_change", args=[article.pk])).content.decode()
    history = page.split('class="enrichment-history"')[1]
    assert "Confirm “Chile”" in history and "undone by admin" in history and "is-undone" in history


# --- what the sidebar shows --------------------------------------------------------------------

def test_entities_are_ranked_and_aliases_have_no_trailing_comma():
    entities = [
        {"name": "Kremlin", "type": "ORG", "aliases": ["Kremlin"], "mentions": 2, "salience": 0.3},
        {"name": "The Kremlin", "type": "ORG", "aliases": ["Kremlin", "The Kremlin"], "mentions": 8, "salience": 0.9},
    ]
    ranked = ranked_entities(entities)
    assert [e["name"] for e in ranked] == ["The Kremlin", "Kremlin"] and [e["ref"] for e in ranked] == ["e0", "e1"]
    assert ranked[0]["other_aliases"] == ["Kremlin"] and ranked[1]["other_aliases"] == []


def test_removed_lines_grouped_by_reason_largest_first():
    removed = [{"text": "a", "reason": "credit"}, {"text": "b", "reason": "boilerplate"},
               {"text": "c", "reason": "boilerplate"}]
    assert [(g["reason"], len(g["items"])) for g in removed_groups(removed)] == [("boilerplate", 2), ("credit", 1)]


def test_the_outline_puts_removed_lines_where_they_were_and_marks_entities():
    body = ["Ana Ruiz opened the port.", "The council met in Lagos."]
    source = "Menu\n\nAna Ruiz opened the port.\n\nShare this\n\nAna Ruiz opened the port.\n\nThe council met in Lagos.\n\nFooter"
    removed = [{"text": "Footer", "reason": "boilerplate"}, {"text": "Menu", "reason": "boilerplate"},
               {"text": "Ana Ruiz opened the port.", "reason": "duplicate_paragraph"},
               {"text": "Share this", "reason": "boilerplate"}]
    entities = ranked_entities([{"name": "Ana Ruiz", "type": "PERSON", "aliases": ["Ana Ruiz", "Ruiz"], "salience": 0.9},
                                {"name": "Lagos", "type": "GPE", "aliases": ["Lagos"], "salience": 0.5}])
    outline = body_outline(source, body, removed, [], entities)
    shape = [[r["text"] for r in b["removed"]] if "removed" in b else b["number"] for b in outline]
    assert shape == [["Menu"], 1, ["Share this", "Ana Ruiz opened the port."], 2, ["Footer"]]
    marked = [(s["text"], s["entity"]["ref"]) for s in outline[1]["segments"] if "entity" in s]
    assert marked == [("Ana Ruiz", "e0")]  # the longest name wins over the alias "Ruiz"
    assert "".join(s["text"] for s in outline[3]["segments"]) == body[1]


# --- a host's own templates ----------------------------------------------------------------------

def test_the_mixin_chains_a_hosts_own_templates():
    class HostAdmin(EnrichmentAdminMixin, admin.ModelAdmin):
        change_form_template = "host/article_change_form.html"
        change_list_template = "host/article_change_list.html"

    host = HostAdmin(Article, admin.AdminSite())
    assert host.change_form_template == "enrichment/admin/change_form.html"
    assert host.enrichment_base_change_form_template == "host/article_change_form.html"
    assert host.change_list_template == "enrichment/admin/change_list.html"
    assert host.enrichment_base_change_list_template == "host/article_change_list.html"

    class PlainAdmin(EnrichmentAdminMixin, admin.ModelAdmin):
        pass

    plain = PlainAdmin(Article, admin.AdminSite())
    assert plain.enrichment_base_change_form_template == "admin/change_form.html"
    assert plain.enrichment_base_change_list_template == "admin/change_list.html"


def test_the_change_page_renders_through_a_hosts_template(admin_client, article, settings, tmp_path):
    folder = tmp_path / "host"
    folder.mkdir()
    (folder / "change_form.html").write_text(
        '{% extends "admin/change_form.html" %}{% block object-tools %}<p id="host-marker">host</p>{{ block.super }}{% endblock %}')
    (folder / "change_list.html").write_text(
        '{% extends "admin/change_list.html" %}{% block object-tools %}<p id="host-list-marker">host</p>{{ block.super }}{% endblock %}')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path), *settings.TEMPLATES[0].get("DIRS", [])]}]
    model_admin = admin.site._registry[Article]
    saved = (model_admin.enrichment_base_change_form_template, model_admin.enrichment_base_change_list_template)
    model_admin.enrichment_base_change_form_template = "host/change_form.html"
    model_admin.enrichment_base_change_list_template = "host/change_list.html"
    try:
        page = admin_client.get(reverse("admin:newsroom_article_change", args=[article.pk])).content.decode()
        listing = admin_client.get(reverse("admin:newsroom_article_changelist")).content.decode()
    finally:
        model_admin.enrichment_base_change_form_template, model_admin.enrichment_base_change_list_template = saved
    assert 'id="host-marker"' in page and 'id="enrichment-sidebar"' in page
    assert 'id="host-list-marker"' in listing and 'class="enrichment-counts"' in listing
