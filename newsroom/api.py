"""The host's article API; the enrichment part (serializers, actions, filters, permissions,
ETags) comes from the plugin's ``enrichment.api``."""
from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets

from enrichment.api.concurrency import check_if_match, lock, make_etag, retried_transaction
from enrichment.api.fields import StrictModelSerializer
from enrichment.api.filters import ArticleEnrichmentFilterSet, DateTimeRangeFilter
from enrichment.api.permissions import ArticlePermissions, can_read_unpublished, readable_articles
from enrichment.api.serializers import (
    EnrichedListItemSerializer,
    EnrichedListSerializer,
    EnrichmentSerializer,
    PastedHTMLSerializerMixin,
    PastedTextField,
    enrichment_serializer_class,
)
from enrichment.api.views import IF_MATCH, EnrichmentActionsMixin
from enrichment.articles import article_hash
from enrichment.view import enrichment_view

from .models import Article


class ArticleSerializer(PastedHTMLSerializerMixin, StrictModelSerializer):
    """An article: the paste (and its HTML), its headline, whether it is published, and its enrichment."""

    text = PastedTextField(staff_only=True,
                           help_text="The text as pasted; kept verbatim. Saving a new text queues enrichment. "
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


class ArticleListSerializer(EnrichedListItemSerializer):
    """A list item: no text, no full enrichment (``?expand=enrichment`` adds it)."""

    url = serializers.HyperlinkedIdentityField(view_name="article-detail")

    class Meta(EnrichedListItemSerializer.Meta):
        model = Article
        fields = ["id", "url", "headline", "published", "created_at", "updated_at", "status", "entity_count",
                  "enrichment_url", "enrichment"]


EXPAND = OpenApiParameter("expand", str, enum=["enrichment"], required=False,
                          description="`enrichment`: each item carries its full enrichment, as the detail does.")


class ArticleFilter(ArticleEnrichmentFilterSet):
    created = DateTimeRangeFilter(
        field_name="created_at", label="Created between (created_after, created_before; ISO 8601)"
    )
    updated = DateTimeRangeFilter(field_name="updated_at", label="Updated between")

    class Meta:
        model = Article
        fields = ["published"]


def article_etag(article) -> str:
    return make_etag(article.pk, article.updated_at.isoformat(), article_hash(article))


ARTICLE_EXAMPLE = OpenApiExample("A pasted article", request_only=True, value={
    "headline": "Harbour board approves the new ferry pier",
    "text": "PORT ELLIS, Monday - The harbour board voted on Monday to build a second ferry pier.\n\n"
            "Board chair Elena Petrova said work would start in spring.\n\nPhoto: Jon Reyes / Coastal Press",
    "published": True,
})


@extend_schema_view(
    list=extend_schema(parameters=[EXPAND], responses=ArticleListSerializer(many=True)),
    create=extend_schema(examples=[ARTICLE_EXAMPLE]),
    update=extend_schema(parameters=[IF_MATCH], examples=[ARTICLE_EXAMPLE]),
    partial_update=extend_schema(parameters=[IF_MATCH], examples=[
        OpenApiExample("Unpublish", request_only=True, value={"published": False})]),
    destroy=extend_schema(parameters=[IF_MATCH]),
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

    def get_serializer_class(self):
        return ArticleListSerializer if self.action == "list" else super().get_serializer_class()

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

    # Writes: one transaction each, retried on a deadlock (enrichment.api.concurrency).
    @retried_transaction
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @retried_transaction
    def update(self, request, *args, **kwargs):
        check_if_match(request, article_etag(lock(self.get_object())))
        return super().update(request, *args, **kwargs)

    @retried_transaction
    def destroy(self, request, *args, **kwargs):
        check_if_match(request, article_etag(lock(self.get_object())))
        response = super().destroy(request, *args, **kwargs)
        self.etag_article = None
        return response
