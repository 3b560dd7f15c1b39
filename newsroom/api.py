"""The host's article API; the enrichment part comes from the plugin's serializers."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from enrichment import services
from enrichment.api.serializers import EnrichmentSerializer

from .models import Article


class ArticleSerializer(serializers.ModelSerializer):
    enrichment = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "headline", "text", "body", "published", "created_at", "updated_at", "enrichment"]
        read_only_fields = ["body", "created_at", "updated_at"]

    @extend_schema_field(EnrichmentSerializer)
    def get_enrichment(self, article) -> dict:
        return EnrichmentSerializer(services.enrichment_view(article)).data


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ArticleSerializer
    search_fields = ["headline"]
    ordering_fields = ["created_at", "updated_at", "headline"]

    def get_queryset(self):
        articles = Article.objects.select_related("enrichment_state")
        if not self.request.user.is_staff:
            articles = articles.filter(published=True)
        return articles
