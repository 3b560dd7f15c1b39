"""One message per problem with a paste: the admin form and the API both say what
``enrichment.validators.paste_problem`` says, once, as a field error."""
from __future__ import annotations

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from enrichment.validators import paste_problem
from newsroom.models import Article
from tests.factories import client_for

pytestmark = pytest.mark.django_db

BAD_PASTES = {"empty": "", "blank": " \n\t ", "too long": "x" * 41, "NUL": "before\x00after",
              "surrogate": "lone \ud800 surrogate"}
SETTINGS = {"ARTICLE_MODEL": "newsroom.Article", "MAX_CHARS": 40}


@override_settings(ENRICHMENT=SETTINGS)
@pytest.mark.parametrize("text", BAD_PASTES.values(), ids=BAD_PASTES)
def test_the_api_says_what_the_validators_say(editor, text):
    body = json.dumps({"headline": "H", "text": text})  # NUL and surrogates escaped as a client would
    response = client_for(editor).post("/api/articles/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"text": [paste_problem(text)]}
    assert not Article.objects.exists()


@override_settings(ENRICHMENT=SETTINGS)
@pytest.mark.parametrize("text", [t for k, t in BAD_PASTES.items() if k not in ("empty", "surrogate")],
                         ids=["blank", "too long", "NUL"])
def test_the_admin_says_it_once(admin_client, text):
    response = admin_client.post(reverse("admin:newsroom_article_add"),
                                 {"headline": "H", "text": text, "body": "", "_save": "Save"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["text"] == [paste_problem(text)]
    assert not Article.objects.exists()
