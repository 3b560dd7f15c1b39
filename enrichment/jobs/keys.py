"""A job is (article_id, text_hash): it only ever touches the state row for that text."""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence, TypeVar

from django.db.models import Q

Key = tuple[int, str]
T = TypeVar("T")


def job_keys(items: Iterable[Sequence]) -> list[Key]:
    """A task's arguments, [[article_id, text_hash], ...], as distinct keys in order."""
    return list(dict.fromkeys((int(item[0]), str(item[1])) for item in items))


def keys_filter(keys: Iterable[Key]) -> Q:
    """The state rows of exactly these jobs: article and text hash."""
    q = Q(pk__in=[])
    for article_id, text_hash in keys:
        q |= Q(article_id=article_id, text_hash=text_hash)
    return q


def chunked(items: Sequence[T], size: int) -> Iterator[list[T]]:
    size = max(1, size)
    for start in range(0, len(items), size):
        yield list(items[start:start + size])
