"""The site's defences: throttles that know the client behind a proxy and count in Redis, the
admin's login limit, password rules, the demo's superuser, and the compose stack."""
from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest
import redis
import yaml
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from newsroom.clients import AnonThrottle

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 3


def fresh_ip() -> str:
    """An address no other test has used: throttle counters outlive tests in Redis."""
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"


@pytest.fixture
def tight(monkeypatch):
    """LIMIT anonymous requests a minute (DRF reads the rates once, at import)."""
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": f"{LIMIT}/minute"})


def statuses(client: APIClient, headers: list[dict]) -> list[int]:
    return [client.get("/api/entities/", **h).status_code for h in headers]


# --- throttling --------------------------------------------------------------------------------

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


# --- logins ------------------------------------------------------------------------------------

@pytest.mark.parametrize("password", ["short-pw", "password12345", "1234567890123", "alice-smith-1"])
def test_weak_passwords_are_refused(password, django_user_model):
    user = django_user_model(username="alice-smith", first_name="Alice", last_name="Smith")
    with pytest.raises(ValidationError):
        validate_password(password, user)
    validate_password("harbour-ferry-lantern-42", user)


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_that_user_out_from_that_address(django_user_model, client):
    django_user_model.objects.create_superuser("chief", "", "a-long-good-password")
    ip, elsewhere = fresh_ip(), fresh_ip()

    def login(password, addr=ip):
        return client.post("/admin/login/?next=/admin/", {"username": "chief", "password": password},
                           REMOTE_ADDR=addr)

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login("wrong").status_code == 200  # the form again, with an error
    assert login("wrong").status_code == 429
    assert login("a-long-good-password").status_code == 429  # even the right one, for a while
    assert login("a-long-good-password", elsewhere).status_code == 302  # not a lock-out of the user everywhere


# --- the demo's superuser ----------------------------------------------------------------------

@pytest.mark.django_db
def test_the_demo_user_is_made_once_and_never_reset(monkeypatch, django_user_model):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    out = io.StringIO()
    call_command("enrichment_demo_user", "demo-admin", stdout=out)
    user = django_user_model.objects.get(username="demo-admin")
    assert user.is_superuser and user.check_password(out.getvalue().strip())
    with pytest.raises(CommandError, match="exists"):
        call_command("enrichment_demo_user", "demo-admin", stdout=io.StringIO())
    user.refresh_from_db()
    assert user.check_password(out.getvalue().strip())


@pytest.mark.django_db
def test_the_demo_user_is_refused_on_a_database_the_demo_did_not_create(monkeypatch, django_user_model):
    monkeypatch.setenv("DATABASE_URL", "postgres://prod.example.org/newsroom")
    with pytest.raises(CommandError, match="DATABASE_URL"):
        call_command("enrichment_demo_user", "admin", stdout=io.StringIO())
    assert not django_user_model.objects.filter(username="admin").exists()


# --- the compose stack and the image ---------------------------------------------------------------

@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_only_the_buffering_proxy_is_published_and_web_trusts_exactly_it(compose):
    assert "ports" not in compose["web"] and compose["proxy"]["ports"] == ["8000:80"]
    assert compose["web"]["environment"]["NUM_PROXIES"] == 1
    assert "--worker-class gthread" in compose["web"]["command"]
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx  # replaced, never appended to
    assert "proxy_request_buffering on;" in nginx


def test_the_stack_shares_a_redis_cache_and_flower_needs_a_login(compose):
    assert compose["web"]["environment"]["CACHE_URL"].startswith("redis://")
    flower = compose["flower"]
    assert '--basic-auth="$$FLOWER_BASIC_AUTH"' in flower["command"] and "exit 1" in flower["command"]
    assert flower["ports"] == ["127.0.0.1:5555:5555"]


def test_env_files_never_enter_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".env" in ignored and ".env.*" in ignored
