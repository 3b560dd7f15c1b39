"""Property: no request to any endpoint of the API gets a 500, whatever its method, path id,
query, headers or body. Hypothesis generates the requests; DRF's test client re-raises any
exception a view lets escape, so a would-be 500 fails the test with its traceback."""
from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import client_for

from .test_schema import ENDPOINTS

pytestmark = pytest.mark.django_db

FIELDS = ["headline", "text", "published", "body", "decisions", "action", "target", "value", "name", "type", "names",
          "credit", "id", "enrichment"]
PARAMS = ["status", "entity", "entity_name", "created_after", "created_before", "updated_after", "published",
          "search", "ordering", "page", "type", "name", "format", "limit"]
ACTIONS = ["reject_entity", "confirm_entity", "rename_entity", "retype_entity", "merge_entities", "add_entity",
           "edit_caption", "restore_removed", "remove_paragraph", "explode"]

texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "\x00", "\ud800", "Lagos", "Chile", "PERSON", "ORG", "-1", "0", "1e309", "NaN",
                     "true", "2024-13-45", "x" * 1200, "Tomas Villaroel", "-created_at", "headline,??"]),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                    st.floats(allow_nan=True, allow_infinity=True), texts)
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), inner,
                                                 max_size=4)), max_leaves=12)
decision = st.fixed_dictionaries(
    {}, optional={"action": st.one_of(st.sampled_from(ACTIONS), json_values), "target": json_values,
                  "value": json_values})
bodies = st.one_of(
    st.fixed_dictionaries({}, optional={f: json_values for f in ("headline", "text", "published", "body")}),
    st.fixed_dictionaries({"decisions": st.one_of(st.lists(decision, max_size=4), json_values)}),
    json_values,
)
raw_bodies = st.one_of(bodies.map(lambda b: json.dumps(b).encode()), st.binary(max_size=60))


@st.composite
def requests(draw):
    path, methods = draw(st.sampled_from(sorted(ENDPOINTS.items())))
    method = draw(st.one_of(st.sampled_from(sorted(methods)), st.sampled_from(["get", "post", "put", "patch",
                                                                               "delete", "options", "head"])))
    ident = draw(st.one_of(st.sampled_from(["ARTICLE", "DRAFT", "ENTITY", "0", "999999", "99999999999999999999"]),
                           st.text(min_size=1, max_size=8).map(lambda t: quote(t, safe="", errors="surrogatepass"))))
    query = draw(st.dictionaries(st.one_of(st.sampled_from(PARAMS), st.text(max_size=5)), texts, max_size=3))
    who = draw(st.sampled_from(["anon", "reader", "editor"]))
    content_type = draw(st.sampled_from(["application/json", "application/json", "application/x-www-form-urlencoded",
                                         "multipart/form-data; boundary=x", "text/plain"]))
    if_match = draw(st.one_of(st.none(), st.sampled_from(["*", '"x"', "W/\"x\"", ""]), st.text(max_size=10)))
    return path, method, ident, query, who, content_type, draw(raw_bodies), if_match


def test_no_request_gets_a_500(enriched, draft, editor, reader):  # noqa: F811
    from enrichment.models import ArticleEntity

    entity_id = ArticleEntity.objects.filter(article=enriched).values_list("entity_id", flat=True).first()
    clients = {"anon": client_for(), "reader": client_for(reader), "editor": client_for(editor)}
    ids = {"ARTICLE": str(enriched.pk), "DRAFT": str(draft.pk), "ENTITY": str(entity_id)}
    cache.clear()
    seen: dict[int, int] = {}

    @settings(max_examples=600, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(requests())
    def check(request):
        path, method, ident, query, who, content_type, body, if_match = request
        url = path.replace("{id}", ids.get(ident, ident))
        if query:
            url += "?" + urlencode(query, errors="surrogatepass")
        headers = {} if if_match is None else {"HTTP_IF_MATCH": if_match.encode("utf-8", "replace").decode("latin-1")}
        response = clients[who].generic(method.upper(), url, body, content_type=content_type, **headers)
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        assert response.status_code < 500, (method, url, body, response.content[:500])

    check()
    assert {200, 400, 403, 404} <= set(seen), seen  # the generator reached the interesting answers
