"""Settings for the test suite: the real PostgreSQL and Redis of the machine by default."""
import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")  # apart from a developer's db 0
# The throttles' counters in a real Redis, as in production (keys prefixed "newsroom").
os.environ.setdefault("CACHE_URL", os.environ["CELERY_BROKER_URL"])

from .settings import *  # noqa: E402,F403

# The live-server tests speak plain HTTP on localhost.
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "10000/minute", "user": "100000/minute"}}  # noqa: F405
# Reliability tests start workers that give up sooner (the backoff doubles per retry).
ENRICHMENT = {**ENRICHMENT, "MAX_RETRIES": int(os.environ.get("ENRICHMENT_MAX_RETRIES", 5))}  # noqa: F405
