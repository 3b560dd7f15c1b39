"""A web process (admin, API, URLconf) never imports spaCy: reading the pipeline version or a
status must not load the model. Checked in a fresh interpreter, where nothing else loaded it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WEB = ("newsroom.urls", "newsroom.admin", "newsroom.api", "enrichment.admin", "enrichment.api.views",
       "enrichment.view", "enrichment.status", "enrichment.editorial", "enrichment.checks")


def test_the_web_side_loads_no_spacy():
    code = (
        "import django, importlib, sys; django.setup(); "
        f"[importlib.import_module(m) for m in {WEB!r}]; "
        "from enrichment.pipeline import PIPELINE_VERSION; "
        "loaded = sorted(m for m in sys.modules if m == 'spacy' or m.startswith(('spacy.', 'thinc'))); "
        "print(loaded); assert not loaded, loaded"
    )
    probe(code)


def test_the_worker_side_does_load_it():
    """The same probe sees spaCy when it is there: the test above can fail."""
    probe("import django, sys; django.setup(); import enrichment.tasks; assert 'spacy' in sys.modules")


def probe(code: str) -> None:
    env = {"DJANGO_SETTINGS_MODULE": "newsroom.test_settings", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
