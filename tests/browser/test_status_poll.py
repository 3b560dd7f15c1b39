"""The sidebar shows a finished run soon after a real worker stores it: status_poll.js asks a
tiny status endpoint until the token changes, and that answer carries the new sidebar."""
from __future__ import annotations

import statistics

import pytest

from enrichment.models import EnrichmentState, Status
from newsroom.models import Article

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SAVES = 8  # editors' saves timed: enough for a median, short enough for the suite

# Records, in the page, when the sidebar first showed "done" (the browser's clock, which is the
# machine's, like the worker's finished_at) and every request the page made.
OBSERVE = """
window.__seen = {};
window.__requests = [];
new MutationObserver(() => {
  const panel = document.querySelector('#enrichment-sidebar .enrichment-panel');
  if (panel && !window.__seen[panel.dataset.status]) window.__seen[panel.dataset.status] = Date.now();
}).observe(document, {subtree: true, childList: true, attributes: true});
const original = window.fetch;
window.fetch = (url, options) => { window.__requests.push(String(url)); return original(url, options); };
"""


def test_a_finished_run_shows_without_a_fixed_poll(page, live_server, editor_login, real_worker, messy_paste):
    editor_login()
    page.add_init_script(OBSERVE)
    delays, requests = [], []
    for i in range(SAVES):
        page.goto(f"{live_server.url}/admin/newsroom/article/add/")
        page.fill("#id_headline", f"Harbour talks {i}")
        page.fill("#id_text", f"{messy_paste}\n\nSave number {i}.")
        page.click("input[name=_continue]")
        page.wait_for_selector('#enrichment-sidebar .enrichment-panel[data-status="done"]', timeout=60_000)
        article = Article.objects.get(headline=f"Harbour talks {i}")
        state = EnrichmentState.objects.get(article=article)
        assert state.status == Status.DONE
        shown_at = page.evaluate("window.__seen.done")
        delays.append(shown_at - state.finished_at.timestamp() * 1000)
        requests.append(page.evaluate("window.__requests"))
    # Each save: status checks only (the new sidebar comes with the check that saw the change),
    # no fragment fetch and no fixed poll.
    for made in requests:
        assert made and all("/enrichment/status/?token=" in url for url in made), made
    delays.sort()
    p95 = delays[min(len(delays) - 1, round(0.95 * (len(delays) - 1)))]
    print(f"\nsidebar shows done after the result is stored: p50 {statistics.median(delays):.0f} ms, "
          f"p95 {p95:.0f} ms, max {delays[-1]:.0f} ms over {len(delays)} saves; "
          f"requests per save {statistics.mean(len(r) for r in requests):.1f}")
