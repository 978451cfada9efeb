"""The error registry: every code raised in src is registered once and documented; unknown codes fail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from polemos.errors import CODES, InputError, PolemosError, http_status

REPO = Path(__file__).resolve().parents[1]
_LITERAL = re.compile(r'"(E\d{3})"')


def _codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in (REPO / "src" / "polemos").rglob("*.py"):
        found |= set(_LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def _codes_in_docs() -> set[str]:
    """Codes in the first column of the tables of docs/output.md, ranges like ``E110 – E115`` expanded."""
    found: set[str] = set()
    for line in (REPO / "docs" / "output.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("| E"):
            continue
        cell = line.split("|")[1]
        for lo, hi in re.findall(r"E(\d{3})\s*[–-]\s*E(\d{3})", cell):
            found |= {f"E{n:03d}" for n in range(int(lo), int(hi) + 1)}
        found |= set(re.findall(r"E\d{3}", cell))
    return found


def test_every_code_raised_is_registered() -> None:
    assert _codes_in_source() - set(CODES) == set()


def test_every_registered_code_is_used_and_documented() -> None:
    assert set(CODES) - _codes_in_source() == set()
    assert set(CODES) - _codes_in_docs() == set()


def test_codes_are_well_formed_and_meanings_distinct() -> None:
    assert all(re.fullmatch(r"E\d{3}", c) for c in CODES)
    meanings = [c.meaning for c in CODES.values()]
    assert len(meanings) == len(set(meanings))


def test_every_code_has_a_hint_and_an_http_status() -> None:
    assert all(c.hint.strip() and 400 <= c.http < 600 for c in CODES.values())
    assert http_status("E302") == 404 and http_status("E300") == 503 and http_status("E103") == 400


def test_the_registered_hint_is_used_when_a_raise_site_gives_none() -> None:
    err = InputError("E102", "notes.txt", "is not valid UTF-8")
    assert err.hint == CODES["E102"].hint and "iconv" in str(err)
    assert PolemosError("E102", "x", "own hint").hint == "own hint"


def test_an_unregistered_code_is_refused() -> None:
    with pytest.raises(LookupError, match="E999"):
        PolemosError("E999", "nothing")


def test_error_json_shape() -> None:
    err = InputError("E103", "a.txt", "is empty", "give it text")
    assert err.to_dict() == {"error": "E103", "message": "a.txt: is empty", "hint": "give it text"}
    assert str(err) == "[E103] a.txt: is empty (give it text)"
