"""Number words are kept once (data/text/numbers.yaml) and read by the coder, the date resolver and the merger."""

from __future__ import annotations

from pathlib import Path

from polemos.numbers import number_words

SRC = Path(__file__).resolve().parents[1] / "src" / "polemos"


def test_number_words_cover_units_tens_and_dozen() -> None:
    words = number_words()
    assert words["seven"] == 7 and words["nineteen"] == 19 and words["ninety"] == 90 and words["dozen"] == 12


def test_no_module_keeps_its_own_list() -> None:
    copies = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if '"seventeen"' in p.read_text("utf-8")]
    assert copies == []
