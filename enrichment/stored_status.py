"""The shown status, stored by PostgreSQL itself (docs/architecture.md, "Statuses").

Triggers keep one ``ShownStatus`` row per article, whoever writes: the ORM, a worker, a
``queryset.update()`` or a raw SQL import. Every change of an article's title or text, of a job
row or of a result recomputes the status of the articles it touched, in one set-based SQL
function that is ``status.with_computed_status`` row for row (tests/enrichment/test_status.py
compares them on every case). The triggers are statement-level with transition tables, so a
bulk import of a million rows runs the function once, not a million times.

The pipeline version is compiled into the function: ``sync_version`` (run after every
``migrate`` and by ``enrichment_status_sync``) rewrites it and flips the done rows whose result
is of another version. Until it has run, ``is_ready`` is false and readers compute the status
per request, as on SQLite, which has no such triggers.
"""
from __future__ import annotations

from django.db import connection

from .articles import article_model
from .conf import enrichment_settings as conf
from .models import EnrichmentResult, EnrichmentState, ShownStatus, Status, StatusCount
from .pipeline.version import PIPELINE_VERSION

# Count-change rows summed on every read before they are folded into one row per status: a
# few hundred rows sum in well under a millisecond, and folding costs one short transaction.
COMPACT_AFTER = 500

REFRESH = "enrichment_shown_refresh"
VERSION = "enrichment_shown_version"


def supported() -> bool:
    return connection.vendor == "postgresql"


def _names() -> dict[str, str]:
    qn = connection.ops.quote_name
    meta = article_model()._meta
    fields = {f.name: f for f in meta.concrete_fields}
    title = fields.get(conf.TITLE_FIELD)
    return {
        "host": qn(meta.db_table), "pk": qn(meta.pk.column), "text": qn(fields[conf.TEXT_FIELD].column),
        "title": qn(title.column) if title else "NULL", "shown": qn(ShownStatus._meta.db_table),
        "state": qn(EnrichmentState._meta.db_table), "result": qn(EnrichmentResult._meta.db_table),
        "count": qn(StatusCount._meta.db_table),
    }


def _version_body(version: str) -> str:
    return f" SELECT {_literal(version)} "


def _version_sql(version: str) -> str:
    return f"CREATE OR REPLACE FUNCTION {VERSION}() RETURNS text LANGUAGE sql STABLE AS $${_version_body(version)}$$"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# The one definition in SQL: the hash is articles.ContentHash's, the CASE is with_status's.
REFRESH_SQL = """
CREATE OR REPLACE FUNCTION {refresh}(ids bigint[], create_missing boolean) RETURNS void
LANGUAGE sql AS $fn$
INSERT INTO {shown} AS s (article_id, text_hash, job, result_version, status)
SELECT c.id, c.hash, c.job, c.result_version,
       CASE WHEN c.job = '' THEN CASE WHEN c.any_result THEN 'stale' ELSE 'queued' END
            WHEN c.job <> 'done' THEN c.job
            WHEN c.result_version = {version}() THEN 'done'
            ELSE 'stale' END
FROM (
  SELECT a.id, h.hash,
         COALESCE((SELECT st.status FROM {state} st
                   WHERE st.article_id = a.id AND st.text_hash = h.hash), '') AS job,
         COALESCE((SELECT r.pipeline_version FROM {result} r WHERE r.article_id = a.id AND r.text_hash = h.hash
                   ORDER BY r.created_at DESC, r.id DESC LIMIT 1), '') AS result_version,
         EXISTS (SELECT 1 FROM {result} r WHERE r.article_id = a.id) AS any_result
  FROM (SELECT {pk} AS id, COALESCE({title}, '') AS title, COALESCE({text}, '') AS text FROM {host}
        WHERE {pk} = ANY(ids)) a
  CROSS JOIN LATERAL (SELECT ENCODE(SHA256(CONVERT_TO(a.title, 'UTF8') || DECODE('00', 'hex')
                                           || CONVERT_TO(a.text, 'UTF8')), 'hex') AS hash) h
  WHERE create_missing OR EXISTS (SELECT 1 FROM {shown} x WHERE x.article_id = a.id)
) c
ON CONFLICT (article_id) DO UPDATE SET text_hash = EXCLUDED.text_hash, job = EXCLUDED.job,
    result_version = EXCLUDED.result_version, status = EXCLUDED.status
WHERE (s.text_hash, s.job, s.result_version, s.status)
      IS DISTINCT FROM (EXCLUDED.text_hash, EXCLUDED.job, EXCLUDED.result_version, EXCLUDED.status)
$fn$
"""

