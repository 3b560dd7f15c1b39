"""The sidebar in Django admin's light and dark themes: contrast of its main states measured on
computed colours, axe-core on what the plugin adds, screenshots of both themes, and the layout
from 1024 px to wide screens."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from enrichment import editorial
from newsroom.models import Article
from tests.browser.test_sidebar import entity_row, open_removed_groups, paste_and_save, run_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
TEXT_CONTRAST = 4.5  # WCAG 2.x AA for body-size text
BLOCKING = {"serious", "critical"}
SHOT_HEIGHT = 1500  # px of the sidebar in the README's pictures: its first screen and a half

# WCAG relative luminance and contrast, on the element's computed colour over the first opaque
# background found walking up (semi-transparent ones composited on the way).
CONTRAST_JS = """(selectors) => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const over = (top, bottom) => ({r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
                                  b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                       return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg.a > 0) layers.push(bg);
      if (bg.a >= 1) break;
    }
    let color = {r: 255, g: 255, b: 255, a: 1};
    for (const layer of layers.reverse()) color = over(layer, color);
    return color;
  };
  const out = {};
  for (const [name, selector] of Object.entries(selectors)) {
    const el = document.querySelector(selector);
    if (!el) { out[name] = null; continue; }
    const bg = background(el), fg = over(parse(getComputedStyle(el).color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    out[name] = Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
  }
  return out;
}"""

STATES = {
    "status badge (done)": ".enrichment-status .status-badge",
    "status text": ".enrichment-status",
    "entity name": "li.enrichment-entity:not(.is-confirmed) button.entity-name",
    "confirmed entity name": "li.enrichment-entity.is-confirmed button.entity-name",
    "confirmed badge": "li.enrichment-entity.is-confirmed .badge.is-ok",
    "entity meta (quiet)": ".entity-meta",
    "confirm button": "button.icon-button.is-ok",
    "Re-run (link colour)": ".enrichment-head button",
    "success message": ".enrichment-flash .flash-text",
    "Undo in the message": ".enrichment-flash button",
    "removed group": "details.removed-group > summary",
    "removed line": ".removed-text",
    "body paragraph": "li.body-paragraph:not(.is-restored) .paragraph-text",
    "restored paragraph": "li.body-paragraph.is-restored .paragraph-text",
    "entity mark in the body": "mark.ent",
    "removal marker": "li.removed-marker summary",
    "decision in the history": ".enrichment-decision .decision-text",
    "add-entity label": ".enrichment-add > label",
}


def decided_page(page, live_server, editor_login, messy_paste) -> Article:
    """A change page with the states worth measuring: a confirmed entity, a restored paragraph,
    a message after an action, the body and the history open."""
    editor_login()
    article = paste_and_save(page, live_server, "Harbour talks", messy_paste)
    run_now(article)
    editorial.decide(article, action="confirm_entity", target="Chile")
    editorial.decide(article, action="restore_removed", target="Advertisement")
    page.reload()
    page.wait_for_selector('.enrichment-panel[data-status="done"]')
    entity_row(page, "Chilean").get_by_role("button", name="Reject Chilean", exact=True).click()
    page.locator(".enrichment-flash", has_text="Rejected").wait_for()
    page.locator(".enrichment-body-details > summary").click()
    page.locator(".enrichment-history > summary").click()
    open_removed_groups(page)
    page.mouse.move(5, 5)
    return article


def axe_violations(page, include: list[str]) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async (include) => {
        const result = await axe.run({include: include.map((s) => [s])}, {resultTypes: ['violations']});
        return result.violations.map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.length}));
    }""", include)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_contrast_axe_and_screenshots_in_both_themes(page, live_server, editor_login, no_broker, messy_paste,
                                                     tmp_path, scheme):
    page.emulate_media(color_scheme=scheme)  # the admin's theme is "auto": it follows the system
    article = decided_page(page, live_server, editor_login, messy_paste)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == (
        "rgb(18, 18, 18)" if scheme == "dark" else "rgb(255, 255, 255)")

    ratios = page.evaluate(CONTRAST_JS, STATES)
    print(f"\ncontrast, {scheme} theme:")
    for name, ratio in ratios.items():
        print(f"  {name:28} {ratio}")
    assert all(ratio is not None for ratio in ratios.values()), [n for n, r in ratios.items() if r is None]
    low = {name: ratio for name, ratio in ratios.items() if ratio < TEXT_CONTRAST}
    assert not low

    found = axe_violations(page, ["#content-related"])
    print(f"axe on the change page's sidebar, {scheme}: {found or 'no violations'}")
    assert not [v for v in found if v["impact"] in BLOCKING]

    # the README's pictures: the top of the sidebar
    page.evaluate("window.scrollTo(0, 0)")  # the box in page coordinates
    box = page.locator("#content-related").bounding_box()
    shot = tmp_path / f"sidebar-{scheme}.png"
    page.screenshot(path=str(shot), full_page=True, clip={**box, "height": min(box["height"], SHOT_HEIGHT)})
    assert shot.stat().st_size > 10_000
    target = os.environ.get("SIDEBAR_SCREENSHOTS")  # e.g. docs: see docs/screenshot.py
    if target:
        shutil.copy(shot, ROOT / target / ("sidebar.png" if scheme == "light" else "sidebar-dark.png"))

    page.goto(f"{live_server.url}/admin/newsroom/article/")
    Article.objects.create(headline="Queued one", text=messy_paste)  # a status pill that is not zero
    page.reload()
    found = axe_violations(page, [".enrichment-counts", "td.field-enrichment_status"])
    print(f"axe on the changelist's status parts, {scheme}: {found or 'no violations'}")
    assert not [v for v in found if v["impact"] in BLOCKING]
    ratios = page.evaluate(CONTRAST_JS, {"queued pill": ".enrichment-counts .status-queued a",
                                         "zero pill": ".enrichment-counts .is-zero a"})
    print(f"changelist pills, {scheme}: {ratios}")
    assert all(r is not None and r >= TEXT_CONTRAST for r in ratios.values())
    assert article.pk


