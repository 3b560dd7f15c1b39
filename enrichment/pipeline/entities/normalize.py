"""What NER reads: the paste's encoding repaired, and a shouted dateline written as a name."""
from __future__ import annotations

import re

import ftfy

# Mojibake ("FranÃ§ois", "â€œ", "¬†" for a no-break space) repaired; curly quotes, dashes and
# the width of characters are left as the page wrote them.
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)

# "HARRISBURG, Pa. —", "MOSCOW (AP) —", "NEW YORK -": upper-case words opening a paragraph,
# before a parenthesis or a dash. NER reads "HARRISBURG" as an organisation, "Harrisburg" as a place.
_DATELINE = re.compile(r"^[\"“]?((?:[A-Z][A-Z'’.]+)(?:[ -][A-Z][A-Z'’.]+)*)(?=,?\s*(?:[A-Z][a-z]+\.?\s*)?(?:\(|[—–-]\s|[—–]))")


def repair(text: str) -> str:
    """The text with broken encodings fixed (ftfy); unchanged when there is nothing to fix."""
    return ftfy.fix_text(text, _FTFY)


def recase_dateline(paragraph: str) -> str:
    """The paragraph with an upper-case dateline in title case, same length (offsets hold)."""
    m = _DATELINE.match(paragraph)
    if not m or not any(len(w) > 2 for w in re.findall(r"[A-Z]+", m.group(1))):
        return paragraph
    start, end = m.span(1)
    words = re.sub(r"[A-Z]+", lambda w: w.group()[0] + w.group()[1:].lower(), m.group(1))
    return paragraph[:start] + words + paragraph[end:]
