"""Who a request comes from, one rule for the API's throttles and the admin's login limit.

Behind ``NUM_PROXIES`` trusted proxies (``REST_FRAMEWORK["NUM_PROXIES"]``) the client is the
address the nearest proxy saw; with none, the connection's address: a client-sent
``X-Forwarded-For`` is never believed on its own.
"""
from __future__ import annotations

import logging

import redis
from rest_framework.throttling import AnonRateThrottle, BaseThrottle, UserRateThrottle

logger = logging.getLogger(__name__)


def client_ip(request) -> str | None:
    """DRF's own rule (``BaseThrottle.get_ident``), usable on a plain Django request."""
    return BaseThrottle().get_ident(request)


class FailOpen:
    """Counters live in the shared cache (Redis). When it is down the API keeps answering, as
    editors' saves do when the broker is down: a lost limit for a while, not a lost site."""

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except (redis.RedisError, OSError) as exc:
            logger.warning("API throttle skipped, the cache is unreachable: %s", exc)
            return True


class AnonThrottle(FailOpen, AnonRateThrottle):
    pass


class UserThrottle(FailOpen, UserRateThrottle):
    pass
