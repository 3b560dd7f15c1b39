"""The enrichment endpoints: editorial decisions, re-runs, ETags and If-Match; entities."""
from __future__ import annotations

import pytest

from enrichment.models import Decision, EnrichmentState, Entity
from tests.factories import client_for, enrich_now

pytestmark = pytest.mark.django_db


def names(data) -> set[str]:
    return {e["name"] for e in data["entities"]}


def test_patch_applies_decisions_in_order(editor_client, enriched, editor):  # noqa: F811
    url = f"/api/articles/{enriched.pk}/enrichment/"
    before = editor_client.get(url)
    assert {"Lagos", "Chile", "Tomas Villaroel"} <= names(before.json())
    body = {"decisions": [
        {"action": "reject_entity", "target": "Lagos"},
        {"action": "rename_entity", "target": "Tomas Villaroel", "value": {"name": "Tomás Villarroel"}},
        {"action": "retype_entity", "target": "Chile", "value": {"type": "ORG"}},
        {"action": "add_entity", "target": "Harbour Authority", "value": {"type": "ORG"}},
    ]}
    response = editor_client.patch(url, body, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert "Lagos" not in names(data) and {"Tomás Villarroel", "Harbour Authority"} <= names(data)
    assert next(e for e in data["entities"] if e["name"] == "Chile")["type"] == "ORG"
    assert response["ETag"] != before["ETag"]
    assert list(Decision.objects.values_list("action", "user")) == [
        ("reject_entity", editor.pk), ("rename_entity", editor.pk), ("retype_entity", editor.pk), ("add_entity", editor.pk)
    ]
    assert editor_client.get(url).json() == data, "what PATCH answers is what GET reads"
    assert editor_client.get(f"/api/articles/{enriched.pk}/").json()["enrichment"] == data


def test_caption_and_removed_text_decisions(editor_client, enriched):
    url = f"/api/articles/{enriched.pk}/enrichment/"
    data = editor_client.get(url).json()
    caption, removed = data["captions"][0], data["removed"][0]
    body = {"decisions": [
        {"action": "edit_caption", "target": caption["text"], "value": {"credit": "Photo: A. Reporter / Wire"}},
        {"action": "restore_removed", "target": removed["text"]},
    ]}
    response = editor_client.patch(url, body, format="json")
    assert response.status_code == 200, response.json()
    after = response.json()
    assert any(c["credit"] == "Photo: A. Reporter / Wire" for c in after["captions"])
    assert removed["text"] not in [r["text"] for r in after["removed"]]


def test_decisions_survive_a_rerun(editor_client, enriched, django_capture_on_commit_callbacks):
    url = f"/api/articles/{enriched.pk}/enrichment/"
    editor_client.patch(url, {"decisions": [{"action": "reject_entity", "target": "Lagos"}]}, format="json")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post(f"/api/articles/{enriched.pk}/enrich/")
    assert response.status_code == 202, response.json()
    assert response.json() == {"status": "queued", "status_url": f"http://testserver{url}"}
    assert response["Location"] == response.json()["status_url"]
    assert len(callbacks) == 1
    assert editor_client.get(url).json()["status"] == "queued"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = editor_client.post(f"/api/articles/{enriched.pk}/enrich/")
    assert again.status_code == 409 and "queued" in again.json()["detail"] and not callbacks
    EnrichmentState.objects.filter(article=enriched).update(status="running")
    assert editor_client.post(f"/api/articles/{enriched.pk}/enrich/").status_code == 409
    EnrichmentState.objects.filter(article=enriched).update(status="queued")
    enrich_now(enriched)  # the worker's run
    data = editor_client.get(url).json()
    assert data["status"] == "done" and "Lagos" not in names(data) and "Chile" in names(data)


def test_rerun_after_a_failure_is_accepted(editor_client, enriched, django_capture_on_commit_callbacks):
    EnrichmentState.objects.filter(article=enriched).update(status="failed", error="boom")
    with django_capture_on_commit_callbacks(execute=False):
        assert editor_client.post(f"/api/articles/{enriched.pk}/enrich/").status_code == 202


# --- ETag and If-Match --------------------------------------------------------------------------

@pytest.mark.parametrize("path, body", [
    ("/api/articles/{pk}/", {"headline": "Edited"}),
    ("/api/articles/{pk}/enrichment/", {"decisions": [{"action": "reject_entity", "target": "Lagos"}]}),
])
def test_stale_if_match_is_412(editor_client, enriched, path, body, django_capture_on_commit_callbacks):
    url = path.format(pk=enriched.pk)
    etag = editor_client.get(url)["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    with django_capture_on_commit_callbacks(execute=False):
        first = editor_client.patch(url, body, format="json", HTTP_IF_MATCH=etag)
        assert first.status_code == 200, first.json()
        assert first["ETag"] != etag and editor_client.get(url)["ETag"] == first["ETag"]
        second = editor_client.patch(url, body, format="json", HTTP_IF_MATCH=etag)  # the other editor
    assert second.status_code == 412, second.json()
    assert "read it again" in second.json()["detail"]


@pytest.mark.parametrize("if_match, code", [
    (None, 200), ("*", 200), ("CURRENT", 200), ('"other", CURRENT', 200), ('"stale"', 412), ("W/CURRENT", 412),
])
def test_if_match_forms(editor_client, enriched, if_match, code, django_capture_on_commit_callbacks):
    url = f"/api/articles/{enriched.pk}/"
    etag = editor_client.get(url)["ETag"]
    headers = {} if if_match is None else {"HTTP_IF_MATCH": if_match.replace("CURRENT", etag)}
    with django_capture_on_commit_callbacks(execute=False):
        response = editor_client.patch(url, {"published": False}, format="json", **headers)
    assert response.status_code == code


def test_stale_if_match_on_put_and_delete(editor_client, enriched, django_capture_on_commit_callbacks):
    url = f"/api/articles/{enriched.pk}/"
    stale = editor_client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=False):
        editor_client.patch(url, {"headline": "Someone else's edit"}, format="json")
        put = editor_client.put(url, {"headline": "Mine", "text": "Mine."}, format="json", HTTP_IF_MATCH=stale)
    assert put.status_code == 412
    assert editor_client.delete(url, HTTP_IF_MATCH=stale).status_code == 412
    assert editor_client.get(url).json()["headline"] == "Someone else's edit"


def test_a_worker_run_changes_the_enrichment_etag(editor_client, enriched, django_capture_on_commit_callbacks):
    url = f"/api/articles/{enriched.pk}/enrichment/"
    done = editor_client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=False):
        editor_client.post(f"/api/articles/{enriched.pk}/enrich/")
    assert editor_client.get(url)["ETag"] != done


