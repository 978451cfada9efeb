"""Date resolution against the published date (polemos.coding.dates)."""

from __future__ import annotations

from datetime import date

import pytest

from polemos.coding import resolve_dates
from polemos.coding.dates import find_dates, resolve_expression
from polemos.nlp import to_parse
from polemos.records import Article, Event, Span, content_id

PUB = date(2020, 11, 9)  # a Monday


def _resolve(expr: str, ref: date | None = PUB, forward: bool = False) -> tuple[str, str] | None:
    [m] = find_dates(expr)
    return resolve_expression(m.kind, m.groups, ref, forward)


@pytest.mark.parametrize(("expr", "expected"), [
    ("on Sunday", ("2020-11-08", "day")),
    ("on Friday", ("2020-11-06", "day")),
    ("on Monday", ("2020-11-09", "day")),
    ("last Monday", ("2020-11-02", "day")),
    ("on Sept 24", ("2020-09-24", "day")),
    ("on Sept. 24", ("2020-09-24", "day")),
    ("on 24 September", ("2020-09-24", "day")),
    ("on Dec 30", ("2019-12-30", "day")),  # no year and after the published date: last year's
    ("Nov 5, 2020", ("2020-11-05", "day")),
    ("5 November 2020", ("2020-11-05", "day")),
    ("2020-11-05", ("2020-11-05", "day")),
    ("since early October", ("2020-10", "month")),
    ("in mid-December", ("2019-12", "month")),
    ("in March 2019", ("2019-03", "month")),
    ("in 2014", ("2014", "year")),
    ("this summer", ("2020", "year")),
    ("last winter", ("2019", "year")),
    ("last week", ("2020-11", "month")),
    ("last month", ("2020-10", "month")),
    ("yesterday", ("2020-11-08", "day")),
    ("three days ago", ("2020-11-06", "day")),
    ("two years ago", ("2018", "year")),
    ("over the weekend", ("2020-11-07", "day")),  # the weekend's Saturday
    ("last weekend", ("2020-11-07", "day")),  # on a Monday: the weekend just past
])
def test_expressions(expr: str, expected: tuple[str, str]) -> None:
    assert _resolve(expr) == expected


def test_forward_for_planned_and_no_reference() -> None:
    assert _resolve("on Friday", forward=True) == ("2020-11-13", "day")
    assert _resolve("next week") == ("2020-11", "month")
    assert _resolve("on Sunday", ref=None) is None
    assert _resolve("Nov 5, 2020", ref=None) == ("2020-11-05", "day")


def test_modal_may_and_verb_march_are_not_months() -> None:
    assert find_dates("Troops may march on the capital.") == []


def _events(pipeline, text: str, triggers: list[str], published: date | None = PUB) -> list[Event]:
    parse = to_parse(pipeline.resources.nlp(text))
    article = Article(id=Article.make_id(text), text=text, published=published)
    events = []
    for trig in triggers:
        s = text.index(trig)
        events.append(Event(id=content_id("evt", trig), type="ASSAULT", mode=None,
                            evidence=Span.of(text, s, s + len(trig))))
    out, errors = resolve_dates(article, parse, events)
    assert errors == []
    return out


def test_nearest_expression_in_the_event_clause(pipeline) -> None:
    text = ("Hundreds are feared dead since fighting flared on Sept 27. "
            "The president said on Sunday his forces had taken Kelbajar. "
            "Tehran denies its troops are involved but the president admits jets remained after a drill this summer. "
            "Aid flights have continued.")
    evs = _events(pipeline, text, ["fighting flared", "taken Kelbajar", "troops are involved", "jets remained",
                                   "Aid flights have continued"])
    assert [(e.date, e.date_precision) for e in evs] == [
        ("2020-09-27", "day"), ("2020-11-08", "day"),
        ("2020-11", "month"),  # "this summer" belongs to the other clause: the published month, coarse
        ("2020", "year"), ("2020-11", "month"),
    ]


def test_no_future_date_unless_the_clause_is_future(pipeline) -> None:
    text = "Rebels attacked the town on December 3, 2020. The envoy will visit Kabul on Friday."
    evs = _events(pipeline, text, ["attacked the town", "visit Kabul"])
    assert evs[0].date == "2020-11"  # after the published date and not planned: dropped for the fallback
    assert evs[1].date == "2020-11-13"


def test_without_published_date_only_absolute_dates(pipeline) -> None:
    text = "Shelling hit Donetsk on Sunday. Shelling hit Avdiivka on March 3, 2022."
    evs = _events(pipeline, text, ["hit Donetsk", "hit Avdiivka"], published=None)
    assert [(e.date, e.date_precision) for e in evs] == [(None, None), ("2022-03-03", "day")]


def test_dateline_date_is_not_the_event_date(pipeline) -> None:
    text = "CAIRO, Aug 11 - An airstrike on a school killed 90 people on Saturday, the civil defence agency said."
    evs = _events(pipeline, text, ["An airstrike on a school killed 90 people"], published=date(2024, 8, 11))
    assert (evs[0].date, evs[0].date_precision) == ("2024-08-10", "day")


def test_date_of_a_subordinate_clause_is_not_the_speech_act_date(pipeline) -> None:
    text = "The minister warned that if militants attacked again as they did last month, the army would respond."
    evs = _events(pipeline, text, ["The minister warned"], published=date(2024, 8, 11))
    assert (evs[0].date, evs[0].date_precision) == ("2024-08", "month")  # the published month, not July
