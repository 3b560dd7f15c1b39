"""ETags and ``If-Match``: two editors cannot silently overwrite each other; writes retried
when PostgreSQL aborts them to break a deadlock.

A response carries a strong ETag; a write that sends ``If-Match`` with another tag gets
412 Precondition Failed. The check runs with the article's row locked, so two writes sent
with the same tag cannot both pass. A write without ``If-Match`` is allowed.

Every write takes the article's row before its job's row (docs/architecture.md, "Lock order"),
as the worker does; a deadlock or serialization failure that still happens (with a host's own
code, say) is retried by ``retried_transaction``, never answered with a 500.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import random
import time
from typing import Any

from django.db import OperationalError, transaction
from django.db.models import Count, Max
from rest_framework import status
from rest_framework.exceptions import APIException
from django.utils.translation import gettext_lazy as _

from ..articles import article_hash
from ..models import Decision, EnrichmentResult, EnrichmentState

logger = logging.getLogger(__name__)


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("It changed since you read it: read it again (a new ETag) and retry.")
    default_code = "precondition_failed"


def make_etag(*parts: Any) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass")).hexdigest()
    return f'"{digest[:32]}"'


def enrichment_etag(article) -> str:
    """Changes when a run is queued or finishes, a result is stored, or a decision is made."""
    state = (
        EnrichmentState.objects.filter(article=article)
        .values_list("status", "text_hash", "queued_at", "finished_at").first()
    )
    results = EnrichmentResult.objects.filter(article=article).aggregate(n=Count("id"), last=Max("id"))
    decisions = Decision.objects.filter(article=article).aggregate(n=Count("id"), last=Max("id"))
    return make_etag(article.pk, article_hash(article), state, sorted(results.items()),
                     sorted(decisions.items()))


def if_match_passes(header: str | None, etag: str) -> bool:
    """RFC 9110 13.1.1: ``*`` or any listed strong tag equal to ours; weak tags never match."""
    if header is None:
        return True
    tags = [tag.strip() for tag in header.split(",")]
    return "*" in tags or etag in tags


def check_if_match(request, etag: str) -> None:
    if not if_match_passes(request.headers.get("If-Match"), etag):
        raise PreconditionFailed()


def lock(instance):
    """The row of ``instance`` again, locked until the transaction ends."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


# --- deadlocks and serialization failures: retried, never a 500 -------------------------------

RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure
WRITE_ATTEMPTS = 4  # PostgreSQL aborts one side of a deadlock; the retry waits for the other's commit
RETRY_PAUSE = 0.05  # seconds, times the attempt, jittered so two retried writes do not meet again


def is_retryable(exc: BaseException) -> bool:
    cause = exc.__cause__
    return (getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)) in RETRYABLE_SQLSTATES


def retried_transaction(view):
    """Run the view method in a transaction of its own, again when PostgreSQL aborts it for a
    deadlock or a serialization failure (``WRITE_ATTEMPTS`` runs at most). Inside a caller's
    transaction (``ATOMIC_REQUESTS``, a test) it runs once: only the outermost one can retry."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if transaction.get_connection().in_atomic_block:
            return view(*args, **kwargs)
        for attempt in range(1, WRITE_ATTEMPTS):
            try:
                with transaction.atomic():
                    return view(*args, **kwargs)
            except OperationalError as exc:
                if not is_retryable(exc):
                    raise
                logger.warning("%s retried (run %d): %s", view.__qualname__, attempt, exc)
            time.sleep(random.uniform(0, RETRY_PAUSE * attempt))
        with transaction.atomic():  # the last run: its error, if any, is the answer
            return view(*args, **kwargs)

    return wrapper
