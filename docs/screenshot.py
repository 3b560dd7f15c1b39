"""Take docs/sidebar.png: the sidebar on the messy harbour-talks paste, in Debian's Chromium.

    .venv/bin/python docs/screenshot.py

It runs the browser test that takes the picture (a live server, the test database on
PostgreSQL, the enrichment run through the service layer) and keeps the image.
"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    env = {**os.environ, "SIDEBAR_SCREENSHOT": "docs/sidebar.png"}
    sys.exit(subprocess.call(
        [sys.executable, "-m", "pytest", "tests/browser/test_sidebar.py::test_sidebar_screenshot", "-q"],
        cwd=ROOT, env=env,
    ))
