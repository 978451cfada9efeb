"""The polemos pipeline: every stage, in order, in one place.

    ingest  -> Article               (polemos.ingest: files, HTML, URLs, feeds, JSONL, stdin)
    parse   -> Parse                 (polemos.nlp: spaCy, batched; Docs never leave polemos.nlp)
    actors  -> Actor[]               (polemos.actors: KB + NER hints + coreference)
    places  -> Place[]               (polemos.geo: gazetteer + context ranking)
    events  -> Event[]               (polemos.coding: PLOVER type/mode/context, source/target/place)
    dates   -> Event.date            (polemos.coding.resolve_dates: relative dates vs published date)
    quotes  -> Quote[]               (polemos.claims.extract_quotes)
    claims  -> Claim[], Event.status (polemos.claims.attribute_claims)

Each stage is a pure function over plain records. A stage that raises is recorded in the article's
``errors`` (with the stage name) and the later stages still run on what is there: one failing stage
never empties the whole article, and one failing article never stops a batch.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from polemos import actors as actors_mod
from polemos import claims as claims_mod
from polemos import coding as coding_mod
from polemos import geo as geo_mod
from polemos.nlp import Parse, load_nlp, parse_many
from polemos.records import Actor, Analysis, Article, ArticleError, Claim, Event, Place, Quote
from polemos.settings import Settings

__all__ = ["Resources", "Pipeline", "STAGES", "Stage"]

log = logging.getLogger(__name__)


@dataclass
class Resources:
    """Models and knowledge loaded once per process and passed to the stages."""

    nlp: Any
    kb: actors_mod.ActorKB
    gazetteer: geo_mod.Gazetteer
    coder: coding_mod.Coder

    @classmethod
    def load(cls, settings: Settings) -> Resources:
        return cls(
            nlp=load_nlp(),
            kb=actors_mod.load_kb(settings.actors_path),
            gazetteer=geo_mod.load_gazetteer(),
            coder=coding_mod.load_coder(),
        )


@dataclass
class _State:
    """What the stages of one article have produced so far."""

    article: Article
    parse: Parse
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    errors: list[ArticleError] = field(default_factory=list)


def _actors(s: _State, r: Resources) -> None:
    s.actors, errs = actors_mod.resolve_actors(s.article, s.parse, r.kb)
    s.errors += errs


def _places(s: _State, r: Resources) -> None:
    s.places, errs = geo_mod.resolve_places(s.article, s.parse, s.actors, r.gazetteer)
    s.errors += errs


def _events(s: _State, r: Resources) -> None:
    s.events, errs = coding_mod.code_events(s.article, s.parse, s.actors, s.places, r.coder)
    s.errors += errs


def _dates(s: _State, r: Resources) -> None:
    s.events, errs = coding_mod.resolve_dates(s.article, s.parse, s.events)
    s.errors += errs


def _quotes(s: _State, r: Resources) -> None:
    s.quotes, errs = claims_mod.extract_quotes(s.article, s.parse, s.actors)
    s.errors += errs


def _claims(s: _State, r: Resources) -> None:
    s.events, s.claims, errs = claims_mod.attribute_claims(s.article, s.parse, s.actors, s.events, s.quotes)
    s.errors += errs


@dataclass(frozen=True)
class Stage:
    name: str
    needs: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[_State, Resources], None]


STAGES: tuple[Stage, ...] = (
    Stage("actors", ("parse",), ("actors",), _actors),
    Stage("places", ("parse", "actors"), ("places",), _places),
    Stage("events", ("parse", "actors", "places"), ("events",), _events),
    Stage("dates", ("parse", "events"), ("events.date",), _dates),
    Stage("quotes", ("parse", "actors"), ("quotes",), _quotes),
    Stage("claims", ("parse", "actors", "events", "quotes"), ("claims", "events.status"), _claims),
)


class Pipeline:
    """Run the stages over articles. Build once per process; reuse for every batch."""

    def __init__(self, resources: Resources, stages: tuple[Stage, ...] = STAGES, batch_size: int = 32) -> None:
        self.resources = resources
        self.stages = stages
        self.batch_size = batch_size
        self.stage_seconds: dict[str, float] = {}  # cumulative time per stage (read by `polemos bench`)

    @classmethod
    def load(cls, settings: Settings | None = None) -> Pipeline:
        return cls(Resources.load(settings or Settings.from_env()))

    def close(self) -> None:
        """Nothing to release (models are freed with the process); here for the same interface as DaskPipeline."""

    def analyze(self, article: Article) -> Analysis:
        return next(iter(self.analyze_many([article])))

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Analyse articles in order (parsing is batched with ``nlp.pipe``)."""
        pending: list[Article] = []
        for article in articles:
            pending.append(article)
            if len(pending) >= self.batch_size:
                yield from self._run_batch(pending)
                pending = []
        if pending:
            yield from self._run_batch(pending)

    def _run_batch(self, batch: list[Article]) -> Iterator[Analysis]:
        parses = parse_many(self.resources.nlp, (a.text for a in batch), batch_size=self.batch_size)
        it = iter(parses)
        for article in batch:
            t = time.perf_counter()
            parse = next(it)
            self._tick("parse", t)
            yield self.run_stages(article, parse)

    def _tick(self, name: str, since: float) -> None:
        self.stage_seconds[name] = self.stage_seconds.get(name, 0.0) + time.perf_counter() - since

    def run_stages(self, article: Article, parse: Parse) -> Analysis:
        state = _State(article, parse)
        for stage in self.stages:
            t = time.perf_counter()
            try:
                stage.run(state, self.resources)
            except Exception as exc:  # recorded per article, never silent
                log.warning("stage %s failed on article %s: %r", stage.name, article.id, exc)
                state.errors.append(ArticleError(stage.name, f"{type(exc).__name__}: {exc}"))
            self._tick(stage.name, t)
        return Analysis(
            article=article,
            actors=tuple(state.actors),
            places=tuple(state.places),
            events=tuple(state.events),
            claims=tuple(state.claims),
            quotes=tuple(state.quotes),
            errors=tuple(state.errors),
        )
