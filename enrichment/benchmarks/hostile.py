"""Hostile input: lines and pages that make backtracking regexes and rescanning loops blow up, and the
time per MB of cleaning them (`python -m enrichment bench-clean --hostile`). The tests use the same shapes
(tests/pipeline/cleaning/test_hostile_lines.py)."""
from __future__ import annotations

import time
from typing import Callable

from ..pipeline import InputError, Options, clean

COPYRIGHT = "© 2026 Morrow Courier Media Group. All rights reserved."

# Lines of about n characters that make a backtracking pattern try many splits.
LINES: dict[str, Callable[[int], str]] = {
    "separator_run": lambda n: "| " * (n // 2),
    "links_then_copyright": lambda n: "Home | " * (n // 7) + COPYRIGHT,
    "links_trailing_bar": lambda n: "Stocks: " + "AB | " * (n // 5),
    "crumbs": lambda n: "News > " * (n // 7) + "> >",
    "pagination": lambda n: "« Previous | " + "".join(f"{i} | " for i in range(n // 5)) + "Next »",
    "digit_run": lambda n: "A" + "1" * n + "x",
    "digits_and_spaces": lambda n: "1 " * (n // 2) + "said x",
    "space_run": lambda n: "Photo" + " " * n + "AP x",
    "leading_space_run": lambda n: " " * n + "ad x",
    "spaces_in_chrome": lambda n: "Next post 12" + " " * n + "said | x",
    "letter_run": lambda n: "a" * n + "!",
    "capital_run": lambda n: "A" * n + "!",
    "dots": lambda n: "1." * (n // 2) + "x",
    "name_words": lambda n: "Ab Cd " * (n // 6) + "/ x",
    "open_parens": lambda n: "(" * n + "x",
    "dashes": lambda n: "A-" * (n // 2) + " / x",
    "heading_words": lambda n: "More " + "top " * (n // 4) + "news x",
    "bracket_spaces": lambda n: "[" + " " * n + "12 comments" + " " * n + "x",
}

# HTML pages of about n tags: nests, unclosed tags and quotes, an unclosed comment.
PAGES: dict[str, Callable[[int], str]] = {
    "unclosed_inline": lambda n: "<div>" + "<a>" * n + "</b>" * n + "</div>",
    "closed_nest": lambda n: "<div>" + "<span>" * n + "text" + "</span>" * n + "</div>",
    "unclosed_blocks": lambda n: "<html><body>" + "<p>para" * n,
    "caption_nest": lambda n: "<figure><figcaption>" + "<i>" * n + "A caption" + "</figcaption>" * n,
    "headings": lambda n: "<div>" + "<h1>Title" * n,
    "unclosed_comment": lambda n: "<p>x</p><p>y</p><!--" + "a" * n,
    "open_tags_no_end": lambda n: "<p>x</p><p>y</p>" + "<a href='" * n,
}

LINE_CHARS = 300  # a line of chrome-like length: the signatures try lines up to 400 characters
SIZES_MB = (0.25, 1.0)


def pastes(size: int) -> dict[str, str]:
    """Each kind of hostile paste at about `size` characters."""
    out = {}
    for name, make in LINES.items():
        line = make(LINE_CHARS)
        out[f"lines of {name}"] = "\n\n".join(f"{line} {i}" for i in range(size // (len(line) + 8) + 1))
        out[f"one line of {name}"] = "Morrow council votes on the harbour plan\n\n" + make(size)
    out["footer of links"] = "Morrow council votes\n\n" + " | ".join(
        f"Section {i}" for i in range(size // 13)) + " | " + COPYRIGHT
    for name, make in PAGES.items():
        per_tag = max(1, (len(make(1000)) - len(make(0))) // 1000)
        out[f"html {name}"] = make(size // per_tag)
    return out


def run(sizes_mb: tuple[float, ...] = SIZES_MB) -> str:
    """CPU seconds per MB of clean() on each kind of hostile paste, at each size (linear: the same per MB)."""
    per_mb: dict[str, list[float]] = {}
    for mb in sizes_mb:
        for kind, text in pastes(int(mb * 1_000_000)).items():
            start = time.process_time()
            try:
                clean(text, options=Options(max_chars=len(text) + 1))
            except InputError:
                pass  # a page with no text is refused, once read: that time counts too
            seconds = time.process_time() - start
            per_mb.setdefault(kind, []).append(seconds / (len(text.encode("utf-8")) / 1_000_000))
    rows = ["hostile paste".ljust(34) + "".join(f"{f'{mb:g} MB: s/MB':>15}" for mb in sizes_mb)]
    rows += [kind.ljust(34) + "".join(f"{s:15.2f}" for s in figures) for kind, figures in per_mb.items()]
    rows.append("CPU seconds of clean() per MB; linear work gives the same figure at each size")
    return "\n".join(rows)
