"""Who may read and change what: Django's model permissions; published articles for everyone.

Reads are open to anonymous clients, but the article querysets hide what a client may not
see: without the article model's view (or change) permission only published articles exist.
"""
from __future__ import annotations

from rest_framework import permissions
from django.utils.translation import gettext_lazy as _

from ..articles import article_perm, can_read_unpublished
from ..conf import enrichment_settings as conf

__all__ = ["article_perm", "can_read_unpublished", "readable_articles", "ArticlePermissions", "CanEditEnrichment"]


def readable_articles(request, queryset=None):
    """The articles ``request.user`` may read: every one with the view permission, else the
    published ones (``ENRICHMENT['PUBLISHED_FIELD']``; empty means every article is public)."""
    if queryset is None:
        queryset = conf.article_model()._default_manager.all()
    if conf.PUBLISHED_FIELD and not can_read_unpublished(request.user):
        queryset = queryset.filter(**{conf.PUBLISHED_FIELD: True})
    return queryset


class ArticlePermissions(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Reads for all (the queryset filters them); create, update and delete need the user's
    ``add_``, ``change_`` and ``delete_`` permissions on the article model."""


class CanEditEnrichment(permissions.BasePermission):
    """Reading an enrichment follows its article; deciding or re-running needs ``change_``."""

    message = _("Changing an article's enrichment needs the permission to change the article.")
    anonymous_reads = True  # the schema says so (enrichment.api.schema.AutoSchema)

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(article_perm("change")))
