"""Hostile and odd pastes through the admin, the API, the CLI and a real worker: each gets a
clear message or a correct result; never a crash, a hang or a 500."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from enrichment.models import EnrichmentState, Status
from newsroom.models import Article

from .workers import ROOT, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ADD = "/admin/newsroom/article/add/"
LIMIT = 50_000  # ENRICHMENT["MAX_CHARS"] in these tests, so "over the limit" stays small

REFUSED = [  # (case, headline, text, the message the editor reads)
    ("empty", "Empty", "", "This field is required."),
    ("whitespace", "Blank", " \n\t\u00a0\n ", "The pasted text is empty."),
    ("nul", "Nul", "The mayor\x00 said.", "contains a NUL character"),
    ("over the limit", "Long", "word " * (LIMIT // 5 + 1), f"the limit is {LIMIT:,}"),
    ("nul in headline", "Head\x00line", "The mayor said.", "NUL character"),
]


@pytest.fixture
def small_limit(settings):
    settings.ENRICHMENT = {**settings.ENRICHMENT, "MAX_CHARS": LIMIT}


@pytest.mark.parametrize("case,headline,text,message", REFUSED, ids=[c[0] for c in REFUSED])
def test_admin_gives_a_form_error(admin_client, small_limit, case, headline, text, message):
    response = admin_client.post(ADD, {"headline": headline, "text": text, "body": "", "_save": "Save"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


API_REFUSED = [  # (case, raw JSON body, message)
    ("empty", '{"headline": "x", "text": ""}', "empty"),
    ("whitespace", '{"headline": "x", "text": "  \\n\\t "}', "empty"),
    ("nul", '{"headline": "x", "text": "a\\u0000b"}', "NUL character"),  # the admin's message: one validator
    ("lone surrogate", '{"headline": "x", "text": "a\\ud800b"}', "unpaired surrogate"),
    ("over the limit", json.dumps({"headline": "x", "text": "w" * (LIMIT + 1)}), f"limit is {LIMIT:,}"),
    ("not UTF-8", b'{"headline": "x", "text": "caf\xe9"}', "JSON parse error"),
    ("not JSON", "{text: ", "JSON parse error"),
]


@pytest.mark.parametrize("case,body,message", API_REFUSED, ids=[c[0] for c in API_REFUSED])
def test_api_gives_a_400_with_a_message(admin_client, small_limit, case, body, message):
    response = admin_client.post("/api/articles/", body, content_type="application/json")
    assert response.status_code == 400, response.content[:500]
    assert message in response.content.decode("utf-8", "replace")
    assert not Article.objects.exists()


def odd_pastes(quiet: str) -> dict[str, str]:
    return {
        "invalid UTF-8 (form bytes)": None,  # posted as raw bytes below
        "control characters": "The mayor\x07 said\x1b[31m on Tuesday\x0c that the harbour\x7f will reopen.\x08\n\n" + quiet,
        "1 MB of one repeated line": "The same line again and again, said the council.\n" * 20_000,
        "30 000 tiny paragraphs": "\n\n".join(f"Item {i}." for i in range(30_000)),
        "HTML with script, style, handlers": (
            "<html><head><style>p{color:red}</style><script>alert('steal')</script></head><body>"
            "<h1>Harbour talks</h1><p onclick=\"alert('x')\">The mayor said the harbour will reopen.</p>"
            "<img src=x onerror=\"alert(1)\"><p>Talks resume on Monday.</p></body></html>"),
        "right-to-left": "قال رئيس الوزراء يوم الثلاثاء إن المحادثات مع عمال الميناء ستستأنف بعد العطلة.\n\n"
                         "ראש הממשלה אמר ביום שלישי כי השיחות עם עובדי הנמל יתחדשו לאחר החג",
        "CJK": "首相周二表示，与港口工人的谈判将在假期后恢复，工会表示同意。\n\n首相は火曜日、港湾労働者との協議は休暇明けに再開されると述べた。",
        "emoji and combining marks": "Cafe\u0301 owner 👨‍👩‍👧 Zoë said 🎉 the ha\u0308rbour reopens.\n\n" + quiet,
        "French": "Le premier ministre a déclaré mardi que les négociations avec les dockers du port de Marseille "
                  "reprendraient après les vacances, et le syndicat est d'accord.\n\nEmmanuel Macron n'a pas commenté.",
    }


def test_odd_pastes_saved_in_admin_are_enriched_by_a_real_worker(
    broker, start_worker, admin_client, quiet_paste
):
    worker = start_worker(broker.url, name="rel-input", concurrency=2)
    started = time.monotonic()
    for case, text in odd_pastes(quiet_paste).items():
        if text is None:  # a script posting Latin-1 bytes: Django decodes them, no error
            body = f"headline={case}&body=&_save=Save&text=".encode() + b"Caf\xe9 owner said the harbour reopens."
            response = admin_client.post(ADD, body, content_type="application/x-www-form-urlencoded")
        else:
            response = admin_client.post(ADD, {"headline": case, "text": text, "body": "", "_save": "Save"})
        assert response.status_code == 302, (case, response.content[-1500:])
    articles = {a.headline: a for a in Article.objects.all()}
    assert len(articles) == 9

    def settled():
        states = list(EnrichmentState.objects.values_list("status", flat=True))
        return len(states) == 9 and all(s in (Status.DONE, Status.FAILED) for s in states)

    wait_until(settled, timeout=150, interval=0.5, message=worker.text()[-3000:])
    print(f"\nMEASURE odd input: 9 pastes settled in {time.monotonic() - started:.1f} s")
    views = {case: admin_client.get(f"/api/articles/{a.pk}/").json()["enrichment"] for case, a in articles.items()}
    for case, view in views.items():
        print(f"MEASURE   {case:36} {view['status']:6} {view['duration_ms']} ms lang={view['language']!r}")
        assert view["status"] == "done", (case, view["error"])
    assert articles["invalid UTF-8 (form bytes)"].text.startswith("Caf")  # decoded (U+FFFD or Latin-1), stored
    assert len(views["1 MB of one repeated line"]["body"]) == 1
    assert len(views["30 000 tiny paragraphs"]["body"]) == 30_000
    html_body = " ".join(views["HTML with script, style, handlers"]["body"])
    assert "harbour will reopen" in html_body and "alert" not in html_body and "color:red" not in html_body
    assert views["right-to-left"]["language"] == "ar" and views["CJK"]["language"] in ("zh", "ja")
    assert views["French"]["language"] == "fr" and views["French"]["entities"] == []
    assert "looks French (fr, confidence" in views["French"]["warnings"][0] and views["French"]["body"]
    emoji = views["emoji and combining marks"]  # its first line precedes the article's own headline
    shown = " ".join([*emoji["body"], *(item["text"] for item in emoji["removed"])])
    assert "Zoë" in shown and "härbour" in shown and "👨\u200d👩\u200d👧" in shown  # nothing mangled or lost


CLI_CASES = [  # (case, file bytes, exit code of clean, exit code of enrich, what stderr says)
    ("empty", b"", 1, 1, "The text is empty."),
    ("whitespace", b" \n\t\n", 1, 1, "The text is empty."),
    ("invalid UTF-8", b"Caf\xe9 owner said the harbour reopens.", 1, 1, "can't decode byte 0xe9"),
    ("NUL and controls", b"The mayor\x00 said\x07 the harbour reopens.", 0, 0, ""),
    ("HTML", b"<p onclick='x()'>The mayor said.</p><p>Talks resume.</p><script>alert(1)</script>", 0, 0, ""),
]


@pytest.mark.parametrize("case,data,clean_rc,enrich_rc,message", CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_cli_gives_a_message_or_a_result(tmp_path, case, data, clean_rc, enrich_rc, message):
    path = tmp_path / "paste.txt"
    path.write_bytes(data)
    for command, expected in (("clean", clean_rc), ("enrich", enrich_rc)):
        done = subprocess.run([sys.executable, "-m", "enrichment", command, str(path)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == expected, (command, done.stderr[-1500:])
        assert "Traceback" not in done.stderr and message in done.stderr
        if expected == 0:
            result = json.loads(done.stdout)
            assert "alert" not in " ".join(result["body"])
