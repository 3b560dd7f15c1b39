"""Serializers of the plugin's API: the enrichment as shown, decisions, entities, the paste."""
from __future__ import annotations

import json
from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import ProhibitSurrogateCharactersValidator, empty
from django.utils.translation import gettext_lazy as _

from ..conf import enrichment_settings as conf
from ..models import ArticleEntity, Decision, Entity, Status
from ..pasted_html import keep_html
from ..validators import html_problem, paste_problem
from ..view import enrichment_summary, enrichment_view, prefetch_enrichment, prefetch_summaries
from .fields import StrictCharField
from .permissions import can_read_unpublished


class CaptionSerializer(serializers.Serializer):
    text = serializers.CharField()
    credit = serializers.CharField(allow_blank=True)
    photographer = serializers.CharField(allow_blank=True)
    agency = serializers.CharField(allow_blank=True)


class RemovedSerializer(serializers.Serializer):
    text = serializers.CharField()
    reason = serializers.CharField()
    duplicate_of = serializers.CharField(allow_blank=True)


class CarriedOverSerializer(serializers.Serializer):
    action = serializers.CharField()
    target = serializers.CharField()


class EntitySerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    mentions = serializers.IntegerField()
    salience = serializers.FloatField()
    in_body = serializers.BooleanField()
    in_captions = serializers.BooleanField()


STAFF_ONLY = "Only for clients that may read unpublished articles (the article model's view permission)."


class EnrichmentSerializer(serializers.Serializer):
    """The enrichment of one article, as ``view.enrichment_view`` builds it."""

    status = serializers.ChoiceField(choices=Status.choices)
    error = serializers.CharField(allow_blank=True, required=False, help_text=STAFF_ONLY)
    queued_at = serializers.DateTimeField(allow_null=True, required=False, help_text=STAFF_ONLY)
    started_at = serializers.DateTimeField(allow_null=True, required=False, help_text=STAFF_ONLY)
    finished_at = serializers.DateTimeField(allow_null=True, required=False, help_text=STAFF_ONLY)
    duration_ms = serializers.IntegerField(allow_null=True, required=False, help_text=STAFF_ONLY)
    pipeline_version = serializers.CharField(allow_blank=True)
    current_pipeline_version = serializers.CharField()
    language = serializers.CharField(allow_blank=True)
    language_confidence = serializers.FloatField()
    headline = serializers.CharField(allow_blank=True)
    byline = serializers.CharField(allow_blank=True)
    dateline = serializers.CharField(allow_blank=True)
    body = serializers.ListField(child=serializers.CharField())
    captions = CaptionSerializer(many=True)
    removed = RemovedSerializer(many=True, required=False, help_text=STAFF_ONLY)
    entities = EntitySerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField(), required=False, help_text=STAFF_ONLY)
    carried_over = CarriedOverSerializer(
        many=True, required=False,
        help_text="Body and caption decisions made on an earlier text that still apply. " + STAFF_ONLY)


# What the newsroom keeps to itself: the run's internals (error text may name hosts and users),
# what the cleaner or an editor removed (an editor may remove a paragraph for legal reasons),
# and the warnings. Only clients that may read unpublished articles get them.
STAFF_ONLY_FIELDS = ("error", "queued_at", "started_at", "finished_at", "duration_ms", "removed", "warnings",
                     "carried_over")


class PublicEnrichmentSerializer(EnrichmentSerializer):
    """The enrichment as a published article shows it: headline, clean body, captions with
    credits, entities (editors' decisions applied), and the status."""

    def get_fields(self):
        fields = super().get_fields()
        for name in STAFF_ONLY_FIELDS:
            fields.pop(name)
        return fields


def enrichment_serializer_class(request) -> type[EnrichmentSerializer]:
    """The staff view for clients that may read unpublished articles, else the public one."""
    return EnrichmentSerializer if request is not None and can_read_unpublished(request.user) \
        else PublicEnrichmentSerializer


# --- the pasted text ---------------------------------------------------------------------------

