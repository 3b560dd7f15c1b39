from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EnrichmentConfig(AppConfig):
    name = "enrichment"
    verbose_name = "Enrichment"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, signal_handlers  # noqa: F401  (registers checks)

        signal_handlers.connect()
        post_migrate.connect(_sync_stored_status, sender=self)


def _sync_stored_status(using="default", **kwargs) -> None:
    """A deploy that changed PIPELINE_VERSION runs migrate: the stored statuses follow."""
    from django.db import connections

    from . import stored_status

    if connections[using].vendor == "postgresql":
        stored_status.sync_version()
