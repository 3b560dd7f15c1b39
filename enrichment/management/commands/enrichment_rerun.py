"""Re-enrich many articles on the bulk queue, in chunks that each batch through nlp.pipe."""
from __future__ import annotations

import time

from django.core.exceptions import FieldError, ValidationError
from django.utils.translation import gettext as _, ngettext
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef
from tqdm import tqdm

from enrichment.conf import enrichment_settings as conf
from enrichment.jobs.queueing import Queued, request_many
from enrichment.models import EnrichmentResult, EnrichmentState, Status
from enrichment.pipeline.version import PIPELINE_VERSION

from ._progress import wait_for_enrichment


class Command(BaseCommand):
    help = ("Re-enrich articles on the bulk queue. Articles already enriched for their current text by "
            "this pipeline version are skipped (unless --force), so an interrupted run resumes when run again.")

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="every article")
        which.add_argument("--stale", action="store_true",
                           help="articles without a current result: never run, failed, text or pipeline changed")
        which.add_argument("--pipeline-older", action="store_true",
                           help=f"articles whose result is from a pipeline version other than {PIPELINE_VERSION}")
        which.add_argument("--ids", nargs="+", type=int, metavar="ID")
        which.add_argument("--filter", action="append", metavar="FIELD=VALUE",
                           help="a queryset filter on the article model, e.g. published=true (repeatable)")
        parser.add_argument("--chunk", type=int, default=conf.BATCH_SIZE, help="articles per task (default %(default)s)")
        parser.add_argument("--force", action="store_true", help="also re-run articles that are up to date")
        parser.add_argument("--wait", action="store_true", help="show progress until every article is done")
        parser.add_argument("--timeout", type=float, default=24 * 3600, help="seconds to wait at most")

    def handle(self, *args, chunk, force, wait, timeout, **options):
        if chunk < 1:
            raise CommandError(_("--chunk must be at least 1"))
        articles = self.selection(**options)
        total = articles.count()
        self.stdout.write(ngettext("%(count)d article selected", "%(count)d articles selected", total) % {"count": total})
        started = time.monotonic()
        queued = Queued()
        try:
            with tqdm(total=total, unit="article", desc="queueing", file=self.stderr, dynamic_ncols=True,
                      disable=total < 2 * chunk) as bar:
                queued = request_many(articles, force=force, chunk_size=chunk, on_sent=bar.update)
            self.stdout.write(
                _("queued %(queued)d in %(chunks)d chunks on %(queue)r; skipped %(done)d up to date, %(flight)d "
                  "already on their way") % {"queued": len(queued.ids), "chunks": queued.chunks_sent,
                                              "queue": conf.BULK_QUEUE, "done": queued.already_done,
                                              "flight": queued.in_flight}
                + (_("; %(count)d wait for the broker (the sweep sends them)") % {"count": queued.unsent}
                   if queued.unsent else "")
            )
            if wait and queued.ids:
                counts = wait_for_enrichment(queued.ids, timeout=timeout, stream=self.stderr)
                self.stdout.write(_("done %(done)d, failed %(failed)d, waiting %(waiting)d, time %(time).1f s") % {
                    **counts, "time": time.monotonic() - started})
                if counts["waiting"]:
                    raise CommandError(_("%(waiting)d articles were not enriched within %(timeout).0f s") % {
                        "waiting": counts["waiting"], "timeout": timeout})
        except KeyboardInterrupt:
            self.stderr.write("\n" + _(
                "interrupted: the chunks already sent keep running on the workers; run the same command "
                "again to queue the rest (finished articles are skipped)."))
            raise SystemExit(130)

    def selection(self, *, all, stale, pipeline_older, ids, filter, **options):
        articles = conf.article_model().objects.all()
        version = PIPELINE_VERSION
        if ids:
            return articles.filter(pk__in=ids)
        if stale:
            current = EnrichmentState.objects.filter(
                article=OuterRef("pk"), status=Status.DONE, pipeline_version=version)
            # A save of a new text leaves its state queued; --all also finds texts changed by update().
            return articles.exclude(Exists(current))
        if pipeline_older:
            results = EnrichmentResult.objects.filter(article=OuterRef("pk"))
            return articles.filter(Exists(results.exclude(pipeline_version=version))).exclude(
                Exists(results.filter(pipeline_version=version)))
        if filter:
            lookups = {}
            for item in filter:
                field, sep, value = item.partition("=")
                if not sep or not field:
                    raise CommandError(f"--filter {item!r}: expected FIELD=VALUE")
                lookups[field] = {"true": True, "false": False, "none": None}.get(value.lower(), value)
            try:
                selected = articles.filter(**lookups).distinct()
                selected.exists()  # bad values surface here, not halfway through queueing
                return selected
            except (FieldError, ValidationError, ValueError) as exc:
                raise CommandError(f"--filter: {exc}") from exc
        return articles
