"""The host's article, as the plugin reads it: its model, text and title, and the content hash
that ties a job or a result to one version of them, in Python and in SQL side by side."""
from __future__ import annotations

import hashlib

from django.db.models import CharField, F, Func, Value
from django.db.utils import NotSupportedError

from .conf import enrichment_settings as conf


def article_model():
    return conf.article_model()


def article_perm(action: str) -> str:
    """``"newsroom.change_article"`` for the host's article model and ``action="change"``."""
    opts = article_model()._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def can_read_unpublished(user) -> bool:
    """The newsroom's readers: the article's view (or change) permission. The API gives them
    everything and the plugin's own admin pages only to them; others see what is published."""
    return bool(user and user.is_authenticated) and (
        user.has_perm(article_perm("view")) or user.has_perm(article_perm("change"))
    )


def locked_articles(pks):
    """These articles, locked until the transaction ends, in pk order. The first lock of the one
    lock order (docs/architecture.md, "Lock order"): article rows, then their job rows. FOR NO
    KEY UPDATE, so other transactions' foreign-key checks on the articles still pass."""
    return article_model()._default_manager.select_for_update(no_key=True).filter(pk__in=pks).order_by("pk")


def article_text(article) -> str:
    return getattr(article, conf.TEXT_FIELD) or ""


def article_title(article) -> str:
    return getattr(article, conf.TITLE_FIELD, "") or ""


def content_hash(text: str, title: str = "") -> str:
    return hashlib.sha256(f"{title}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()


def article_hash(article) -> str:
    return content_hash(article_text(article), article_title(article))


class ContentHash(Func):
    """``content_hash(text, title)`` in SQL: sha256 of the UTF-8 of title, NUL, text."""

    output_field = CharField()

    def __init__(self, title, text, **extra):
        super().__init__(title, text, **extra)

    def _compiled(self, compiler):
        (title, title_params), (text, text_params) = (compiler.compile(e) for e in self.source_expressions)
        return title, text, (*title_params, *text_params)

    def as_postgresql(self, compiler, connection, **extra):
        title, text, params = self._compiled(compiler)
        return (f"ENCODE(SHA256(CONVERT_TO({title}, 'UTF8') || DECODE('00', 'hex') || CONVERT_TO({text}, 'UTF8')),"
                " 'hex')"), params

    def as_sqlite(self, compiler, connection, **extra):
        # Django registers SHA256() on every SQLite connection; char(0) is the NUL separator.
        title, text, params = self._compiled(compiler)
        return f"SHA256({title} || char(0) || {text})", params

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("The enrichment status is computed on PostgreSQL or SQLite only.")


def current_hash_expression() -> ContentHash:
    """The hash of each row's current title and text, for annotating a queryset."""
    model = article_model()
    names = {f.name for f in model._meta.get_fields()}
    title = F(conf.TITLE_FIELD) if conf.TITLE_FIELD in names else Value("")
    return ContentHash(title, F(conf.TEXT_FIELD))
