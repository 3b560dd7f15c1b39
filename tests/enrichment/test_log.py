"""Log lines carry time, level and article id; the demo's JSON format is one object per line."""
from __future__ import annotations

import io
import json
import logging
import logging.config

import pytest
from django.conf import settings

from enrichment.jobs.running import record_failure
from enrichment.models import EnrichmentState

pytestmark = pytest.mark.django_db


def capture(formatter: str) -> tuple[io.StringIO, logging.Handler]:
    """A handler built from the demo's LOGGING formatters and filter, on the plugin's logger."""
    config = settings.LOGGING
    stream = io.StringIO()
    logging.config.dictConfig({
        "version": 1, "disable_existing_loggers": False, "filters": config["filters"],
        "formatters": config["formatters"],
        "handlers": {"test": {"class": "logging.StreamHandler", "stream": stream, "formatter": formatter,
                              "filters": ["article_id"]}},
        "loggers": {"enrichment": {"handlers": ["test"], "level": "INFO"}},
    })
    return stream, logging.getLogger("enrichment").handlers[0]


@pytest.fixture(autouse=True)
def restore_logging():
    yield
    logging.config.dictConfig(settings.LOGGING)


def fail(article) -> None:
    state = EnrichmentState.objects.get(article=article)
    record_failure(article.pk, state.text_hash, "ValueError: broken")


def test_a_json_log_line_carries_time_level_and_article_id(enriched_article):
    stream, _ = capture("json")
    fail(enriched_article)
    [line] = [json.loads(raw) for raw in stream.getvalue().splitlines()]
    assert line["article_id"] == enriched_article.pk and line["levelname"] == "WARNING"
    assert line["asctime"] and "ValueError: broken" in line["message"] and line["name"] == "enrichment.jobs.running"


def test_the_text_format_names_the_article_and_lines_without_one_say_so(enriched_article):
    stream, _ = capture("text")
    fail(enriched_article)
    logging.getLogger("enrichment.jobs.dispatch").warning("Broker unreachable")
    failure, other = stream.getvalue().splitlines()
    assert f"WARNING enrichment.jobs.running [article {enriched_article.pk}] Enrichment failed" in failure
    assert "[article -] Broker unreachable" in other and failure[:4].isdigit()  # starts with the time
