"""The editorial service on the real database: decisions validated, stored, and kept over re-runs."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from enrichment import editorial
from enrichment.articles import article_hash
from enrichment.editorial import EditorialError
from enrichment.jobs import running
from enrichment.jobs.running import run_one
from enrichment.models import ArticleEntity, Decision, EnrichmentState, Rule, Status
from enrichment.view import enrichment_view
from newsroom.models import Article

pytestmark = pytest.mark.django_db

LEDE = "Foreign Secretary Adaeze Okonkwo, on her second trip to Chile"
CAPTION = "Chilean Foreign Minister Tomas Villaroel, left, greets"


@pytest.fixture
def editor():
    return get_user_model().objects.create_user("editor", password="pw")


@pytest.fixture
def article(enriched_article):
    return enriched_article


def rerun_now(article, django_capture_on_commit_callbacks):
    """A forced re-run, executed here instead of by a worker."""
    with django_capture_on_commit_callbacks(execute=False):
        editorial.rerun(article)
    assert enrichment_view(article)["status"] == Status.QUEUED
    assert run_one(article.pk, article_hash(article)) == "done"
    return enrichment_view(article)


def names(view):
    return [e["name"] for e in view["entities"]]


def by_name(view, name):
    return next(e for e in view["entities"] if e["name"] == name)


def removed_text(view, start):
    return next(r["text"] for r in view["removed"] if r["text"].startswith(start))


def test_a_decision_is_stored_with_its_editor_and_time(article, editor):
    decision = editorial.decide(article, action="reject_entity", target="Chilean", user=editor)
    assert decision.user == editor and decision.created_at
    assert Decision.objects.get().action == "reject_entity"
    assert "Chilean" not in names(enrichment_view(article))


def test_the_entity_store_follows_decisions(article):
    editorial.decide(article, action="reject_entity", target="Chilean")
    editorial.decide(article, action="rename_entity", target="Gabriel Montt", value={"name": "Gabriel Montt Soto"})
    linked = set(ArticleEntity.objects.filter(article=article).values_list("entity__name", flat=True))
    assert "Chilean" not in linked and "Gabriel Montt Soto" in linked and "Gabriel Montt" not in linked


def test_every_decision_survives_a_rerun(article, editor, django_capture_on_commit_callbacks):
    view = enrichment_view(article)
    duplicate = removed_text(view, LEDE)
    caption = next(c["text"] for c in view["captions"] if c["text"].startswith(CAPTION))
    last = view["body"][-1]
    decisions = [
        ("reject_entity", "Chilean", None),
        ("rename_entity", "Villaroel", {"name": "Tomás Villaroel"}),
        ("retype_entity", "Pacific", {"type": "GPE"}),
        ("merge_entities", "Chile", {"names": ["Valparaiso"]}),
        ("add_entity", "Santiago", {"type": "GPE"}),
        ("confirm_entity", "Adaeze Okonkwo", None),
        ("edit_caption", caption, {"photographer": "L. Ferreyra", "agency": "AP Photo"}),
        ("restore_removed", "Advertisement", None),
        ("remove_paragraph", last, None),
    ]
    for action, target, value in decisions:
        editorial.decide(article, action=action, target=target, value=value, user=editor)
    before = enrichment_view(article)
    after = rerun_now(article, django_capture_on_commit_callbacks)
    assert after["entities"] == before["entities"] and after["body"] == before["body"]
    assert after["captions"] == before["captions"] and after["removed"] == before["removed"]
    assert "Chilean" not in names(after)
    assert "Tomás Villaroel" in names(after) and "Tomas Villaroel" not in names(after)
    assert by_name(after, "Pacific")["type"] == "GPE"
    assert "Valparaiso" not in names(after) and "Valparaiso" in by_name(after, "Chile")["aliases"]
    assert by_name(after, "Santiago")["type"] == "GPE" and by_name(after, "Santiago")["mentions"] >= 1
    assert by_name(after, "Adaeze Okonkwo")["confirmed"] is True
    assert after["captions"][0]["photographer"] == "L. Ferreyra"
    assert after["captions"][0]["credit"] == "L. Ferreyra / AP Photo"
    assert "Advertisement" in after["body"] and last not in after["body"]
    assert any(r["text"] == last and r["reason"] == "editor" for r in after["removed"])
    assert duplicate  # the duplicate lede is still listed as removed


def test_a_restored_paragraph_goes_back_where_it_was(article):
    body = enrichment_view(article)["body"]
    editorial.decide(article, action="restore_removed", target="Advertisement")
    restored = enrichment_view(article)["body"]
    at = restored.index("Advertisement")
    assert restored[at - 1] == body[-2] and restored[at + 1] == body[-1]


def test_a_rejected_entity_stays_rejected_when_a_rule_renames_it(article, django_capture_on_commit_callbacks):
    editorial.decide(article, action="reject_entity", target="Villaroel")
    editorial.make_rule(kind="alias", text="Villaroel", canonical="Tomas Villaroel Rojas")
    after = rerun_now(article, django_capture_on_commit_callbacks)
    assert not [n for n in names(after) if "Villaroel" in n]


@pytest.mark.parametrize("action, target, value, message", [
    ("shout", "x", None, "Unknown action"),
    ("reject_entity", "Nobody Here", None, "No entity"),
    ("reject_entity", "  ", None, "Say which"),
    ("rename_entity", "Chile", {"name": " "}, "empty"),
    ("retype_entity", "Chile", {"type": "ALIEN"}, "Unknown entity type"),
    ("merge_entities", "Chile", {"names": []}, "Name the entities"),
    ("merge_entities", "Chile", {"names": ["Chile"]}, "already"),
    ("merge_entities", "Chile", {"names": ["Atlantis"]}, "No entity"),
    ("add_entity", "Chile", {"type": "GPE"}, "already an entity"),
    ("add_entity", "Santiago", {"type": ""}, "Unknown entity type"),
    ("edit_caption", "A caption nobody wrote", {"text": "x"}, "No such caption"),
    ("edit_caption", CAPTION, {"colour": "red"}, None),
    ("restore_removed", "Never removed", None, "not among"),
    ("remove_paragraph", "Not a paragraph", None, "not in the clean body"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_bad_decisions_are_refused_with_a_message(article, action, target, value, message):
    if action == "edit_caption" and target == CAPTION:
        target = enrichment_view(article)["captions"][0]["text"]
        message = "no colour"
    with pytest.raises(EditorialError, match=message):
        editorial.decide(article, action=action, target=target, value=value)
    assert not Decision.objects.exists()


def test_confirming_a_rejected_entity_brings_it_back(article):
    editorial.decide(article, action="reject_entity", target="Chilean")
    editorial.decide(article, action="confirm_entity", target="Chilean")
    assert by_name(enrichment_view(article), "Chilean")["confirmed"] is True


def test_make_rule_upserts_and_feeds_the_ruler(article, editor, django_capture_on_commit_callbacks):
    editorial.make_rule(kind="not_entity", text="Chilean", user=editor)
    rule = editorial.make_rule(kind="not_entity", text="Chilean", user=editor)
    assert Rule.objects.count() == 1 and rule.created_by == editor
    assert "Chilean" in running.load_rules().not_entities
    assert "Chilean" not in names(rerun_now(article, django_capture_on_commit_callbacks))


def rule_user(*codenames):
    from django.contrib.auth.models import Permission
    user = get_user_model().objects.create_user("-".join(codenames), password="pw")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="enrichment", codename__in=codenames))
    return get_user_model().objects.get(pk=user.pk)  # no cached permissions


def test_adding_a_rule_never_changes_one_without_the_change_permission():
    admin_made = editorial.make_rule(kind="alias", text="Villaroel", canonical="Tomas Villaroel")
    Rule.objects.filter(pk=admin_made.pk).update(active=False)  # an admin turned it off
    adder = rule_user("add_rule")
    for kwargs in ({"canonical": "Tomas Villaroel"}, {"canonical": "Someone Else"}):
        with pytest.raises(EditorialError, match="permission to change rules"):
            editorial.make_rule(kind="alias", text="Villaroel", user=adder, **kwargs)
    kept = Rule.objects.get(pk=admin_made.pk)
    assert (kept.canonical, kept.active, kept.created_by) == ("Tomas Villaroel", False, None)
    changer = rule_user("add_rule", "change_rule")
    changed = editorial.make_rule(kind="alias", text="Villaroel", canonical="T. Villaroel Rojas", user=changer)
    assert (changed.pk, changed.canonical, changed.active, changed.created_by) == (admin_made.pk, "T. Villaroel Rojas",
                                                                                   True, None)


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "wish", "text": "x"}, "Unknown rule kind"),
    ({"kind": "alias", "text": "Lavrov", "canonical": ""}, "empty"),
    ({"kind": "alias", "text": "Lavrov", "canonical": "lavrov"}, "already"),
    ({"kind": "type", "text": "Lavrov", "entity_type": "ROBOT"}, "Unknown entity type"),
    ({"kind": "not_entity", "text": " "}, "empty"),
])
def test_bad_rules_are_refused(kwargs, message):
    with pytest.raises(EditorialError, match=message):
        editorial.make_rule(**kwargs)


def test_suggested_rules(article):
    d = editorial.decide(article, action="merge_entities", target="Chile", value={"names": ["Valparaiso"]})
    assert editorial.rules_for(d) == [{"kind": "alias", "text": "Valparaiso", "canonical": "Chile"}]


def test_apply_clean_body_writes_the_body_and_keeps_the_paste(article, messy_paste):
    editorial.decide(article, action="restore_removed", target="Advertisement")
    editorial.apply_clean_body(article)
    article.refresh_from_db()
    assert article.text == messy_paste
    assert "Advertisement" in article.body and "Skip to content" not in article.body
    assert article.body.count(LEDE) == 1
    assert enrichment_view(article)["status"] == Status.DONE  # not queued again


def test_apply_clean_body_refuses_before_the_run(quiet_paste, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="Library", text=quiet_paste)
    with pytest.raises(EditorialError, match="queued"):
        editorial.apply_clean_body(article)


def test_apply_clean_body_moves_updated_at_so_an_old_etag_is_refused(article, editor):
    """The API's ETag is pk + updated_at + text hash: writing the body must change it, or a PUT
    sent with the ETag read before would silently overwrite the applied body."""
    from django.contrib.auth.models import Permission
    from rest_framework.test import APIClient

    from newsroom.api import article_etag

    before_etag, before_updated = article_etag(article), article.updated_at
    editorial.apply_clean_body(article, user=editor)
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.updated_at > before_updated and article.updated_at == fresh.updated_at
    assert article_etag(fresh) != before_etag
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["view_article", "change_article"]))
    client = APIClient()
    client.force_authenticate(editor)
    response = client.put(f"/api/articles/{article.pk}/", {"headline": "Harbour talks", "text": fresh.text},
                          format="json", HTTP_IF_MATCH=before_etag)
    assert response.status_code == 412
    assert Article.objects.get(pk=article.pk).body == fresh.body


def test_auto_now_fields_are_found_on_the_host_model():
    assert editorial.auto_now_fields(Article) == ["updated_at"]


HEADLINED = ("Harbour talks end with an accord in Valparaiso\n\nBy Ana Ruiz\n\n"
             "VALPARAISO, Chile (AP) — The harbour council met late on Monday to discuss the accord.\n\n"
             "Officials from Chile and Nigeria attended the meeting, and the mayor spoke about new berths.")


@pytest.fixture
def headlined(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="", text=HEADLINED)  # imported without a title
    run_one(article.pk, article_hash(article))
    return article


def test_use_headline_writes_only_the_title_and_updated_at(headlined, editor, django_capture_on_commit_callbacks):
    stale_copy = Article.objects.get(pk=headlined.pk)
    Article.objects.filter(pk=headlined.pk).update(body="Edited meanwhile", published=True)  # another editor
    before = stale_copy.updated_at
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        headline = editorial.use_headline(stale_copy, user=editor)
    fresh = Article.objects.get(pk=headlined.pk)
    assert headline == fresh.headline == stale_copy.headline == "Harbour talks end with an accord in Valparaiso"
    assert fresh.body == "Edited meanwhile" and fresh.published  # the concurrent edit is kept
    assert fresh.updated_at > before and stale_copy.updated_at == fresh.updated_at
    assert len(callbacks) == 1  # the title is part of the hash: enrichment runs again


def test_use_headline_refuses_a_stale_or_unfinished_run(headlined, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        headlined.text = HEADLINED.replace("Monday", "Tuesday")
        headlined.save()
    assert enrichment_view(headlined)["status"] == Status.QUEUED
    assert enrichment_view(headlined)["headline"] == ""
    EnrichmentState.objects.filter(article=headlined).delete()  # no job for the new text: the old run shows as stale
    view = enrichment_view(headlined)
    assert view["status"] == Status.STALE and view["headline"]
    with pytest.raises(EditorialError, match="stale"):
        editorial.use_headline(headlined)
    assert Article.objects.get(pk=headlined.pk).headline == ""


def test_rerun_apply_and_use_headline_log_the_editor(headlined, editor, caplog, django_capture_on_commit_callbacks):
    caplog.set_level("INFO", logger="enrichment.editorial")
    editorial.apply_clean_body(headlined, user=editor)
    with django_capture_on_commit_callbacks(execute=False):
        editorial.rerun(headlined, user=editor)
        EnrichmentState.objects.filter(article=headlined).update(status=Status.DONE)  # the run finished
        editorial.use_headline(headlined, user=editor)
    lines = [r.getMessage() for r in caplog.records if r.name == "enrichment.editorial"]
    assert len(lines) == 3 and all(f"article {headlined.pk} by editor" in line for line in lines)


def test_decide_holds_the_state_lock_store_result_takes(article):
    """A decision re-links the article's entities; the worker's store_result does too, under
    SELECT ... FOR UPDATE on the state row. decide takes the same lock, before the decision is
    stored and the links rewritten, so the two never interleave."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        editorial.decide(article, action="reject_entity", target="Chilean")
    sql = [q["sql"] for q in queries.captured_queries]
    locked = next(i for i, s in enumerate(sql) if "enrichment_enrichmentstate" in s and "FOR UPDATE" in s)
    inserted = next(i for i, s in enumerate(sql) if s.startswith('INSERT INTO "enrichment_decision"'))
    relinked = next(i for i, s in enumerate(sql) if s.startswith('DELETE FROM "enrichment_articleentity"'))
    assert locked < inserted < relinked