class PastedTextField(StrictCharField):
    """The paste, kept verbatim (no trimming); refused, with the admin's message, by
    ``enrichment.validators.paste_problem``: blank, over ``MAX_CHARS``, NUL, lone surrogate.
    The schema says so: at least one character, at most ``MAX_CHARS``, one not a space."""

    def __init__(self, *, staff_only: bool = False, **kwargs):
        # staff_only: the host returns the paste only to the newsroom (the schema then does not
        # require it in responses; the host's serializer leaves it out for the others)
        self.staff_only = staff_only
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)
        self.error_messages["blank"] = paste_problem("")  # one message for "" and for spaces
        self.validators = [v for v in self.validators if not isinstance(
            v, (ProhibitNullCharactersValidator, ProhibitSurrogateCharactersValidator))]

    def run_validation(self, data=empty):
        text = super().run_validation(data)
        if text is not None and (problem := paste_problem(text)):
            raise serializers.ValidationError(problem, code="invalid_paste")
        return text


class ExpandedEnrichmentField(EnrichmentSerializer):
    """The full enrichment of an article inside a list item: only with ``?expand=enrichment``."""

    def get_attribute(self, instance):
        return enrichment_view(instance)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not can_read_unpublished(request.user):
            for name in STAFF_ONLY_FIELDS:  # the public gets what a published article shows
                data.pop(name, None)
        return data


EXPANDABLE = ("enrichment",)


def wants_expanded(context) -> bool:
    """``?expand=enrichment`` (empty means no); any other value is a 400, as the schema's enum says."""
    request = context.get("request")
    value = request.query_params.get("expand", "") if request is not None else ""
    if value and value not in EXPANDABLE:
        raise serializers.ValidationError({"expand": [f"Unknown value {value!r}: use one of {', '.join(EXPANDABLE)}."]})
    return value == "enrichment"


class SummaryListSerializer(serializers.ListSerializer):
    """A page of list items: their summaries in one query, full enrichments (when expanded)
    in a few more, whatever the page's length."""

    def to_representation(self, data):
        items = prefetch_summaries(data.all() if hasattr(data, "all") else data)
        if wants_expanded(self.context):
            prefetch_enrichment(items)
        return super().to_representation(items)


