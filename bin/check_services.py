"""Fail early, and clearly, when a service the tests need does not answer."""
import os
import shutil
import sys

import psycopg
import redis

database = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
broker = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
problems = []
try:
    psycopg.connect(database.replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
except psycopg.Error as exc:
    problems.append(f"PostgreSQL at {database} does not answer: {exc}")
try:
    redis.Redis.from_url(broker, socket_connect_timeout=3).ping()
except redis.RedisError as exc:
    problems.append(f"Redis at {broker} does not answer: {exc}")
chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
if not (os.path.exists(chromium) or shutil.which(chromium)):
    problems.append(f"Chromium is missing at {chromium}: apt-get install chromium (or set CHROMIUM)")
if problems:
    sys.exit("The tests need real services:\n  " + "\n  ".join(problems))
