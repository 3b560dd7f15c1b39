"""Enrichment: cleaning, then entities on the clean body and captions, canonicalized."""
from __future__ import annotations

from itertools import islice
from typing import Hashable, Iterable, Iterator

from spacy.language import Language

from .cleaning import clean
from .entities import language, normalize, prose
from .entities import mentions as mentions_mod
from .entities.canonical import Cluster, cluster
from .entities.mentions import BODY, CAPTION, HEADLINE, Mention, Segment
from .entities.ruler import apply_rules
from .entities.salience import Position, salience
from .entities.type_vote import vote
from .types import BODY_SEPARATOR, CleanResult, EnrichmentResult, Entity, InputError, Options, Rules
from .version import PIPELINE_VERSION

# (key, text, title), or (key, text, title, html) with the clipboard's text/html (or None)
Item = tuple[Hashable, str, str] | tuple[Hashable, str, str, str | None]

# NER reads at most this many characters as one document. spaCy refuses texts over
# nlp.max_length (1,000,000: error E088) while MAX_CHARS allows 2,000,000 in one paragraph, and
# its memory grows with the text in a batch (nlp.pipe's 64 documents). 10,000 characters, some
# 1,500 words, is longer than nearly any real paragraph; a 1.1 M-character line took 649 MB of
# peak memory in 10,000-character windows against 3.3 GB in 100,000-character ones (and 77 s
# against 104 s), measured with the small English model.
NER_WINDOW_CHARS = 10_000
# A cut looks back this far for a sentence end, then for any space, so that no name is cut.
CUT_LOOKBACK = 2_000


def enrich(
    text: str, *, nlp: Language, title: str = "", html: str | None = None, rules: Rules = Rules(),
    options: Options = Options(),
) -> EnrichmentResult:
    """One article. Raises InputError when the paste cannot be enriched."""
    [(_, result)] = list(enrich_many([(None, text, title, html)], nlp=nlp, rules=rules, options=options))
    if isinstance(result, InputError):
        raise result
    return result


def enrich_many(
    items: Iterable[Item], *, nlp: Language, rules: Rules = Rules(), options: Options = Options()
) -> Iterator[tuple[Hashable, EnrichmentResult | InputError]]:
    """Many articles, in input order, through `nlp.pipe`; a bad text yields its InputError."""
    apply_rules(nlp, rules)  # outside the memory zone: compiling adds strings
    it = iter(items)
    while chunk := list(islice(it, max(1, options.batch_size))):
        yield from _enrich_chunk(chunk, nlp=nlp, rules=rules, options=options)


def _enrich_chunk(
    chunk: list[Item], *, nlp: Language, rules: Rules, options: Options
) -> list[tuple[Hashable, EnrichmentResult | InputError]]:
    cleaned: list[CleanResult | InputError] = []
    for _, text, title, *html in chunk:
        try:
            cleaned.append(clean(normalize.repair(text), title=title or "",
                                 html=normalize.repair(html[0]) if html and html[0] else None, options=options))
        except InputError as exc:
            cleaned.append(exc)
    # --- language (reliability): detected and recorded; no NER where the model cannot read it
    cleaned = [language.with_language(c, prefer=nlp.lang) for c in cleaned]
    readable = [isinstance(c, CleanResult) and not language.ner_warning(c.language, nlp.lang, c.language_confidence) for c in cleaned]
    # ---
    found: list[list[Mention]] = [[] for _ in chunk]
    limit = min(NER_WINDOW_CHARS, nlp.max_length)
    tasks = ((piece, (i, Segment(seg.source, seg.block, seg.base + start)))
             for i, c in enumerate(cleaned) if readable[i]
             for seg_text, seg in segments(c) for piece, start in windows(seg_text, limit))
    with nlp.memory_zone():
        for doc, (i, seg) in nlp.pipe(tasks, as_tuples=True, batch_size=max(options.batch_size, 64)):
            found[i].extend(mentions_mod.doc_mentions(doc, seg))
    return [
        (key, c if isinstance(c, InputError) else language.with_ner_warning(_result(c, found[i], rules=rules), nlp.lang))
        for i, ((key, *_), c) in enumerate(zip(chunk, cleaned))
    ]


