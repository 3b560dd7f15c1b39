"""ETags and ``If-Match``: two editors cannot silently overwrite each other.

A response carries a strong ETag; a write that sends ``If-Match`` with another tag gets
412 Precondition Failed. The check runs with the article's row locked, so two writes sent
with the same tag cannot both pass. A write without ``If-Match`` is allowed.
"""
from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import Count, Max
from rest_framework import status
from rest_framework.exceptions import APIException
from django.utils.translation import gettext_lazy as _

from ..articles import article_hash
from ..models import Decision, EnrichmentResult, EnrichmentState


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
