"""The sidebar in a real browser: decisions made by clicking survive a re-run; pasted markup never runs."""
from __future__ import annotations

import pytest

from enrichment.articles import article_hash
from enrichment.jobs.running import run_one
from newsroom.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def run_now(article) -> None:
    """What a worker would do, done here: the live server shows the stored result."""
    article.refresh_from_db()
    assert run_one(article.pk, article_hash(article)) == "done"


def paste_and_save(page, live_server, headline: str, text: str) -> Article:
    page.goto(f"{live_server.url}/admin/newsroom/article/add/")
    page.fill("#id_headline", headline)
    page.fill("#id_text", text)
    page.click("input[name=_continue]")
    page.wait_for_selector("#enrichment-sidebar")
    return Article.objects.get(headline=headline)


def entity_row(page, name: str):
    return page.locator(f'#enrichment-sidebar li.enrichment-entity[data-name="{name}"]')


def open_removed_groups(page) -> None:
    """Removed lines are grouped by reason in closed <details>: open them all."""
    page.evaluate("document.querySelectorAll('details.removed-group').forEach((d) => { d.open = true; })")


def sidebar_entities(page) -> list[str]:
    return page.locator("#enrichment-sidebar .entity-name").all_inner_texts()


def test_decisions_made_in_the_sidebar_survive_a_rerun(page, live_server, editor_login, no_broker, messy_paste):
    editor_login()
    article = paste_and_save(page, live_server, "Harbour talks", messy_paste)
    assert page.locator(".enrichment-panel").get_attribute("data-status") == "queued"
    run_now(article)
    # the sidebar polls while queued: the result appears without a reload
    page.wait_for_selector('.enrichment-panel[data-status="done"]')
    assert "Adaeze Okonkwo" in sidebar_entities(page)

    # reject one entity
    entity_row(page, "Chilean").get_by_role("button", name="Reject Chilean", exact=True).click()
    page.wait_for_selector(".enrichment-flash:has-text('Rejected')")
    assert "Chilean" not in sidebar_entities(page)

    # rename another
    row = entity_row(page, "Gabriel Montt")
    row.locator("summary").click()
    row.get_by_label("New name for Gabriel Montt").fill("President Gabriel Montt")
    row.get_by_role("button", name="Rename", exact=True).click()
    page.wait_for_selector(".enrichment-flash:has-text('Renamed')")
    assert "President Gabriel Montt" in sidebar_entities(page)

    # restore a removed paragraph
    open_removed_groups(page)
    page.get_by_role("button", name="Restore Advertisement").click()
    page.wait_for_selector(".enrichment-flash:has-text('Restored')")
    page.locator(".enrichment-body-details > summary").click()
    assert "Advertisement" in page.locator(".enrichment-body li.is-restored").all_inner_texts()[0]

    # re-run from the sidebar; the job runs here as a worker would run it
    page.get_by_role("button", name="Re-run").click()
    page.wait_for_selector('.enrichment-panel[data-status="queued"]')
    run_now(article)
    page.wait_for_selector('.enrichment-panel[data-status="done"]')
    page.reload()
    names = sidebar_entities(page)
    assert "Chilean" not in names
    assert "President Gabriel Montt" in names and "Gabriel Montt" not in names
    page.locator(".enrichment-body-details > summary").click()
    assert "Advertisement" in page.locator(".enrichment-body").inner_text()
    assert not any(r.startswith("Advertisement") for r in page.locator(".removed-text").all_inner_texts())

    # and the cleaned body, with the restore, goes to the body field, saved with the article;
    # the paste stays as it was
    page.get_by_role("button", name="Apply cleaned body").click()
    page.wait_for_selector(".enrichment-note:has-text('not saved yet')")
    assert "Advertisement" in page.locator("#id_body").input_value()
    article.refresh_from_db()
    assert article.body == ""
    page.click("input[name=_continue]")
    page.wait_for_selector("#enrichment-sidebar")
    article.refresh_from_db()
    assert "Advertisement" in article.body
    assert article.text == messy_paste  # the textarea posts CRLF; stored with LF (enrichment.admin_forms)


