"""An article saved over HTTP is enriched by a real worker through the real Redis."""
from __future__ import annotations

import pytest
import requests

from enrichment.models import EnrichmentResult
from newsroom.models import Article

from .workers import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def admin_session(live_server, admin_user) -> requests.Session:
    session = requests.Session()
    login = f"{live_server.url}/admin/login/"
    session.get(login)
    response = session.post(
        login,
        data={"username": "admin", "password": "password", "next": "/admin/",
              "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": login},
    )
    assert response.url.endswith("/admin/"), "admin login failed"
    return session


def test_admin_save_is_enriched_by_a_real_worker(live_server, admin_user, celery_worker_process, messy_paste):
    session = admin_session(live_server, admin_user)
    add = f"{live_server.url}/admin/newsroom/article/add/"
    session.get(add)
    response = session.post(
        add,
        data={"headline": "Harbour talks", "text": messy_paste, "body": "", "_save": "Save",
              "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": add},
    )
    assert response.status_code == 200 and "was added successfully" in response.text
    article = Article.objects.get()

    def enrichment():
        data = session.get(f"{live_server.url}/api/articles/{article.pk}/").json()["enrichment"]
        return data if data["status"] in ("done", "failed") else None

    data = wait_until(enrichment, timeout=60, message=celery_worker_process.log_path.read_text()[-2000:])
    assert data["status"] == "done", data["error"]
    names = {e["name"] for e in data["entities"]}
    assert any("Okonkwo" in name for name in names)
    assert data["body"] and data["removed"]
    assert EnrichmentResult.objects.filter(article=article).count() == 1
    page = session.get(f"{live_server.url}/admin/newsroom/article/{article.pk}/change/").text
    assert 'data-status="done"' in page
