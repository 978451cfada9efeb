"""The reference article's output validates against the schema with every Span consistent with the text."""

from __future__ import annotations

from typing import Any

from polemos.schema import validate_output


def test_karabakh_output_validates(karabakh: dict[str, Any]) -> None:
    assert validate_output(karabakh) == []
    assert karabakh["article"]["dateline"] == "YEREVAN/BAKU"
    assert karabakh["article"]["published"] == "2020-11-09"
    assert set(karabakh) == {"article", "actors", "places", "events", "claims", "quotes", "relations", "commitments",
                             "errors"}


def test_ids_are_stable(pipeline: Any, karabakh: dict[str, Any]) -> None:
    from polemos.records import Article

    art = karabakh["article"]
    again = pipeline.analyze(Article(art["id"], art["text"], published=None)).to_dict()
    assert [a["id"] for a in again["actors"]] == [a["id"] for a in karabakh["actors"]]
