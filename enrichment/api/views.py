"""The plugin's API views: the enrichment actions a host adds to its article viewset, and the
canonical entities. Side effects go through ``enrichment.editorial`` and ``enrichment.jobs``,
the same functions the admin sidebar calls."""
from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.response import Response
from django.utils.translation import gettext_lazy as _

from .. import editorial
from ..conf import enrichment_settings as conf
from ..models import ArticleEntity, Entity, Status
from ..view import enrichment_view
from .concurrency import check_if_match, enrichment_etag, lock, retried_transaction
from .filters import EntityFilterSet
from .parsers import JSONParser
from .permissions import CanEditEnrichment, can_read_unpublished, readable_articles
from .schema import ERROR, PastedHTMLFieldExtension, StrictCharFieldExtension  # noqa: F401  (registers them)
from .serializers import (
    CanonicalEntitySerializer,
    DecisionBatchSerializer,
    EnrichmentSerializer,
    EntityArticleSerializer,
    RerunSerializer,
    enrichment_serializer_class,
)

IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="The ETag you read; a stale one gets 412 instead of overwriting someone else's change.",
)

DECISION_EXAMPLES = [
    OpenApiExample("Add an entity the run missed", request_only=True, value={"decisions": [
        {"action": "add_entity", "target": "Port Ellis Harbour Board", "value": {"type": "ORG"}}]}),
    OpenApiExample("Reject one entity and rename another", request_only=True, value={"decisions": [
        {"action": "reject_entity", "target": "Monday"},
        {"action": "rename_entity", "target": "Petrova", "value": {"name": "Elena Petrova"}}]}),
]


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("A run for this text is already queued or running.")
    default_code = "conflict"


class NoNulQueryMixin:
    """PostgreSQL refuses NUL characters in any string parameter: say so with a 400."""

    def initial(self, request, *args, **kwargs):
        if any("\x00" in key or "\x00" in value for key, values in request.query_params.lists() for value in values):
            raise ParseError(_("Query parameters may not contain null characters."))
        super().initial(request, *args, **kwargs)


# --- the enrichment of one article ------------------------------------------------------------

class EnrichmentActionsMixin(NoNulQueryMixin):
    """Adds ``{id}/enrichment/`` (GET, PATCH) and ``{id}/enrich/`` (POST) to the host's article
    viewset. Which articles exist for the client is the host's ``get_queryset``."""

    def enrichment_response(self, article, *, code: int = status.HTTP_200_OK) -> Response:
        data = enrichment_serializer_class(self.request)(enrichment_view(article)).data
        return Response(data, status=code, headers={"ETag": enrichment_etag(article)})

    @extend_schema(methods=["GET"], responses={200: EnrichmentSerializer}, filters=False,
                   summary="The article's enrichment, editors' decisions applied")
    @extend_schema(
        methods=["PATCH"], request=DecisionBatchSerializer, parameters=[IF_MATCH], filters=False,
        responses={200: EnrichmentSerializer}, examples=DECISION_EXAMPLES,
        summary="Apply editorial decisions, all or none",
        description="Decisions are applied in order in one transaction; the first refused one answers "
        '400 with `{"decisions": {"<index>": ["message"]}}` and nothing is stored. Decisions survive re-runs.',
    )
    @action(detail=True, methods=["get", "patch"], permission_classes=[CanEditEnrichment], filter_backends=[],
            serializer_class=DecisionBatchSerializer, parser_classes=[JSONParser])  # a list of objects: JSON only
    @retried_transaction
    def enrichment(self, request, *args, **kwargs):
        article = self.get_object()
        if request.method == "GET":
            return self.enrichment_response(article)
        batch = DecisionBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        with transaction.atomic():
            article = lock(article)
            check_if_match(request, enrichment_etag(article))
            for index, item in enumerate(batch.validated_data["decisions"]):
                try:
                    editorial.decide(article, action=item["action"], target=item["target"], value=item["value"],
                                     user=request.user)
                except editorial.EditorialError as exc:  # rolls back the decisions before it
                    raise ValidationError({"decisions": {str(index): [str(exc)]}}) from exc
        return self.enrichment_response(article)

    @extend_schema(
        request=None, parameters=[IF_MATCH], filters=False,
        responses={202: RerunSerializer, 409: ERROR},
        summary="Queue a re-run of the enrichment (decisions are kept)",
    )
    @action(detail=True, methods=["post"], permission_classes=[CanEditEnrichment], filter_backends=[],
            serializer_class=RerunSerializer)
    @retried_transaction
    def enrich(self, request, *args, **kwargs):
        article = self.get_object()
        with transaction.atomic():
            article = lock(article)
            check_if_match(request, enrichment_etag(article))
            try:
                editorial.rerun(article, user=request.user)
            except editorial.RerunConflict as exc:
                raise Conflict(str(exc)) from exc
        status_url = request.build_absolute_uri(self.reverse_action("enrichment", args=[article.pk]))
        return Response(
            RerunSerializer({"status": Status.QUEUED, "status_url": status_url}).data,
            status=status.HTTP_202_ACCEPTED, headers={"Location": status_url},
        )


