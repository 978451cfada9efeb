"""The shared word classes load once and the stages' own cue files do not repeat them."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from polemos.words import WORD_CLASSES, word_class


def _data(*parts: str) -> object:
    return yaml.safe_load(resources.files("polemos").joinpath("data", *parts).read_text("utf-8"))


def test_every_class_loads_lower_case_words() -> None:
    for name in WORD_CLASSES:
        words = word_class(name)
        assert words, name
        assert all(w == w.lower() and w.strip() == w for w in words)
    assert {"say", "tell"} <= word_class("speech_verbs")
    assert "deny" in word_class("denial_verbs")
    assert {"in", "off"} <= word_class("locative_prepositions")


def test_unknown_class_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="speech_verbs"):
        word_class("adverbs")


def test_stage_cue_files_do_not_repeat_the_shared_lists() -> None:
    geo = _data("geo", "cues.yaml")
    claims = _data("claims", "cues.yaml")
    actors = _data("actors", "lexicon.yaml")
    assert isinstance(geo, dict) and isinstance(claims, dict) and isinstance(actors, dict)
    assert "locative_prepositions" not in geo and "locative_verbs" not in geo
    assert "denial_verbs" not in claims
    assert "locative_preps" not in actors
    own_reporting = {str(w).lower() for w in claims.get("reporting_verbs", [])}
    shared = word_class("speech_verbs") | word_class("assertion_verbs")
    assert not own_reporting & shared, own_reporting & shared


def test_stages_read_the_shared_lists() -> None:
    from polemos.claims.lexicon import load_cues

    lex = load_cues()
    assert word_class("speech_verbs") <= lex.reporting_verbs
    assert word_class("denial_verbs") <= lex.denial_verbs