LONG_TITLE = "Harbour talks end with an accord on berths, fishing rights and the tide tables in Valparaiso"


@pytest.mark.parametrize("width", [1024, 1150, 1440, 1920])
def test_layout_from_1024_px_to_wide(page, live_server, editor_login, no_broker, messy_paste, width):
    editor_login()
    article = paste_and_save(page, live_server, LONG_TITLE, messy_paste)
    run_now(article)
    page.set_viewport_size({"width": width, "height": 900})
    page.reload()
    page.wait_for_selector('.enrichment-panel[data-status="done"]')
    main, side = page.locator("#content-main").bounding_box(), page.locator("#content-related").bounding_box()
    beside = side["x"] >= main["x"] + main["width"]
    below = side["y"] >= main["y"] + main["height"]
    text_width = page.locator("#id_text").bounding_box()["width"]
    print(f"\n{width} px: panel {'beside' if beside else 'under'} the form, Text box {text_width:.0f} px wide")
    assert beside or below
    assert text_width >= 300
    # the admin's HISTORY button and the title do not overlap
    history = page.locator(".object-tools").bounding_box()
    title = page.evaluate("""() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('#content > h1'));
        return Array.from(r.getClientRects()).map((b) => ({x: b.x, y: b.y, right: b.right, bottom: b.bottom})); }""")
    assert not any(b["x"] < history["x"] + history["width"] and history["x"] < b["right"]
                   and b["y"] < history["y"] + history["height"] and history["y"] < b["bottom"] for b in title)

    # the panel can be hidden, and stays hidden after a reload
    page.get_by_role("button", name="Hide the enrichment panel").click()
    assert page.locator("#enrichment-sidebar").is_hidden()
    assert page.locator("#content-main").bounding_box()["width"] > main["width"] or below
    page.reload()
    assert page.locator("#enrichment-sidebar").is_hidden()
    page.get_by_role("button", name="Show the enrichment panel").click()
    assert page.locator("#enrichment-sidebar").is_visible()