# --- canonical entities -----------------------------------------------------------------------

def readable_aliases(request, entities: list[Entity]) -> list[Entity]:
    """Keep only the aliases an entity has in articles ``request`` may read: ``Entity.aliases``
    gathers them from every article, unpublished ones included. Each link keeps the names its
    article's current result gives the entity (decisions applied), so this is one query over
    the links, whatever the size of the results: no result is loaded and no text hashed."""
    if not entities or not conf.PUBLISHED_FIELD or can_read_unpublished(request.user):
        return entities
    seen: dict[int, set[str]] = {}
    for entity_id, aliases in ArticleEntity.objects.filter(
        entity__in=entities, article__in=readable_articles(request).values("pk")
    ).order_by().values_list("entity_id", "aliases").distinct():
        seen.setdefault(entity_id, set()).update(aliases)
    for entity in entities:
        entity.aliases = [a for a in entity.aliases if a in seen.get(entity.pk, ())]
    return entities


class EntityViewSet(NoNulQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Canonical entities across articles, with aliases and how many readable articles name them."""

    serializer_class = CanonicalEntitySerializer
    filterset_class = EntityFilterSet
    search_fields: list[str] = []
    ordering_fields = ["name", "type", "article_count", "created_at"]
    ordering = ["-article_count", "name", "id"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        """Counts only the articles the client may read; without the view permission an entity
        named only in unpublished articles does not exist."""
        entities = Entity.objects.all()
        if conf.PUBLISHED_FIELD and not can_read_unpublished(self.request.user):
            published = Q(**{f"article_links__article__{conf.PUBLISHED_FIELD}": True})
            return entities.annotate(article_count=Count("article_links", filter=published)).filter(
                article_count__gt=0
            )
        return entities.annotate(article_count=Count("article_links"))

    def get_serializer(self, *args, **kwargs):
        if args and isinstance(args[0], Entity):
            readable_aliases(self.request, [args[0]])
        elif args and args[0] is not None and kwargs.get("many"):
            args = (readable_aliases(self.request, list(args[0])), *args[1:])
        return super().get_serializer(*args, **kwargs)

    @extend_schema(responses=EntityArticleSerializer(many=True), filters=False,
                   summary="Articles that mention the entity, most salient first")
    @action(detail=True, methods=["get"], filter_backends=[], serializer_class=EntityArticleSerializer)
    def articles(self, request, *args, **kwargs):
        entity = self.get_object()
        links = (
            ArticleEntity.objects.filter(entity=entity, article__in=readable_articles(request).values("pk"))
            .select_related("article").order_by("-salience", "-article_id")
        )
        page = self.paginate_queryset(links)
        return self.get_paginated_response(EntityArticleSerializer(page, many=True).data)
