"""The polemos pipeline: every stage, in order, in one place.

    ingest  -> Article               (polemos.ingest: files, HTML, URLs, feeds, JSONL, stdin)
    parse   -> Parse                 (polemos.nlp: spaCy, batched; Docs never leave polemos.nlp)
    actors  -> Actor[]               (polemos.actors: KB + NER hints + coreference)
    places  -> Place[]               (polemos.geo: gazetteer + context ranking)
    events  -> Event[]               (polemos.coding: PLOVER type/mode/context, source/target/place)
    dates   -> Event.date            (polemos.coding.resolve_dates: relative dates vs published date)
    quotes  -> Quote[]               (polemos.claims.extract_quotes)
    claims  -> Claim[], Event.status (polemos.claims.attribute_claims)

Each stage is a registered component (``Stage``: name, needs, assigns, run): a pure function that reads what earlier
stages produced and returns exactly what it assigns. ``build_stages`` picks stages by name (``POLEMOS_STAGES`` /
``Settings.stages``; plugins add or replace one through the ``polemos.stages`` entry point group) and
``check_stages`` refuses, at build time, a pipeline in which a stage needs what no earlier stage assigns. A stage
that raises is recorded in the article's ``errors`` (with the stage name) and the later stages still run on what is
there: one failing stage never empties the whole article, and one failing article never stops a batch.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from types import MappingProxyType
from typing import Any

from polemos import actors as actors_mod
from polemos import claims as claims_mod
from polemos import coding as coding_mod
from polemos import geo as geo_mod
from polemos import relations as relations_mod
from polemos.errors import PolemosError
from polemos.nlp import Parse, load_nlp, parse_many
from polemos.records import Analysis, Article, ArticleError
from polemos.settings import Settings

__all__ = ["Resources", "Pipeline", "STAGES", "Stage", "available_stages", "build_stages", "check_stages"]

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


Outputs = dict[str, Any]
StageRun = Callable[[Mapping[str, Any], Resources], tuple[Outputs, list[ArticleError]]]
BASE = ("article", "parse")  # what every stage can read
RESULTS = ("actors", "places", "events", "claims", "quotes", "relations", "commitments")  # what an Analysis carries


@dataclass(frozen=True)
class Stage:
    """A pipeline component: reads ``needs`` from what earlier stages produced and returns exactly ``assigns``.

    ``run(view, resources)`` gets a read-only mapping (``article``, ``parse`` and every earlier output) and returns
    ``({key: value for key in assigns}, errors)``. A stage may assign a key an earlier stage assigned only if it also
    needs it (it refines it: ``dates`` needs and assigns ``events``).
    """

    name: str
    needs: tuple[str, ...]
    assigns: tuple[str, ...]
    run: StageRun


def _actors(v: Mapping[str, Any], r: Resources) -> tuple[Outputs, list[ArticleError]]:
    found, errs = actors_mod.resolve_actors(v["article"], v["parse"], r.kb)
    return {"actors": found}, errs


def _places(v: Mapping[str, Any], r: Resources) -> tuple[Outputs, list[ArticleError]]:
    found, errs = geo_mod.resolve_places(v["article"], v["parse"], v["actors"], r.gazetteer)
    return {"places": found}, errs


def _events(v: Mapping[str, Any], r: Resources) -> tuple[Outputs, list[ArticleError]]:
    found, errs = coding_mod.code_events(v["article"], v["parse"], v["actors"], v["places"], r.coder)
    return {"events": found}, errs


def _dates(v: Mapping[str, Any], r: Resources) -> tuple[Outputs, list[ArticleError]]:
    dated, errs = coding_mod.resolve_dates(v["article"], v["parse"], v["events"])
    return {"events": dated}, errs


def _quotes(v: Mapping[str, Any], r: Resources) -> tuple[Outputs, list[ArticleError]]:
    found, errs = claims_mod.extract_quotes(v["article"], v["parse"], v["actors"])
    return {"quotes": found}, errs


def _claims(v: Mapping[str, Any], r: Resources) -> tuple[Outputs, list[ArticleError]]:
    events, claims, errs = claims_mod.attribute_claims(v["article"], v["parse"], v["actors"], v["events"],
                                                       v["quotes"])
    return {"events": events, "claims": claims}, errs


def _relations(v: Mapping[str, Any], r: Resources) -> tuple[Outputs, list[ArticleError]]:
    rels, commitments, errs = relations_mod.extract_relations(v["article"], v["parse"], v["actors"], v["places"],
                                                              v["events"])
    return {"relations": rels, "commitments": commitments}, errs


STAGES: tuple[Stage, ...] = (
    Stage("actors", ("parse",), ("actors",), _actors),
    Stage("places", ("parse", "actors"), ("places",), _places),
    Stage("events", ("parse", "actors", "places"), ("events",), _events),
    Stage("dates", ("parse", "events"), ("events",), _dates),
    Stage("quotes", ("parse", "actors"), ("quotes",), _quotes),
    Stage("claims", ("parse", "actors", "events", "quotes"), ("events", "claims"), _claims),
    Stage("relations", ("parse", "actors", "places", "events"), ("relations", "commitments"), _relations),
)


def available_stages() -> dict[str, Stage]:
    """The built-in stages by name, then those of installed plugins (entry point group ``polemos.stages``).

    A plugin's entry point loads a ``Stage``; one with a built-in's name replaces the built-in.
    """
    found = {s.name: s for s in STAGES}
    for ep in entry_points(group="polemos.stages"):
        stage = ep.load()
        if not isinstance(stage, Stage):
            raise PolemosError("E031", f"entry point {ep.name!r} ({ep.value}) of group polemos.stages is not a "
                               "polemos.pipeline.Stage", "make the entry point name a Stage object")
        found[ep.name] = stage
    return found


def build_stages(names: Iterable[str] | None = None) -> tuple[Stage, ...]:
    """The stages named (default: the built-in order), from ``available_stages()``, checked by ``check_stages``."""
    registry = available_stages()  # entry points are scanned once per build
    if names is None:
        names = [s.name for s in STAGES]
    chosen = []
    for name in names:
        if name not in registry:
            raise PolemosError("E031", f"unknown pipeline stage {name!r}",
                               f"choose from {', '.join(registry)} (POLEMOS_STAGES / Settings.stages)")
        chosen.append(registry[name])
    return check_stages(tuple(chosen))


def check_stages(stages: tuple[Stage, ...]) -> tuple[Stage, ...]:
    """Every stage's ``needs`` is assigned by an earlier stage; names are unique; refinements are declared."""
    have = set(BASE)
    seen: set[str] = set()
    for stage in stages:
        if stage.name in seen:
            raise PolemosError("E030", f"the pipeline has two stages named {stage.name!r}", "list each stage once")
        seen.add(stage.name)
        missing = [n for n in stage.needs if n not in have]
        if missing:
            raise PolemosError("E030", f"stage {stage.name!r} needs {', '.join(missing)}, which no earlier stage "
                               "assigns", "put a stage that assigns it before this one, or drop this stage")
        clobbered = [a for a in stage.assigns if a in have and a not in stage.needs]
        if clobbered:
            raise PolemosError("E030", f"stage {stage.name!r} overwrites {', '.join(clobbered)} without needing it",
                               "declare it in needs (a refinement) or assign another key")
        have |= set(stage.assigns)
    return stages


