"""The stage contract: stages are chosen by name, checked at build time, and return exactly what they assign."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from polemos.errors import PolemosError
from polemos.pipeline import STAGES, Pipeline, Stage, available_stages, build_stages, check_stages
from polemos.records import ArticleError
from polemos.settings import Settings

TEXT = ("Government troops shelled the rebel-held town of Kidal on Monday, killing four civilians, the regional "
        "governor said. The rebels denied having fired on an army convoy the day before.")


def test_default_order_is_the_built_in_one() -> None:
    assert [s.name for s in build_stages()] == ["actors", "places", "events", "dates", "quotes", "claims",
                                               "relations"]
    assert set(available_stages()) >= {s.name for s in STAGES}


def test_a_stage_removed_gives_a_clear_error_at_build_time() -> None:
    with pytest.raises(PolemosError) as info:
        build_stages(["actors", "events", "dates", "quotes", "claims"])  # no places
    assert info.value.code == "E030"
    assert "'events' needs places" in info.value.message


def test_an_unknown_stage_name_lists_the_known_ones() -> None:
    with pytest.raises(PolemosError) as info:
        build_stages(["actors", "geocode"])
    assert info.value.code == "E031"
    assert "places" in (info.value.hint or "")


def test_duplicates_and_undeclared_overwrites_are_refused() -> None:
    by_name = available_stages()
    with pytest.raises(PolemosError, match="two stages named 'actors'"):
        check_stages((by_name["actors"], by_name["actors"]))
    rogue = Stage("rogue", ("parse",), ("actors",), lambda v, r: ({"actors": []}, []))
    with pytest.raises(PolemosError, match="overwrites actors without needing it"):
        check_stages((by_name["actors"], rogue))


def test_settings_drop_a_stage_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLEMOS_STAGES", "actors, places, events, quotes, claims")
    assert Settings.from_env().stages == ("actors", "places", "events", "quotes", "claims")
    assert "dates" not in [s.name for s in build_stages(Settings.from_env().stages)]


def test_dropping_a_stage_changes_only_its_output(pipeline: Pipeline) -> None:
    from polemos.records import Article

    article = Article(id=Article.make_id(TEXT), text=TEXT)
    full = pipeline.analyze(article)
    no_quotes_or_claims = Pipeline(pipeline.resources, build_stages(["actors", "places", "events", "dates"]))
    part = no_quotes_or_claims.analyze(article)
    assert part.claims == () and part.quotes == ()
    assert [a.id for a in part.actors] == [a.id for a in full.actors]
    assert {e.type for e in part.events} == {e.type for e in full.events}


def test_a_stage_that_returns_other_keys_is_recorded_not_fatal(pipeline: Pipeline) -> None:
    from polemos.records import Article

    def sloppy(view: Mapping[str, Any], resources: Any) -> tuple[dict[str, Any], list[ArticleError]]:
        return {"actors": [], "extra": 1}, []

    stages = (Stage("actors", ("parse",), ("actors",), sloppy), *build_stages()[1:])
    result = Pipeline(pipeline.resources, stages).analyze(Article(id="x", text=TEXT))
    assert [e.stage for e in result.errors] == ["actors"]
    assert "E032" in result.errors[0].message
    assert result.places is not None  # the later stages still ran


def test_a_replacement_stage_sees_earlier_outputs_read_only(pipeline: Pipeline) -> None:
    from polemos.records import Article

    seen: dict[str, Any] = {}

    def spy(view: Mapping[str, Any], resources: Any) -> tuple[dict[str, Any], list[ArticleError]]:
        seen.update(keys=sorted(view))
        with pytest.raises(TypeError):
            view["actors"] = []  # type: ignore[index]
        return {"quotes": []}, []

    stages = tuple(Stage("quotes", ("parse", "actors"), ("quotes",), spy) if s.name == "quotes" else s
                   for s in build_stages())
    result = Pipeline(pipeline.resources, stages).analyze(Article(id="y", text=TEXT))
    assert seen["keys"] == ["actors", "article", "events", "parse", "places"]
    assert result.quotes == () and result.errors == ()


class _EntryPoint:
    def __init__(self, name: str, obj: object) -> None:
        self.name, self.value, self._obj = name, f"plugin:{name}", obj

    def load(self) -> object:
        return self._obj


def test_a_plugin_stage_adds_or_replaces_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    extra = Stage("relations", ("parse", "events"), ("relations",), lambda v, r: ({"relations": []}, []))
    dates = Stage("dates", ("parse", "events"), ("events",), lambda v, r: ({"events": v["events"]}, []))
    monkeypatch.setattr("polemos.pipeline.entry_points",
                        lambda group: [_EntryPoint("relations", extra), _EntryPoint("dates", dates)])
    stages = build_stages(["actors", "places", "events", "dates", "relations"])
    assert stages[3] is dates and stages[4] is extra


def test_a_plugin_that_is_not_a_stage_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("polemos.pipeline.entry_points", lambda group: [_EntryPoint("broken", object())])
    with pytest.raises(PolemosError) as info:
        available_stages()
    assert info.value.code == "E031" and "broken" in info.value.message
