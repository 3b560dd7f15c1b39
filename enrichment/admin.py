"""The enrichment sidebar, shipped as a mixin for the host's ModelAdmin, and the plugin's own admin."""
from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views.i18n import JavaScriptCatalog

from . import editorial, sidebar_view
from .admin_forms import VERSION_FIELD, ArticleFormGuard, loaded_version
from .articles import article_text, article_title, can_read_unpublished
from .conf import enrichment_settings as conf
from .editorial import EditorialError
from .forms import PASTED_HTML_FIELD, PasteCaptureFormMixin
from .jobs.queueing import request_many
from .messages import entity_type_choices, render_error
from .models import Decision, EnrichmentState, Entity, Rule, Status
from .paging import BoundedPaginator
from .pasted_html import keep_html
from .status import current_result, enrichment_status, status_counts, with_status
from .templatetags.enrichment_tags import decision_label, entity_type_short, removal_reason_label
from .validators import validate_paste, validate_title
from .view import enrichment_view, status_check, status_token

# --- the changelist ---------------------------------------------------------------------------

class EnrichmentStatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("enrichment")
    parameter_name = "enrichment"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:  # the one definition, enrichment.status.with_status
            return with_status(queryset).filter(enrichment_status=self.value())
        return queryset


@admin.action(description=gettext_lazy("Re-run enrichment of the selected articles"))
def rerun_enrichment(modeladmin, request, queryset):
    """In chunks on the bulk queue, like enrichment_rerun: never ahead of saves."""
    allowed = [article.pk for article in queryset if modeladmin.has_change_permission(request, article)]
    queued = request_many(queryset.model._default_manager.filter(pk__in=allowed), force=True)
    text = ngettext("Enrichment queued again for %(count)d article on the bulk queue.",
                    "Enrichment queued again for %(count)d articles on the bulk queue.", len(queued.ids)) % {
        "count": len(queued.ids)}
    if queued.unsent:
        text += " " + ngettext("%(count)d waits for the broker; it is sent once the broker is reachable.",
                               "%(count)d wait for the broker; they are sent once it is reachable.",
                               queued.unsent) % {"count": queued.unsent}
    modeladmin.message_user(request, text, messages.WARNING if queued.unsent else messages.SUCCESS)


# --- the sidebar ------------------------------------------------------------------------------

# What the sidebar says after each decision: %(target)s, %(name)s or %(type)s from its value, and
# %(reason)s (the label of a removal reason, for restore_group).
MESSAGES = {
    "confirm_entity": gettext_lazy("Confirmed “%(target)s”."),
    "reject_entity": gettext_lazy("Rejected “%(target)s”."),
    "rename_entity": gettext_lazy("Renamed “%(target)s” to “%(name)s”."),
    "retype_entity": gettext_lazy("“%(target)s” is now %(type)s."),
    "merge_entities": gettext_lazy("Merged into “%(target)s”."),
    "add_entity": gettext_lazy("Added “%(target)s”."),
    "edit_caption": gettext_lazy("Caption saved."),
    "restore_removed": gettext_lazy("Restored to the body."),
    "remove_paragraph": gettext_lazy("Paragraph removed from the body."),
    "restore_group": gettext_lazy("Restored every “%(reason)s” line to the body."),
}


def decision_message(decision) -> str:
    value = decision.value if isinstance(decision.value, dict) else {}
    return str(MESSAGES[decision.action]) % {"target": decision.target, "name": value.get("name", ""),
                                             "type": value.get("type", ""),
                                             "reason": removal_reason_label(decision.target)}


def decision_value(action: str, post) -> dict:
    """The value of a decision from the sidebar's small forms."""
    if action == "rename_entity":
        return {"name": post.get("name", "")}
    if action in ("retype_entity", "add_entity"):
        return {"type": post.get("type", "")}
    if action == "merge_entities":
        return {"names": [n for n in post.getlist("names") if n]}
    if action == "edit_caption":
        return {f: post[f] for f in ("text", "credit", "photographer", "agency") if f in post}
    return {}


FRAGMENT_HEADER = "X-Enrichment-Fragment"
HISTORY_SHOWN = 8  # the latest decisions listed in the sidebar; DecisionAdmin has them all


def render_fragment(request, context, status=200):
    """The sidebar fragment, marked so that sidebar.js puts nothing else into the sidebar
    (after a session expired, its fetch ends on the login page: it reloads instead)."""
    response = render(request, "enrichment/admin/sidebar.html", context, status=status)
    response[FRAGMENT_HEADER] = "1"
    return response


