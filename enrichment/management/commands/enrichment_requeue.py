"""Send every waiting enrichment job to the broker again: after a broker outage, by hand."""
from __future__ import annotations

from django.utils.translation import gettext as _, ngettext
from django.core.management.base import BaseCommand, CommandError

from enrichment.articles import article_model
from enrichment.conf import enrichment_settings as conf
from enrichment.jobs.queueing import request_many
from enrichment.jobs.recovery import requeue_waiting
from enrichment.models import EnrichmentState, Status


class Command(BaseCommand):
    help = (
        "Send every waiting enrichment job: never handed to the broker, queued longer than "
        "--older-than seconds, or running past its deadline (start + its task's hard time limit: its worker died), "
        "each to the queue it was sent to (bulk jobs as chunks). "
        "Articles with no job at all are queued too. The periodic sweep (Celery beat) does the same."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", type=float, default=None, metavar="SECONDS",
            help=f"re-send queued jobs waiting longer than this (default ENRICHMENT['REQUEUE_AFTER'] = "
            f"{conf.REQUEUE_AFTER}); 0 re-sends every queued job, e.g. after Redis lost its data",
        )

        parser.add_argument(
            "--failed", action="store_true",
            help="also queue again the articles whose enrichment failed (after a long database outage)",
        )

    def handle(self, *args, older_than=None, failed=False, **options):
        if older_than is not None and older_than < 0:
            raise CommandError(_("--older-than must be 0 or more seconds."))
        if failed:
            failed_articles = article_model()._default_manager.filter(enrichment_state__status=Status.FAILED)
            queued = request_many(failed_articles, force=True)  # in chunks on the bulk queue, like re-runs
            n = len(queued.ids)
            self.stdout.write(ngettext("Queued %(count)d failed article again.", "Queued %(count)d failed articles again.",
                                       n) % {"count": n})
        sent = requeue_waiting(older_than=older_than)
        self.stdout.write(ngettext("Sent %(count)d waiting enrichment job to the broker.",
                                   "Sent %(count)d waiting enrichment jobs to the broker.", sent) % {"count": sent})
        unsent = EnrichmentState.objects.filter(status=Status.QUEUED, sent=False).count()
        if unsent:
            raise CommandError(ngettext("%(count)d job could not be handed to the broker: is it reachable?",
                                        "%(count)d jobs could not be handed to the broker: is it reachable?",
                                        unsent) % {"count": unsent})
