"""The plugin as a newsroom installs it: the wheel from the standard build front end, a fresh
virtual environment (no system site-packages), a brand-new `django-admin startproject` site set
up with the README's "Install in your site" snippets (asserted verbatim below), then `check`,
`migrate`, one enrichment of a paste by a real worker on kombu's filesystem broker, and one
through the console script. The repository is never on the path: every command runs from the
site's folder with PYTHONPATH unset.
Dependencies come from the package index (spaCy and the model too); the step times are printed."""
from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

REPO = Path(__file__).resolve().parents[2]
PASTE = REPO / "tests" / "fixtures" / "harbour-talks-paste.txt"

INSTALL = 'pip install "django-newsroom-enrichment[model]" "celery[redis]"'
NEW_SITE = ["django-admin startproject mysite", "cd mysite", "python manage.py startapp news"]
SETUP = ["python manage.py makemigrations news", "python manage.py migrate", "python manage.py check"]
FILES = {
    "news/models.py": '''\
from django.db import models


class Article(models.Model):
    title = models.CharField(max_length=300)
    text = models.TextField()

    def __str__(self):
        return self.title
''',
    "news/admin.py": '''\
from django.contrib import admin
from enrichment.admin import EnrichmentAdminMixin

from .models import Article


@admin.register(Article)
class ArticleAdmin(EnrichmentAdminMixin, admin.ModelAdmin):
    list_display = ("title", "enrichment_status")
''',
    "mysite/celery.py": '''\
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
app = Celery("mysite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
''',
    "mysite/__init__.py": '''\
from .celery import app as celery_app
''',
}
SETTINGS = '''\
INSTALLED_APPS += ["news", "enrichment"]
ENRICHMENT = {
    "ARTICLE_MODEL": "news.Article",  # created in its app's first migration
    "TEXT_FIELD": "text",  # the pasted text, never modified
    "TITLE_FIELD": "title",
    "BODY_FIELD": "",  # no field to write the cleaned body into
    "PUBLISHED_FIELD": "",  # the API (if used) shows every article
}
CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
CELERY_BEAT_SCHEDULE = {
    "enrichment-requeue-waiting": {"task": "enrichment.tasks.requeue_waiting", "schedule": 60.0},
}
'''
TRY_BROKER = '''\
CELERY_BROKER_URL = "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": "broker", "data_folder_out": "broker", "store_processed": False}
'''
MKDIR = "mkdir broker"
WORKER = "celery -A mysite worker -Q enrichment,enrichment_bulk --concurrency 1 &"
SAVE = '''\
python manage.py shell -c "
from news.models import Article
Article.objects.create(title='Harbour talks', text=open('paste.txt').read())
"'''
SHOW = '''\
python manage.py shell -c "
from enrichment.models import EnrichmentResult
print(EnrichmentResult.objects.get().data['entities'][0])
"'''
RESULT_WAIT_S = 240  # the bound of the polling that replaces the README's `sleep`: model load + one paste
CLI = "newsroom-enrichment enrich paste.txt"
COPY_IGNORE = (".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis")


