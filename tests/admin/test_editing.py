"""Editing enrichment from the admin: decision posts, permissions, CSRF, the changelist."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from enrichment.articles import article_hash
from enrichment.jobs.running import run_one
from enrichment.models import Decision, EnrichmentState, Rule, Status
from enrichment.view import enrichment_view
from newsroom.models import Article
from tests.admin.urls import action_url, change_url

pytestmark = pytest.mark.django_db


def entity_names(article):
    return [e["name"] for e in enrichment_view(article)["entities"]]


def staff(django_user_model, name, *codenames):
    user = django_user_model.objects.create_user(name, password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.mark.parametrize("post, check", [
    ({"action": "reject_entity", "target": "Chilean"}, lambda a: "Chilean" not in entity_names(a)),
    ({"action": "confirm_entity", "target": "Chile"},
     lambda a: next(e for e in enrichment_view(a)["entities"] if e["name"] == "Chile")["confirmed"]),
    ({"action": "rename_entity", "target": "Gabriel Montt", "name": "Gabriel Montt Soto"},
     lambda a: "Gabriel Montt Soto" in entity_names(a)),
    ({"action": "retype_entity", "target": "Pacific", "type": "GPE"},
     lambda a: next(e for e in enrichment_view(a)["entities"] if e["name"] == "Pacific")["type"] == "GPE"),
    ({"action": "merge_entities", "target": "Chile", "names": ["Valparaiso"]}, lambda a: "Valparaiso" not in entity_names(a)),
    ({"action": "add_entity", "target": "Santiago", "type": "GPE"}, lambda a: "Santiago" in entity_names(a)),
    ({"action": "restore_removed", "target": "Advertisement"},
     lambda a: "Advertisement" in enrichment_view(a)["body"]),
], ids=lambda v: v["action"] if isinstance(v, dict) else "")
def test_decisions_post_and_redirect_back(admin_client, admin_user, article, post, check):
    response = admin_client.post(action_url(article), post)
    assert response.status_code == 302 and response.url.startswith(change_url(article))
    assert check(article)
    decision = Decision.objects.get()
    assert decision.user == admin_user and decision.created_at
    page = admin_client.get(response.url).content.decode()
    assert "messagelist" in page and "error" not in page.split("messagelist")[1][:200]


def test_caption_edit_and_paragraph_removal(admin_client, article):
    view = enrichment_view(article)
    caption, last = view["captions"][0]["text"], view["body"][-1]
    admin_client.post(action_url(article), {"action": "edit_caption", "target": caption, "text": caption,
                                            "photographer": "L. Ferreyra", "agency": "AP Photo"})
    admin_client.post(action_url(article), {"action": "remove_paragraph", "target": last})
    view = enrichment_view(article)
    assert view["captions"][0]["credit"] == "L. Ferreyra / AP Photo"
    assert last not in view["body"] and view["removed"][-1]["reason"] == "editor"


def test_fetch_gets_the_fragment_and_errors_are_messages(admin_client, article):
    ok = admin_client.post(action_url(article), {"action": "reject_entity", "target": "Chilean"}, **XHR)
    assert ok.status_code == 200 and b"enrichment-flash" in ok.content and b"<html" not in ok.content
    bad = admin_client.post(action_url(article), {"action": "reject_entity", "target": "Atlantis"}, **XHR)
    assert bad.status_code == 400 and b"No entity called" in bad.content
    assert Decision.objects.count() == 1


@pytest.mark.parametrize("post, kind, text, other", [
    ({"action": "reject_entity", "target": "Chilean"}, "not_entity", "Chilean", ""),
    ({"action": "rename_entity", "target": "Gabriel Montt", "name": "Gabriel Montt Soto"}, "alias", "Gabriel Montt", "Gabriel Montt Soto"),
    ({"action": "merge_entities", "target": "Chile", "names": ["Valparaiso"]}, "alias", "Valparaiso", "Chile"),
    ({"action": "retype_entity", "target": "Pacific", "type": "GPE"}, "type", "Pacific", "GPE"),
], ids=["reject", "rename", "merge", "retype"])
def test_one_click_newsroom_wide_rule(admin_client, article, post, kind, text, other):
    admin_client.post(action_url(article), {**post, "rule": "1"})
    rule = Rule.objects.get()
    assert (rule.kind, rule.text) == (kind, text)
    assert other in (rule.canonical, rule.entity_type, "")


def test_decisions_win_over_a_later_run(admin_client, article, django_capture_on_commit_callbacks):
    admin_client.post(action_url(article), {"action": "reject_entity", "target": "Chilean"})
    admin_client.post(action_url(article), {"action": "rename_entity", "target": "Gabriel Montt", "name": "Gabriel Montt Soto"})
    admin_client.post(action_url(article), {"action": "restore_removed", "target": "Advertisement"})
    with django_capture_on_commit_callbacks(execute=False):
        response = admin_client.post(action_url(article, "rerun"))
    assert response.status_code == 302
    assert EnrichmentState.objects.get(article=article).status == Status.QUEUED
    assert run_one(article.pk, article_hash(article)) == "done"
    view = enrichment_view(article)
    assert "Chilean" not in entity_names(article) and "Gabriel Montt Soto" in entity_names(article)
    assert "Advertisement" in view["body"]


def test_a_second_admin_rerun_while_one_is_queued_queues_nothing(admin_client, article,
                                                                 django_capture_on_commit_callbacks):
    """The one re-run rule (editorial.rerun) holds in the admin as in the API (409)."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_client.post(action_url(article, "rerun"))
        again = admin_client.post(action_url(article, "rerun"), **XHR)
    assert len(callbacks) == 1
    assert again.status_code == 400 and "already queued" in again.content.decode()


