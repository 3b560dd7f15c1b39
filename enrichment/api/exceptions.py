"""Errors of the API that DRF does not answer itself: a body over Django's upload limit."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.views import exception_handler as drf_exception_handler


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "request_too_large"


def too_large() -> RequestTooLarge:
    return RequestTooLarge(_("The request body is larger than %(max)s bytes.") % {
        "max": settings.DATA_UPLOAD_MAX_MEMORY_SIZE})


def exception_handler(exc, context):
    """DRF's, plus: Django's ``RequestDataTooBig`` (DATA_UPLOAD_MAX_MEMORY_SIZE, raised while
    DRF reads the body) is a JSON 413, not Django's bare 400 page."""
    if isinstance(exc, RequestDataTooBig):
        exc = too_large()
    return drf_exception_handler(exc, context)