def readme_section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Install in your site\n(.*?)(?=^## )", readme, re.S | re.M)
    assert match, "README.md has no '## Install in your site' section"
    return match.group(1)


def test_the_readme_section_holds_exactly_these_steps():
    section = readme_section()
    for step in [INSTALL, *NEW_SITE, *SETUP, *FILES.values(), SETTINGS, TRY_BROKER, MKDIR, WORKER, SAVE, SHOW, CLI]:
        assert step in section, f"README's 'Install in your site' lacks:\n{step}"
    for path in FILES:
        assert f"# {path}" in section


class Steps:
    """Commands in the new site's venv, timed; the repository is on no path of theirs."""

    def __init__(self, venv_dir: Path):
        self.bin = venv_dir / "bin"
        # Nothing of this process's setup leaks in: Celery reads CELERY_BROKER_URL from the
        # environment before the settings, and the test settings set it.
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "DATABASE_URL")
                    and not k.startswith(("DJANGO_", "CELERY_", "ENRICHMENT_"))}
        self.env["PATH"] = f"{self.bin}{os.pathsep}{self.env.get('PATH', '')}"
        self.times: dict[str, float] = {}

    def run(self, name: str, command: str, cwd: Path, timeout: float = 600, check: bool = True) -> str | None:
        started = time.perf_counter()
        proc = subprocess.run(command, shell=True, cwd=cwd, env=self.env, capture_output=True, text=True,
                              timeout=timeout)
        self.times[name] = self.times.get(name, 0.0) + time.perf_counter() - started
        if not check and proc.returncode:
            return None
        assert proc.returncode == 0, f"{command}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        return proc.stdout

    def poll(self, name: str, command: str, cwd: Path, seconds: float) -> str:
        deadline = time.perf_counter() + seconds
        while (out := self.run(name, command, cwd, check=False)) is None:
            assert time.perf_counter() < deadline, f"no result after {seconds} s: {command}"
            time.sleep(1)
        return out


def test_a_new_site_installs_the_wheel_and_enriches_a_paste(tmp_path):
    started = time.perf_counter()
    source, dist, work = tmp_path / "source", tmp_path / "dist", tmp_path / "work"
    work.mkdir()
    # A copy of the working tree, so the build leaves nothing in the repository.
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*COPY_IGNORE))
    steps = Steps(tmp_path / "venv")
    steps.run("build wheel", f"{sys.executable} -m build --wheel --outdir {dist} {source}", cwd=work)
    [wheel] = dist.glob("django_newsroom_enrichment-*.whl")

    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(tmp_path / "venv")
    steps.run("install", INSTALL.replace("django-newsroom-enrichment", str(wheel)) + " --quiet", cwd=work)

    site = work / "mysite"
    for command in NEW_SITE:
        if not command.startswith("cd "):
            steps.run("new site", command, cwd=site if command.startswith("python") else work)
    for path, text in FILES.items():
        (site / path).write_text(text, encoding="utf-8")
    settings = site / "mysite" / "settings.py"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n" + SETTINGS + TRY_BROKER, encoding="utf-8")
    (site / "paste.txt").write_text(PASTE.read_text(encoding="utf-8"), encoding="utf-8")

    where = steps.run("where", 'python -c "import enrichment, sys; print(enrichment.__file__); print(sys.path)"',
                      cwd=site)
    assert str(tmp_path / "venv") in where.splitlines()[0] and str(REPO) not in where
    outputs = [steps.run("check + migrate", command, cwd=site) for command in SETUP]
    assert "Applying enrichment.0001_initial... OK" in outputs[1]
    # the package's data files: static, templates
    assert steps.run("data files", "python manage.py findstatic enrichment/sidebar.css", cwd=site).startswith("Found")
    steps.run("data files", 'python manage.py shell -c "from django.template.loader import get_template; '
              "get_template('enrichment/admin/sidebar.html')\"", cwd=site)

    steps.run("worker", MKDIR, cwd=site)
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(WORKER.rstrip(" &").split(), cwd=site, env=steps.env, stdout=log, stderr=log)
    try:
        steps.run("save", SAVE, cwd=site)
        shown = steps.poll("worker enriches (model load included)", SHOW, cwd=site, seconds=RESULT_WAIT_S)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        log.close()
    entity = ast.literal_eval(shown.strip().splitlines()[-1])
    assert entity["name"] and entity["type"] and entity["mentions"] >= 1
    out = json.loads(steps.run("enrich (console script)", CLI, cwd=site))
    assert out["language"] == "en" and out["entities"] and out["body"]
    assert steps.run("python -m", "python -m enrichment --help", cwd=site).startswith("usage:")

    steps.times["total"] = time.perf_counter() - started
    print("\nMEASURE packaging " + ", ".join(f"{k}: {v:.1f} s" for k, v in steps.times.items()))
