"""Jobs on the real database: where they are sent, when they count as lost, and how they heal."""
from __future__ import annotations

import pytest

from enrichment import editorial, services
from enrichment.models import Decision
from newsroom.models import Article

pytestmark = pytest.mark.django_db

LONG_PARAGRAPH = " ".join(
    f"Council member number {i} of the harbour board told reporters in Valparaiso that the new berths "
    f"would open in phase {i}, once the dredging contract is signed."
    for i in range(1, 12)
)


@pytest.mark.model
def test_a_decision_on_a_paragraph_over_1000_characters_is_kept_whole_and_applied(django_capture_on_commit_callbacks):
    text = ("Harbour council meets on new berths\n\nBy Ana Ruiz\n\n"
            "The harbour council met late on Monday in Valparaiso to discuss the accord.\n\n"
            f"{LONG_PARAGRAPH}\n\nOfficials from Chile and Nigeria attended the meeting.")
    with django_capture_on_commit_callbacks(execute=False):
        article = Article.objects.create(headline="Harbour council", text=text)
    assert services.run_enrichment(article.pk, services.article_hash(article)) == "done"
    assert len(LONG_PARAGRAPH) > 1000 and LONG_PARAGRAPH in services.enrichment_view(article)["body"]

    editorial.decide(article, action="remove_paragraph", target=LONG_PARAGRAPH)

    assert Decision.objects.get(article=article).target == LONG_PARAGRAPH
    assert LONG_PARAGRAPH not in services.enrichment_view(article)["body"]
