// Refresh the enrichment sidebar while its work is queued or running.
(function () {
  "use strict";
  const box = document.getElementById("enrichment-sidebar");
  if (!box) return;
  function panel() { return box.querySelector(".enrichment-panel"); }
  async function refresh() {
    const current = panel();
    if (!current || current.dataset.refresh !== "1") return;
    try {
      const response = await fetch(box.dataset.url, { credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" } });
      if (response.ok) box.innerHTML = await response.text();
    } catch (error) { /* offline for a moment: try again on the next tick */ }
    setTimeout(refresh, 1500);
  }
  setTimeout(refresh, 1500);
})();