def fill_button(page: str, label: str) -> str:
    """The value a fill button of the sidebar puts in the form (unescaped)."""
    import html
    import re

    match = re.search(r'<button type="button" class="[^"]*enrichment-fill"[^>]*data-value="([^"]*)"[^>]*>' + label, page)
    assert match, label
    return html.unescape(match.group(1))


def test_apply_cleaned_body_fills_the_form_and_saves_nothing(admin_client, article, messy_paste):
    admin_client.post(action_url(article), {"action": "restore_removed", "target": "Advertisement"})
    body = fill_button(admin_client.get(change_url(article)).content.decode(), "Apply cleaned body")
    assert "Advertisement" in body and body == "\n\n".join(enrichment_view(article)["body"])
    article.refresh_from_db()
    assert article.text == messy_paste and article.body == ""  # nothing saved until the editor saves
    assert admin_client.post(action_url(article, "apply-body"), **XHR).status_code == 404


def test_use_headline_without_one_is_not_offered(admin_client, django_capture_on_commit_callbacks):
    text = ("The harbour council met late on Monday to discuss the accord with the fishing unions.\n\n"
            "Officials from Chile and Nigeria attended the meeting, and the mayor spoke about new berths.")
    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="Harbour council", text=text)
    run_one(article.pk, article_hash(article))
    assert "Use this headline" not in admin_client.get(change_url(article)).content.decode()


def test_use_headline_offers_the_title_to_the_form(admin_client, django_capture_on_commit_callbacks):
    text = ("Harbour talks end with an accord in Valparaiso\n\nBy Ana Ruiz\n\n"
            "VALPARAISO, Chile (AP) — The harbour council met late on Monday to discuss the accord.\n\n"
            "Officials from Chile and Nigeria attended the meeting, and the mayor spoke about new berths.")
    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="", text=text)  # imported without a title
    run_one(article.pk, article_hash(article))
    headline = enrichment_view(article)["headline"]
    assert headline == "Harbour talks end with an accord in Valparaiso"
    page = admin_client.get(change_url(article)).content.decode()
    assert fill_button(page, "Use this headline") == headline and 'data-field="id_headline"' in page
    article.refresh_from_db()
    assert article.headline == ""


# --- who may edit --------------------------------------------------------------------------------

def test_view_only_user_sees_sidebar_without_forms_and_gets_403(client, django_user_model, article):
    viewer = staff(django_user_model, "viewer", "view_article")
    client.force_login(viewer)
    page = client.get(change_url(article)).content.decode()
    assert 'id="enrichment-sidebar"' in page and "Adaeze Okonkwo" in page
    sidebar = page.split('id="enrichment-sidebar"')[1]
    assert action_url(article) not in sidebar and "Reject" not in sidebar
    for action, post in [("decide", {"action": "reject_entity", "target": "Chilean"}), ("rerun", {}), ("undo", {})]:
        assert client.post(action_url(article, action), post).status_code == 403
    assert not Decision.objects.exists()
    assert "Chilean" in entity_names(article)


