"""What runs produced, and what editors decided: the plugin's own tables.

The host's article is named by ``ENRICHMENT['ARTICLE_MODEL']``; the pasted text is never
stored here, only its hash, so a result can always be matched to the text it came from.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .conf import enrichment_settings

ARTICLE_MODEL = enrichment_settings.ARTICLE_MODEL


ERROR_MAX = 2000  # characters of an error kept on a job: what an editor reads, not a whole traceback


def error_notice(message: str) -> dict:
    """What ``EnrichmentState.error_notice`` keeps of a job's error: a Notice's code, params and
    text (enrichment.pipeline.types), {} for a plain string."""
    as_dict = getattr(message, "as_dict", None)
    return as_dict() if as_dict else {}


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    STALE = "stale", _("Stale")  # shown only: the result on file was computed from another text


class EnrichmentState(models.Model):
    """The job of one article: which text it is for and how far it got."""

    article = models.OneToOneField(ARTICLE_MODEL, on_delete=models.CASCADE, related_name="enrichment_state")
    text_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    error = models.TextField(blank=True)  # in English, for logs and operators
    # The error as {"code", "params", "text"} (enrichment.pipeline.types.Notice), so editors read
    # it in their language (enrichment.messages); {} for an error without a code.
    error_notice = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    sent = models.BooleanField(default=False, help_text=_("Handed to the broker."))
    queue = models.CharField(max_length=200, blank=True, help_text=_("The queue the job was sent to."))
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(
        null=True, blank=True,
        help_text=_("When a running job counts as lost: started_at + the hard time limit of its task."))
    worker = models.CharField(
        max_length=255, blank=True,
        help_text=_("The Celery worker (its node name) running the job: the sweep sends the job again once that "
                    "worker stops answering."))
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    pipeline_version = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("enrichment state")
        verbose_name_plural = _("enrichment states")

    def __str__(self) -> str:
        return f"{self.article_id}: {self.status}"


class EnrichmentResult(models.Model):
    """One run's output as plain JSON, keyed by the text hash and the pipeline version."""

    article = models.ForeignKey(ARTICLE_MODEL, on_delete=models.CASCADE, related_name="enrichment_results")
    text_hash = models.CharField(max_length=64)
    pipeline_version = models.CharField(max_length=20)
    data = models.JSONField()
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "text_hash", "pipeline_version"], name="enrichment_one_result_per_text"
            )
        ]
        get_latest_by = "created_at"
        verbose_name = _("enrichment result")
        verbose_name_plural = _("enrichment results")

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.text_hash[:8]} v{self.pipeline_version}"


class DecisionQuerySet(models.QuerySet):
    def in_force(self) -> "DecisionQuerySet":
        """The decisions applied to results: an undone decision stays in the audit trail only."""
        return self.filter(undone_at__isnull=True)

    def by_article(self, article_ids) -> dict[int, list["Decision"]]:
        """Each article's decisions in force, in the order they were made (every id present): one query."""
        found: dict[int, list[Decision]] = {pk: [] for pk in article_ids}
        for decision in self.in_force().filter(article_id__in=list(found)).order_by("created_at", "id"):
            found[decision.article_id].append(decision)
        return found


class Decision(models.Model):
    """An editor's decision about one article; applied over every run's result."""

    class Action(models.TextChoices):
        CONFIRM_ENTITY = "confirm_entity", _("Confirm entity")
        REJECT_ENTITY = "reject_entity", _("Reject entity")
        RENAME_ENTITY = "rename_entity", _("Rename entity")
        RETYPE_ENTITY = "retype_entity", _("Retype entity")
        MERGE_ENTITIES = "merge_entities", _("Merge entities")
        ADD_ENTITY = "add_entity", _("Add entity")
        EDIT_CAPTION = "edit_caption", _("Edit caption")
        RESTORE_REMOVED = "restore_removed", _("Restore removed text")
        REMOVE_PARAGRAPH = "remove_paragraph", _("Remove paragraph")
        # every removed line of one reason, one decision (one undo)
        RESTORE_GROUP = "restore_group", _("Restore every line of one kind")

    article = models.ForeignKey(ARTICLE_MODEL, on_delete=models.CASCADE, related_name="enrichment_decisions")
    action = models.CharField(max_length=20, choices=Action.choices)
    target = models.TextField(blank=True)  # a paragraph can be any length: matched in full
    value = models.JSONField(default=dict, blank=True)
    # The text the decision was made on (the shown result's hash): a body or caption decision
    # applied to another text is shown as carried over ("" for decisions made before 0005).
    text_hash = models.CharField(max_length=64, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    # An undo keeps the row: the audit trail shows the decision and who took it back, when.
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.action} {self.target!r}"


