from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EnrichmentConfig(AppConfig):
    name = "enrichment"
    verbose_name = _("Enrichment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, signal_handlers  # noqa: F401  (registers checks)

        signal_handlers.connect()
        from celery.signals import worker_init

        from .instruments import start_worker_exporter

        worker_init.connect(start_worker_exporter, weak=False)  # fires in a Celery worker only
        post_migrate.connect(_sync_stored_status, sender=self)


def _sync_stored_status(using="default", **kwargs) -> None:
    """A deploy that changed PIPELINE_VERSION runs migrate: the stored statuses follow."""
    from django.db import connections

    from . import stored_status

    if connections[using].vendor == "postgresql":
        stored_status.sync_version()