def test_a_server_error_after_a_sidebar_action_never_posts_it_twice(page, live_server, editor_login, no_broker,
                                                                    messy_paste):
    editor_login()
    article = paste_and_save(page, live_server, "Harbour talks", messy_paste)
    run_now(article)
    page.reload()
    page.wait_for_selector('.enrichment-panel[data-status="done"]')
    posts = []

    def bad_gateway(route):  # the server did the work, the proxy lost the answer
        posts.append(route.request.method)
        route.fulfill(status=502, body="Bad gateway")

    page.route("**/enrichment/decide/", bad_gateway)
    with page.expect_navigation():
        entity_row(page, "Chilean").get_by_role("button", name="Reject Chilean", exact=True).click()
    page.wait_for_selector("#enrichment-sidebar")
    assert posts == ["POST"]  # reloaded, not posted again


HOSTILE = (
    "<script>alert('pasted script')</script>\n\n"
    "The harbour council met late on Monday in Valparaiso to discuss the fishing accord with Lagos.\n\n"
    "<img src=x onerror=alert('pasted img')> Officials from Chile and Nigeria attended the meeting.\n\n"
    "Advertisement\n\n"
    "Mayor Ana Ruiz said the port would open <b onmouseover=alert('hover')>new berths</b> in June."
)


def test_pasted_markup_never_runs(page, live_server, editor_login, no_broker):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    editor_login()
    article = paste_and_save(page, live_server, "<img src=x onerror=alert('headline')>", HOSTILE)
    run_now(article)
    page.reload()
    page.wait_for_selector('.enrichment-panel[data-status="done"]')
    # an editor adds an entity whose name is markup: it comes back through the fetched fragment
    page.get_by_label("Add an entity the model missed").fill("<img src=y onerror=alert('entity')>")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_selector(".enrichment-flash:has-text('Added')")
    page.locator(".enrichment-body-details > summary").click()
    page.locator(".enrichment-body li").first.hover()
    page.goto(f"{live_server.url}/admin/newsroom/article/")
    page.goto(f"{live_server.url}/admin/newsroom/article/{article.pk}/change/")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator("#enrichment-sidebar img").count() == 0
    assert page.locator("#enrichment-sidebar script").count() == 0
    assert "<img src=y onerror=alert('entity')>" in page.locator("#enrichment-sidebar").inner_text()


def test_view_only_editors_see_the_sidebar_without_forms(page, live_server, django_user_model, no_broker, messy_paste):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="pw-viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    article = Article.objects.create(headline="Harbour talks", text=messy_paste)
    run_now(article)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "viewer")
    page.fill("#id_password", "pw-viewer")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/newsroom/article/{article.pk}/change/")
    page.wait_for_selector('.enrichment-panel[data-status="done"]')
    assert page.locator("#enrichment-sidebar .entity-name").count() > 3
    assert page.locator("#enrichment-sidebar form").count() == 0


def test_an_expired_session_reloads_the_page_instead_of_filling_the_sidebar(
        page, live_server, editor_login, no_broker, messy_paste):
    from enrichment.models import Decision

    editor_login()
    article = paste_and_save(page, live_server, "Harbour talks", messy_paste)
    assert page.locator(".enrichment-panel").get_attribute("data-status") == "queued"
    page.context.clear_cookies(name="sessionid")  # the session expires while the sidebar polls
    page.wait_for_url("**/admin/login/**")
    assert page.locator("#enrichment-sidebar").count() == 0

    editor_login()
    run_now(article)
    page.goto(f"{live_server.url}/admin/newsroom/article/{article.pk}/change/")
    page.wait_for_selector('.enrichment-panel[data-status="done"]')
    page.context.clear_cookies(name="sessionid")  # and again before a click (the CSRF cookie stays)
    entity_row(page, "Chilean").get_by_role("button", name="Reject Chilean", exact=True).click()
    page.wait_for_url("**/admin/login/**")
    assert page.locator("#enrichment-sidebar").count() == 0 and page.locator("#id_username").count() == 1
    assert not Decision.objects.exists()