# --- entities -------------------------------------------------------------------------------------

def test_entities_with_aliases_counts_and_filters(enriched, admin_user):
    client = client_for(admin_user)
    villaroel = Entity.objects.get(name="Tomas Villaroel")
    data = client.get(f"/api/entities/{villaroel.pk}/").json()
    assert data == {**data, "name": "Tomas Villaroel", "type": "PERSON", "article_count": 1}
    assert "Villaroel" in data["aliases"]
    Entity.objects.filter(pk=villaroel.pk).update(aliases=["Tomas Villaroel", "T. Villarroel"])

    def listed(query):
        return [e["name"] for e in client.get(f"/api/entities/?{query}").json()["results"]]

    assert listed("name=t. villarroel") == ["Tomas Villaroel"], "aliases match"
    assert set(listed("type=person")) >= {"Tomas Villaroel", "Adaeze Okonkwo"}
    assert all(e["type"] == "GPE" for e in client.get("/api/entities/?type=GPE").json()["results"])
    assert listed("name=Atlantis") == []
    articles = client.get(f"/api/entities/{villaroel.pk}/articles/").json()
    assert articles["count"] == 1
    assert articles["results"][0] == {**articles["results"][0], "id": enriched.pk, "headline": "Harbour talks",
                                      "mentions": 4}
    assert client.get("/api/entities/999999/").status_code == 404
    assert client.get("/api/entities/999999/articles/").status_code == 404


def test_a_paragraph_over_1000_characters_can_be_removed_and_restored_through_the_api(
    editor_client, messy_paste, django_capture_on_commit_callbacks
):
    from tests.factories import make_article
    long_paragraph = " ".join(f"Berth {i} of the harbour will open in phase {i}, the council said on Monday."
                              for i in range(1, 25))
    assert len(long_paragraph) > 1000
    article = make_article(text=f"{messy_paste}\n\n{long_paragraph}", enrich=True,
                           capture=django_capture_on_commit_callbacks)
    url = f"/api/articles/{article.pk}/enrichment/"
    assert long_paragraph in editor_client.get(url).json()["body"]
    removed = editor_client.patch(url, {"decisions": [{"action": "remove_paragraph", "target": long_paragraph}]},
                                  format="json")
    assert removed.status_code == 200, removed.json()
    assert long_paragraph not in removed.json()["body"]
    restored = editor_client.patch(url, {"decisions": [{"action": "restore_removed", "target": long_paragraph}]},
                                   format="json")
    assert restored.status_code == 200 and long_paragraph in restored.json()["body"]
    too_long = editor_client.patch(url, {"decisions": [{"action": "remove_paragraph", "target": "x" * 2_000_001}]},
                                   format="json")
    assert too_long.status_code == 400 and "MAX_CHARS" in str(too_long.json())
