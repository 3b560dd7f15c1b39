"""Create articles from .txt files (the whole file is the paste) or JSON Lines, and queue them
on the bulk queue in chunks (jobs.queueing.request_many), as re-runs are: an import never delays editors.

The clipboard's HTML of a paste comes beside it: ``story.html`` next to ``story.txt`` is the HTML
of that text (one article, whether one or both files are named), and a JSON Lines item may carry
``html`` (or ``pasted_html``). An ``.html`` file with no ``.txt`` beside it is itself the paste, as
any other file is. The HTML is stored with ``enrichment.pasted_html.keep_html``, never rendered."""
from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _, ngettext
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from enrichment.conf import enrichment_settings as conf
from enrichment.jobs.queueing import SCAN_BATCH, Queued, enqueue_deferred, request_many
from enrichment.pasted_html import keep_html
from enrichment.validators import html_problem, paste_problem, validate_title

from ._progress import wait_for_enrichment

HTML_SUFFIXES = (".html", ".htm")


class Command(BaseCommand):
    help = ("Import articles from .txt files (story.html beside story.txt is its clipboard HTML) or JSON Lines "
            "of {headline, text, html}, queued in chunks on the bulk queue; --wait shows progress. A bad item "
            "is skipped with a message, the others are imported.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--wait", action="store_true", help="wait until every article is enriched")
        parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait at most")

    def handle(self, *args, paths, wait, timeout, **options):
        Article = conf.article_model()
        self.max_headline = Article._meta.get_field(conf.TITLE_FIELD).max_length  # None: no limit
        ids, batch = [], []
        self.skipped = 0
        queued = Queued()
        self.seen: set[Path] = set()  # story.txt and story.html named both: one article
        for path in paths:
            for headline, text, html, where in self.read(path):
                problem = self.problem(headline, text, html)
                if not problem:
                    try:
                        with enqueue_deferred(), transaction.atomic():
                            article = Article.objects.create(**{conf.TITLE_FIELD: headline, conf.TEXT_FIELD: text})
                            if html:
                                keep_html(article, html)
                    except (DatabaseError, ValidationError) as exc:
                        problem = f"could not be stored ({' '.join(str(exc).split())[:300]})"
                if problem:
                    self.skip(where, problem)
                    continue
                ids.append(article.pk)
                batch.append(article.pk)
                if len(batch) >= SCAN_BATCH:
                    self.queue(batch, queued)
                    batch = []
        if batch:
            self.queue(batch, queued)
        self.stdout.write(
            _("imported %(count)d articles") % {"count": len(ids)}
            + (_(", skipped %(count)d") % {"count": self.skipped} if self.skipped else "")
            + (_("; queued in %(chunks)d chunks on %(queue)r") % {"chunks": queued.chunks_sent, "queue": conf.BULK_QUEUE}
               if ids else "")
            + (_("; %(count)d wait for the broker (the sweep sends them)") % {"count": queued.unsent}
               if queued.unsent else "")
        )
        if wait and ids:
            started = time.monotonic()
            counts = wait_for_enrichment(ids, timeout=timeout, stream=self.stderr)
            elapsed = time.monotonic() - started
            self.stdout.write(_("done %(done)d, failed %(failed)d, waiting %(waiting)d, time %(time).1f s") % {
                **counts, "time": elapsed})
            if counts["waiting"]:
                raise CommandError(_("%(waiting)d articles were not enriched within %(timeout).0f s") % {
                    "waiting": counts["waiting"], "timeout": timeout})

    def skip(self, where: str, problem: str) -> None:
        self.stderr.write(_("skipped %(where)s: %(problem)s") % {"where": where, "problem": problem})
        self.skipped += 1

    def queue(self, ids: list[int], queued: Queued) -> None:
        """Chunks of new articles on the bulk queue, sent as each batch is created."""
        outcome = request_many(conf.article_model().objects.filter(pk__in=ids))
        queued.chunks_sent += outcome.chunks_sent
        queued.unsent += outcome.unsent

    def problem(self, headline, text, html=None) -> str:
        """Why this item cannot be imported, or "" when it can."""
        if not isinstance(text, str):
            return "the text must be a string"
        if not text.strip():
            return "the text is empty"
        if problem := paste_problem(text):
            return problem
        if html is not None and (problem := html_problem(html)):
            return problem
        if not isinstance(headline, str):
            return "the headline must be a string"
        if self.max_headline and len(headline) > self.max_headline:
            return f"the headline has {len(headline):,} characters; the limit is {self.max_headline:,}"
        try:
            validate_title(headline)
        except ValidationError as exc:
            return " ".join(exc.messages)
        return ""

    def read(self, path: Path):
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        if path.suffix in {".jsonl", ".json"}:
            yield from self.read_jsonl(path)
            return
        text_path, html_path = self.pair(path)
        if text_path.resolve() in self.seen:
            return
        self.seen.add(text_path.resolve())
        # invalid UTF-8 becomes lone surrogates, which paste_problem refuses: never replaced
        text = text_path.read_text(encoding="utf-8", errors="surrogateescape")
        # the HTML byte for byte (read_text would turn its CRLF into LF)
        html = html_path.read_bytes().decode("utf-8", errors="replace") if html_path else None
        where = str(text_path) + (f" + {html_path.name}" if html_path else "")
        yield self.derived(text_path.stem.replace("-", " ").replace("_", " ")), text, html, where

    @staticmethod
    def pair(path: Path) -> tuple[Path, Path | None]:
        """(the paste, its clipboard HTML or None): story.txt and story.html name the same article."""
        if path.suffix.lower() in HTML_SUFFIXES:
            text_path = path.with_suffix(".txt")
            return (text_path, path) if text_path.exists() else (path, None)
        html_path = next((p for s in HTML_SUFFIXES if (p := path.with_suffix(s)).exists()), None)
        return path, html_path

    def derived(self, headline: str) -> str:
        """A headline made up from a file name or a first line: shortened to fit, not refused."""
        return headline[:self.max_headline] if self.max_headline else headline

    def read_jsonl(self, path: Path):
        with path.open(encoding="utf-8", errors="surrogateescape") as lines:  # refused below, never replaced
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    self.skip(where, f"not JSON ({exc.msg})")
                    continue
                if not isinstance(item, dict):
                    self.skip(where, f"not a JSON object of {{headline, text}} (a {type(item).__name__})")
                    continue
                text = item.get("text") or item.get("pasted_text") or ""
                html = item.get("html", item.get("pasted_html"))
                headline = item.get("headline") or item.get("title")
                if headline is None or headline == "":
                    first = text.strip().split("\n", 1)[0] if isinstance(text, str) else ""
                    headline = self.derived(first[:120])
                yield headline, text, html, where
