"""Test-only faults for real worker processes, loaded with ``celery worker -I tests.integration.worker_hooks``.

Production code stays clean: nothing here is imported by the site or the plugin. A fault is
asked for by a marker in the article's headline, so one worker serves many tests and a fault
hits only the article that asks for it:

- ``[slow=2.5]``: sleep 2.5 s inside the run, after the job is marked running, before the
  pipeline (a window to SIGKILL the worker, drop its database connection or edit the article);
- ``[dropdb]``: the run's own database connection is terminated by the server
  (``pg_terminate_backend``) every time, a real dropped connection that never heals.

Each fault writes ``HOOK <name> pid=<pid>`` to the worker log so a test knows which process runs.
"""
from __future__ import annotations

import os
import re
import sys
import time

from django.db import connection

from enrichment.jobs import running

_original_enrich_many = running.enrich_many
SLOW = re.compile(r"\[slow=([0-9.]+)\]")


def _say(name: str) -> None:
    print(f"HOOK {name} pid={os.getpid()}", file=sys.stderr, flush=True)


def _faults(title: str) -> None:
    if match := SLOW.search(title or ""):
        _say("slow")
        time.sleep(float(match.group(1)))
    if "[dropdb]" in (title or ""):
        _say("dropdb")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")


def enrich_many_with_faults(items, **kwargs):
    items = list(items)
    for item in items:  # (key, text, title[, html])
        _faults(item[2])
    return _original_enrich_many(items, **kwargs)


running.enrich_many = enrich_many_with_faults
