"""The plugin's own endpoints; a host includes them under its API prefix:
``path("api/", include("enrichment.api.urls"))``. The article endpoints are the host's
viewset with ``EnrichmentActionsMixin``."""
from rest_framework.routers import SimpleRouter

from .views import EntityViewSet

router = SimpleRouter()
router.register("entities", EntityViewSet, basename="enrichment-entity")

urlpatterns = router.urls
