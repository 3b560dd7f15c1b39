"""Logging: every record of the plugin carries ``article_id`` ("-" when it is about no one
article), so a format can name it (``%(article_id)s``) and a JSON line always has the key.

The jobs pass it with ``extra={"article_id": ...}``; the host's LOGGING adds the filter to its
handler (README, "Operations"; newsroom/settings.py, including JSON with python-json-logger).
"""
from __future__ import annotations

import logging

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [article %(article_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(article_id)s %(message)s"


class ArticleIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "article_id"):
            record.article_id = "-"
        return True