def test_rules_need_the_rule_permission(client, django_user_model, article):
    editor = staff(django_user_model, "editor", "view_article", "change_article")
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "Reject<span class=\"visually-hidden\"> Chilean" in page and "in all articles" not in page
    response = client.post(action_url(article), {"action": "reject_entity", "target": "Chilean", "rule": "1"})
    assert response.status_code == 403 and not Rule.objects.exists()


def test_user_without_any_permission_gets_no_sidebar(client, django_user_model, article):
    client.force_login(staff(django_user_model, "nobody"))
    assert client.get(reverse("admin:newsroom_article_enrichment", args=[article.pk])).status_code == 404
    assert client.post(action_url(article), {"action": "reject_entity", "target": "Chilean"}).status_code == 403


def test_get_is_not_allowed(admin_client, article):
    assert admin_client.get(action_url(article)).status_code == 405


def test_unknown_action_url_is_404(admin_client, article):
    assert admin_client.post(action_url(article, "delete-everything")).status_code == 404


def test_csrf_is_enforced(admin_user, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    for action in ("decide", "rerun", "undo"):
        assert client.post(action_url(article, action), {"action": "reject_entity", "target": "Chilean"}).status_code == 403
    assert not Decision.objects.exists()
    page = client.get(change_url(article))
    token = page.cookies["csrftoken"].value
    response = client.post(action_url(article), {"action": "reject_entity", "target": "Chilean", "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and Decision.objects.count() == 1
    assert page.content.decode().split('id="enrichment-sidebar"')[1].count("csrfmiddlewaretoken") > 10


def test_markup_in_decisions_is_escaped(admin_client, article):
    admin_client.post(action_url(article), {"action": "add_entity", "target": "<script>alert(1)</script>", "type": "ORG"})
    page = admin_client.get(change_url(article)).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- the changelist ------------------------------------------------------------------------------

@pytest.fixture
def articles(article, quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        queued = Article.objects.create(headline="Library", text=quiet_paste)
        failed = Article.objects.create(headline="Blank", text="   ")
    run_one(failed.pk, article_hash(failed))
    return {"done": article, "queued": queued, "failed": failed}


@pytest.mark.parametrize("status, expected", [
    ("done", {"Harbour talks"}), ("queued", {"Library"}), ("failed", {"Blank"}), ("running", set()), ("stale", set()),
])
def test_status_filter(admin_client, articles, status, expected):
    response = admin_client.get(reverse("admin:newsroom_article_changelist"), {"enrichment": status})
    assert {a.headline for a in response.context["cl"].result_list} == expected


def test_stale_filter_and_counts(admin_client, articles):
    EnrichmentState.objects.filter(article=articles["done"]).update(status=Status.DONE, text_hash="0" * 64)
    response = admin_client.get(reverse("admin:newsroom_article_changelist"), {"enrichment": "stale"})
    assert {a.headline for a in response.context["cl"].result_list} == {"Harbour talks"}
    counts = {status: count for status, _, count in response.context["enrichment_counts"]}
    assert counts == {"queued": 1, "running": 0, "failed": 1, "stale": 1}
    assert 'class="enrichment-counts"' in response.content.decode()


def test_search_by_entity(admin_client, articles):
    response = admin_client.get(reverse("admin:newsroom_article_changelist"), {"q": "Okonkwo"})
    assert [a.headline for a in response.context["cl"].result_list] == ["Harbour talks"]


def test_bulk_rerun(admin_client, articles, django_capture_on_commit_callbacks, monkeypatch):
    from enrichment.conf import enrichment_settings as conf
    from enrichment.jobs import dispatch

    chunks = []
    monkeypatch.setattr(dispatch, "send", lambda keys, queue: chunks.append(([k for k, _ in keys], queue)) or True)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:newsroom_article_changelist"), {
            "action": "rerun_enrichment", "_selected_action": [articles["done"].pk, articles["failed"].pk],
        })
    assert response.status_code == 302  # one chunk on the bulk queue, not a task per article
    assert chunks == [(sorted([articles["done"].pk, articles["failed"].pk]), conf.BULK_QUEUE)]
    assert set(EnrichmentState.objects.filter(status=Status.QUEUED).values_list("article__headline", flat=True)) == {
        "Harbour talks", "Blank", "Library"}


def test_use_headline_is_hidden_and_refused_when_the_run_is_stale(admin_client, django_capture_on_commit_callbacks):
    text = ("Harbour talks end with an accord in Valparaiso\n\nBy Ana Ruiz\n\n"
            "VALPARAISO, Chile (AP) — The harbour council met late on Monday to discuss the accord.\n\n"
            "Officials from Chile and Nigeria attended the meeting, and the mayor spoke about new berths.")
    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="", text=text)
    run_one(article.pk, article_hash(article))
    with django_capture_on_commit_callbacks(execute=False):
        Article.objects.filter(pk=article.pk).update(text=text + "\n\nA late paragraph.")  # behind the plugin's back
    article.refresh_from_db()
    view = enrichment_view(article)
    assert view["status"] == Status.STALE and view["headline"]
    page = admin_client.get(change_url(article)).content.decode()
    assert view["headline"] in page and "Use this headline" not in page


def test_a_refused_rule_stores_no_decision(client, django_user_model, article):
    editor = staff(django_user_model, "editor", "view_article", "change_article")
    client.force_login(editor)
    response = client.post(action_url(article), {"action": "reject_entity", "target": "Chilean", "rule": "1"})
    assert response.status_code == 403
    assert not Decision.objects.exists() and "Chilean" in entity_names(article)


def test_a_rule_that_fails_rolls_the_decision_back(admin_client, article):
    # renaming "Chile" to "CHILE" is a decision, but not an alias rule (same name but for case)
    response = admin_client.post(action_url(article), {"action": "rename_entity", "target": "Chile", "name": "CHILE",
                                                       "rule": "1"}, **XHR)
    assert response.status_code == 400 and b"already the canonical name" in response.content
    assert not Decision.objects.exists() and not Rule.objects.exists()
    assert "Chile" in entity_names(article)


def test_sidebar_fragments_are_marked_for_the_script(admin_client, client, article):
    sidebar = reverse("admin:newsroom_article_enrichment", args=[article.pk])
    assert admin_client.get(sidebar, **XHR)["X-Enrichment-Fragment"] == "1"
    for post in ({"action": "reject_entity", "target": "Chilean"}, {"action": "reject_entity", "target": "Nobody"}):
        assert admin_client.post(action_url(article), post, **XHR)["X-Enrichment-Fragment"] == "1"
    # a session that expired ends on the login page, which is no fragment: sidebar.js reloads
    login = client.get(sidebar, follow=True, **XHR)
    assert login.redirect_chain and "X-Enrichment-Fragment" not in login


def test_every_value_the_sidebar_shows_is_escaped(admin_client, article):
    """Hostile strings in every field a run can produce (headline, names, aliases, types, caption
    credit parts, body, removed text and rule, warnings), and in the body the fetched fragment
    hands back to the form: none becomes markup, in the page or in the fragment."""
    from enrichment.models import EnrichmentResult

    def evil(n):
        return f'"><svg onload=alert({n})>'

    result = EnrichmentResult.objects.get(article=article)
    hostile_entity = {"name": evil(4), "type": evil(5), "aliases": [evil(4), evil(6)], "mentions": 1, "offsets": [],
                      "salience": 0.5, "in_body": True, "in_captions": False}
    result.data = {**result.data, "headline": evil(1), "byline": evil(2), "dateline": evil(3),
                   "entities": [*result.data["entities"], hostile_entity],
                   "captions": [{"text": evil(7), "credit": evil(8), "photographer": evil(9), "agency": evil(10)},
                                {"text": "Second caption", "credit": evil(11), "photographer": "", "agency": ""}],
                   "body": [*result.data["body"], "</textarea>" + evil(12)],
                   "removed": [{"text": evil(13), "reason": evil(14), "rule": evil(15), "duplicate_of": ""}],
                   "warnings": [evil(16)]}
    result.save()
    page = admin_client.get(change_url(article)).content.decode()
    response = admin_client.get(reverse("admin:newsroom_article_enrichment", args=[article.pk]), **XHR)
    fragment = response.content.decode()
    assert response.status_code == 200 and "Apply cleaned body" in fragment
    for html in (page.split('id="enrichment-sidebar"')[1], fragment):
        assert "<svg onload" not in html.lower() and "&lt;/textarea&gt;&quot;&gt;&lt;svg onload=alert(12)" in html
        for n in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16):
            assert f"&quot;&gt;&lt;svg onload=alert({n})&gt;" in html, n
