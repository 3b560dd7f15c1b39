"""Every removal reason the pipeline can give has a label the sidebar shows (and the French catalogue)."""
from __future__ import annotations

from django.utils import translation

from enrichment.pipeline.types import Reason
from enrichment.templatetags.enrichment_tags import REMOVAL_REASONS, removal_reason_label


def test_every_removal_reason_has_a_label():
    assert {r.value for r in Reason} <= set(REMOVAL_REASONS)


def test_the_labels_are_translated():
    with translation.override("fr"):
        assert removal_reason_label("duplicate_credit") == "second crédit d'une légende"