class EnrichedListItemSerializer(serializers.ModelSerializer):
    """What a front end lists of an article; the host subclasses it with its ``Meta.model``
    and fields, keeping these. The full enrichment is one request away (``enrichment_url``),
    or inline with ``?expand=enrichment``."""

    status = serializers.SerializerMethodField(help_text="Enrichment status, as shown (stale included).")
    entity_count = serializers.SerializerMethodField(help_text="Canonical entities the article names.")
    enrichment_url = serializers.SerializerMethodField()
    enrichment = ExpandedEnrichmentField(required=False, help_text="Only with ?expand=enrichment.")

    enrichment_view_name = "article-enrichment"  # the host's viewset route of EnrichmentActionsMixin

    class Meta:
        list_serializer_class = SummaryListSerializer

    def get_fields(self):
        fields = super().get_fields()
        if not wants_expanded(self.context):
            fields.pop("enrichment", None)
        return fields

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices))
    def get_status(self, article) -> str:
        return enrichment_summary(article).status

    def get_entity_count(self, article) -> int:
        return enrichment_summary(article).entity_count

    @extend_schema_field(OpenApiTypes.URI)
    def get_enrichment_url(self, article) -> str:
        url = reverse(self.enrichment_view_name, args=[article.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class PastedHTMLField(serializers.CharField):
    """The clipboard's ``text/html`` that came with the text, verbatim; write-only: it is never
    returned. Refused by ``enrichment.validators.html_problem``: not a string, over
    ``MAX_HTML_CHARS``, NUL, lone surrogate. ``null`` or ``""`` drops the HTML on file."""

    default_error_messages = {"invalid": _("Must be a string of HTML, or null.")}

    def __init__(self, **kwargs):
        for name, value in {"write_only": True, "required": False, "allow_null": True, "allow_blank": True,
                            "trim_whitespace": False}.items():
            kwargs.setdefault(name, value)
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(
            v, (ProhibitNullCharactersValidator, ProhibitSurrogateCharactersValidator))]

    def to_internal_value(self, data):
        if not isinstance(data, str):  # CharField would take 12 as "12"
            self.fail("invalid")
        if problem := html_problem(data):
            raise serializers.ValidationError(problem, code="invalid_html")
        return data


class PastedHTMLSerializerMixin(serializers.Serializer):
    """For the host's article serializer (list ``"html"`` in its ``Meta.fields``): the optional
    ``html`` of a create or an update, stored in the plugin's own table with the article, in one
    transaction, so the worker that enriches the text finds its HTML. Left out of an update,
    the HTML on file is kept (it still counts for the lines that did not change)."""

    html = PastedHTMLField(help_text="The clipboard's text/html of the paste, verbatim: the cleaner reads the "
                                     "page's structure from it. Optional; write-only; null or \"\" drops it.")

    def create(self, validated_data):
        html = validated_data.pop("html", None)
        with transaction.atomic():
            article = super().create(validated_data)
            if html:
                keep_html(article, html)
        return article

    def update(self, instance, validated_data):
        sent = "html" in validated_data
        html = validated_data.pop("html", None)
        with transaction.atomic():
            article = super().update(instance, validated_data)
            if sent:
                keep_html(article, html)
        return article


class EnrichedListSerializer(serializers.ListSerializer):
    """A list of articles whose ``enrichment`` comes from ``view.enrichment_view``: reads
    what the views need for the whole page in a constant number of queries first."""

    def to_representation(self, data):
        items = data.all() if hasattr(data, "all") else data
        return super().to_representation(prefetch_enrichment(items))


# --- editorial decisions -----------------------------------------------------------------------

MAX_VALUE_CHARS = 20_000


def storable_json(value: Any, path: str = "value") -> None:
    """PostgreSQL's jsonb refuses NUL characters; lone surrogates cannot be encoded at all."""
    if isinstance(value, str):
        if "\x00" in value:
            raise serializers.ValidationError(_("%(path)s: null characters are not allowed.") % {"path": path})
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise serializers.ValidationError(_("%(path)s: invalid Unicode (lone surrogate).") % {"path": path}) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            storable_json(key, path)
            storable_json(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            storable_json(item, f"{path}[{i}]")


class DecisionSerializer(serializers.Serializer):
    """One editor's decision, as the admin sidebar makes it (see ``enrichment.editorial``)."""

    action = serializers.ChoiceField(choices=Decision.Action.choices)
    target = StrictCharField(
        trim_whitespace=False,
        help_text="The entity name, caption text, removed text or paragraph the decision is about: up to "
        "MAX_CHARS, as long as a paragraph can be.",
    )
    value = serializers.DictField(
        required=False, allow_null=True, default=None,
        help_text='An object: {"name"} to rename, {"type"} to retype or add, {"names": [...]} to merge, '
        '{"text", "credit", "photographer", "agency"} to edit a caption.',
    )

    def validate_target(self, target):
        if len(target) > conf.MAX_CHARS:
            raise serializers.ValidationError(f"Longer than {conf.MAX_CHARS} characters (MAX_CHARS).")
        return target

    def validate_value(self, value):
        if value is None:
            return None
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Must be an object, e.g. {\"name\": \"Sergei Lavrov\"}."))
        storable_json(value)
        if len(json.dumps(value)) > MAX_VALUE_CHARS:
            raise serializers.ValidationError(_("Longer than %(max)s characters as JSON.") % {"max": MAX_VALUE_CHARS})
        return value


class DecisionBatchSerializer(serializers.Serializer):
    """``PATCH .../enrichment/``: decisions applied in order, all or none."""

    # Validated whole even under PATCH; drf-spectacular makes every PATCH body partial, which
    # would document the required ``decisions`` as optional. Never partial, then.
    partial = property(lambda self: False, lambda self, value: None)

    decisions = serializers.ListField(child=DecisionSerializer(), min_length=1, max_length=100)


class RerunSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_url = serializers.URLField()


# --- the cross-article entity store ------------------------------------------------------------

class CanonicalEntitySerializer(serializers.ModelSerializer):
    article_count = serializers.IntegerField(read_only=True, help_text="Articles you may read that mention it.")

    class Meta:
        model = Entity
        fields = ["id", "name", "type", "aliases", "article_count", "created_at"]


class EntityArticleSerializer(serializers.ModelSerializer):
    """An article that mentions an entity, and how much."""

    id = serializers.IntegerField(source="article_id", read_only=True)
    headline = serializers.SerializerMethodField()

    class Meta:
        model = ArticleEntity
        fields = ["id", "headline", "mentions", "salience", "in_body", "in_captions"]

    def get_headline(self, link) -> str:
        return getattr(link.article, conf.TITLE_FIELD, "") or ""
