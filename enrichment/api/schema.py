"""What drf-spectacular cannot read from the fields: the real constraints of the strict fields
and of the paste, so a request the schema allows is one the API accepts."""
from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerFieldExtension

from ..conf import enrichment_settings as conf
from .serializers import PastedTextField

NOT_BLANK = r"\S"  # at least one character that is not a space: blank strings are refused


class StrictCharFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "enrichment.api.fields.StrictCharField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if isinstance(self.target, PastedTextField):  # refused by validators.paste_problem
            schema.update(minLength=1, maxLength=conf.MAX_CHARS, pattern=NOT_BLANK)
        elif not self.target.allow_blank:
            schema["pattern"] = NOT_BLANK
        return schema
