"""A real Chromium (Debian's, never a downloaded one) driven by Playwright against a live server."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]



@pytest.fixture(scope="session")
def allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    between page actions are ordinary synchronous calls, not calls from a coroutine. Set for
    the browser tests only, so no other test (or subprocess) inherits it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser(allow_orm_beside_playwright):
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium) "
            "or set CHROMIUM to its path. The browser tests never download a browser.",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements/dev.txt pins playwright
        pytest.fail("playwright is not installed: pip install --require-hashes -r requirements/dev.txt", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def no_broker(monkeypatch):
    """Jobs are run by the test itself through the service layer, not by a worker: nothing is
    handed to Redis (the live server runs in this process, so the patch reaches it)."""
    sent = []
    monkeypatch.setattr("enrichment.jobs.dispatch.send", lambda keys, queue: sent.extend(pk for pk, _ in keys) or False)
    return sent


@pytest.fixture
def editor_login(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-editor")

    def login():
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", "pw-editor")
        page.click("input[type=submit]")
        page.wait_for_selector("#user-tools")
        return page

    return login


@pytest.fixture(scope="module")
def real_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real `celery -A newsroom worker` on this session's Redis database, emptied first."""
    import redis
    from django.conf import settings

    from tests.integration.workers import Worker

    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    worker = Worker(tmp_path_factory.mktemp("worker") / "worker.log")
    try:
        worker.wait_ready()
        yield worker
    finally:
        worker.stop()
