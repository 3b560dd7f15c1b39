"""The benchmark runs on a tiny input through a real worker and reports every figure.

No timing is asserted: the figures depend on the machine; the command only has to measure them.
"""
from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from enrichment.models import EnrichmentState
from newsroom.models import Article

pytestmark = [pytest.mark.integration, pytest.mark.model, pytest.mark.django_db(transaction=True)]

KEYS = ("spacy_words_per_s", "pipeline_words_per_s", "pipeline_ratio", "end_to_end_words_per_s",
        "end_to_end_ratio", "latency_p50_ms", "latency_p95_ms", "worker_rss_mb")


def test_benchmark_reports_every_figure(tmp_path, django_db_setup):
    out_path = tmp_path / "figures.json"
    out = StringIO()
    call_command("enrichment_benchmark", "--articles", "4", "--workers", "1", "--samples", "2",
                 "--json", str(out_path), stdout=out, stderr=StringIO())

    figures = json.loads(out_path.read_text())
    assert list(figures)[:len(KEYS)] == list(KEYS)
    for key in KEYS:
        assert isinstance(figures[key], (int, float)) and figures[key] > 0, key
        assert key in out.getvalue()
    assert figures["articles"] == 4 and figures["workers"] == 1 and figures["end_to_end_failed"] == 0
    assert not Article.objects.exists() and not EnrichmentState.objects.exists()  # it cleans up


def test_benchmark_refuses_a_missing_texts_file(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no such file"):
        call_command("enrichment_benchmark", "--texts", str(tmp_path / "nope.jsonl"))
