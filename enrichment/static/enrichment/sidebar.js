// The enrichment sidebar: refresh while work is queued or running, and send its small forms
// without leaving the page. Without JavaScript every form still works (post, then redirect).
(function () {
  "use strict";
  const box = document.getElementById("enrichment-sidebar");
  if (!box) return;
  const HEADERS = { "X-Requested-With": "XMLHttpRequest" };
  let timer = null;

  // Only the sidebar fragment goes into the sidebar. When the session has expired, fetch follows
  // the redirect to the login page and gets a 200 with a whole page: reload the page instead,
  // so the editor sees the admin's login (and comes back here after it).
  function isFragment(response) {
    return !response.redirected && response.headers.get("X-Enrichment-Fragment") === "1";
  }

  function panel() { return box.querySelector(".enrichment-panel"); }

  function schedule() {
    const current = panel();
    if (timer || !current || current.dataset.refresh !== "1") return;
    timer = setTimeout(refresh, 1500);
  }

  function replace(html) {
    const open = Array.from(box.querySelectorAll("details[open][data-key]"), (d) => d.dataset.key);
    box.innerHTML = html;  // the server renders the fragment with every value escaped
    box.querySelectorAll("details[data-key]").forEach((d) => { if (open.includes(d.dataset.key)) d.open = true; });
    const sync = box.querySelector("textarea.enrichment-sync");
    if (sync) {  // keep the open change form in step with what was just saved
      const field = document.getElementById("id_" + sync.dataset.field);
      if (field) field.value = sync.value;
    }
    const flash = box.querySelector(".enrichment-flash");
    if (flash) flash.focus({ preventScroll: true });
    schedule();
  }

  async function refresh() {
    timer = null;
    const current = panel();
    if (!current || current.dataset.refresh !== "1") return;
    try {
      const response = await fetch(box.dataset.url, { credentials: "same-origin", headers: HEADERS });
      if (response.ok && !isFragment(response)) { window.location.reload(); return; }
      if (response.ok) { replace(await response.text()); return; }
    } catch (error) { /* offline for a moment: try again on the next tick */ }
    schedule();
  }

  box.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("enrichment-form")) return;
    if (form.dataset.plain === "1") return;  // the fallback below: an ordinary post
    event.preventDefault();
    const submitter = event.submitter;
    const body = new FormData(form, submitter);  // before the buttons are disabled: disabled ones are left out
    box.setAttribute("aria-busy", "true");
    form.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    try {
      const response = await fetch(form.getAttribute("action"), {  // form.action is the input named "action"
        method: "POST", credentials: "same-origin", headers: HEADERS, body,
      });
      if ((response.ok || response.status === 400) && !isFragment(response)) { window.location.reload(); return; }
      if (response.ok || response.status === 400) { replace(await response.text()); return; }
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

  schedule();
})();