class EnrichmentAdminMixin:
    """Adds the enrichment sidebar to the article's change page, and to the article list a
    status column and filter, search by entity, counts by status and a bulk re-run.

    Keeps a host's own ``change_form_template`` and ``change_list_template`` by chaining, as
    django-import-export does: ours extend the host's (or the admin's) template."""

    change_form_template = "enrichment/admin/change_form.html"
    change_list_template = "enrichment/admin/change_list.html"
    # The "(N total)" link counts every article on every page view: off, as the page count
    # is bounded (paging.BoundedPaginator), so the list costs the same in any archive.
    show_full_result_count = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A host's own template (set on its ModelAdmin, which comes first in the MRO) becomes
        # the one ours extend; ours become the templates the admin renders.
        for kind, ours, default in (("change_form", EnrichmentAdminMixin.change_form_template, "admin/change_form.html"),
                                    ("change_list", EnrichmentAdminMixin.change_list_template, "admin/change_list.html")):
            host = getattr(self, f"{kind}_template", None)
            setattr(self, f"enrichment_base_{kind}_template", host if host and host != ours else default)
            setattr(self, f"{kind}_template", ours)

    def render_change_form(self, request, context, *args, **kwargs):
        context["enrichment_base_change_form_template"] = self.enrichment_base_change_form_template
        return super().render_change_form(request, context, *args, **kwargs)
    # "Use this headline" and "Apply cleaned body" have no action here: sidebar.js fills the
    # form's field and the editor saves the article, so an unsaved edit is never overwritten.
    enrichment_actions = ("decide", "undo", "rerun")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The paste is kept as pasted: no stripping, but a blank paste is a form error."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == conf.TEXT_FIELD and isinstance(field, forms.CharField):
            field.strip = False
            # validate_paste says more than Django's "Null characters are not allowed."
            field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
            field.validators.append(validate_paste)  # blank, NUL, invalid Unicode, over MAX_CHARS
        elif db_field.name == conf.TITLE_FIELD and isinstance(field, forms.CharField):
            field.validators.append(validate_title)
        return field

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The host's form with the stale-save and line-ending guard (``admin_forms``), and the
        hidden field where paste_capture.js keeps the clipboard's HTML."""
        base = kwargs.pop("form", None) or self.form
        kwargs["form"] = type(base.__name__, (ArticleFormGuard, PasteCaptureFormMixin, base), {})
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if html := form.cleaned_data.get(PASTED_HTML_FIELD):  # empty: no paste with HTML this time
            keep_html(obj, html)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            # The plugin's own djangojs catalog: admin:jsi18n serves only django.contrib.admin's,
            # and the host is not asked to add a URL.
            path(
                "enrichment/jsi18n/",
                self.admin_site.admin_view(JavaScriptCatalog.as_view(packages=["enrichment"])),
                name="%s_%s_enrichment_jsi18n" % info,
            ),
            path(
                "<path:object_id>/enrichment/status/",
                self.admin_site.admin_view(self.enrichment_status_view),
                name="%s_%s_enrichment_status" % info,
            ),
            path(
                "<path:object_id>/enrichment/<slug:action>/",
                self.admin_site.admin_view(self.enrichment_action_view),
                name="%s_%s_enrichment_action" % info,
            ),
            path(
                "<path:object_id>/enrichment/",
                self.admin_site.admin_view(self.enrichment_sidebar_view),
                name="%s_%s_enrichment" % info,
            ),
        ] + super().get_urls()

    # --- the changelist ---

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), EnrichmentStatusFilter)

    def get_search_fields(self, request):
        return (*super().get_search_fields(request), "article_entities__entity__name")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            actions["rerun_enrichment"] = self.get_action(rerun_enrichment)
        return actions

    def get_queryset(self, request):
        """Annotated with ``enrichment_status`` in SQL: the column makes no query per row."""
        return with_status(super().get_queryset(request).select_related("enrichment_state"))

    def get_ordering(self, request):
        """Filtered by status, newest id first: the status index gives the page in id order,
        so the page costs the same in any archive (the host's ordering needs every match)."""
        if request.GET.get(EnrichmentStatusFilter.parameter_name) in Status.values:
            return ("-pk",)
        return super().get_ordering(request)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return BoundedPaginator(queryset, per_page, orphans, allow_empty_first_page)

    def changelist_view(self, request, extra_context=None):
        own = super().get_queryset(request)  # the host's, perhaps restricted to some articles
        # every article: the stored counts (a few rows); a restricted admin: its own articles only
        by_status = status_counts() if not own.query.where else status_counts(own)
        counts = [(s, Status(s).label, by_status[s])
                  for s in (Status.QUEUED, Status.RUNNING, Status.FAILED, Status.STALE)]
        extra_context = {**(extra_context or {}), "enrichment_counts": counts,
                         "enrichment_base_change_list_template": self.enrichment_base_change_list_template,
                         "enrichment_filter": EnrichmentStatusFilter.parameter_name}
        return super().changelist_view(request, extra_context)

    @admin.display(description=gettext_lazy("enrichment"), ordering="enrichment_status")
    def enrichment_status(self, article) -> str:
        status = getattr(article, "enrichment_status", None)  # annotated by get_queryset
        if status is None:  # an article not read through get_queryset
            status = enrichment_status(article, getattr(article, "enrichment_state", None), current_result(article))
        return Status(status).label  # "Done", as the sidebar shows it, not the stored value

    # --- the change page ---

    def sidebar_context(self, request, article) -> dict:
        view = enrichment_view(article)
        status, now = view["status"], timezone.now()

        def seconds(since):
            return int((now - since).total_seconds()) if since else None

        can_edit = self.has_change_permission(request, article)
        info = self.opts.app_label, self.opts.model_name
        action_url = {
            a.replace("-", "_"): reverse("admin:%s_%s_enrichment_action" % info, args=[quote(article.pk), a], current_app=self.admin_site.name)
            for a in self.enrichment_actions
        }
        body_field = conf.BODY_FIELD
        clean_body = editorial.clean_body(view)
        entities = sidebar_view.ranked_entities(view["entities"])
        decisions = list(article.enrichment_decisions.select_related("user", "undone_by").order_by("-created_at", "-id"))
        shown = sidebar_view.ENTITIES_SHOWN
        return {
            "article": article,
            "enrichment": view,
            "running_for_s": seconds(view["started_at"]) if status == Status.RUNNING else None,
            "queued_for_s": seconds(view["queued_at"]) if status == Status.QUEUED else None,
            "refresh": status in (Status.QUEUED, Status.RUNNING),
            "status_url": reverse("admin:%s_%s_enrichment_status" % info, args=[quote(article.pk)],
                                  current_app=self.admin_site.name),
            "status_token": status_token(status, view["started_at"], view["finished_at"]),
            "opts": self.opts,
            "can_edit": can_edit,
            "can_make_rules": can_edit and request.user.has_perm("enrichment.add_rule"),
            "action_url": action_url,
            "entity_types": entity_type_choices(),
            "entity_names": sorted(e["name"] for e in view["entities"]),
            "entities": entities,
            "entities_shown": shown,
            "entities_shown_slice": f":{shown}",
            "entities_rest_slice": f"{shown}:",
            "type_legend": [(t, entity_type_short(t)) for t in dict.fromkeys(e["type"] for e in entities)],
            "removed_groups": sidebar_view.removed_groups(view["removed"]),
            "outline": sidebar_view.body_outline(article_text(article), view["body"], view["removed"],
                                                 view.get("restored", []), entities),
            "decisions": decisions[:HISTORY_SHOWN],
            "decision_count": len(decisions),
            # what the fragment shows apart from the status: sidebar.js swaps results only when it changes
            "results_key": "|".join(map(str, (view["text_hash"], view["finished_at"], status in (Status.DONE, Status.STALE),
                                             *((d.pk, d.undone_at is None) for d in decisions)))),
            "title_field": conf.TITLE_FIELD,
            "body_field": body_field,
            "clean_body": clean_body,
            "body_applied": bool(body_field and clean_body and getattr(article, body_field, None) == clean_body),
            "headline_used": bool(view["headline"]) and article_title(article) == view["headline"],
        }

    def enrichment_sidebar_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404
        return render_fragment(request, self.sidebar_context(request, article))

    def enrichment_status_view(self, request, object_id):
        """What status_poll.js asks every few hundred milliseconds while a run is pending: the
        status and a token that changes when the sidebar would; a few bytes, one query. When
        the token differs from the page's (``?token=``) the new sidebar comes along (``html``),
        saving the editor a second round trip."""
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404
        check = status_check(article)
        if "token" in request.GET and request.GET["token"] != check["token"]:
            context = self.sidebar_context(request, article)
            check = {"status": context["enrichment"]["status"], "token": context["status_token"],
                     "html": render_to_string("enrichment/admin/sidebar.html", context, request=request)}
        response = JsonResponse(check)
        response["Cache-Control"] = "no-store"
        return response

    def enrichment_action_view(self, request, object_id, action):
        """Every edit of the sidebar: POST only, CSRF-checked by ``admin_view``, change
        permission on this article required. Answers a fetch with the new sidebar fragment,
        a plain form post with a redirect back to the change page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in self.enrichment_actions:
            raise Http404
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        handler = getattr(self, "enrichment_" + action.replace("-", "_"))
        undo = None
        try:
            level, text = messages.SUCCESS, handler(request, article)
            if isinstance(text, tuple):  # a decision: the message and the decision, to offer its Undo
                text, undo = text
        except EditorialError as exc:
            level, text = messages.ERROR, str(exc)
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            context = {**self.sidebar_context(request, article),
                       "flash": {"error": level == messages.ERROR, "text": text, "undo": undo}}
            return render_fragment(request, context, status=400 if level == messages.ERROR else 200)
        self.message_user(request, text, level)
        info = self.opts.app_label, self.opts.model_name
        url = reverse("admin:%s_%s_change" % info, args=[quote(article.pk)], current_app=self.admin_site.name)
        return HttpResponseRedirect(url + "#enrichment-sidebar")

    def enrichment_decide(self, request, article) -> tuple[str, Decision]:
        """One decision, and with "everywhere" its newsroom-wide rules: all stored or none."""
        action = request.POST.get("action", "")
        make_rules = request.POST.get("rule") == "1"
        if make_rules and not request.user.has_perm("enrichment.add_rule"):
            raise PermissionDenied
        with transaction.atomic():
            decision = editorial.decide(
                article, action=action, target=request.POST.get("target", ""),
                value=decision_value(action, request.POST), user=request.user,
            )
            rules = ([editorial.make_rule(**kwargs, user=request.user) for kwargs in editorial.rules_for(decision)]
                     if make_rules else [])
            if rules:  # kept with the decision, so that its undo switches them off
                decision.value = {**decision.value, "rules": [r.pk for r in rules]}
                decision.save(update_fields=["value"])
        text = decision_message(decision)
        if rules:
            text += " " + ngettext("Newsroom-wide rule: %(rules)s.", "Newsroom-wide rules: %(rules)s.", len(rules)) % {
                "rules": "; ".join(str(r) for r in rules)}
        return text, decision

    def enrichment_undo(self, request, article) -> str:
        decision = editorial.undo(article, request.POST.get("decision"), user=request.user)
        return _("Undone: %(decision)s.") % {"decision": decision_label(decision)}

    def enrichment_rerun(self, request, article) -> str:
        editorial.rerun(article, user=request.user)
        return _("Enrichment queued again; your decisions will be applied to the new result.")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None and self.has_view_or_change_permission(request, article):
            # a refused save keeps the version the form was loaded with: it stays refused until reloaded
            version = request.POST.get(VERSION_FIELD, "") if request.method == "POST" else loaded_version(article)
            extra_context = {**(extra_context or {}), **self.sidebar_context(request, article),
                             "enrichment_version_field": VERSION_FIELD, "enrichment_version": version}
        return super().change_view(request, object_id, form_url, extra_context)


class ArticleReadersOnly:
    """The plugin's own tables hold article text (decision targets, headlines, aliases of drafts):
    their admin pages need the article's view (or change) permission too."""

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and can_read_unpublished(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_read_unpublished(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_read_unpublished(request.user)


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("text", "kind", "canonical", "entity_type", "active", "created_by", "created_at")
    list_filter = ("kind", "active", "entity_type")
    search_fields = ("text", "canonical")


@admin.register(Entity)
class EntityAdmin(ArticleReadersOnly, admin.ModelAdmin):
    list_display = ("name", "type", "created_at")
    list_filter = ("type",)
    search_fields = ("name",)


@admin.register(EnrichmentState)
class EnrichmentStateAdmin(ArticleReadersOnly, admin.ModelAdmin):
    list_display = ("article", "status", "attempts", "worker", "queued_at", "finished_at", "duration_ms",
                    "error_message")
    list_filter = ("status",)
    readonly_fields = [*(f.name for f in EnrichmentState._meta.fields), "error_message"]

    @admin.display(description=gettext_lazy("error"))
    def error_message(self, state) -> str:
        """The error in the reader's language (it is stored as a code: enrichment.messages)."""
        return render_error(state.error, state.error_notice)

    def has_add_permission(self, request):
        return False  # jobs are written by saves and re-runs, never by hand


@admin.register(Decision)
class DecisionAdmin(ArticleReadersOnly, admin.ModelAdmin):
    """Who decided what and when: an audit trail, read-only (decisions are made in the sidebar)."""

    list_display = ("article", "action", "target", "user", "created_at", "undone_at")
    list_filter = ("action",)
    search_fields = ("target",)
    readonly_fields = ("article", "action", "target", "value", "user", "created_at", "undone_at", "undone_by")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the audit trail: editors undo a decision with another decision
