"""Archive scale: the admin and the API as the archive grows (docs/architecture.md, "Statuses").

Fills the configured (staging) database with N articles in a few set-based SQL statements
(``INSERT ... SELECT generate_series``: the database's triggers give each its stored status),
with jobs and results in a newsroom's mix of statuses, then times each view through Django's
test client, as a browser would call it, and deletes what it made.
"""
from __future__ import annotations

import os
import statistics
import time
from typing import Callable

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from ..articles import article_model
from ..conf import enrichment_settings as conf
from ..models import EnrichmentResult, EnrichmentState, ShownStatus
from ..pipeline.version import PIPELINE_VERSION
from ..status import status_counts

MARK = "scale-bench"  # the headline prefix of the benchmark's articles: cleanup deletes only these
FILL_BATCH = 100_000  # rows per INSERT: one statement trigger each, arrays of a bounded size
TEXT_CHARS = 3072  # about 3 KB of text per article, as the issue measured
OLD_VERSION = "0.0.0-scale"
REPEATS = 7  # timed requests per view after WARMUP; the median is reported
WARMUP = 2

# The mix of a working newsroom, in per mille of articles: mostly done, some stale after a
# pipeline upgrade, a few waiting, running or failed.
MIX = (("done", 900), ("stale", 50), ("queued", 30), ("failed", 15), ("running", 5))


def _names() -> dict[str, str]:
    qn = connection.ops.quote_name
    meta = article_model()._meta
    fields = {f.name: f for f in meta.concrete_fields}
    names = {"host": qn(meta.db_table), "pk": qn(meta.pk.column), "text": qn(fields[conf.TEXT_FIELD].column),
             "title": qn(fields[conf.TITLE_FIELD].column),
             "state": qn(EnrichmentState._meta.db_table), "result": qn(EnrichmentResult._meta.db_table),
             "shown": qn(ShownStatus._meta.db_table)}
    names["extra_cols"], names["extra_vals"] = _required_columns(meta)
    return names


def _required_columns(meta) -> tuple[str, str]:
    """Other NOT NULL columns of the host's article without a database default: filled with a
    value of their type, so the fill works on a host's model too."""
    from django.db import models

    cols, vals = [], []
    for f in meta.concrete_fields:
        if f.primary_key or f.name in (conf.TEXT_FIELD, conf.TITLE_FIELD):
            continue
        if isinstance(f, models.DateTimeField):
            value = "now() - (g || ' seconds')::interval"
        elif isinstance(f, models.BooleanField):
            value = "g %% 2 = 0" if f.name == conf.PUBLISHED_FIELD else "false"
        elif isinstance(f, (models.CharField, models.TextField)):
            value = "''"
        elif isinstance(f, (models.IntegerField, models.FloatField, models.DecimalField)):
            value = "0"
        elif f.null:
            continue
        else:
            raise RuntimeError(f"cannot fill {meta.label}.{f.name} ({type(f).__name__})")
        cols.append(connection.ops.quote_name(f.column))
        vals.append(value)
    return "".join(", " + c for c in cols), "".join(", " + v for v in vals)


