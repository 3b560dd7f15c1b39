"""Throughput, latency and memory: raw spaCy, the pure pipeline, and real workers end to end."""
from __future__ import annotations

import json
import os
from pathlib import Path

from celery import current_app
from django.core.management.base import BaseCommand, CommandError

from enrichment.benchmarks.pipeline import load_texts

try:
    from enrichment.benchmarks import end_to_end
except ModuleNotFoundError as exc:  # psutil comes with the "bench" extra only
    end_to_end, MISSING = None, exc.name

KEYS = ("spacy_words_per_s", "pipeline_words_per_s", "pipeline_ratio", "end_to_end_words_per_s",
        "end_to_end_ratio", "latency_p50_ms", "latency_p95_ms", "worker_rss_mb")


class Command(BaseCommand):
    help = ("Measure, in one run on the same texts: raw spaCy NER, the pure pipeline, N articles end "
            "to end through W real worker processes, single-save latency and worker memory.")

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=200, help="how many articles (default 200)")
        parser.add_argument("--workers", type=int, default=1, help="worker processes (--concurrency)")
        parser.add_argument("--texts", metavar="JSONL", help='texts ({"text"} per line); default: generated')
        parser.add_argument("--samples", type=int, default=15, help="single saves timed for latency")
        parser.add_argument("--json", dest="json_out", metavar="OUT", type=Path, help="also write the figures as JSON")
        parser.add_argument("--app", default=os.environ.get("CELERY_APP") or current_app.main or "newsroom",
                            help="the Celery app the workers run (celery -A APP)")
        parser.add_argument("--no-compare", action="store_true", help="with --workers > 1, skip the 1-worker run")
        parser.add_argument("--timeout", type=float, default=1800)
        parser.add_argument("--scale", type=int, action="append", metavar="N",
                            help="instead: fill N articles (repeatable), time the admin and API views, clean up")
        parser.add_argument("--poll-pages", type=int, metavar="P",
                            help="instead: P open sidebars poll a real gunicorn; requests/s and server CPU")
        parser.add_argument("--poll-seconds", type=float, default=30)
        parser.add_argument("--during-rerun", type=int, metavar="N",
                            help="instead: editors' save-to-done latency while N articles are re-run in bulk "
                                 "(one worker process per queue)")

    def handle(self, *args, articles, workers, texts, samples, json_out, app, no_compare, timeout, scale, poll_pages,
               poll_seconds, during_rerun, **options):
        if during_rerun:
            from enrichment.benchmarks import bulk_latency

            figures = bulk_latency.run(load_texts(texts, n=articles), bulk=during_rerun, samples=samples, app=app,
                                       log=lambda line: self.stderr.write(line))
            self.stdout.write(json.dumps(figures, indent=2))
            if json_out:
                json_out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
            return
        if poll_pages:
            from enrichment.benchmarks import polling

            figures = polling.run(pages=poll_pages, seconds=poll_seconds, log=lambda line: self.stderr.write(line))
            self.stdout.write(json.dumps(figures, indent=2))
            if json_out:
                json_out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
            return
        if scale:
            return self.handle_scale(scale, json_out)
        if end_to_end is None:
            raise CommandError(f"{MISSING} is not installed: pip install 'django-newsroom-enrichment[bench]'")
        if articles < 1 or workers < 1 or samples < 1:
            raise CommandError("--articles, --workers and --samples must be at least 1")
        if texts and not Path(texts).exists():
            raise CommandError(f"{texts}: no such file")
        corpus = load_texts(texts, n=articles)
        if not corpus:
            raise CommandError(f"{texts}: no texts in it")
        figures = end_to_end.run(
            corpus, workers=workers, samples=samples, app=app, compare_one=not no_compare, timeout=timeout,
            log=lambda line: self.stderr.write(line),
        )
        width = max(map(len, figures))
        for key, value in figures.items():
            shown = f"{value:,.1f}" if isinstance(value, float) and "ratio" not in key else value
            self.stdout.write(f"{key:<{width}}  {shown}")
        if json_out:
            json_out.write_text(_dumps(figures) + "\n", encoding="utf-8")
            self.stderr.write(f"figures written to {json_out}")


    def handle_scale(self, scales: list[int], json_out: Path | None) -> None:
        from enrichment.benchmarks import scale as scale_bench

        if min(scales) < 1:
            raise CommandError("--scale must be at least 1")
        rows = scale_bench.run(scales, log=lambda line: self.stderr.write(line))
        columns = list(rows[0])
        self.stdout.write(" | ".join(columns))
        for row in rows:
            self.stdout.write(" | ".join(f"{row[c]:,}" if isinstance(row[c], int) else str(row[c]) for c in columns))
        text = json.dumps(rows, indent=2)
        self.stdout.write(text)
        if json_out:
            json_out.write_text(text + "\n", encoding="utf-8")


def _dumps(figures: dict) -> str:
    return json.dumps({k: figures[k] for k in (*KEYS, *sorted(set(figures) - set(KEYS)))}, indent=2)
