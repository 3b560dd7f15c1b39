"""A site's own chrome patterns (ENRICHMENT['EXTRA_BOILERPLATE']): compiled once, matched under a time guard.

The built-in signatures are ours and are written to be linear (tests/pipeline/cleaning/test_hostile_lines.py).
A site's patterns are not, so each line is matched with a timeout: the third-party `regex` module has one,
the standard `re` has none. It is imported only when a site has patterns, so the rest of cleaning stays on
the standard library.
"""
from __future__ import annotations

import re
from re import _constants as sre  # the standard parser's opcodes: what the static check walks
from re import _parser

from ..types import Notice

TIMEOUT_S = 0.05   # per line: a chrome line matches in microseconds, so this is a pattern that backtracks
MAX_TIMEOUTS = 3   # after this many in one paste the pattern is left out: a paste costs at most ~0.15 s more


def compile_site(pattern: str):
    """The pattern compiled as it will run; ValueError (naming the setting) when it does not compile."""
    import regex

    if not isinstance(pattern, str):
        raise ValueError(f"ENRICHMENT extra_boilerplate pattern {pattern!r} is not a string")
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise ValueError(f"ENRICHMENT extra_boilerplate pattern {pattern!r} is not a valid regex: {exc}") from exc


class SitePattern:
    """One site pattern for one paste: it counts its timeouts, and gives up after MAX_TIMEOUTS."""

    __slots__ = ("pattern", "_compiled", "timeouts")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled = compile_site(pattern)
        self.timeouts = 0

    def fullmatch(self, line: str) -> bool:
        if self.timeouts >= MAX_TIMEOUTS:
            return False
        try:
            return self._compiled.fullmatch(line, timeout=TIMEOUT_S) is not None
        except TimeoutError:
            self.timeouts += 1
            return False

    def warning(self) -> str:
        """A Notice (code ``site_pattern_timeout``) when the pattern timed out on this paste, else ""."""
        if not self.timeouts:
            return ""
        gave_up = self.timeouts >= MAX_TIMEOUTS
        left_out = " and was left out for the rest of the paste" if gave_up else ""
        ms = round(TIMEOUT_S * 1000)
        return Notice("site_pattern_timeout",
                      f"The site boilerplate pattern {self.pattern!r} took longer than {ms} ms on "
                      f"{self.timeouts} line(s){left_out}; those lines were kept. Rewrite it so it cannot backtrack.",
                      pattern=self.pattern, ms=ms, lines=self.timeouts, gave_up=gave_up)


def nested_quantifiers(pattern: str) -> bool:
    """A repeated group that holds a repeat ("(a+)+", "(\\w+\\s?)*"): the text can be split between the
    two in many ways, and a line that fails to match tries them all. Possessive repeats ("a++") and
    atomic groups ("(?>...)") give nothing back, so they are not counted. Patterns `re` cannot parse
    are not judged here (the compile check reports them)."""
    try:
        parsed = _parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return _has_nested(parsed, inside_repeat=False)


_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)


def _has_nested(items, *, inside_repeat: bool) -> bool:
    for op, av in items:
        if op in _REPEATS:
            repeats = av[1] > 1
            if repeats and inside_repeat or _has_nested(av[2], inside_repeat=inside_repeat or repeats):
                return True
        elif op is sre.SUBPATTERN and _has_nested(av[3], inside_repeat=inside_repeat):
            return True
        elif op is sre.BRANCH and any(_has_nested(b, inside_repeat=inside_repeat) for b in av[1]):
            return True
        elif op in (sre.ASSERT, sre.ASSERT_NOT) and _has_nested(av[1], inside_repeat=inside_repeat):
            return True
    return False
