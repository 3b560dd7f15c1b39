// The enrichment sidebar: refresh while work is queued or running, and send its small forms
// without leaving the page. Without JavaScript every form still works (post, then redirect).
//
// What the editor is doing is never touched: a refresh patches the status region in place (it
// is aria-live, so the change is announced) and swaps the results only when the editor is not
// typing in the sidebar, or when they press "Show" on the "New results" notice. After an action
// its feedback appears next to it and focus goes to the next thing to act on.
(function () {
  "use strict";
  // Strings go through Django's JavaScript catalog (djangojs domain) when the page loaded it.
  const gettext = window.gettext || ((s) => s);
  const ngettext = window.ngettext || ((one, many, n) => (n === 1 ? one : many));
  const interpolate = window.interpolate || ((fmt, obj, named) => (named
    ? fmt.replace(/%\(\w+\)s/g, (m) => String(obj[m.slice(2, -2)]))
    : fmt.replace(/%s/g, () => String(obj.shift()))));
  const box = document.getElementById("enrichment-sidebar");
  if (!box) return;
  const HEADERS = { "X-Requested-With": "XMLHttpRequest" };
  const REFRESH_MS = 1500;  // while queued or running: a run takes about a second
  const COLLAPSED_KEY = "enrichment-sidebar-collapsed";
  const FOCUSABLE = "button, summary, input:not([type=hidden]), select, textarea, a[href]";
  const TYPING = "input:not([type]), input[type=text], input[type=search], textarea, select";
  let timer = null;
  let pending = null;  // a newer fragment held back while the editor types

  // Only the sidebar fragment goes into the sidebar. When the session has expired, fetch follows
  // the redirect to the login page and gets a 200 with a whole page: reload the page instead,
  // so the editor sees the admin's login (and comes back here after it).
  function isFragment(response) {
    return !response.redirected && response.headers.get("X-Enrichment-Fragment") === "1";
  }

  function panel() { return box.querySelector(".enrichment-panel"); }

  function parse(html) {
    const template = document.createElement("template");
    template.innerHTML = html;  // the server renders the fragment with every value escaped
    return template.content.querySelector(".enrichment-panel");
  }

  function announce(text) {
    const region = document.getElementById("enrichment-announce");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(() => { region.textContent = text; }, 50);  // a change, even for the same text
  }

  // --- what the editor is doing -----------------------------------------------------------

  function typing() {
    const active = document.activeElement;
    return Boolean(active && box.contains(active) && active.matches(TYPING));
  }

  function rowKey(element) {
    const row = element && element.closest("[data-row]");
    return row ? row.dataset.row : "";
  }

  function rowsByKey(root, key) {
    return Array.from(root.querySelectorAll("[data-row]")).filter((r) => r.dataset.row === key);
  }

  // checkVisibility: the content of a closed <details> has boxes (content-visibility) but is hidden
  function visible(element) {
    return element.checkVisibility ? element.checkVisibility() : element.getClientRects().length > 0;
  }

  function firstFocusable(row) {
    return Array.from(row.querySelectorAll(FOCUSABLE)).find((el) => visible(el) && !el.disabled) || null;
  }

  // Typed text, open <details> and focus, carried from the old results to the new ones.
  function snapshot(sent) {
    const open = Array.from(box.querySelectorAll("details[open][data-key]"), (d) => d.dataset.key);
    const typed = Array.from(box.querySelectorAll("input[type=text], textarea"))
      .filter((f) => f.value !== f.defaultValue && rowKey(f) && !(sent && sent.contains(f)))
      .map((f) => ({ row: rowKey(f), name: f.name, value: f.value }));
    const active = document.activeElement;
    let focus = null;
    if (active && box.contains(active) && rowKey(active)) {
      const row = active.closest("[data-row]");
      focus = { row: row.dataset.row, index: Array.from(row.querySelectorAll(FOCUSABLE)).indexOf(active),
                start: active.selectionStart, end: active.selectionEnd };
    }
    return { open, typed, focus };
  }

  function restore(state) {
    box.querySelectorAll("details[data-key]").forEach((d) => { if (state.open.includes(d.dataset.key)) d.open = true; });
    state.typed.forEach((t) => {
      const row = rowsByKey(box, t.row)[0];
      const field = row && Array.from(row.querySelectorAll("input, textarea")).find((f) => f.name === t.name);
      if (field) field.value = t.value;
    });
    if (state.focus) {
      const row = rowsByKey(box, state.focus.row)[0];
      const target = row && row.querySelectorAll(FOCUSABLE)[state.focus.index];
      if (target) {
        target.focus({ preventScroll: true });
        if (typeof state.focus.start === "number" && target.setSelectionRange) {
          try { target.setSelectionRange(state.focus.start, state.focus.end); } catch (e) { /* not a text field */ }
        }
      }
    }
  }

  // --- the status region and the results ------------------------------------------------------

  // The status region keeps its element, so screen readers announce the change; it is
  // rewritten only when the status itself changes (not every second of "waiting for 3 s").
  function patchStatus(next) {
    const current = panel();
    const status = current.querySelector(".enrichment-status");
    const nextStatus = next.querySelector(".enrichment-status");
    if (status && nextStatus && current.dataset.status !== next.dataset.status && !status.contains(document.activeElement)) {
      status.className = nextStatus.className;
      status.replaceChildren(...Array.from(nextStatus.childNodes));
    }
    current.dataset.status = next.dataset.status;
    current.dataset.refresh = next.dataset.refresh;
    current.dataset.statusToken = next.dataset.statusToken || "";  // what status_poll.js compares
  }

  // Everything but the status region is replaced; typed text, open details and focus are kept.
  function swapResults(next, sent) {  // sent: the form just sent, whose text is not carried over
    const state = snapshot(sent);
    const current = panel();
    patchStatus(next);
    const status = current.querySelector(".enrichment-status");
    const kids = Array.from(next.children);
    const at = kids.findIndex((k) => k.classList.contains("enrichment-status"));
    Array.from(current.children).forEach((child) => { if (child !== status) child.remove(); });
    if (status && at >= 0) {
      kids.slice(0, at).forEach((k) => status.before(k));
      kids.slice(at + 1).reverse().forEach((k) => status.after(k));
    } else {
      current.replaceChildren(...kids);
    }
    current.dataset.results = next.dataset.results;
    pending = null;
    enhance(current);
    restore(state);
  }

  function showNewer() {
    let notice = box.querySelector(".enrichment-newer");
    if (notice) return;
    notice = document.createElement("div");
    notice.className = "enrichment-newer";
    const text = document.createElement("span");
    text.textContent = gettext("New results are ready.") + " ";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "enrichment-button";
    button.textContent = gettext("New results: show");
    notice.append(text, button);
    const status = panel().querySelector(".enrichment-status");
    (status || panel().firstElementChild).after(notice);
    announce(gettext("New results are ready; they appear when you stop typing, or with New results: show."));
  }

  function receive(next) {
    if (!next) return;
    patchStatus(next);
    if (next.dataset.results === panel().dataset.results) return;
    if (typing()) { pending = next; showNewer(); return; }
    swapResults(next);
  }

  function schedule() {
    const current = panel();
    if (timer || !current || current.dataset.refresh !== "1") return;
    const poll = window.enrichmentStatusPoll;  // status_poll.js: tiny checks; the new sidebar when it changed
    if (poll && current.dataset.statusUrl) {
      timer = poll.watch(current.dataset.statusUrl, current.dataset.statusToken, (data) => {
        timer = null;
        if (data && data.html) { receive(parse(data.html)); schedule(); } else refresh();
      });
      return;
    }
    timer = setTimeout(refresh, REFRESH_MS);
  }

  async function refresh() {
    timer = null;
    const current = panel();
    if (!current || current.dataset.refresh !== "1") return;
    try {
      const response = await fetch(box.dataset.url, { credentials: "same-origin", headers: HEADERS });
      if (response.ok && !isFragment(response)) { window.location.reload(); return; }
      if (response.ok) receive(parse(await response.text()));
    } catch (error) { /* offline for a moment: try again on the next tick */ }
    schedule();
  }

  // Held results go in once the editor leaves the field they were typing in.
  box.addEventListener("focusout", () => {
    window.setTimeout(() => { if (pending && !typing()) swapResults(pending); }, 0);
  });

  // --- actions: feedback beside them, focus on the next thing to act on --------------------

  function placeOf(form, submitter) {
    const key = rowKey(form);
    const label = submitter ? submitter.textContent.trim().split(/\s+/).slice(0, 2).join(" ") : "";
    if (!key) return { key: "", label, next: [], previous: [] };
    const kind = key.split(":")[0] + ":";
    const rows = Array.from(box.querySelectorAll("[data-row]")).filter((r) => r.dataset.row.startsWith(kind));
    const at = rows.findIndex((r) => r.dataset.row === key && r.contains(form));
    return { key, label, next: rows.slice(at + 1).map((r) => r.dataset.row), previous: rows.slice(0, at).reverse().map((r) => r.dataset.row) };
  }

  // The control a row offers for the same action ("Reject" after a reject), else its first one.
  function focusIn(row, label) {
    const same = label && Array.from(row.querySelectorAll("button"))
      .find((b) => visible(b) && !b.disabled && b.textContent.trim().startsWith(label));
    return same || firstFocusable(row);
  }

  function firstRowWithFocus(keys, label) {
    for (const key of keys) {
      for (const row of rowsByKey(box, key)) {
        const target = focusIn(row, label);
        if (target) return { row, target };
      }
    }
    return null;
  }

  function placeFeedback(flash, place) {
    const own = rowsByKey(box, place.key).find(visible);
    if (own) { own.append(flash); return; }
    const next = firstRowWithFocus(place.next);
    const anchor = next ? next.row : null;
    if (anchor && /^(UL|OL)$/.test(anchor.parentElement.tagName)) {
      const item = document.createElement("li");
      item.className = "enrichment-flash-row";
      item.dataset.row = place.key;
      item.append(flash);
      anchor.before(item);
    } else if (anchor) {
      anchor.before(flash);
    } else {
      const results = panel().querySelector(".enrichment-results") || panel();
      results.prepend(flash);
    }
  }

  function afterAction(next, place, form, failed) {
    const flash = next.querySelector(".enrichment-flash");
    if (flash) flash.remove();
    swapResults(next, failed ? null : form);
    if (!flash) return;
    placeFeedback(flash, place);
    announce(flash.querySelector(".flash-text").textContent);
    const own = rowsByKey(box, place.key).map(firstFocusable).find(Boolean);
    const ahead = failed ? null : firstRowWithFocus(place.next, place.label) || firstRowWithFocus(place.previous, place.label);
    const target = failed ? own : (ahead ? ahead.target : own) || flash.querySelector("button");
    if (target) target.focus();
  }

  function askConfirm(form, submitter) {
    const old = form.parentElement.querySelector(".enrichment-confirm");
    if (old) old.remove();
    const ask = document.createElement("div");
    ask.className = "enrichment-confirm";
    ask.setAttribute("role", "group");
    ask.setAttribute("aria-label", gettext("Confirm a newsroom-wide rule"));
    const text = document.createElement("p");
    text.textContent = submitter.dataset.confirm;
    const yes = document.createElement("button");
    yes.type = "button";
    yes.className = "enrichment-button is-primary";
    yes.textContent = interpolate(gettext("Yes, %s"), [submitter.textContent.replace("…", "").trim().toLowerCase()]);
    const no = document.createElement("button");
    no.type = "button";
    no.className = "enrichment-button";
    no.textContent = gettext("Cancel");
    yes.addEventListener("click", () => { ask.remove(); form.dataset.confirmed = "1"; form.requestSubmit(submitter); });
    no.addEventListener("click", () => { ask.remove(); submitter.focus(); });
    ask.append(text, yes, " ", no);
    form.after(ask);
    yes.focus();
  }

  box.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("enrichment-form")) return;
    if (form.dataset.plain === "1") return;  // the fallback below: an ordinary post
    event.preventDefault();
    const submitter = event.submitter;
    if (submitter && submitter.dataset.confirm && form.dataset.confirmed !== "1") { askConfirm(form, submitter); return; }
    delete form.dataset.confirmed;
    const body = new FormData(form, submitter);  // before the buttons are disabled: disabled ones are left out
    const place = placeOf(form, submitter);
    box.setAttribute("aria-busy", "true");
    form.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    try {
      const response = await fetch(form.getAttribute("action"), {  // form.action is the input named "action"
        method: "POST", credentials: "same-origin", headers: HEADERS, body,
      });
      if ((response.ok || response.status === 400) && !isFragment(response)) { window.location.reload(); return; }
      if (response.ok || response.status === 400) {
        afterAction(parse(await response.text()), place, form, response.status === 400);
        schedule();
        return;
      }
      // The server answered (a 5xx, a proxy's 502): it may have done the work before failing.
      // Show the page as it is now; never post a second time.
      window.location.reload();
      return;
    } catch (error) {  // no answer at all (fetch failed): the form's ordinary post instead
      form.dataset.plain = "1";
      form.querySelectorAll("button").forEach((b) => { b.disabled = false; });
      form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
    } finally {
      box.removeAttribute("aria-busy");
    }
  });

  // --- "Use this headline", "Apply cleaned body": fill the form, never save, never overwrite ---

  function note(after, text, { error = false, undo = null } = {}) {
    const old = after.parentElement.querySelector(".enrichment-note");
    if (old) old.remove();
    const flash = document.createElement("span");
    flash.className = "enrichment-flash enrichment-note" + (error ? " is-error" : "");
    const words = document.createElement("span");
    words.className = "flash-text";
    words.textContent = text;
    flash.append(words);
    if (undo) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "enrichment-button is-quiet";
      button.textContent = gettext("Undo");
      button.addEventListener("click", () => { undo(); flash.remove(); after.focus(); announce(gettext("Undone.")); });
      flash.append(" ", button);
    }
    after.after(flash);
    announce(text);
  }

  function fill(button) {
    const field = document.getElementById(button.dataset.field);
    const what = button.dataset.what;
    if (!field) { note(button, interpolate(gettext("This form has no %(what)s field."), { what }, true), { error: true }); return; }
    if (field.value === button.dataset.value) { note(button, interpolate(gettext("The %(what)s field holds it already."), { what }, true)); return; }
    if (field.value !== field.defaultValue) {
      note(button, interpolate(gettext("The %(what)s field has changes you have not saved: nothing was replaced. Save or undo them first."), { what }, true), { error: true });
      return;
    }
    const before = field.value;
    field.value = button.dataset.value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    note(button, interpolate(gettext("Put in the %(what)s field, not saved yet: save the article to keep it."), { what }, true),
         { undo: () => { field.value = before; field.dispatchEvent(new Event("input", { bubbles: true })); } });
  }

  // --- entities in the text -----------------------------------------------------------------

  function clearSelection() {
    box.querySelectorAll("mark.ent.is-selected").forEach((m) => m.classList.remove("is-selected"));
    box.querySelectorAll("button.entity-name[aria-pressed=true]").forEach((b) => b.setAttribute("aria-pressed", "false"));
    box.querySelectorAll("li.enrichment-entity.is-selected").forEach((r) => r.classList.remove("is-selected"));
  }

  function markMentions(ref) {
    const marks = Array.from(box.querySelectorAll("mark.ent")).filter((m) => m.dataset.ref === ref);
    marks.forEach((m) => m.classList.add("is-selected"));
    box.querySelectorAll("button.entity-name").forEach((b) => { if (b.dataset.ref === ref) b.setAttribute("aria-pressed", "true"); });
    return marks;
  }

  function showMentions(button) {
    const wasPressed = button.getAttribute("aria-pressed") === "true";
    clearSelection();
    if (wasPressed) return;
    const marks = markMentions(button.dataset.ref);
    const body = box.querySelector(".enrichment-body-details");
    if (marks.length && body) {
      body.open = true;
      marks.forEach((m) => { const marker = m.closest("details:not(.enrichment-body-details)"); if (marker) marker.open = true; });
      marks[0].scrollIntoView({ block: "center" });
    }
    announce(marks.length ? interpolate(ngettext("%s mention marked in the clean body.", "%s mentions marked in the clean body.", marks.length), [marks.length])
                          : gettext("No mention in the clean body (only in captions)."));
  }

  function selectEntity(ref) {
    clearSelection();
    const row = Array.from(box.querySelectorAll("li.enrichment-entity")).find((r) => r.dataset.ref === ref);
    if (!row) return;
    const more = row.closest("details.entity-more");
    if (more) more.open = true;
    row.classList.add("is-selected");
    markMentions(ref);
    row.scrollIntoView({ block: "center" });
    const name = row.querySelector("button.entity-name");
    if (name) name.focus({ preventScroll: true });
  }

  box.addEventListener("click", (event) => {
    const target = event.target;
    const fillButton = target.closest(".enrichment-fill");
    if (fillButton) { fill(fillButton); return; }
    const name = target.closest("button.entity-name");
    if (name) { showMentions(name); return; }
    const mark = target.closest("mark.ent[data-ref]");
    if (mark) { selectEntity(mark.dataset.ref); return; }
    if (target.closest(".enrichment-newer button") && pending) {
      swapResults(pending);
      const first = firstFocusable(panel().querySelector(".enrichment-results") || panel());
      if (first) first.focus();
    }
  });

  // --- layout: the panel can be hidden, and the choice is remembered ------------------------

  function setupCollapse() {
    const toggle = document.querySelector(".enrichment-collapse");
    const content = document.getElementById("content");
    if (!toggle || !content) return;
    const apply = (collapsed) => {
      content.classList.toggle("enrichment-collapsed", collapsed);
      toggle.setAttribute("aria-expanded", String(!collapsed));
      toggle.textContent = collapsed ? gettext("Show the enrichment panel") : gettext("Hide the enrichment panel");
      box.hidden = collapsed;
    };
    let stored = null;
    try { stored = window.localStorage.getItem(COLLAPSED_KEY); } catch (e) { /* storage off */ }
    apply(stored === "1");
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      const collapse = toggle.getAttribute("aria-expanded") === "true";
      try { window.localStorage.setItem(COLLAPSED_KEY, collapse ? "1" : "0"); } catch (e) { /* storage off */ }
      apply(collapse);
    });
  }

  // Controls that need JavaScript are hidden in the HTML and shown here.
  function enhance(root) {
    root.querySelectorAll(".enrichment-fill[hidden]").forEach((b) => { b.hidden = false; });
  }

  setupCollapse();
  enhance(box);
  schedule();
})();
