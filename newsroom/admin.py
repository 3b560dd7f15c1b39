from django.contrib import admin
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from enrichment.admin import EnrichmentAdminMixin

from .models import Article


@admin.register(Article)
class ArticleAdmin(EnrichmentAdminMixin, admin.ModelAdmin):
    list_display = ("headline", "published", "enrichment_status", "created_at")
    list_filter = ("published",)
    search_fields = ("headline",)
    fields = ("headline", "text", "body", "published")


# --- API tokens: listed by user, never shown ----------------------------------------------------
# DRF's TokenAdmin lists every key, and a token's pages are titled with it: anyone with the
# view permission could copy a superuser's token. Keys are shown once, to whoever creates one
# (`manage.py drf_create_token USER`, or "Add" here); revoke with `drf_create_token -r USER`.
admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class ApiTokenAdmin(TokenAdmin):
    list_display = ("user", "created")
    list_display_links = None

    def has_view_permission(self, request, obj=None):
        return obj is None and super().has_view_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
