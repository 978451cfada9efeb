"""The mood rules are data (data/claims/moods.yaml), checked when they load."""

from __future__ import annotations

from dataclasses import fields

import pytest

from polemos.claims._moods import SCOPES, TESTS, _rule, load_moods
from polemos.claims.lexicon import Cues
from polemos.errors import PolemosError

_LISTS = frozenset(f.name for f in fields(Cues))


def test_the_shipped_rules_load_and_name_known_lists_and_predicates() -> None:
    rules = load_moods()
    every = rules.governors + rules.children + rules.clauses
    assert len(every) >= 14 and len({r.name for r in every}) == len(every)
    assert all(r.words is None or r.words in _LISTS for r in every)
    assert all(r.scope in SCOPES and all(t in TESTS for t in r.requires) for r in every)
    assert set(rules.outcomes.values()) <= {"hypothetical", "planned"}
    assert any(r.negates for r in rules.children)


@pytest.mark.parametrize(("raw", "why"), [
    ({"name": "x", "words": "no_such_list", "mood": "will"}, "words 'no_such_list'"),
    ({"name": "x", "scope": "everywhere", "mood": "will"}, "scope 'everywhere'"),
    ({"name": "x", "mood": "will", "requires": ["sunny"]}, "test 'sunny'"),
    ({"name": "x", "dep": ["aux"]}, "neither a mood nor negates"),
    ({"name": "x", "mood": "will", "deps": ["aux"]}, "unknown keys ['deps']"),
])
def test_a_malformed_rule_fails_at_load_saying_what_is_wrong(raw: dict[str, object], why: str) -> None:
    with pytest.raises(PolemosError) as err:
        _rule("moods.yaml", "children", raw, _LISTS)
    assert err.value.code == "E020" and why in str(err.value)
