"""`import_articles --wait` loads files and JSON Lines and waits for a real worker."""
from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from newsroom.models import Article

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_import_txt_and_jsonl_and_wait(tmp_path, celery_worker_process, messy_paste, quiet_paste):
    (tmp_path / "harbour-talks.txt").write_text(messy_paste)
    lines = [
        json.dumps({"headline": "Library hours", "text": quiet_paste}),
        "this line is not json",
        json.dumps({"headline": "Blank", "text": "   "}),
    ]
    (tmp_path / "more.jsonl").write_text("\n".join(lines))
    out, err = io.StringIO(), io.StringIO()

    call_command("import_articles", str(tmp_path / "harbour-talks.txt"), str(tmp_path / "more.jsonl"),
                 "--wait", "--timeout", "90", stdout=out, stderr=err)

    assert "imported 2 articles, skipped 2" in out.getvalue()  # the line that is not JSON, the blank text
    assert "queued in 1 chunks on 'enrichment_bulk'" in out.getvalue()
    assert "done 2, failed 0, waiting 0" in out.getvalue()
    assert "not JSON" in err.getvalue() and "the text is empty" in err.getvalue()
    assert "article" in err.getvalue()  # the progress bar
    assert Article.objects.get(headline="harbour talks").text == messy_paste
