"""PLOVER event coding: the ontology as data, the coder, and date resolution.

The coder matches the trigger lexicon (``data/plover/triggers.yaml``) over the plain parse: verb lemmas with
their subject/object roles, nominal triggers ("fighting flared", "aid deliveries from X to Y"), light verbs that
take the type of their object ("launch an attack"), and frame verbs whose embedded action gives the mode
("threatened to attack" -> THREATEN/violence). Events of hypothetical, conditional, negated and planned clauses
are emitted too (status "reported"); the claims stage sets their status. A learned trigger tagger
(``learned.py``, trained by `polemos train` on the own corpus in ``data/train``) adds the events the lexicon misses;
their arguments come from the same tree code.
"""

from __future__ import annotations

from dataclasses import dataclass

from polemos.coding.coder import build_events
from polemos.coding.learned import Tagger, load_tagger
from polemos.coding.lexicon import Lexicon, load_lexicon
from polemos.coding.ontology import Ontology, load_ontology
from polemos.nlp import Parse
from polemos.records import Actor, Article, ArticleError, Event, Place

__all__ = ["Coder", "load_coder", "code_events", "resolve_dates"]


@dataclass(frozen=True)
class Coder:
    """The event coder's ontology and trigger lexicon, loaded once per process."""

    ontology: Ontology
    lexicon: Lexicon
    tagger: Tagger | None = None  # the learned trigger tagger, when this build ships one


def load_coder() -> Coder:
    return Coder(ontology=load_ontology(), lexicon=load_lexicon(), tagger=load_tagger())


def code_events(
    article: Article, parse: Parse, actors: list[Actor], places: list[Place], coder: Coder
) -> tuple[list[Event], list[ArticleError]]:
    """PLOVER events of one article, each with its evidence span (status "reported", no claims yet)."""
    events = build_events(article, parse, actors, places, coder.lexicon, coder.ontology, coder.tagger)
    return events, []


def resolve_dates(article: Article, parse: Parse, events: list[Event]) -> tuple[list[Event], list[ArticleError]]:
    from polemos.coding.dates import resolve_dates as _resolve_dates  # owned by the claims/dates helper

    return _resolve_dates(article, parse, events)
