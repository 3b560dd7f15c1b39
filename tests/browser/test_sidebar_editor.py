"""The sidebar as an editor works in it, in a real Chromium: a real worker's run never touches what
the editor types; actions answer beside themselves and keep the keyboard's place; every decision
can be undone; a long page's sidebar stays short; entities are marked in the text."""
from __future__ import annotations

import pytest

from enrichment.models import Decision, EnrichmentResult, EnrichmentState, Rule, Status
from newsroom.models import Article
from tests.browser.test_sidebar import entity_row, paste_and_save, run_now
from tests.fixtures import long_page
from tests.integration.workers import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORKER_TIMEOUT_S = 90  # a real worker loads the spaCy model before its first article
SCREENS = 2  # the long page's sidebar, nothing expanded, fits in two screens
VIEWPORT = {"width": 1440, "height": 1000}


def change_page(page, live_server, article) -> None:
    page.goto(f"{live_server.url}/admin/newsroom/article/{article.pk}/change/")
    page.wait_for_selector(".enrichment-panel")


def active(page) -> dict:
    return page.evaluate("""() => { const a = document.activeElement;
        return {tag: a.tagName, id: a.id, name: a.name || '', text: (a.textContent || '').trim(), value: a.value || '',
                row: (a.closest('[data-row]') || {dataset: {}}).dataset.row || ''}; }""")


def long_article(text_hash_from_run=True) -> Article:
    """The long invented page, with a stored result of the pipeline's shape (see long_page)."""
    article = Article.objects.create(headline="Harbour councils", text=long_page.paste())
    run_now(article)
    result = EnrichmentResult.objects.get(article=article)
    result.data = long_page.result(article.text)
    result.save()
    return article


# --- 1. the refresh never touches what the editor is doing ----------------------------------

@pytest.mark.integration
def test_typing_and_focus_survive_a_real_workers_run(page, live_server, editor_login, real_worker, messy_paste):
    editor_login()
    article = Article.objects.create(headline="Harbour talks", text=messy_paste)  # queued after commit
    wait_until(lambda: EnrichmentState.objects.get(article=article).status == Status.DONE,
               timeout=WORKER_TIMEOUT_S, message="the worker did not finish the first run")
    change_page(page, live_server, article)
    first_finish = EnrichmentState.objects.get(article=article).finished_at
    page.evaluate("document.querySelector('.enrichment-status').dataset.mark = 'kept'")

    page.get_by_role("button", name="Re-run").click()
    page.wait_for_selector('.enrichment-panel[data-status="queued"], .enrichment-panel[data-status="running"], '
                           '.enrichment-panel[data-status="done"]')
    # the editor renames one entity and starts adding another while the run goes on
    row = entity_row(page, "Gabriel Montt")
    row.locator("summary").click()
    rename = row.get_by_label("New name for Gabriel Montt")
    rename.click()
    rename.press("End")
    page.keyboard.type(" Soto", delay=80)
    add = page.get_by_label("Add an entity the model missed")
    add.click()
    page.keyboard.type("Black Sea", delay=80)
    wait_until(lambda: EnrichmentState.objects.get(article=article).finished_at != first_finish,
               timeout=WORKER_TIMEOUT_S, message="the worker did not finish the re-run")
    page.wait_for_selector('.enrichment-panel[data-status="done"]')  # patched while the editor types
    page.keyboard.type(" Fleet", delay=80)
    page.wait_for_selector(".enrichment-newer")  # the new results wait for the editor

    assert add.input_value() == "Black Sea Fleet"
    assert active(page)["id"] == "enrichment-add-name"
    assert rename.input_value() == "Gabriel Montt Soto"
    assert page.locator(".enrichment-status").get_attribute("data-mark") == "kept"  # same live region
    assert page.locator(".enrichment-status").get_attribute("aria-live") == "polite"
    assert "done" in page.locator(".enrichment-status").inner_text().lower()

    # one click shows the new results; what was typed is still there
    page.get_by_role("button", name="New results: show").click()
    assert page.locator(".enrichment-newer").count() == 0
    assert page.get_by_label("Add an entity the model missed").input_value() == "Black Sea Fleet"
    assert entity_row(page, "Gabriel Montt").get_by_label("New name for Gabriel Montt").input_value() == "Gabriel Montt Soto"
    assert page.locator(".enrichment-panel").get_attribute("data-refresh") == "0"


