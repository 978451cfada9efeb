"""Record types of polemos: frozen dataclasses with stable content-hash ids.

Every record that comes from the text carries :class:`Span` objects whose offsets refer to the
normalised ``Article.text`` (``article.text[span.start:span.end] == span.text``).
Ids are content hashes: the same input gives the same ids on any machine.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = [
    "Span",
    "Article",
    "Actor",
    "Place",
    "Event",
    "Claim",
    "Quote",
    "ArticleError",
    "Relation",
    "Trigger",
    "Response",
    "Commitment",
    "Analysis",
    "content_id",
    "ACTOR_KINDS",
    "PLACE_FEATURES",
    "EVENT_STATUSES",
    "CLAIM_STANCES",
    "DATE_PRECISIONS",
    "RELATION_TYPES",
    "RELATION_STATUSES",
    "COMMITMENT_KINDS",
    "LIKELIHOODS",
]

ACTOR_KINDS = ("state", "person", "organization", "armed_group", "group")
PLACE_FEATURES = ("country", "region", "admin1", "city", "village", "site", "other")
EVENT_STATUSES = ("reported", "claimed", "disputed", "unconfirmed", "hypothetical", "planned")
CLAIM_STANCES = ("asserts", "denies")
DATE_PRECISIONS = ("day", "month", "year")
RELATION_TYPES = ("alliance", "member_of", "arms_supplier", "backs", "hosts_base", "sponsors", "fights_for",
                  "mediates", "controls", "recognizes", "rivals", "cooperates_with")
RELATION_STATUSES = ("reported", "claimed", "disputed", "unconfirmed", "assessed")
COMMITMENT_KINDS = ("pledge", "threat", "red_line", "assessment")
LIKELIHOODS = ("certain", "likely", "possible", "unlikely")


def content_id(prefix: str, *parts: Any) -> str:
    """A stable id: ``prefix`` + 16 hex digits of the SHA-256 of the JSON of ``parts``."""
    payload = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return f"{prefix}_{hashlib.sha256(payload.encode('utf-8')).hexdigest()[:16]}"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``text[start:end]``."""
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    dateline: str | None = None
    source: str | None = None  # the input it came from (path, URL, "stdin", batch id)

    @staticmethod
    def make_id(text: str) -> str:
        return content_id("art", text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
            "dateline": self.dateline,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    office: str | None = None
    mentions: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "sector": self.sector,
            "office": self.office,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    feature: str
    mentions: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "geonameid": self.geonameid,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "admin1": self.admin1,
            "feature": self.feature,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    mode: str | None
    evidence: Span
    context: tuple[str, ...] = ()
    source: str | None = None
    target: str | None = None
    place: str | None = None
    date: str | None = None
    date_precision: str | None = None
    status: str = "reported"
    fatalities: int | None = None
    claims: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "context": list(self.context),
            "source": self.source,
            "target": self.target,
            "place": self.place,
            "date": self.date,
            "date_precision": self.date_precision,
            "status": self.status,
            "fatalities": self.fatalities,
            "evidence": self.evidence.to_dict(),
            "claims": list(self.claims),
        }


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    event: str
    actor: str | None
    stance: str
    evidence: Span

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event": self.event,
            "actor": self.actor,
            "stance": self.stance,
            "evidence": self.evidence.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    speaker: str | None
    speaker_name: str | None
    text: str
    evidence: Span

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker,
            "speaker_name": self.speaker_name,
            "text": self.text,
            "evidence": self.evidence.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class ArticleError:
    stage: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "message": self.message}


@dataclass(frozen=True, slots=True)
class Relation:
    """A standing tie between two actors (data/relations/types.yaml defines the types)."""

    id: str
    type: str
    source: str | None  # actor ids
    target: str | None
    evidence: Span
    obligation: str | None = None  # alliances: defense | offense | neutrality | nonaggression | consultation
    place: str | None = None  # place id (hosts_base, controls)
    status: str = "reported"
    attributed_to: str | None = None  # actor id of who says or assesses it
    negated: bool = False  # "X denies arming Y" is kept, marked
    date: str | None = None  # when it was said (the article's date) or holds
    date_precision: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "obligation": self.obligation, "source": self.source,
                "target": self.target, "place": self.place, "status": self.status,
                "attributed_to": self.attributed_to, "negated": self.negated, "date": self.date,
                "date_precision": self.date_precision, "evidence": self.evidence.to_dict()}


@dataclass(frozen=True, slots=True)
class Trigger:
    """The event a commitment is conditional on: a PLOVER pattern, and the hypothetical event coded for it."""

    type: str | None
    evidence: Span
    source: str | None = None  # actor ids / place id; null = anyone / anywhere
    target: str | None = None
    place: str | None = None
    event: str | None = None  # the id of the condition's own (hypothetical) event in ``events``

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "source": self.source, "target": self.target, "place": self.place,
                "event": self.event, "evidence": self.evidence.to_dict()}


@dataclass(frozen=True, slots=True)
class Response:
    type: str | None
    mode: str | None
    evidence: Span

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "mode": self.mode, "evidence": self.evidence.to_dict()}


@dataclass(frozen=True, slots=True)
class Commitment:
    """A conditional pledge, threat, red line or analyst's assessment: if ``trigger`` happens, ``committer`` will
    (or, ``negated``, will not) do ``response``."""

    id: str
    kind: str
    committer: str | None
    trigger: Trigger
    response: Response
    evidence: Span
    beneficiary: str | None = None
    negated: bool = False
    likelihood: str | None = None
    stated_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "committer": self.committer, "beneficiary": self.beneficiary,
                "trigger": self.trigger.to_dict(), "response": self.response.to_dict(), "negated": self.negated,
                "likelihood": self.likelihood, "stated_by": self.stated_by, "evidence": self.evidence.to_dict()}


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything polemos extracted from one article: the ``polemos analyze`` output contract."""

    article: Article
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    relations: tuple[Relation, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    errors: tuple[ArticleError, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "actors": [a.to_dict() for a in self.actors],
            "places": [p.to_dict() for p in self.places],
            "events": [e.to_dict() for e in self.events],
            "claims": [c.to_dict() for c in self.claims],
            "quotes": [q.to_dict() for q in self.quotes],
            "relations": [r.to_dict() for r in self.relations],
            "commitments": [c.to_dict() for c in self.commitments],
            "errors": [e.to_dict() for e in self.errors],
        }