class Pipeline:
    """Run the stages over articles. Build once per process; reuse for every batch."""

    def __init__(self, resources: Resources, stages: tuple[Stage, ...] | None = None, batch_size: int = 32) -> None:
        self.resources = resources
        self.stages = check_stages(stages) if stages is not None else build_stages()
        self.batch_size = batch_size
        self.stage_seconds: dict[str, float] = {}  # cumulative time per stage (read by `polemos bench`)

    @classmethod
    def load(cls, settings: Settings | None = None) -> Pipeline:
        settings = settings or Settings.from_env()
        return cls(Resources.load(settings), build_stages(settings.stages))

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
        produced: dict[str, Any] = {"article": article, "parse": parse}
        errors: list[ArticleError] = []
        for stage in self.stages:
            t = time.perf_counter()
            try:
                outputs, errs = stage.run(MappingProxyType(produced), self.resources)
                if set(outputs) != set(stage.assigns):
                    raise PolemosError("E032", f"stage {stage.name!r} returned {sorted(outputs)}, it declares "
                                       f"{sorted(stage.assigns)}", "fix the stage to return what it assigns")
                produced.update(outputs)
                errors += errs
            except Exception as exc:  # recorded per article, never silent; later stages see the earlier values
                log.warning("stage %s failed on article %s: %r", stage.name, article.id, exc)
                errors.append(ArticleError(stage.name, f"{type(exc).__name__}: {exc}"))
                for key in stage.assigns:
                    produced.setdefault(key, [])
            self._tick(stage.name, t)
        return Analysis(article=article, errors=tuple(errors),
                        **{key: tuple(produced.get(key, ())) for key in RESULTS})
