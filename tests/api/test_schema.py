"""The OpenAPI schema is valid, covers every endpoint, and its docs page works offline."""
from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command
from django.urls import get_resolver
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/articles/": {"get", "post"},
    "/api/articles/{id}/": {"get", "put", "patch", "delete"},
    "/api/articles/{id}/enrichment/": {"get", "patch"},
    "/api/articles/{id}/enrich/": {"post"},
    "/api/entities/": {"get"},
    "/api/entities/{id}/": {"get"},
    "/api/entities/{id}/articles/": {"get"},
}


@pytest.fixture(scope="module")
def schema(tmp_path_factory, django_db_blocker):
    path = tmp_path_factory.mktemp("schema") / "schema.yml"
    with django_db_blocker.unblock():
        # --validate checks against the OpenAPI 3 JSON schema; --fail-on-warn: no guessed types
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def api_routes() -> set[str]:
    """Every route under api/ that Django resolves, in OpenAPI's spelling."""
    routes = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, route)
            elif route.startswith("^api/") or route.startswith("api/"):
                routes.add(route)

    walk(get_resolver().url_patterns)
    return routes


def test_schema_is_valid_and_covers_every_endpoint(schema):
    assert schema["openapi"].startswith("3.")
    assert {path: set(ops) - {"parameters"} for path, ops in schema["paths"].items()} == ENDPOINTS
    # every router route (minus format suffixes, the API root, the schema and docs) is documented
    documented = {p.replace("{id}", "").strip("/") for p in ENDPOINTS}
    checked = 0
    for route in api_routes():
        if "format" in route or route in ("api/schema/", "api/docs/", "api/") or route.endswith("^$"):
            continue
        plain = route.replace("^", "").replace("$", "").replace("(?P<pk>\\d+)", "").replace("/", "")
        assert plain in {d.replace("/", "") for d in documented}, route
        checked += 1
    assert checked == len(ENDPOINTS)


def test_schema_documents_filters_errors_and_etags(schema):
    params = {p["name"] for p in schema["paths"]["/api/articles/"]["get"]["parameters"]}
    assert {"status", "entity", "entity_name", "created_after", "created_before", "search", "ordering", "page"} <= params
    patch = schema["paths"]["/api/articles/{id}/enrichment/"]["patch"]
    assert {"200", "400", "412"} <= set(patch["responses"])
    assert "If-Match" in {p["name"] for p in patch["parameters"]}
    assert {"202", "409"} <= set(schema["paths"]["/api/articles/{id}/enrich/"]["post"]["responses"])
    entity_params = {p["name"] for p in schema["paths"]["/api/entities/"]["get"]["parameters"]}
    assert {"type", "name"} <= entity_params


def test_schema_and_docs_are_served_without_a_cdn():
    client = APIClient()
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200 and "/api/articles/" in schema.json()["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html and "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html


def test_the_enrichment_status_enum_is_the_models(schema):
    from enrichment.models import Status

    components = schema["components"]["schemas"]
    enums = [c["enum"] for c in components.values() if set(c.get("enum") or ()) & {"stale"}]
    assert enums and all(sorted(e) == sorted(Status.values) for e in enums)
