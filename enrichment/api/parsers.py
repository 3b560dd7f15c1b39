"""The API's one parser: JSON, bounded in size and depth, so no body can make it fail with a 500.

DRF's ``JSONParser`` lets the ``RecursionError`` of a deeply nested document escape, and reads
a body whose size Django did not know (no ``Content-Length``) past ``DATA_UPLOAD_MAX_MEMORY_SIZE``.
Our documents are at most five levels deep (decisions, a decision, its value, a list of names);
anything deeper is refused before a view sees it.
"""
from __future__ import annotations

import io

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .exceptions import too_large

MAX_DEPTH = 32  # levels of arrays and objects: six times what any request of the API needs


def depth(value) -> int:
    """How deeply arrays and objects nest in a parsed document, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise too_large()  # a body Django did not measure (no Content-Length)
        try:
            data = super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.") from None
        if depth(data) > MAX_DEPTH:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.")
        return data