def segments(cleaned: CleanResult) -> Iterator[tuple[str, Segment]]:
    """What NER reads of a clean article: headline, body paragraphs, captions (never credits)."""
    if cleaned.headline.strip():
        yield cleaned.headline, Segment(HEADLINE, 0, 0)
    offset = 0
    for i, paragraph in enumerate(cleaned.body):
        read = normalize.recase_dateline(paragraph)
        yield read, Segment(BODY, i, offset, paragraph if read != paragraph else "")
        offset += len(paragraph) + len(BODY_SEPARATOR)
    for i, caption in enumerate(cleaned.captions):
        if caption.text.strip():
            yield caption.text, Segment(CAPTION, i, 0)


def windows(text: str, limit: int) -> Iterator[tuple[str, int]]:
    """``text`` in pieces of at most ``limit`` characters, with each piece's start: cut after a
    sentence end, else at a space, near the limit. Linear in the length of the text."""
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        yield text[start:end], start
        start = end
    yield text[start:], start


def _cut(text: str, start: int, end: int) -> int:
    floor = max(start + 1, end - CUT_LOOKBACK)
    for mark in (". ", " "):
        found = text.rfind(mark, floor, end)
        if found >= 0:
            return found + len(mark)
    return end


def _result(cleaned: CleanResult, found: list[Mention], *, rules: Rules) -> EnrichmentResult:
    kept = mentions_mod.keep(found, rules=rules, credits=mentions_mod.credit_names(cleaned))
    kept = mentions_mod.split_possessors(kept)
    entities = entities_from(kept, rules=rules, body_chars=len(cleaned.body_text),
                             article=prose.article_blocks(cleaned.body), text=_kept_text(cleaned))
    return EnrichmentResult(clean=cleaned, entities=entities, warnings=list(cleaned.warnings),
                            pipeline_version=PIPELINE_VERSION)


def _kept_text(cleaned: CleanResult) -> str:
    return "\n".join([cleaned.body_text, *(c.text for c in cleaned.captions)])


def entities_from(found: list[Mention], *, rules: Rules = Rules(), body_chars: int = 0,
                  article: frozenset[int] | None = None, text: str = "") -> list[Entity]:
    """Plain mentions of one article -> its entities, most salient first. Pure: no model.

    `article`: the body paragraphs that are the article's prose (all when None); an entity
    named only outside them (and outside captions) is page chrome the cleaner kept, and dropped.
    `text`: the article's kept text, for what only the whole article tells (possessives, common words)."""
    common = prose.lower_case_words(text)
    clusters = [c for c in cluster(found, rules=rules, text=text)
                if (article is None or _supported(c, article)) and not common_noun(c, common)]
    position = Position(body_chars=body_chars, total_mentions=sum(m.source != HEADLINE for m in found))
    entities = [_entity(c, rules=rules, position=position, article=article) for c in clusters]
    entities.sort(key=lambda e: (-e.salience, -e.mentions, e.name))
    return entities


def _supported(c: Cluster, article: frozenset[int]) -> bool:
    """Named in the article's prose or a caption, or named by an editors' rule."""
    return c.rule_name or any(m.source == CAPTION or (m.source == BODY and m.block in article) for m in c.mentions)


def common_noun(c: Cluster, lower_case: frozenset[str]) -> bool:
    """A one-word "person" the article also writes in lower case ("Marijuana" at a sentence's
    start, "marijuana" later), never with a first name or a title: a common noun NER capitalized."""
    name = c.name.strip()
    tagged_person = sum(m.label == "PERSON" for m in c.mentions) * 2 > len(c.mentions)
    return not c.rule_name and not c.titled and " " not in name and name.casefold() in lower_case and tagged_person


def _entity(c: Cluster, *, rules: Rules, position: Position, article: frozenset[int] | None) -> Entity:
    body = [m for m in c.mentions if m.source == BODY]
    return Entity(
        name=c.name,
        type=vote(c, types=rules.types, article=article),
        aliases=c.aliases,
        mentions=sum(m.source != HEADLINE for m in c.mentions),
        offsets=[(m.start, m.end) for m in body],
        salience=salience(c.mentions, position=position),
        in_body=bool(body),
        in_captions=any(m.source == CAPTION for m in c.mentions),
    )
