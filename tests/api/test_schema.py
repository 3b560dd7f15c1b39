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


def operations(schema):
    for path, ops in schema["paths"].items():
        for method, operation in ops.items():
            if method != "parameters":
                yield path, method, operation


def test_reads_are_public_and_writes_need_credentials(schema):
    for path, method, operation in operations(schema):
        assert ({} in operation["security"]) is (method == "get"), (method, path)
        assert {"tokenAuth": []} in operation["security"]


def test_every_operation_documents_the_errors_it_can_answer(schema):
    for path, method, operation in operations(schema):
        codes = set(operation["responses"])
        assert {"400", "401", "404", "429"} <= codes, (method, path)
        assert ("403" in codes) is (method != "get"), (method, path)
        assert ("412" in codes) is (method != "get" and "{id}" in path), (method, path)
        body = operation.get("requestBody")
        assert ({"413", "415"} <= codes) is (body is not None), (method, path)
        if body:
            assert set(body["content"]) == {"application/json"}, (method, path)  # JSON only
    assert "409" in schema["paths"]["/api/articles/{id}/enrich/"]["post"]["responses"]


def test_the_schema_states_the_real_constraints(schema):
    components = schema["components"]["schemas"]
    article = components["ArticleRequest"]
    assert set(article["required"]) == {"headline", "text"}
    assert article["properties"]["text"] == {**article["properties"]["text"], "type": "string", "minLength": 1,
                                             "maxLength": 2_000_000, "pattern": r"\S"}
    assert article["properties"]["headline"]["pattern"] == r"\S"
    assert article["properties"]["published"] == {"type": "boolean"}
    assert "pattern" not in components["Article"]["properties"]["body"], "constraints are on requests only"
    batch = components["DecisionBatchRequest"]
    assert batch["required"] == ["decisions"] and batch["properties"]["decisions"]["minItems"] == 1
    assert not any(name.startswith("Patched") and "Decision" in name for name in components)
    decision = components["DecisionRequest"]
    assert set(decision["required"]) == {"action", "target"}
    assert decision["properties"]["target"]["minLength"] == 1 and "default" not in decision["properties"]["target"]
    assert decision["properties"]["value"]["type"] == "object"


def test_query_parameters_may_be_empty_and_orderings_are_listed(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/articles/"]["get"]["parameters"]}
    assert all(p["allowEmptyValue"] for p in parameters.values() if p["in"] == "query")
    assert parameters["published"]["schema"]["type"] == "boolean"
    ordering = parameters["ordering"]
    assert ordering["schema"]["items"]["enum"] == ["created_at", "-created_at", "updated_at", "-updated_at",
                                                   "headline", "-headline", "id", "-id"]
    assert (ordering["style"], ordering["explode"]) == ("form", False)


def test_the_examples_are_accepted(schema, django_user_model, django_capture_on_commit_callbacks):
    from tests.factories import client_for, user_with

    editor = client_for(user_with(django_user_model, "editor", "add_article", "change_article", "view_article"))
    create = schema["paths"]["/api/articles/"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    with django_capture_on_commit_callbacks(execute=False):
        created = [editor.post("/api/articles/", e["value"], format="json") for e in create.values()]
    assert created and all(r.status_code == 201 for r in created), [r.content for r in created]
    decide = schema["paths"]["/api/articles/{id}/enrichment/"]["patch"]["requestBody"]["content"]["application/json"]
    first = next(iter(decide["examples"].values()))["value"]
    response = editor.patch(f"/api/articles/{created[0].json()['id']}/enrichment/", first, format="json")
    assert response.status_code == 200, response.content
