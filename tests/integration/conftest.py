"""Fixtures of the integration layer: the session's worker on the tests' Redis database, and
private Redis servers and fault-injecting workers for the reliability tests."""
from __future__ import annotations

import os

import pytest
import redis
from django.conf import settings

from newsroom.celery import app

from .reliability import FaultyWorker, PrivateRedis
from .workers import Worker


@pytest.fixture(scope="session")
def clean_broker():
    """The tests' own Redis database starts empty, so no leftover task reaches a worker."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    return client


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, clean_broker, tmp_path_factory):
    worker = Worker(tmp_path_factory.mktemp("worker") / "worker.log")
    try:
        worker.wait_ready()
        yield worker
    finally:
        worker.stop()


@pytest.fixture(scope="module")
def private_redis(tmp_path_factory):
    server = PrivateRedis(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def broker(private_redis):
    """The test process sends its tasks to the private Redis (and back to the usual one after)."""
    before = app.conf.broker_url

    def point(url: str) -> None:
        os.environ["CELERY_BROKER_URL"] = url  # Celery reads this variable before its own conf
        app.conf.broker_url = url
        app._pool = None
        app.amqp._producer_pool = None

    if private_redis.process.poll() is not None:
        private_redis.start()
    private_redis.client().flushdb()
    point(private_redis.url)
    try:
        yield private_redis
    finally:
        point(before)


@pytest.fixture
def start_worker(tmp_path):
    started: list[FaultyWorker] = []

    def start(broker_url: str, *, name: str = "reliability", wait: bool = True, **kwargs) -> FaultyWorker:
        worker = FaultyWorker(tmp_path / f"{name}-{len(started)}.log", broker_url=broker_url, name=name, **kwargs)
        started.append(worker)
        if wait:
            worker.wait_ready()
        return worker

    yield start
    for worker in started:
        worker.stop()