# The host's article: a new article gets its row; a changed title or text is hashed again.
HOST_SQL = """
CREATE OR REPLACE FUNCTION enrichment_host_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM {refresh}(ARRAY(SELECT {pk} FROM new_rows), true);
  ELSE
    PERFORM {refresh}(ARRAY(SELECT n.{pk} FROM new_rows n JOIN old_rows o ON o.{pk} = n.{pk}
                            WHERE n.{text} IS DISTINCT FROM o.{text} {title_changed}), true);
  END IF;
  RETURN NULL;
END $fn$;
DROP TRIGGER IF EXISTS enrichment_host_insert ON {host};
DROP TRIGGER IF EXISTS enrichment_host_update ON {host};
CREATE TRIGGER enrichment_host_insert AFTER INSERT ON {host} REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION enrichment_host_changed();
CREATE TRIGGER enrichment_host_update AFTER UPDATE ON {host} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION enrichment_host_changed();
"""

# Jobs and results: only articles that still have their row (a deleted article's goes first).
JOBS_SQL = """
CREATE OR REPLACE FUNCTION enrichment_jobs_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM {refresh}(ARRAY(SELECT DISTINCT article_id FROM new_rows), false);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM {refresh}(ARRAY(SELECT DISTINCT article_id FROM old_rows), false);
  ELSE
    PERFORM {refresh}(ARRAY(SELECT article_id FROM new_rows UNION SELECT article_id FROM old_rows), false);
  END IF;
  RETURN NULL;
END $fn$;
"""

COUNT_SQL = """
CREATE OR REPLACE FUNCTION enrichment_shown_counted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO {count} (status, n) SELECT status, count(*) FROM new_rows GROUP BY status;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO {count} (status, n) SELECT status, -count(*) FROM old_rows GROUP BY status;
  ELSE
    INSERT INTO {count} (status, n)
    SELECT status, sum(n) FROM (SELECT status, 1 AS n FROM new_rows UNION ALL SELECT status, -1 FROM old_rows) d
    GROUP BY status HAVING sum(n) <> 0;
  END IF;
  RETURN NULL;
END $fn$;
"""


def _table_triggers(table: str, function: str, prefix: str) -> list[str]:
    """One statement-level trigger per event: PostgreSQL allows transition tables on one event only."""
    tables = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows",
              "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}
    sql = []
    for event, referencing in tables.items():
        name = f"{prefix}_{event.lower()}"
        sql.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        sql.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()")
    return sql


def install() -> None:
    """Create the functions and triggers, and fill the rows of every existing article."""
    if not supported():
        return
    names = _names()
    title_changed = f"OR n.{names['title']} IS DISTINCT FROM o.{names['title']}" if names["title"] != "NULL" else ""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(PIPELINE_VERSION))
        cursor.execute(REFRESH_SQL.format(refresh=REFRESH, version=VERSION, **names))
        cursor.execute(HOST_SQL.format(refresh=REFRESH, title_changed=title_changed, **names))
        cursor.execute(JOBS_SQL.format(refresh=REFRESH))
        cursor.execute(COUNT_SQL.format(**names))
        for sql in (*_table_triggers(names["state"], "enrichment_jobs_changed", "enrichment_state"),
                    *_table_triggers(names["result"], "enrichment_jobs_changed", "enrichment_result"),
                    *_table_triggers(names["shown"], "enrichment_shown_counted", "enrichment_shown")):
            cursor.execute(sql)
        cursor.execute(f"SELECT {REFRESH}(ARRAY(SELECT {names['pk']} FROM {names['host']}), true)")


