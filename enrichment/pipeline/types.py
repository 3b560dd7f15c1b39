"""Plain data the pipeline returns: no Django, no spaCy objects, JSON-ready."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Notice(str):
    """A warning or error for people: the English text (what the CLI prints and logs show) that
    also carries a stable ``code`` and its ``params``, so the Django side can show it in the
    reader's language (``enrichment.messages``). Stored as ``as_dict()``; still a ``str`` everywhere else."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, text: str, **params: Any) -> "Notice":
        notice = super().__new__(cls, text)
        notice.code, notice.params = code, params
        return notice

    def __deepcopy__(self, memo) -> "Notice":  # immutable, like str: dataclasses.asdict copies it
        return self

    def __reduce__(self):
        return _notice, (self.code, str(self), self.params)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params), "text": str(self)}


def _notice(code: str, text: str, params: dict[str, Any]) -> Notice:
    return Notice(code, text, **params)


def notice_data(item: Any) -> Any:
    """What is stored for a warning: a Notice as its dict, a plain string as it is."""
    return item.as_dict() if isinstance(item, Notice) else item


@dataclass(frozen=True, slots=True)
class Options:
    """Everything a caller may tune. Travels as one object, keyword-only."""

    max_chars: int = 2_000_000
    extra_boilerplate: tuple[str, ...] = ()  # regexes a site adds to the built-in signatures
    batch_size: int = 32


@dataclass(frozen=True, slots=True)
class Caption:
    text: str
    credit: str = ""
    photographer: str = ""
    agency: str = ""


class Reason(StrEnum):
    """Why a line left the body: the vocabulary of ``Removal.reason`` the sidebar and API show."""

    BOILERPLATE = "boilerplate"  # page chrome; ``rule`` says which signature or cue
    DUPLICATE_PARAGRAPH = "duplicate_paragraph"
    DUPLICATE_CAPTION = "duplicate_caption"
    CREDIT = "credit"  # a photo credit no caption could take
    DUPLICATE_CREDIT = "duplicate_credit"  # a second credit for a caption that has one
    EDITOR = "editor"  # removed by an editor's decision


@dataclass(frozen=True, slots=True)
class Removal:
    text: str
    reason: str  # a Reason
    duplicate_of: str = ""
    rule: str = ""  # which signature or rule removed it (skip_link, outside_article, nav_menu, ...)


@dataclass(frozen=True, slots=True)
class CleanResult:
    body: list[str]
    headline: str = ""
    byline: str = ""
    dateline: str = ""
    captions: list[Caption] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    language: str = ""  # ISO 639-1, "" when unknown (too short, or the identifier unsure)
    language_confidence: float = 0.0  # the identifier's probability for its top guess
    dateline_in_body: bool = False  # the dateline opens the first body paragraph and stays there
    warnings: list[str] = field(default_factory=list)  # Notices: what cleaning could not do (a site pattern timed out)

    @property
    def body_text(self) -> str:
        """The body as NER sees it; entity offsets point into this string."""
        return BODY_SEPARATOR.join(self.body)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["warnings"] = [notice_data(w) for w in self.warnings]
        return data


BODY_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    type: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, EVENT, ...
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    offsets: list[tuple[int, int]] = field(default_factory=list)  # into CleanResult.body_text
    salience: float = 0.0
    in_body: bool = True
    in_captions: bool = False


@dataclass(frozen=True, slots=True)
class Rules:
    """Editors' newsroom-wide rules, as plain data (from the database or a JSON file)."""

    aliases: dict[str, str] = field(default_factory=dict)  # surface form -> canonical name
    not_entities: frozenset[str] = frozenset()
    types: dict[str, str] = field(default_factory=dict)  # name -> label

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "Rules":
        data = data or {}
        return cls(
            aliases=dict(data.get("aliases", {})),
            not_entities=frozenset(data.get("not_entities", ())),
            types=dict(data.get("types", {})),
        )

    def as_dict(self) -> dict[str, Any]:
        return {"aliases": self.aliases, "not_entities": sorted(self.not_entities), "types": self.types}

    def __bool__(self) -> bool:
        return bool(self.aliases or self.not_entities or self.types)


@dataclass(frozen=True, slots=True)
class EnrichmentResult:
    clean: CleanResult
    entities: list[Entity] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pipeline_version: str = ""

    def as_dict(self) -> dict[str, Any]:
        data = self.clean.as_dict()
        data["entities"] = [asdict(e) for e in self.entities]
        data["warnings"] = [notice_data(w) for w in self.warnings]
        data["pipeline_version"] = self.pipeline_version
        return data


class InputError(ValueError):
    """The paste cannot be enriched (empty, too large, ...); the message is for editors, and
    ``code`` and ``params`` let the Django side say it in their language."""

    def __init__(self, message: str, code: str = "", **params: Any) -> None:
        super().__init__(message)
        self.code, self.params = code, params