def test_a_merge_stores_the_names_of_every_entity_it_joins(article):
    view = enrichment_view(article)
    chile, valparaiso = by_name(view, "Chile"), by_name(view, "Valparaiso")
    decision = editorial.decide(article, action="merge_entities", target="Chile", value={"names": ["Valparaiso"]})
    assert decision.value == {
        "names": ["Valparaiso"], "match": editorial._match(chile),
        "merged_match": {"Valparaiso": editorial._match(valparaiso)},
    }
    assert "Chile" in decision.value["match"] and "Valparaiso" in decision.value["merged_match"]["Valparaiso"]


def test_body_decisions_made_on_an_earlier_text_are_shown_as_carried_over(article, admin_client,
                                                                        django_capture_on_commit_callbacks):
    last = enrichment_view(article)["body"][-1]
    editorial.decide(article, action="remove_paragraph", target=last)
    editorial.decide(article, action="reject_entity", target="Chilean")
    assert enrichment_view(article)["carried_over"] == []  # made on the text shown
    with django_capture_on_commit_callbacks(execute=False):
        article.text += "\n\nA correction was appended to the story on Tuesday."
        article.save()
    assert run_one(article.pk, article_hash(article)) == "done"
    view = enrichment_view(article)
    assert last not in view["body"]  # still applied
    label = str(Decision.Action.REMOVE_PARAGRAPH.label)
    assert view["carried_over"] == [{"action": "remove_paragraph", "label": label, "target": last}]
    page = admin_client.get(f"/admin/newsroom/article/{article.pk}/enrichment/").content.decode()
    assert "Carried over from an earlier text" in page and label in page


LONG_PARAGRAPH = " ".join(
    f"Council member number {i} of the harbour board told reporters in Valparaiso that the new berths "
    f"would open in phase {i}, once the dredging contract is signed."
    for i in range(1, 12)
)


@pytest.mark.model
def test_a_decision_on_a_paragraph_over_1000_characters_is_kept_whole_and_applied(django_capture_on_commit_callbacks):
    text = ("Harbour council meets on new berths\n\nBy Ana Ruiz\n\n"
            "The harbour council met late on Monday in Valparaiso to discuss the accord.\n\n"
            f"{LONG_PARAGRAPH}\n\nOfficials from Chile and Nigeria attended the meeting.")
    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="Harbour council", text=text)
    assert run_one(article.pk, article_hash(article)) == "done"
    assert len(LONG_PARAGRAPH) > 1000 and LONG_PARAGRAPH in enrichment_view(article)["body"]

    editorial.decide(article, action="remove_paragraph", target=LONG_PARAGRAPH)

    assert Decision.objects.get(article=article).target == LONG_PARAGRAPH
    assert LONG_PARAGRAPH not in enrichment_view(article)["body"]
