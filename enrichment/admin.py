"""The enrichment sidebar, shipped as a mixin for the host's ModelAdmin, and the plugin's own admin."""
from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from . import services
from .conf import enrichment_settings as conf
from .models import Entity, EnrichmentState, Rule, Status


def reject_blank(text: str) -> None:
    if not text.strip():
        raise forms.ValidationError("The pasted text is empty.", code="blank")


class EnrichmentAdminMixin:
    """Adds the enrichment sidebar to the article's change page and a status column.

    Keeps a host's own ``change_form_template``: ours extends ``admin/change_form.html``."""

    change_form_template = "enrichment/admin/change_form.html"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The paste is kept as pasted: no stripping, but a blank paste is a form error."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == conf.TEXT_FIELD and isinstance(field, forms.CharField):
            field.strip = False
            field.validators.append(reject_blank)
        return field

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/enrichment/",
                self.admin_site.admin_view(self.enrichment_sidebar_view),
                name="%s_%s_enrichment" % info,
            ),
        ] + super().get_urls()

    def sidebar_context(self, request, article) -> dict:
        view = services.enrichment_view(article)
        started = view["started_at"]
        return {
            "article": article,
            "enrichment": view,
            "running_for_s": (timezone.now() - started).seconds if view["status"] == Status.RUNNING and started else None,
            "refresh": view["status"] in (Status.QUEUED, Status.RUNNING),
            "opts": self.opts,
        }

    def enrichment_sidebar_view(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404
        return render(request, "enrichment/admin/sidebar.html", self.sidebar_context(request, article))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context = {**(extra_context or {}), **self.sidebar_context(request, article)}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="enrichment", ordering="enrichment_state__status")
    def enrichment_status(self, article) -> str:
        state = getattr(article, "enrichment_state", None)
        return services.enrichment_status(article, state, services.current_result(article))


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("text", "kind", "canonical", "entity_type", "active", "created_by", "created_at")
    list_filter = ("kind", "active", "entity_type")
    search_fields = ("text", "canonical")


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "created_at")
    list_filter = ("type",)
    search_fields = ("name",)


@admin.register(EnrichmentState)
class EnrichmentStateAdmin(admin.ModelAdmin):
    list_display = ("article", "status", "attempts", "queued_at", "finished_at", "duration_ms", "error")
    list_filter = ("status",)
    readonly_fields = [f.name for f in EnrichmentState._meta.fields]
