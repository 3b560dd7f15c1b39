from django.contrib import admin

from enrichment.admin import EnrichmentAdminMixin

from .models import Article


@admin.register(Article)
class ArticleAdmin(EnrichmentAdminMixin, admin.ModelAdmin):
    list_display = ("headline", "published", "enrichment_status", "created_at")
    list_filter = ("published",)
    search_fields = ("headline",)
    fields = ("headline", "text", "body", "published")
