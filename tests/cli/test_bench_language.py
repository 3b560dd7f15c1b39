"""`python -m enrichment bench-language`: each candidate in its own process, a missing one reported."""
from __future__ import annotations

import json

from enrichment.cli import main


def test_bench_language_measures_in_a_fresh_process_and_reports_a_missing_candidate(tmp_path, capsys):
    snippets = tmp_path / "snippets.jsonl"
    snippets.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in [
        {"lang": "de", "text": "Die Feuerwehr löschte am Abend einen Brand in einer Lagerhalle am Stadtrand. Verletzt wurde niemand."},
        {"lang": "it", "text": "I vigili del fuoco hanno spento ieri sera un incendio in un magazzino alla periferia. Nessuno è rimasto ferito."},
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "figures.json"
    assert main(["bench-language", "--snippets", str(snippets), "--candidates", "enrichment", "no-such-library",
                 "--json", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows[0]["candidate"] == "enrichment" and rows[0]["full"]["correct"] == 2 and rows[0]["snippets_per_s"] > 0
    assert rows[1]["candidate"] == "no-such-library" and "error" in rows[1]
    assert "| enrichment | 2/2 |" in capsys.readouterr().out
