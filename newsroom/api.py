"""The host's article API; the enrichment part (serializers, actions, filters, permissions,
ETags) comes from the plugin's ``enrichment.api``."""
from __future__ import annotations

import django_filters
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from enrichment.articles import article_hash
from enrichment.view import enrichment_view
from enrichment.api.concurrency import check_if_match, lock, make_etag
from enrichment.api.filters import ArticleEnrichmentFilterSet
from enrichment.api.permissions import ArticlePermissions, can_read_unpublished, readable_articles
from enrichment.api.serializers import (
    EnrichedListSerializer, EnrichmentSerializer, PastedHTMLSerializerMixin, PastedTextField,
    enrichment_serializer_class,
)
from enrichment.api.views import IF_MATCH, EnrichmentActionsMixin

from .models import Article


class ArticleSerializer(PastedHTMLSerializerMixin, serializers.ModelSerializer):
    text = PastedTextField(help_text="The text as pasted; kept verbatim. Saving a new text queues enrichment. "
                           "Returned only to clients that may read unpublished articles.")
    enrichment = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "headline", "text", "html", "body", "published", "created_at", "updated_at", "enrichment"]
        read_only_fields = ["body", "created_at", "updated_at"]
        list_serializer_class = EnrichedListSerializer  # a page's enrichments in a few queries

    @extend_schema_field(EnrichmentSerializer)
    def get_enrichment(self, article) -> dict:
        return enrichment_serializer_class(self.context.get("request"))(enrichment_view(article)).data

    def to_representation(self, article):
        """The raw paste (untrusted markup, and what editors removed from it) is the newsroom's:
        readers get the clean body in ``enrichment``. Writers still send ``text``."""
        data = super().to_representation(article)
        request = self.context.get("request")
        if request is None or not can_read_unpublished(request.user):
            data.pop("text", None)
        return data


class ArticleFilter(ArticleEnrichmentFilterSet):
    created = django_filters.IsoDateTimeFromToRangeFilter(
        field_name="created_at", label="Created between (created_after, created_before; ISO 8601)"
    )
    updated = django_filters.IsoDateTimeFromToRangeFilter(field_name="updated_at", label="Updated between")

    class Meta:
        model = Article
        fields = ["published"]


def article_etag(article) -> str:
    return make_etag(article.pk, article.updated_at.isoformat(), article_hash(article))


WRITE_ERRORS = {400: OpenApiResponse(description="Field errors"), 412: OpenApiResponse(description="Stale If-Match")}


@extend_schema_view(
    update=extend_schema(parameters=[IF_MATCH], responses={200: ArticleSerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(parameters=[IF_MATCH], responses={200: ArticleSerializer, **WRITE_ERRORS}),
    destroy=extend_schema(parameters=[IF_MATCH], responses={204: None, 412: WRITE_ERRORS[412]}),
)
class ArticleViewSet(EnrichmentActionsMixin, viewsets.ModelViewSet):
    """Articles. Saving a new text queues enrichment after commit through the same post_save
    handler the admin triggers, so the views only save."""

    serializer_class = ArticleSerializer
    permission_classes = [ArticlePermissions]
    filterset_class = ArticleFilter
    search_fields = ["headline"]
    ordering_fields = ["created_at", "updated_at", "headline", "id"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return readable_articles(self.request, Article.objects.select_related("enrichment_state"))

    # --- ETag on every article response, If-Match checked under a row lock -------------------

    def finalize_response(self, request, response, *args, **kwargs):
        article = getattr(self, "etag_article", None)
        if article is not None and response.status_code < 300 and "ETag" not in response:
            response["ETag"] = article_etag(article)
        return super().finalize_response(request, response, *args, **kwargs)

    def get_object(self):
        self.etag_article = super().get_object()
        return self.etag_article

    def perform_create(self, serializer):
        self.etag_article = serializer.save()

    def perform_update(self, serializer):
        self.etag_article = serializer.save()

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            check_if_match(request, article_etag(lock(self.get_object())))
            return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            check_if_match(request, article_etag(lock(self.get_object())))
            response = super().destroy(request, *args, **kwargs)
        self.etag_article = None
        return response
