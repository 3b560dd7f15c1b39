"""import_articles on the database, without a worker: bad items are skipped with a message and
the rest go to the bulk queue in chunks."""
from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from enrichment.conf import enrichment_settings as conf
from enrichment.jobs import dispatch
from enrichment.models import EnrichmentState, PastedHTML
from newsroom.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def chunks(monkeypatch):
    sent = []
    monkeypatch.setattr(dispatch, "send", lambda keys, queue: sent.append(([pk for pk, _ in keys], queue)) or True)
    return sent


def run(*paths):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imported_articles_go_to_the_bulk_queue_in_chunks(tmp_path, quiet_paste, chunks,
                                                          django_capture_on_commit_callbacks):
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps({"headline": f"Library {i}", "text": quiet_paste}) for i in range(3)))
    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run(path)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    assert "imported 3 articles" in out and len(ids) == 3
    assert chunks == [(ids, conf.BULK_QUEUE)]  # one chunk, no task per article on the interactive queue
    assert set(EnrichmentState.objects.values_list("queue", flat=True)) == {conf.BULK_QUEUE}


def test_bad_items_are_skipped_with_a_message(tmp_path, quiet_paste, chunks, settings):
    limit = Article._meta.get_field("headline").max_length
    settings.ENRICHMENT = {**settings.ENRICHMENT, "MAX_CHARS": 5000}
    lines = [
        json.dumps({"headline": "Good", "text": quiet_paste}),
        json.dumps(["not", "an", "object"]),
        json.dumps("a string"),
        json.dumps({"headline": "Nul", "text": "Text with a \x00 inside."}),
        json.dumps({"headline": "Surrogate", "text": "Broken \ud800 text."}),
        json.dumps({"headline": "Long", "text": "word " * 2000}),
        json.dumps({"headline": "x" * (limit + 1), "text": quiet_paste}),
        json.dumps({"headline": "Nul \x00 headline", "text": quiet_paste}),
        json.dumps({"headline": "Number", "text": 42}),
    ]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines))
    out, err = run(tmp_path / "mixed.jsonl")
    assert "imported 1 articles, skipped 8" in out
    assert list(Article.objects.values_list("headline", flat=True)) == ["Good"]
    for where, message in [(2, "not a JSON object"), (3, "not a JSON object"), (4, "NUL character"),
                           (5, "unpaired surrogate"), (6, "the limit is 5,000"),
                           (7, f"the headline has {limit + 1:,} characters; the limit is {limit:,}"),
                           (8, "headline contains a NUL"), (9, "the text must be a string")]:
        [line] = [line for line in err.splitlines() if f"mixed.jsonl:{where}: " in line]
        assert line.startswith("skipped ") and message in line, (where, message, line)


def test_invalid_utf8_is_refused_with_a_message_never_replaced(tmp_path, quiet_paste, chunks,
                                                                django_capture_on_commit_callbacks):
    bad = quiet_paste.encode() + b"\n\nPrice: 5 \xff\xfe euros."
    (tmp_path / "broken.txt").write_bytes(bad)
    lines = tmp_path / "mixed.jsonl"
    lines.write_bytes(json.dumps({"headline": "Good", "text": quiet_paste}).encode() + b"\n"
                      + b'{"headline": "Bad", "text": "Caf\xe9 opens"}\n')
    with django_capture_on_commit_callbacks(execute=True):
        out, err = run(tmp_path / "broken.txt", lines)
    assert list(Article.objects.values_list("headline", flat=True)) == ["Good"]
    assert "broken.txt" in err and "mixed.jsonl:2" in err
    assert "\ufffd" not in "".join(Article.objects.values_list("text", flat=True))


# --- the clipboard's HTML beside a paste ----------------------------------------------------------

PAGE_HTML = "<article><h1>Library</h1>\r\n<figure><figcaption>The reading room.</figcaption></figure></article>"


@pytest.mark.parametrize("named", [("story.txt",), ("story.txt", "story.html"), ("story.html",)],
                         ids=["txt", "both", "html"])
def test_story_html_beside_story_txt_is_the_html_of_that_text(tmp_path, quiet_paste, chunks, named):
    (tmp_path / "story.txt").write_text(quiet_paste, encoding="utf-8")
    (tmp_path / "story.html").write_bytes(PAGE_HTML.encode())  # CRLF kept: bytes, not text mode
    out, err = run(*(tmp_path / name for name in named))
    assert "imported 1 articles" in out and not err
    article = Article.objects.get()
    assert article.text == quiet_paste and article.headline == "story"
    assert PastedHTML.objects.get(article=article).html == PAGE_HTML


def test_an_html_file_alone_is_itself_the_paste(tmp_path, chunks):
    page = PAGE_HTML.replace("\r\n", "\n")  # a file read as the paste is read as text, as a .txt is
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    out, _ = run(tmp_path / "page.html")
    assert "imported 1 articles" in out
    assert Article.objects.get().text == page and not PastedHTML.objects.exists()


def test_json_lines_carry_html_or_pasted_html(tmp_path, quiet_paste, chunks):
    lines = [{"headline": "One", "text": quiet_paste, "html": PAGE_HTML},
             {"headline": "Two", "pasted_text": quiet_paste, "pasted_html": "<p>two</p>"},
             {"headline": "Three", "text": quiet_paste, "html": None},
             {"headline": "Four", "text": quiet_paste}]
    (tmp_path / "items.jsonl").write_text("\n".join(json.dumps(line) for line in lines))
    out, _ = run(tmp_path / "items.jsonl")
    assert "imported 4 articles" in out
    assert dict(PastedHTML.objects.values_list("article__headline", "html")) == {"One": PAGE_HTML, "Two": "<p>two</p>"}


def test_bad_html_skips_the_item_with_a_message(tmp_path, quiet_paste, chunks, settings):
    settings.ENRICHMENT = {**settings.ENRICHMENT, "MAX_HTML_CHARS": 100}
    lines = [{"headline": "Good", "text": quiet_paste, "html": "<p>fine</p>"},
             {"headline": "Number", "text": quiet_paste, "html": 7},
             {"headline": "Nul", "text": quiet_paste, "html": "<p>\x00</p>"},
             {"headline": "Long", "text": quiet_paste, "html": "x" * 101}]
    (tmp_path / "html.jsonl").write_text("\n".join(json.dumps(line) for line in lines))
    out, err = run(tmp_path / "html.jsonl")
    assert "imported 1 articles, skipped 3" in out
    assert list(Article.objects.values_list("headline", flat=True)) == ["Good"]
    for where, message in [(2, "The HTML must be a string"), (3, "NUL character"), (4, "the limit is 100")]:
        [line] = [line for line in err.splitlines() if f"html.jsonl:{where}: " in line]
        assert message in line, (where, line)
