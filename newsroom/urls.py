from functools import partial

from django.conf import settings
from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.views import defaults
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from health_check.views import HealthCheckView
from redis.asyncio import Redis as RedisClient
from rest_framework.routers import DefaultRouter

from enrichment.metrics import metrics_view

from .api import ArticleViewSet

# What the web process needs to serve: the database, the cache and the Redis broker (a save
# sends a job). The whole site adds a worker answering on each of the plugin's queues
# (celery.Ping checks CELERY_TASK_QUEUES) and no editor's save left waiting (enrichment.health.Backlog).
WEB_CHECKS = ["health_check.checks.Database", "health_check.checks.Cache"]
if settings.CELERY_BROKER_URL.startswith("redis"):
    WEB_CHECKS.append(("health_check.contrib.redis.Redis",
                       {"client_factory": partial(RedisClient.from_url, settings.CELERY_BROKER_URL)}))
HEALTH_CHECKS = [*WEB_CHECKS, "health_check.contrib.celery.Ping", "enrichment.health.Backlog"]

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/", include(router.urls)),
    path("api/", include("enrichment.api.urls")),
    # Operations (README "Operations"): the compose healthchecks run `manage.py health_check` on
    # these; /metrics is for Prometheus (staff or ENRICHMENT['METRICS_TOKEN']).
    path("health/", HealthCheckView.as_view(checks=HEALTH_CHECKS), name="health"),
    path("health/web/", HealthCheckView.as_view(checks=WEB_CHECKS), name="health-web"),
    path("metrics", metrics_view, name="metrics"),
]


def not_found(request, exception):
    """A URL the API does not have (an id that is not a number, say) answers in JSON, like
    every other error of the API; the rest of the site keeps Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = not_found