def test_feedback_sits_beside_the_action_and_focus_moves_on(page, live_server, editor_login, no_broker, messy_paste):
    editor_login()
    article = paste_and_save(page, live_server, "Harbour talks", messy_paste)
    run_now(article)
    change_page(page, live_server, article)
    names = page.locator(".enrichment-entities").first.locator("li.enrichment-entity").evaluate_all(
        "rows => rows.map(r => r.dataset.name)")
    first, second = names[0], names[1]

    # Tab presses from the first sidebar control to the first entity action
    page.get_by_role("button", name="Hide the enrichment panel").focus()
    tabs = 0
    while not active(page)["text"].startswith("✓ Confirm") and tabs < 50:
        page.keyboard.press("Tab")
        tabs += 1
    print(f"\nTab presses from the first sidebar control to the first entity action: {tabs}")
    assert active(page)["row"] == f"entity:{first}" and tabs <= 6

    # reject the first entity with the keyboard: the message is where it was, focus on the next Reject
    page.get_by_role("button", name=f"Reject {first}", exact=True).focus()
    top_before = entity_row(page, first).bounding_box()["y"]
    page.keyboard.press("Enter")
    flash = page.locator(".enrichment-flash", has_text="Rejected")
    flash.wait_for()
    assert abs(flash.bounding_box()["y"] - top_before) < 60
    assert active(page)["row"] == f"entity:{second}" and active(page)["text"].startswith("✕ Reject")

    # Undo right after the action brings it back; the audit trail keeps both
    flash.get_by_role("button", name=f"Undo Reject “{first}”").click()
    page.locator(".enrichment-flash", has_text="Undone").wait_for()
    assert entity_row(page, first).count() == 1
    decision = Decision.objects.get()
    assert decision.action == "reject_entity" and decision.undone_at is not None and decision.undone_by is not None


# --- 2. short by default ----------------------------------------------------------------------

def test_a_long_page_fits_in_two_screens_and_groups_restore_at_once(page, live_server, editor_login, no_broker):
    editor_login()
    article = long_article()
    page.set_viewport_size(VIEWPORT)
    change_page(page, live_server, article)
    height = page.locator("#content-related").bounding_box()["height"]
    print(f"\nlong page (60 entities, 150 removed lines): sidebar {height:.0f} px, viewport {VIEWPORT['height']} px")
    assert height <= SCREENS * VIEWPORT["height"]
    groups = page.locator("details.removed-group > summary").all_inner_texts()
    assert groups == ["page chrome: 120 lines", "repeated paragraph: 20 lines", "photo credit: 10 lines"]
    assert page.locator("details.entity-more > summary").inner_text() == "Show all 60 entities"
    assert page.locator("li.enrichment-entity").evaluate_all("rows => rows.filter(r => r.checkVisibility()).length") == 10

    # the clean body: paragraphs, with markers where lines were removed
    page.locator(".enrichment-body-details > summary").click()
    markers = page.locator("li.removed-marker > details > summary").all_inner_texts()
    assert len(markers) >= 40 and markers[0].startswith("3 lines removed here (page chrome")

    # a whole group back at once, and back out with one Undo
    page.locator("details.removed-group", has_text="photo credit").locator("summary").click()
    page.get_by_role("button", name="Restore all 10 photo credit lines").click()
    flash = page.locator(".enrichment-flash", has_text="Restored every")
    flash.wait_for()
    assert page.locator("details.removed-group > summary").all_inner_texts()[-1] == "repeated paragraph: 20 lines"
    flash.get_by_role("button", name="Undo Restore every “photo credit” line").click()
    page.locator(".enrichment-flash", has_text="Undone").wait_for()
    assert "photo credit: 10 lines" in page.locator("details.removed-group > summary").all_inner_texts()
    assert Decision.objects.filter(action="restore_group", undone_at__isnull=False).count() == 1


# --- 3. undo, rules that ask once, the form's fields never overwritten -------------------------

