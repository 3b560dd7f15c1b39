"""The whole paste in a real Chromium: a news page copied with the keyboard, pasted into the
admin, saved, and enriched by a real worker; pasted markup never runs."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from enrichment.forms import PASTED_HTML_FIELD
from enrichment.models import EnrichmentResult, PastedHTML
from newsroom.models import Article
from tests.fixtures.articles import CAPTION, PARAGRAPHS
from tests.fixtures.pasted_page import CAPTION_2, HOSTILE_HTML, NAV, NEWSLETTER, RELATED, news_page

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

NEWS_PATH = "/_pasted_source/story.html"  # answered by Playwright itself, never by Django
HOSTILE_PATH = "/_pasted_source/hostile.html"
HOSTILE_TEXT = "Harbour council meets on the new berths."
# A source page whose copy handler puts HOSTILE_HTML on the clipboard as its text/html, as any
# page may; the source page's own script is the only one that is meant to run.
HOSTILE_SOURCE = (
    "<!doctype html><html><body><p>A page whose copy puts hostile HTML on the clipboard.</p><script>"
    "document.addEventListener('copy', (e) => {e.clipboardData.setData('text/html', "
    + json.dumps(HOSTILE_HTML).replace("</", "<\\/") + ");"
    f" e.clipboardData.setData('text/plain', {json.dumps(HOSTILE_TEXT)}); e.preventDefault();}});"
    "</script></body></html>"
)
RECORD_PASTE = """() => document.getElementById('id_text').addEventListener('paste', (e) => {
    window.__clipboard = {html: e.clipboardData.getData('text/html'), text: e.clipboardData.getData('text/plain')};
})"""
WORKER_TIMEOUT_MS = 90_000  # a real worker loads the spaCy model before its first article


@pytest.fixture
def page(browser, live_server):
    """A page whose context may read and write the clipboard; the source pages are served by Playwright."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000},
                                  permissions=["clipboard-read", "clipboard-write"])
    context.route(f"{live_server.url}{NEWS_PATH}", lambda route: route.fulfill(body=news_page(), content_type="text/html"))
    context.route(f"{live_server.url}{HOSTILE_PATH}",
                  lambda route: route.fulfill(body=HOSTILE_SOURCE, content_type="text/html"))
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def copy_page(page, url: str) -> None:
    page.goto(url)
    page.keyboard.press("Control+A")
    page.keyboard.press("Control+C")


def paste_into_add_form(page, live_server, headline: str) -> dict:
    """Paste with Ctrl+V into the empty text field; returns what the clipboard gave the page."""
    page.goto(f"{live_server.url}/admin/newsroom/article/add/")
    page.fill("#id_headline", headline)
    page.evaluate(RECORD_PASTE)
    page.click("#id_text")
    page.keyboard.press("Control+V")
    return page.evaluate("window.__clipboard")


def save_and_wait_for_the_worker(page, worker) -> None:
    page.click("input[name=_continue]")
    page.wait_for_selector("#enrichment-sidebar")
    try:
        page.wait_for_selector('.enrichment-panel[data-status="done"]', timeout=WORKER_TIMEOUT_MS)
    except PlaywrightTimeout:
        raise AssertionError(worker.log_path.read_text()[-3000:]) from None


def test_a_copied_news_page_is_pasted_saved_and_enriched(page, live_server, editor_login, real_worker):
    editor_login()
    copy_page(page, f"{live_server.url}{NEWS_PATH}")
    clipboard = paste_into_add_form(page, live_server, "Lake Morrow ruling")
    assert "<figcaption>" in clipboard["html"] and "Figure-credit" in clipboard["html"]  # the page's structure
    assert page.input_value("#id_text") == clipboard["text"]  # the browser's own paste: the plain text
    assert json.loads(page.input_value(f"input[name={PASTED_HTML_FIELD}]")) == clipboard["html"]

    save_and_wait_for_the_worker(page, real_worker)

    article = Article.objects.get(headline="Lake Morrow ruling")
    assert article.text.replace("\r\n", "\n") == clipboard["text"]  # a textarea posts CRLF; kept as posted
    assert PastedHTML.objects.get(article=article).html == clipboard["html"]  # verbatim
    assert EnrichmentResult.objects.filter(article=article).count() == 1
    captions = page.locator("#enrichment-sidebar .enrichment-caption").all_inner_texts()
    assert [CAPTION in c and "Rosa Delacroix · AP" in c for c in captions] == [True, False]
    assert [CAPTION_2 in c and "Tomas Lindqvist · Reuters" in c for c in captions] == [False, True]
    body = page.locator("#enrichment-sidebar .enrichment-body li.body-paragraph").all_text_contents()  # not the removal markers
    assert all(any(p in item for item in body) for p in PARAGRAPHS)
    assert not any(item.strip() in NAV for item in body)  # the nav bar is not in the body
    removed = page.locator("#enrichment-sidebar .removed-text").all_text_contents()
    assert set(NAV) <= {text.strip() for text in removed}
    assert not any(NEWSLETTER in item or any(link in item for link in RELATED) for item in body)
    assert not any("Morning Briefing" in item for item in body)  # the newsletter box's heading: from the HTML


def test_pasted_html_never_runs_in_the_admin(page, live_server, editor_login, real_worker):
    dialogs = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())
    editor_login()
    copy_page(page, f"{live_server.url}{HOSTILE_PATH}")
    clipboard = paste_into_add_form(page, live_server, "Berths")
    assert clipboard == {"html": HOSTILE_HTML, "text": HOSTILE_TEXT}

    def nothing_ran() -> None:
        assert page.evaluate("typeof window.__pasted_ran") == "undefined"
        assert page.evaluate("getComputedStyle(document.body).display") != "none"
        assert page.locator("script:has-text('__pasted_ran'), img[onerror]").count() == 0
        assert dialogs == []

    nothing_ran()
    save_and_wait_for_the_worker(page, real_worker)
    nothing_ran()
    article = Article.objects.get(headline="Berths")
    assert PastedHTML.objects.get(article=article).html == HOSTILE_HTML
    page.reload()
    page.wait_for_selector('.enrichment-panel[data-status="done"]')
    nothing_ran()
