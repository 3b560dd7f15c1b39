"""Create articles from .txt files (the whole file is the paste) or JSON Lines, and queue them."""
from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from enrichment import services
from enrichment.conf import enrichment_settings as conf
from enrichment.progress import wait_for_enrichment


class Command(BaseCommand):
    help = "Import articles from .txt files or JSON Lines of {headline, text}; --wait shows progress."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--wait", action="store_true", help="wait until every article is enriched")
        parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait at most")

    def handle(self, *args, paths, wait, timeout, **options):
        Article = conf.article_model()
        ids, skipped = [], 0
        for path in paths:
            for headline, text, where in self.read(path):
                if not text.strip():
                    self.stderr.write(f"skipped {where}: the text is empty")
                    skipped += 1
                    continue
                with transaction.atomic():
                    article = Article.objects.create(**{conf.TITLE_FIELD: headline[:500], conf.TEXT_FIELD: text})
                ids.append(article.pk)
        self.stdout.write(f"imported {len(ids)} articles" + (f", skipped {skipped}" if skipped else ""))
        if wait and ids:
            started = time.monotonic()
            counts = wait_for_enrichment(ids, timeout=timeout, stream=self.stderr)
            elapsed = time.monotonic() - started
            self.stdout.write(
                f"done {counts['done']}, failed {counts['failed']}, waiting {counts['waiting']}, "
                f"time {elapsed:.1f} s"
            )
            if counts["waiting"]:
                raise CommandError(f"{counts['waiting']} articles were not enriched within {timeout:.0f} s")

    def read(self, path: Path):
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        if path.suffix in {".jsonl", ".json"}:
            yield from self.read_jsonl(path)
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
            yield path.stem.replace("-", " ").replace("_", " ")[:500], text, str(path)

    def read_jsonl(self, path: Path):
        with path.open(encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    self.stderr.write(f"skipped {where}: not JSON ({exc.msg})")
                    continue
                text = item.get("text") or item.get("pasted_text") or ""
                headline = item.get("headline") or item.get("title") or text.strip().split("\n", 1)[0][:120]
                yield str(headline), str(text), where
