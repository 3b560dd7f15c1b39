"""Take docs/sidebar.png and docs/sidebar-dark.png: the sidebar on the messy harbour-talks paste,
after a few decisions, in the admin's light and dark themes, in Debian's Chromium.

    .venv/bin/python docs/screenshot.py

It runs the browser test that measures both themes (a live server, the test database on
PostgreSQL, the enrichment run through the service layer) and keeps the images.
"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    env = {**os.environ, "SIDEBAR_SCREENSHOTS": "docs"}
    sys.exit(subprocess.call(
        [sys.executable, "-m", "pytest", "tests/browser/test_sidebar_a11y.py::test_contrast_axe_and_screenshots_in_both_themes",
         "-q", "-p", "no:cacheprovider"],
        cwd=ROOT, env=env,
    ))
