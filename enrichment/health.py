"""The plugin's own health check for django-health-check (the ``ops`` extra): fails when an
editor's save waits too long for a worker.

Only the editors' queue is judged: a bulk re-run legitimately waits for hours behind itself.
The wait is read from ``EnrichmentState.queued_at`` (indexed by status, one query), which the
sweep resets when it sends a job again, so with the default ``max_wait`` (under
``REQUEUE_AFTER``) a stalled queue fails the check for most of each sweep cycle.
"""
from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from .conf import enrichment_settings as conf
from .models import EnrichmentState, Status

# An editor's save starts in seconds when a worker is free; two minutes means the workers are
# down, stuck or far too few. Below REQUEUE_AFTER (300 s) so the sweep's re-send does not hide it.
MAX_WAIT = datetime.timedelta(seconds=120)


def oldest_wait(now=None) -> datetime.timedelta | None:
    """How long the oldest queued job of the editors' queue has waited; None when none waits."""
    now = now or timezone.now()
    oldest = EnrichmentState.objects.filter(
        Q(queue=conf.QUEUE) | Q(queue=""), status=Status.QUEUED, queued_at__isnull=False,
    ).aggregate(oldest=Min("queued_at"))["oldest"]
    return None if oldest is None else now - oldest


@dataclasses.dataclass
class Backlog(HealthCheck):
    """``"enrichment.health.Backlog"`` in ``HealthCheckView(checks=[...])``; ``max_wait`` tunes it."""

    max_wait: datetime.timedelta = MAX_WAIT

    def run(self) -> None:
        waited = oldest_wait()
        if waited is not None and waited > self.max_wait:
            raise ServiceUnavailable(
                _("The oldest queued enrichment has waited %(waited)d s (limit %(limit)d s): are the workers "
                  "running and consuming %(queue)r?") % {
                    "waited": waited.total_seconds(), "limit": self.max_wait.total_seconds(), "queue": conf.QUEUE})