def uninstall() -> None:
    if not supported():
        return
    names = _names()
    with connection.cursor() as cursor:
        for table, prefix in ((names["state"], "enrichment_state"), (names["result"], "enrichment_result"),
                              (names["shown"], "enrichment_shown")):
            for event in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {prefix}_{event} ON {table}")
        for event in ("insert", "update"):
            cursor.execute(f"DROP TRIGGER IF EXISTS enrichment_host_{event} ON {names['host']}")
        for function in ("enrichment_host_changed()", "enrichment_jobs_changed()", "enrichment_shown_counted()",
                         f"{REFRESH}(bigint[], boolean)", f"{VERSION}()"):
            cursor.execute(f"DROP FUNCTION IF EXISTS {function}")


def stored_version() -> str | None:
    """The pipeline version the stored statuses are for; None when they are not installed.
    One catalog query: read on every request that lists articles."""
    if not supported():
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s AND pg_function_is_visible(oid)", [VERSION])
        row = cursor.fetchone()
    if row is None:
        return None
    if row[0] == _version_body(PIPELINE_VERSION):
        return PIPELINE_VERSION
    return row[0].strip().removeprefix("SELECT ").strip("'")


def is_ready() -> bool:
    """The stored statuses are this code's: readers may use them (one tiny query)."""
    return stored_version() == PIPELINE_VERSION


def sync_version() -> int:
    """After a deploy that changed PIPELINE_VERSION: compile the new version into the function
    and re-decide the done jobs, in one transaction. Returns how many rows changed."""
    found = stored_version()
    if found is None or found == PIPELINE_VERSION:
        return 0
    shown = connection.ops.quote_name(ShownStatus._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(PIPELINE_VERSION))
        cursor.execute(
            f"UPDATE {shown} SET status = CASE WHEN result_version = %s THEN 'done' ELSE 'stale' END "
            "WHERE job = 'done' AND status <> CASE WHEN result_version = %s THEN 'done' ELSE 'stale' END",
            [PIPELINE_VERSION, PIPELINE_VERSION])
        return cursor.rowcount


def refresh_all(batch: int = 10_000) -> int:
    """Recompute every article's row (after triggers were bypassed, e.g. a load with
    ``session_replication_role = replica``); also drops rows of articles that are gone."""
    names = _names()
    model, done, last = article_model(), 0, None
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {names['shown']} s WHERE NOT EXISTS "
                       f"(SELECT 1 FROM {names['host']} a WHERE a.{names['pk']} = s.article_id)")
        while True:
            ids = model._default_manager.order_by("pk")
            ids = list((ids.filter(pk__gt=last) if last is not None else ids).values_list("pk", flat=True)[:batch])
            if not ids:
                return done
            cursor.execute(f"SELECT {REFRESH}(%s, true)", [ids])
            done, last = done + len(ids), ids[-1]


def stored_counts() -> dict[str, int]:
    """Articles per shown status from the count changes, folding them when they pile up."""
    counts = {str(s): 0 for s in Status.values}
    rows = list(StatusCount.objects.values_list("status", "n"))
    for status, n in rows:
        counts[status] = counts.get(status, 0) + n
    if len(rows) > COMPACT_AFTER:
        compact()
    return counts


def compact() -> None:
    """Fold the count changes into one row per status. Rows written meanwhile are not in this
    statement's snapshot: they are neither deleted nor counted twice."""
    table = connection.ops.quote_name(StatusCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH gone AS (DELETE FROM {table} RETURNING status, n) "
                       f"INSERT INTO {table} (status, n) SELECT status, sum(n) FROM gone GROUP BY status")
