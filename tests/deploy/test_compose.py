"""The compose stack and the image: only the buffering proxy is published, the site trusts
exactly it, the cache is shared, Flower needs a login, and .env never enters the image."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


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
    [command] = flower["command"]
    assert '--basic-auth="$$FLOWER_BASIC_AUTH"' in command and "exit 1" in command
    assert flower["ports"] == ["127.0.0.1:5555:5555"]


def test_env_files_never_enter_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".env" in ignored and ".env.*" in ignored