def fill(n: int, log: Callable[[str], None] = print) -> tuple[int, int, float]:
    """N articles and their jobs and results. Returns (first id, last id, seconds)."""
    names = _names()
    started = time.perf_counter()
    first = last = None
    for offset in range(0, n, FILL_BATCH):
        size = min(FILL_BATCH, n - offset)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {names['host']} ({names['title']}, {names['text']}{names['extra_cols']}) "
                f"SELECT '{MARK} ' || g, repeat(md5(g::text) || ' ', {TEXT_CHARS // 33}){names['extra_vals']} "
                f"FROM generate_series(%s, %s) g RETURNING {names['pk']}", [offset + 1, offset + size])
            ids = [row[0] for row in cursor.fetchall()]
            _jobs(cursor, names, ids[0], ids[-1])
        first = ids[0] if first is None else first
        last = ids[-1]
        log(f"  {offset + size:,} articles filled ({time.perf_counter() - started:.1f} s)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return first, last, time.perf_counter() - started


def _jobs(cursor, names: dict[str, str], first: int, last: int) -> None:
    """Jobs and results by the article's place in the mix (its id modulo 1000)."""
    bounds, start = {}, 0
    for status, share in MIX:
        bounds[status] = (start, start + share)
        start += share
    in_mix = "(s.article_id %% 1000) >= %s AND (s.article_id %% 1000) < %s"
    rows = f"FROM {names['shown']} s WHERE s.article_id BETWEEN {first} AND {last} AND "
    job_status = {"done": "done", "stale": "done", "queued": "queued", "failed": "failed", "running": "running"}
    for status, (low, high) in bounds.items():
        cursor.execute(
            f"INSERT INTO {names['state']} (article_id, text_hash, status, error, attempts, sent, queue, queued_at, "
            f"pipeline_version) SELECT s.article_id, s.text_hash, %s, '', 1, true, %s, now(), %s {rows}{in_mix}",
            [job_status[status], conf.QUEUE, PIPELINE_VERSION, low, high])
        if status in ("done", "stale"):
            version = PIPELINE_VERSION if status == "done" else OLD_VERSION
            cursor.execute(
                f"INSERT INTO {names['result']} (article_id, text_hash, pipeline_version, data, duration_ms, created_at) "
                f"SELECT s.article_id, s.text_hash, %s, %s::jsonb, 40, now() {rows}{in_mix}",
                [version, RESULT_JSON, low, high])


RESULT_JSON = ('{"headline": "Scale bench", "body": ["One paragraph."], "entities": [{"name": "Harbour Board", '
               '"type": "ORG", "aliases": [], "mentions": 2, "salience": 0.5, "in_body": true, '
               '"in_captions": false}], "captions": [], "removed": [], "warnings": [], "language": "en"}')


def cleanup(first: int, last: int) -> float:
    """Delete the benchmark's articles and everything the plugin keeps about them."""
    started = time.perf_counter()
    names = _names()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("enrichment_decision", "enrichment_articleentity", names["result"], names["state"],
                      names["shown"]):
            cursor.execute(f"DELETE FROM {table} WHERE article_id BETWEEN %s AND %s", [first, last])
        cursor.execute(f"DELETE FROM {names['host']} WHERE {names['pk']} BETWEEN %s AND %s AND {names['title']} "
                       f"LIKE %s", [first, last, MARK + " %"])
    return time.perf_counter() - started


def _timed(call: Callable[[], object]) -> float:
    for _ in range(WARMUP):
        call()
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _get(client: Client, url: str, **params) -> Callable[[], object]:
    def call():
        response = client.get(url, params, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} {params}: {response.status_code}")
        return response.content
    return call


def status_column_order() -> str:
    """The changelist's ``o`` parameter that sorts by the enrichment column."""
    from django.contrib import admin

    model_admin = admin.site._registry[article_model()]
    columns = list(model_admin.list_display)
    return str(columns.index("enrichment_status") + (1 if model_admin.actions is not None else 0))


@override_settings(ALLOWED_HOSTS=["testserver"])
def measure(user) -> dict[str, float]:
    """Milliseconds (median) of each view, with a real test client."""
    anonymous, editor = Client(), Client()
    editor.force_login(user)
    meta = article_model()._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    api = "/api/articles/"
    return {
        "status_counts": _timed(status_counts),
        "api_list_anonymous": _timed(_get(anonymous, api)),
        "api_list_status_queued": _timed(_get(anonymous, api, status="queued")),
        "admin_changelist": _timed(_get(editor, changelist)),
        "admin_changelist_filtered": _timed(_get(editor, changelist, enrichment="failed")),
        "admin_changelist_sorted_by_status": _timed(_get(editor, changelist, o=status_column_order())),
    }


def run(scales: list[int], *, log: Callable[[str], None] = print) -> list[dict]:
    """Fill, measure and clean up at each scale, smallest first."""
    user, _ = get_user_model()._default_manager.get_or_create(
        username="scale-bench-admin", defaults={"is_staff": True, "is_superuser": True})
    rows = []
    try:
        for n in sorted(scales):
            log(f"filling {n:,} articles")
            first, last, fill_s = fill(n, log=log)
            try:
                row = {"articles": n, "fill_s": round(fill_s, 1)}
                load = os.getloadavg()[0]  # other work on the machine skews the figures: say how much
                row.update({k: round(v, 1) for k, v in measure(user).items()})
                row["load_average_1m"] = [round(load, 2), round(os.getloadavg()[0], 2)]
            finally:
                row["cleanup_s"] = round(cleanup(first, last), 1)
            rows.append(row)
            log(f"  measured: {row}")
    finally:
        user.delete()
    return rows
