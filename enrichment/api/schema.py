"""The schema tells the truth: what drf-spectacular cannot read from the code by itself.

The real constraints of the strict fields and of the paste (a request the schema allows is one
the API accepts), public reads, and every error an operation can answer. The host sets
``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "enrichment.api.schema.AutoSchema"``."""
from __future__ import annotations

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers

from ..conf import enrichment_settings as conf
from .serializers import PastedTextField

NOT_BLANK = r"\S"  # at least one character that is not a space: blank strings are refused


class StrictCharFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "enrichment.api.fields.StrictCharField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if isinstance(self.target, PastedTextField) and direction == "request":  # validators.paste_problem
            schema = {"type": "string", "minLength": 1, "maxLength": conf.MAX_CHARS, "pattern": NOT_BLANK,
                      **({"description": schema["description"]} if "description" in schema else {})}
        elif not self.target.allow_blank and direction == "request":
            schema["pattern"] = NOT_BLANK
        return schema


class PastedHTMLFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "enrichment.api.serializers.PastedHTMLField"

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        return {**schema, "maxLength": conf.MAX_HTML_CHARS}  # validators.html_problem


# --- every operation: who may call it, and the errors it can answer ---------------------------

class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


ERROR = OpenApiResponse(ErrorSerializer, description="What went wrong, in `detail`.")
FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="Field errors, `{\"field\": [\"message\"]}` (decisions by index: `{\"decisions\": {\"0\": "
    "[\"message\"]}}`), or `{\"detail\": \"message\"}` for a body that is not JSON, a bad query parameter "
    "or a null character.",
)
ERRORS = {
    "400": FIELD_ERRORS,
    "401": OpenApiResponse(ErrorSerializer, description="A missing (on a write) or bad token; see `WWW-Authenticate`."),
    "403": OpenApiResponse(ErrorSerializer, description="Signed in without the permission, or no CSRF token with a "
                                                        "session."),
    "404": OpenApiResponse(ErrorSerializer, description="No such id (or not readable by you), page or format."),
    "412": OpenApiResponse(ErrorSerializer, description="`If-Match` names another ETag: read again and retry."),
    "413": OpenApiResponse(ErrorSerializer, description="The body is larger than the upload limit."),
    "415": OpenApiResponse(ErrorSerializer, description="The body is not `application/json`."),
    "429": OpenApiResponse(ErrorSerializer, description="Throttled: retry after `Retry-After` seconds."),
}


ANONYMOUS_READS = (permissions.AllowAny, permissions.IsAuthenticatedOrReadOnly,
                   permissions.DjangoModelPermissionsOrAnonReadOnly)


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, telling also that reads are public where they are, and every error an
    operation can answer (the views add the ones only they have, like 409)."""

    def get_auth(self):
        auths = super().get_auth()
        if self.method in permissions.SAFE_METHODS and {} not in auths and all(
            isinstance(p, ANONYMOUS_READS) or getattr(p, "anonymous_reads", False) for p in self.view.get_permissions()
        ):
            auths.append({})  # no credentials needed
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(ERRORS[code], code, direction=direction)
        return responses

    def _map_basic_serializer(self, serializer, direction):
        """A field marked ``staff_only`` (the paste) is in a response only for the newsroom:
        not required there, so anonymous answers conform."""
        schema = super()._map_basic_serializer(serializer, direction)
        staff_only = {name for name, field in serializer.fields.items() if getattr(field, "staff_only", False)}
        if direction == "response" and staff_only and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in staff_only]
            if not schema["required"]:
                del schema["required"]
        return schema

    def error_codes(self) -> list[str]:
        codes = ["400", "401", "404", "429"]  # any query (a NUL, a bad format), a bad token
        if self.method not in permissions.SAFE_METHODS:
            codes.append("403")
            if self.method != "DELETE" and self.get_request_serializer() is not None:
                codes += ["413", "415"]
            if "{" in self.path:
                codes.append("412")  # writes to one article check If-Match
        return sorted(codes)


def empty_query_values(result, generator, request, public):
    """A postprocessing hook: every query parameter of the API may be sent empty, and then it
    is not applied (``?status=&page=`` is the first page of everything); the schema says so."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result
