"""Production settings are safe by default: `check --deploy` is clean, DEBUG is off unless set,
and a missing SECRET_KEY stops the site instead of running with a guessable one."""
from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys

import pytest

from .workers import ROOT

pytestmark = pytest.mark.integration


def run(code_or_args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    clean.update(DJANGO_SETTINGS_MODULE="newsroom.settings", **env)
    return subprocess.run([sys.executable, *code_or_args], cwd=ROOT, env=clean, capture_output=True,
                          text=True, timeout=120)


def secret_key() -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(50))


def test_check_deploy_is_clean_for_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 SECRET_KEY=secret_key(), ALLOWED_HOSTS="news.example.org")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


PROBE = ("import django; django.setup(); from django.conf import settings as s; "
         "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
         "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.ALLOWED_HOSTS)")


def test_defaults_are_secure_and_debug_is_off_unless_set():
    result = run(["-c", PROBE], SECRET_KEY=secret_key())
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True", "[]"], result.stderr


def test_a_missing_secret_key_stops_the_site_when_debug_is_off():
    result = run(["-c", PROBE])
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr
    assert run(["-c", PROBE], DEBUG="1").returncode == 0  # local work only


def without(*names: str, **env: str) -> subprocess.CompletedProcess:
    """The PROBE with these variables unset (the embedded fallbacks) and ``env`` set."""
    clean = {k: v for k, v in os.environ.items() if k not in (*names, "DEBUG", "ALLOW_EMBEDDED_SERVICES")}
    clean.update(DJANGO_SETTINGS_MODULE="newsroom.settings", SECRET_KEY=secret_key(), **env)
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("missing", ["DATABASE_URL", "CELERY_BROKER_URL"])
def test_production_refuses_the_embedded_database_or_broker_unless_told_to(missing):
    refused = without(missing)
    assert refused.returncode != 0 and f"set {missing}" in refused.stderr
    assert without(missing, ALLOW_EMBEDDED_SERVICES="1").returncode == 0
    assert without(missing, DEBUG="1").returncode == 0  # local work


@pytest.mark.parametrize("proxies, header", [("0", "None"), ("1", "('HTTP_X_FORWARDED_PROTO', 'https')")])
def test_forwarded_proto_is_trusted_only_behind_a_configured_proxy(proxies, header):
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.SECURE_PROXY_SSL_HEADER, s.REST_FRAMEWORK['NUM_PROXIES'])")
    result = run(["-c", code], SECRET_KEY=secret_key(), NUM_PROXIES=proxies)
    assert result.stdout.strip() == f"{header} {proxies}", result.stderr
