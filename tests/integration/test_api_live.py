"""The API over real HTTP to a live server, enriched by a real worker through the real Redis:
create with a token, wait for the worker, read the enrichment, reject an entity, re-run, and
see the decision kept."""
from __future__ import annotations

import pytest
import requests
from rest_framework.authtoken.models import Token

from enrichment.models import Decision, EnrichmentResult

from .test_worker_end_to_end import admin_session
from .workers import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_for_run(session, url, worker, *, after=None) -> dict:
    def finished():
        data = session.get(url, timeout=10).json()
        done = data["status"] in ("done", "failed") and data["finished_at"] != after
        return data if done else None

    return wait_until(finished, timeout=90, message=worker.log_path.read_text()[-3000:])


def test_create_enrich_decide_rerun_over_http(live_server, admin_user, celery_worker_process, messy_paste):
    api = requests.Session()
    api.headers["Authorization"] = f"Token {Token.objects.create(user=admin_user).key}"

    created = api.post(f"{live_server.url}/api/articles/",
                       json={"headline": "Harbour talks", "text": messy_paste, "published": True}, timeout=10)
    assert created.status_code == 201, created.text
    article = created.json()
    assert article["text"] == messy_paste and created.headers["ETag"]
    url = f"{live_server.url}/api/articles/{article['id']}/enrichment/"

    first = wait_for_run(api, url, celery_worker_process)
    assert first["status"] == "done", first["error"]
    assert first["body"] and first["removed"] and first["captions"]
    target = next(e["name"] for e in first["entities"] if e["name"] == "Lagos")

    etag = api.get(url, timeout=10).headers["ETag"]
    patched = api.patch(url, json={"decisions": [{"action": "reject_entity", "target": target}]},
                        headers={"If-Match": etag}, timeout=10)
    assert patched.status_code == 200, patched.text
    assert target not in {e["name"] for e in patched.json()["entities"]}
    stale = api.patch(url, json={"decisions": [{"action": "reject_entity", "target": "Chile"}]},
                      headers={"If-Match": etag}, timeout=10)
    assert stale.status_code == 412

    rerun = api.post(f"{live_server.url}/api/articles/{article['id']}/enrich/", timeout=10)
    assert rerun.status_code == 202, rerun.text
    assert rerun.json()["status_url"] == url
    second = wait_for_run(api, rerun.json()["status_url"], celery_worker_process, after=first["finished_at"])
    assert second["status"] == "done", second["error"]
    names = {e["name"] for e in second["entities"]}
    assert target not in names and "Chile" in names, "the editor's decision survived the re-run"
    assert Decision.objects.filter(article_id=article["id"]).count() == 1
    assert EnrichmentResult.objects.filter(article_id=article["id"]).count() == 1

    anonymous = requests.get(f"{live_server.url}/api/articles/{article['id']}/enrichment/", timeout=10)
    assert anonymous.status_code == 200 and anonymous.json()["entities"] == second["entities"]
    listed = requests.get(f"{live_server.url}/api/articles/?status=done&entity_name=okonkwo", timeout=10).json()
    assert [a["id"] for a in listed["results"]] == [article["id"]]


def test_session_auth_needs_the_csrf_token(live_server, admin_user, quiet_paste, celery_worker_process):
    session = admin_session(live_server, admin_user)
    body = {"headline": "Library", "text": quiet_paste}
    refused = session.post(f"{live_server.url}/api/articles/", json=body, timeout=10)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    accepted = session.post(f"{live_server.url}/api/articles/", json=body, timeout=10,
                            headers={"X-CSRFToken": session.cookies["csrftoken"], "Referer": live_server.url})
    assert accepted.status_code == 201, accepted.text
    # the worker enriches it; the test ends after that, so its teardown never races a store
    article_url = f"{live_server.url}/api/articles/{accepted.json()['id']}/"
    wait_until(lambda: session.get(article_url, timeout=10).json()["enrichment"]["status"] == "done", timeout=60)
