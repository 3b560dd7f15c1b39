// Paste capture: when an editor pastes into the article's text, keep the clipboard's text/html
// verbatim in the hidden field beside it (enrichment/forms.py reads it). The textarea still gets the plain text (the browser's
// own paste: no preventDefault). The HTML is only ever a string here: never parsed or inserted.
(function () {
  "use strict";
  const gettext = window.gettext || ((s) => s);  // Django's JavaScript catalog, when loaded
  const interpolate = window.interpolate || ((fmt, obj) => fmt.replace(/%\(\w+\)s/g, (m) => String(obj[m.slice(2, -2)])));
  document.querySelectorAll("input[data-enrichment-paste-for]").forEach((hidden) => {
    const text = document.getElementById(hidden.dataset.enrichmentPasteFor);
    if (!text) return;
    const limit = Number(hidden.dataset.maxChars) || Infinity;
    const note = document.createElement("p");
    note.className = "help enrichment-paste-note";
    note.hidden = true;
    text.insertAdjacentElement("afterend", note);

    text.addEventListener("paste", (event) => {
      // Only a paste that replaces the whole text is the page the HTML describes; a phrase
      // pasted into the text keeps the HTML on file (the cleaner uses it for the lines it finds).
      const whole = text.selectionStart === 0 && text.selectionEnd === text.value.length;
      if (!whole) return;
      const html = event.clipboardData ? event.clipboardData.getData("text/html") : "";
      note.hidden = true;
      if (html.length > limit) {
        hidden.value = "";
        note.textContent = interpolate(gettext("The page's HTML on the clipboard is over the limit of %(limit)s characters: only the text is kept."),
                                       { limit: limit.toLocaleString() }, true);
        note.hidden = false;
        return;
      }
      // As a JSON string: a form post would turn its line breaks into CRLF. Nothing when the
      // source gave no HTML: the text is cleaned on its own.
      hidden.value = html ? JSON.stringify(html) : "";
    });
  });
})();
