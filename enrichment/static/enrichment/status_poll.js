// Watching a pending enrichment cheaply: poll the article's tiny status endpoint (a few bytes,
// one query) and call back once, when the token changes, with the new sidebar in the same
// answer (``html``). Quick at first, because most runs finish within a second; slower the longer a job
// waits, so 50 open pages of a long queue cost the server little.
(function () {
  "use strict";
  const FIRST_MS = 100;  // a save's run takes 100-300 ms: the first checks come that soon
  const GROWTH = 1.25;   // 1 s after the save a check every 250 ms, after 10 s every 3 s
  const MAX_MS = 3000;   // and never less often: a long queue still shows its end within 3 s
  const HIDDEN_MS = 10000;  // a tab in the background checks rarely

  // Returns a function that stops the watch. onChange(data) gets the new {status, token, html}, or
  // null when the endpoint answered something else (e.g. the login page after the session ended).
  function watch(url, token, onChange) {
    let delay = FIRST_MS;
    let stopped = false;
    let timer = null;
    async function tick() {
      if (stopped) return;
      try {
        const query = (url.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token);
        const response = await fetch(url + query, {
          credentials: "same-origin", cache: "no-store",
          headers: { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" },
        });
        const json = (response.headers.get("Content-Type") || "").startsWith("application/json");
        if (!response.ok || response.redirected || !json) { stopped = true; onChange(null); return; }
        const data = await response.json();
        if (data.token !== token) { stopped = true; onChange(data); return; }
      } catch (error) { /* offline for a moment: ask again later */ }
      delay = Math.min(MAX_MS, delay * GROWTH);
      timer = setTimeout(tick, document.hidden ? HIDDEN_MS : delay);
    }
    timer = setTimeout(tick, delay);
    return function stop() { stopped = true; clearTimeout(timer); };
  }

  window.enrichmentStatusPoll = { watch };
})();