def test_a_rule_asks_once_and_its_undo_switches_it_off(page, live_server, editor_login, no_broker, messy_paste):
    editor_login()
    article = paste_and_save(page, live_server, "Harbour talks", messy_paste)
    run_now(article)
    change_page(page, live_server, article)
    row = entity_row(page, "Chilean")
    row.locator("summary").click()
    row.get_by_role("button", name="Reject in all articles…").click()
    ask = page.locator(".enrichment-confirm")
    assert "newsroom-wide rule" in ask.inner_text() and not Rule.objects.exists()
    ask.get_by_role("button", name="Cancel").click()
    assert page.locator(".enrichment-confirm").count() == 0 and not Decision.objects.exists()

    row.get_by_role("button", name="Reject in all articles…").click()
    page.locator(".enrichment-confirm").get_by_role("button", name="Yes, reject in all articles").click()
    page.locator(".enrichment-flash", has_text="Newsroom-wide rule").wait_for()
    rule = Rule.objects.get()
    assert rule.active and rule.text == "Chilean"

    # the decisions list offers Undo too
    page.locator(".enrichment-history > summary").click()
    page.locator(".enrichment-history").get_by_role("button", name="Undo Reject “Chilean”").click()
    page.locator(".enrichment-flash", has_text="Undone").wait_for()
    rule.refresh_from_db()
    assert not rule.active and Decision.objects.get().undone_at is not None
    assert "undone by editor" in page.locator(".enrichment-history").inner_text()
    assert entity_row(page, "Chilean").count() == 1


def test_use_this_headline_and_apply_body_never_overwrite_unsaved_edits(page, live_server, editor_login, no_broker):
    text = ("Harbour talks end with an accord in Valparaiso\n\nBy Ana Ruiz\n\n"
            "VALPARAISO, Chile (AP) — The harbour council met late on Monday to discuss the accord.\n\n"
            "Officials from Chile and Nigeria attended the meeting, and the mayor spoke about new berths.")
    editor_login()
    article = Article.objects.create(headline="Draft title", text=text, body="The saved body.")
    run_now(article)
    change_page(page, live_server, article)

    page.fill("#id_headline", "A title the editor is still writing")  # not saved
    page.get_by_role("button", name="Use this headline").click()
    assert "not saved" in page.locator(".enrichment-note.is-error").inner_text()
    assert page.locator("#id_headline").input_value() == "A title the editor is still writing"

    page.fill("#id_headline", "Draft title")  # back to the saved value: nothing to lose
    page.get_by_role("button", name="Use this headline").click()
    assert page.locator("#id_headline").input_value() == "Harbour talks end with an accord in Valparaiso"
    assert "not saved yet" in page.locator(".enrichment-note").inner_text()
    page.locator(".enrichment-note").get_by_role("button", name="Undo").click()
    assert page.locator("#id_headline").input_value() == "Draft title"

    page.fill("#id_body", "The saved body, edited.")
    page.get_by_role("button", name="Apply cleaned body").click()
    assert page.locator("#id_body").input_value() == "The saved body, edited."
    article.refresh_from_db()
    assert (article.headline, article.body) == ("Draft title", "The saved body.")  # nothing saved by the sidebar


# --- 5. entities in the text ---------------------------------------------------------------------

def test_an_entity_shows_its_mentions_and_a_mention_selects_its_entity(page, live_server, editor_login, no_broker):
    editor_login()
    article = long_article()
    change_page(page, live_server, article)
    first = page.locator("button.entity-name").first
    name = first.inner_text()
    first.click()
    assert first.get_attribute("aria-pressed") == "true"
    selected = page.locator("mark.ent.is-selected")
    assert selected.count() >= 1 and set(selected.all_inner_texts()) == {name}
    assert page.locator(".enrichment-body-details").evaluate("d => d.open")

    # a mark of an entity that is behind "show all": clicking it opens the list and selects the row
    last_name = long_page.ENTITIES[-1][0]
    mark = page.locator("mark.ent", has_text=last_name).first
    mark_type = mark.get_attribute("class")
    mark.click()
    row = page.locator("li.enrichment-entity.is-selected")
    assert row.get_attribute("data-name") == last_name and row.is_visible()
    assert active(page)["text"] == last_name and "ent-GPE" in mark_type
