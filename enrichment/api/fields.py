"""Strict serializer fields: a JSON value of the wrong type is a 400, never coerced.

DRF's ``CharField`` stores ``12`` and ``3.5`` as ``"12"`` and ``"3.5"``, and its
``BooleanField`` reads ``1``, ``"yes"`` or ``"on"`` as true: lenient for HTML forms, wrong for a
JSON API whose schema says string and boolean. The API parses JSON only, so these are exact.
"""
from __future__ import annotations

from django.db import models
from rest_framework import serializers


def json_type(value) -> str:
    """The JSON name of a parsed value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {dict: "object", list: "array"}.get(type(value), "string")


class StrictCharField(serializers.CharField):
    default_error_messages = {"not_a_string": "Must be a string, not a {type}."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string", type=json_type(data))
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "Must be true or false, not a {type}."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", type=json_type(data))
        return data


class StrictModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose text and boolean model fields take only strings and booleans."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.BooleanField: StrictBooleanField,
    }
