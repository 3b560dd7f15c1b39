"""The article's container: the element whose paragraphs hold the most prose, and its siblings that share it.

Readability's idea, kept small: each prose line scores its container in full and the container's
parent in half; the best-scored element and those of its siblings that score at least a share of
it are the article. Ancestor look-ups climb at most the parser's depth limit, so this stays linear.
"""
from __future__ import annotations

from .dom import tag_of
from .structure import CONTENT, DomLine

# Tags that are one paragraph: their parent is the container that gathers them.
PARAGRAPH_TAGS = frozenset("p li h2 h3 h4 h5 h6 blockquote pre dd dt td th figcaption".split())
# A sibling of the best container with this share of its score is more of the article (a story cut in
# several columns or sections).
SIBLING_SHARE = 0.2
# Siblings and cousins of the best container (sharing a parent or a grandparent) are candidates: a story
# cut in columns, each column a wrapper around its paragraphs.
KIN_LEVELS = 2
PROSE_MIN_WORDS = 20
LINK_SHARE_MAX = 0.5


def article_nodes(lines: list[DomLine]) -> set | None:
    """The elements that make up the article, or None when no line is prose.

    Elements themselves, not their id(): lxml makes a new proxy object when none is alive, so an id
    is only stable while something holds the element."""
    score: dict = {}
    for line in lines:
        if line.role != CONTENT or line.link_share > LINK_SHARE_MAX or line.node is None:
            continue
        n = len(line.text.split())
        if n < PROSE_MIN_WORDS:
            continue
        box = line.node.getparent() if tag_of(line.node) in PARAGRAPH_TAGS else line.node
        for el, weight in ((box, 1.0), (box.getparent() if box is not None else None, 0.5)):
            if el is not None:
                score[el] = score.get(el, 0.0) + weight * n
    if not score:
        return None
    top = max(score, key=score.get)
    family = {a for a in _ancestors(top, KIN_LEVELS)}
    return {top} | {el for el, s in score.items() if s >= SIBLING_SHARE * score[top]
                    and family.intersection(_ancestors(el, KIN_LEVELS))}


def _ancestors(el, n: int) -> list:
    """Up to n ancestors of the element, nearest first."""
    out = []
    el = el.getparent()
    while el is not None and len(out) < n:
        out.append(el)
        el = el.getparent()
    return out


def inside(node, chosen: set) -> bool:
    """Whether the element is one of the chosen ones or inside one."""
    while node is not None:
        if node in chosen:
            return True
        node = node.getparent()
    return False
