"""Bring the stored statuses in step (PostgreSQL): after a deploy that changed PIPELINE_VERSION
(migrate does it too), or, with --all, after a load that bypassed the database's triggers."""
from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from enrichment import stored_status


class Command(BaseCommand):
    help = "Re-decide stored statuses for this pipeline version; --all recomputes every article's row."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="recompute every article's stored status")

    def handle(self, *args, all: bool, **options):
        if not stored_status.supported():
            raise CommandError("Stored statuses need PostgreSQL; on this database they are computed per request.")
        if stored_status.stored_version() is None:
            raise CommandError("The triggers are not installed: run `manage.py migrate enrichment`.")
        started = time.perf_counter()
        changed = stored_status.sync_version()
        self.stdout.write(f"pipeline version {stored_status.stored_version()}: {changed} rows re-decided")
        if all:
            self.stdout.write(f"{stored_status.refresh_all()} articles recomputed")
        self.stdout.write(f"{time.perf_counter() - started:.1f} s")
