"""The API's throttles know the client behind a proxy and count in Redis, shared by every web
process; an unreachable cache lets requests through."""
from __future__ import annotations

import pytest
import redis
from django.conf import settings
from rest_framework.test import APIClient

from newsroom.clients import AnonThrottle
from tests.factories import fresh_ip

LIMIT = 3


@pytest.fixture
def tight(monkeypatch):
    """LIMIT anonymous requests a minute (DRF reads the rates once, at import)."""
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": f"{LIMIT}/minute"})


def statuses(client: APIClient, headers: list[dict]) -> list[int]:
    return [client.get("/api/entities/", **h).status_code for h in headers]


@pytest.mark.django_db
def test_without_a_proxy_a_client_sent_forwarded_for_is_ignored(tight):
    client = APIClient(REMOTE_ADDR=fresh_ip())
    spoofed = [{"HTTP_X_FORWARDED_FOR": fresh_ip()} for _ in range(LIMIT + 1)]
    assert statuses(client, spoofed) == [200] * LIMIT + [429]


@pytest.mark.django_db
def test_behind_one_proxy_the_client_is_who_the_proxy_saw(tight, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy, client_a, client_b = fresh_ip(), fresh_ip(), fresh_ip()
    client = APIClient(REMOTE_ADDR=proxy)
    # the client may put anything first; the proxy appends the address it saw
    a = [{"HTTP_X_FORWARDED_FOR": f"{fresh_ip()}, {client_a}"} for _ in range(LIMIT + 1)]
    assert statuses(client, a) == [200] * LIMIT + [429]
    assert statuses(client, [{"HTTP_X_FORWARDED_FOR": client_b}]) == [200]  # another client, same proxy


@pytest.mark.django_db
def test_the_counters_live_in_redis_shared_by_every_process(tight):
    ip = fresh_ip()
    statuses(APIClient(REMOTE_ADDR=ip), [{}, {}])
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    server = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    [key] = server.keys(f"*throttle_anon_{ip}")  # read by another client than this process's cache
    assert server.ttl(key) > 0


@pytest.mark.django_db
def test_an_unreachable_cache_lets_requests_through(tight, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0",
                                   "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    assert statuses(APIClient(REMOTE_ADDR=fresh_ip()), [{}] * (LIMIT + 1)) == [200] * (LIMIT + 1)


