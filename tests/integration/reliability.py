"""Helpers of the reliability tests: a private Redis each test may crash, and workers with faults
(their fixtures are in conftest.py).

Never the machine's shared Redis or PostgreSQL: other engineers' runs and CI use them at the
same time. A "broker down" test kills its own ``redis-server``; a "database dropped" test
terminates only its worker's connections (found by ``application_name``).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import redis
from django.db import connection

from enrichment.benchmarks.end_to_end import database_url

from .workers import Worker, wait_until
from .workers import worker_env as base_env

HOOKS = "tests.integration.worker_hooks"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    """A throwaway ``redis-server`` on a free port, in memory only; ``kill()`` is a crash."""

    def __init__(self, workdir: Path):
        self.workdir, self.port, self.process = workdir, free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        wait_until(lambda: _pings(client), timeout=10, interval=0.05, message="private redis did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port)


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


def worker_env(broker_url: str, name: str, **extra: str) -> dict[str, str]:
    """A worker's environment on a private broker; its database connections carry ``name``."""
    return base_env(broker_url=broker_url, DATABASE_URL=f"{database_url()}?application_name={name}", **extra)


class FaultyWorker(Worker):
    """A real ``celery -A newsroom worker`` with the test-only fault hooks and its own environment."""

    def __init__(self, log_path: Path, *, broker_url: str, name: str, concurrency: int = 1,
                 extra: tuple[str, ...] = (), env: dict[str, str] | None = None):
        self.name = name
        super().__init__(
            log_path, concurrency=concurrency,
            extra=("-I", HOOKS, "--hostname", f"{name}@%h", "--without-heartbeat", *extra),
            env=worker_env(broker_url, name, **(env or {})),
        )

    def text(self) -> str:
        return self.log_path.read_text()

    def hook_pid(self, hook: str, *, timeout: float = 30, nth: int = 1) -> int:
        def find():
            pids = re.findall(rf"HOOK {hook} pid=(\d+)", self.text())
            return int(pids[nth - 1]) if len(pids) >= nth else None
        return wait_until(find, timeout=timeout, interval=0.05, message=f"no HOOK {hook}:\n{self.text()[-2000:]}")

    def stop(self) -> None:
        """Warm shutdown, then SIGKILL of the whole group if it does not come in 10 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill_all()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # pool children left behind, if any
        except ProcessLookupError:
            pass
        self.log.close()

    def kill_all(self) -> None:
        """SIGKILL the main process and its pool children: no shutdown code runs."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def terminate_backends(application_name: str) -> int:
    """Drop the database connections of one worker, as a failover or a network cut would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
            [connection.settings_dict["NAME"], application_name],
        )
        return cursor.fetchone()[0]


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    started = time.monotonic()
    value = fn(*args, **kwargs)
    return time.monotonic() - started, value
