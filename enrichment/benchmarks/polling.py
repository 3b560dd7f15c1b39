"""What open sidebars cost the server: P editors' change pages, each waiting on a job that
never finishes (the worst case: no worker), poll the status endpoint on status_poll.js's
schedule against a real gunicorn; we count requests per second and the server's CPU time.

Pages whose article is done do not poll at all, so this is the upper bound.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from ..articles import article_model
from ..conf import enrichment_settings as conf
from .end_to_end import database_url

# status_poll.js's schedule, mirrored: first check after FIRST_MS, each wait GROWTH times the
# last, never more than MAX_MS.
FIRST_MS, GROWTH, MAX_MS = 100, 1.25, 3000
SERVER_WORKERS = 2  # gunicorn processes: one per core of this machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page(url: str, cookies: dict, stop: threading.Event, counts: list[int], errors: list[str]) -> None:
    session = requests.Session()
    session.cookies.update(cookies)
    delay = FIRST_MS
    while not stop.wait(delay / 1000):
        response = session.get(url, params={"token": "waiting"}, headers={"X-Requested-With": "XMLHttpRequest"})
        if response.status_code != 200:
            errors.append(f"{response.status_code} {url}")
        counts.append(1)
        delay = min(MAX_MS, delay * GROWTH)


def run(*, pages: int = 50, seconds: float = 30, log=print) -> dict:
    """Requests per second and server CPU with ``pages`` sidebars waiting for ``seconds``."""
    model = article_model()
    user = get_user_model()._default_manager.create_superuser("poll-bench", "poll@example.com", None)
    from ..jobs.queueing import enqueue_deferred

    with enqueue_deferred():  # no job is sent: each page waits for ever (queued, never sent)
        articles = [model._default_manager.create(**{conf.TITLE_FIELD: f"poll-bench {i}",
                                                     conf.TEXT_FIELD: f"Text {i}"}) for i in range(pages)]
    client = Client()
    client.force_login(user)
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=database_url(), ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="false",
               SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
         str(SERVER_WORKERS), "--log-level", "warning"],
        cwd=Path(settings.BASE_DIR), env=env, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        meta = model._meta
        for _ in range(200):
            try:
                requests.get(base + "/admin/login/", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.1)
        processes = [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]
        cpu_before = sum(p.cpu_times().user + p.cpu_times().system for p in processes)
        stop, counts, errors = threading.Event(), [], []
        threads = [threading.Thread(target=_page, daemon=True, args=(
            f"{base}/admin/{meta.app_label}/{meta.model_name}/{a.pk}/enrichment/status/", cookies, stop, counts,
            errors)) for a in articles]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        cpu = sum(p.cpu_times().user + p.cpu_times().system for p in processes) - cpu_before
        if errors:
            raise RuntimeError(f"{len(errors)} failed checks, e.g. {errors[0]}")
        figures = {
            "pages": pages, "seconds": round(elapsed, 1), "requests": len(counts),
            "requests_per_s": round(len(counts) / elapsed, 1),
            "requests_per_s_per_page": round(len(counts) / elapsed / pages, 2),
            "server_cpu_percent_of_one_core": round(100 * cpu / elapsed, 1),
            "server_cpu_ms_per_s_per_page": round(1000 * cpu / elapsed / pages, 2),
            "server_cpu_ms_per_request": round(1000 * cpu / max(1, len(counts)), 2),
        }
        log(str(figures))
        return figures
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        model._default_manager.filter(pk__in=[a.pk for a in articles]).delete()
        user.delete()