class Rule(models.Model):
    """A newsroom-wide rule editors teach; compiled into the entity ruler of every run."""

    class Kind(models.TextChoices):
        ALIAS = "alias", _("this name is that entity")
        NOT_ENTITY = "not_entity", _("this string is not an entity")
        TYPE = "type", _("this name is of that type")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.CharField(max_length=300)
    canonical = models.CharField(max_length=300, blank=True)
    entity_type = models.CharField(max_length=20, blank=True)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "text"], name="enrichment_one_rule_per_text")]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"


class Entity(models.Model):
    """A canonical entity across articles: every article about Sergei Lavrov finds him here."""

    name = models.CharField(max_length=300)
    type = models.CharField(max_length=20, db_index=True)
    aliases = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        constraints = [models.UniqueConstraint(fields=["name", "type"], name="enrichment_one_entity_per_name")]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.type})"


class ArticleEntity(models.Model):
    article = models.ForeignKey(ARTICLE_MODEL, on_delete=models.CASCADE, related_name="article_entities")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="article_links")
    mentions = models.PositiveIntegerField(default=0)
    salience = models.FloatField(default=0.0)
    in_body = models.BooleanField(default=True)
    in_captions = models.BooleanField(default=False)
    # The names this article's result (decisions applied) gives the entity: the public API reads
    # an entity's aliases from its published links, never from other articles' results.
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "entity"], name="enrichment_one_link_per_entity")]
        ordering = ["-salience"]
        verbose_name = _("article entity")
        verbose_name_plural = _("article entities")


class PastedHTML(models.Model):
    """The clipboard's ``text/html`` of an article's paste, verbatim: evidence of the lines'
    roles (figures, captions, navigation) for the cleaner. Never rendered anywhere.

    One per article: a new paste with HTML replaces it. The text may be edited afterwards; the
    worker still hands the HTML over with the current text, and the cleaner uses it only for
    the lines it finds in it. ``text_hash`` is the hash of the plain text it came with."""

    article = models.OneToOneField(ARTICLE_MODEL, on_delete=models.CASCADE, related_name="pasted_html")
    html = models.TextField()
    text_hash = models.CharField(max_length=64, help_text=_("content_hash of the plain text pasted with it."))
    created_at = models.DateTimeField(default=timezone.now, help_text=_("When this paste was saved."))

    class Meta:
        verbose_name = _("pasted HTML")
        verbose_name_plural = _("pasted HTML")

    def __str__(self) -> str:
        return f"{self.article_id}: {len(self.html):,} characters of HTML"


# --- the stored status (docs/architecture.md, "Statuses") ---------------------------------------

class ShownStatus(models.Model):
    """The status an article shows, stored so that lists, filters, counts and sorting read an
    index instead of hashing every text. Written only by the database's triggers (PostgreSQL,
    ``enrichment.stored_status``); ``text_hash`` is the article's current title + text."""

    article = models.OneToOneField(ARTICLE_MODEL, on_delete=models.CASCADE, primary_key=True,
                                   related_name="enrichment_shown")
    text_hash = models.CharField(max_length=64)
    job = models.CharField(max_length=10, blank=True, help_text="The job's status when it is for this text.")
    result_version = models.CharField(max_length=20, blank=True,
                                      help_text="Pipeline version of the newest result for this text.")
    status = models.CharField(max_length=10, choices=Status.choices)

    class Meta:
        indexes = [models.Index(fields=["status", "-article"], name="enrichment_shown_by_status")]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.status}"


class StatusCount(models.Model):
    """Append-only changes of the number of articles per shown status (+n / -n), summed on
    read and compacted now and then: no hot row that concurrent workers would queue on."""

    status = models.CharField(max_length=10)
    n = models.BigIntegerField()

