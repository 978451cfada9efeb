"""The geocoder's veto rules: listed once in data/geo/rules/vetoes.yaml, defined once in geo/_vetoes.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from polemos.geo._build import DATA_DIR
from polemos.geo._vetoes import VETOES, Candidate, first_veto, load_rules
from tests.geo.conftest import Geocode, by_mention


def test_every_rule_is_listed_once_with_what_it_catches() -> None:
    raw = yaml.safe_load(Path(DATA_DIR / "rules" / "vetoes.yaml").read_text(encoding="utf-8"))
    names = [r["name"] for r in raw["rules"]]
    assert sorted(names) == sorted(VETOES) and len(set(names)) == len(names)
    assert all(r.get("catches") and r.get("example") for r in raw["rules"])
    assert load_rules() == tuple(names)  # all enabled, in the file's order


def test_first_veto_is_the_first_rule_that_fires() -> None:
    c = Candidate(surface="X", start=0, end=1, wi=0, wj=1, chain_end=0, cands=[], base_never=False, before=[],
                  after=[], nxt=None, prev_word="", ent=None)
    assert first_veto(None, c, ()) is None  # type: ignore[arg-type]  # no rules: nothing is vetoed


@pytest.mark.parametrize(("text", "name"), [
    ("President Lima spoke to reporters about the ceasefire.", "Lima"),  # title_before
    ("The Atlanta Foundation paid for the clinic.", "Atlanta"),  # organisation_chain
])
def test_a_veto_drops_a_name_that_is_no_place(geocode: Geocode, text: str, name: str) -> None:
    assert name not in by_mention(geocode(text)[0], text)


def test_the_same_name_is_kept_where_it_is_a_place(geocode: Geocode) -> None:
    text = "Protesters marched through Lima on Sunday."
    assert by_mention(geocode(text)[0], text)["Lima"].country == "PER"
