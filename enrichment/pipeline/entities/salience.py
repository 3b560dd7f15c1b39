"""Salience: how much an article is about an entity, between 0 and 1."""
from __future__ import annotations

import math
from dataclasses import dataclass

from .mentions import BODY, CAPTION, HEADLINE, Mention

# Weights sum to 1 so a score stays in 0..1 without rescaling per article: comparable across
# articles (the entity store ranks "every article about X" by it).
W_FREQUENCY = 0.40  # 1 - exp(-mentions / FREQUENCY_SCALE)
W_SHARE = 0.15  # share of the article's entity mentions
W_HEADLINE = 0.20
W_LEDE = 0.15  # named in the first body paragraph
W_EARLY = 0.10  # how early the first body mention comes
FREQUENCY_SCALE = 3.0
SHARE_SATURATION = 0.2  # a fifth of all mentions is as much as share can say
CAPTION_ONLY_FACTOR = 0.4  # named only under a photo: weighed down


@dataclass(frozen=True, slots=True)
class Position:
    """What salience needs to know about the article."""

    body_chars: int
    total_mentions: int


def salience(mentions: list[Mention], *, position: Position) -> float:
    body = [m for m in mentions if m.source == BODY]
    counted = [m for m in mentions if m.source in (BODY, CAPTION)]
    frequency = 1.0 - math.exp(-len(counted) / FREQUENCY_SCALE)
    share = min(1.0, len(counted) / max(1, position.total_mentions) / SHARE_SATURATION)
    headline = any(m.source == HEADLINE for m in mentions)
    lede = any(m.block == 0 for m in body)
    early = 1.0 - min(m.start for m in body) / max(1, position.body_chars) if body else 0.0
    score = W_FREQUENCY * frequency + W_SHARE * share + W_HEADLINE * headline + W_LEDE * lede + W_EARLY * early
    if not body and not headline:
        score *= CAPTION_ONLY_FACTOR
    return round(max(0.0, min(1.0, score)), 4)
