"""eval own: the scorer on hand-made records and analyses (no model), and the report's shape on a few dev records."""

from __future__ import annotations

from polemos.coding.corpus import TrainEvent, TrainRecord
from polemos.eval.own import score
from polemos.records import Actor, Analysis, Article, Event, Span

TEXT = "Army drones struck a depot in Kassala, killing two guards."


def _span(part: str) -> Span:
    start = TEXT.index(part)
    return Span.of(TEXT, start, start + len(part))


def _record(events: tuple[TrainEvent, ...], style: str = "wire") -> TrainRecord:
    return TrainRecord(id="t-1", split="dev", conflict="Sudan", style=style, text=TEXT, events=events)


GOLD = TrainEvent(type="ASSAULT", mode="aerial", trigger=_span("struck"), source=_span("Army drones"),
                  target=_span("two guards"), place=_span("Kassala"), status="reported", claimant=None)


def _analysis(source: str | None, target: str | None, etype: str = "ASSAULT") -> Analysis:
    actors = [Actor(id=f"actor_{n}", name=n, kind="group", country="SDN", sector="MIL", office=None,
                    mentions=(_span(n),)) for n in (source, target) if n]
    event = Event(id="ev_1", type=etype, mode=None, evidence=_span("Army drones struck a depot"),
                  source=f"actor_{source}" if source else None, target=f"actor_{target}" if target else None)
    return Analysis(article=Article(id="a", text=TEXT), actors=tuple(actors), events=(event,))


def test_type_source_and_target_right() -> None:
    report = score([_record((GOLD,))], [_analysis("Army drones", "two guards")])
    assert report["event_type"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert report["source_right"] == 1.0 and report["target_right"] == 1.0 and report["status_right"] == 1.0


def test_wrong_target_and_type_are_counted() -> None:
    report = score([_record((GOLD,))], [_analysis("Army drones", None)])
    assert report["source_right"] == 1.0 and report["target_right"] == 0.0
    wrong = score([_record((GOLD,))], [_analysis("Army drones", "two guards", etype="COERCE")])
    assert wrong["event_type"]["f1"] == 0.0 and wrong["source_right"] == 0.0


def test_no_event_records_and_styles() -> None:
    quiet = Analysis(article=Article(id="b", text=TEXT))
    report = score([_record(()), _record((GOLD,), style="headline")], [quiet, _analysis("Army drones", None)])
    assert report["no_event_precision"] == 1.0 and report["no_event_records"] == 1
    assert report["by_style"] == {"headline": 1.0, "wire": 0.0}
