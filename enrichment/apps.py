from django.apps import AppConfig
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
