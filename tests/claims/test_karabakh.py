"""Issue 4's Done-when on the reference article (the claims, quotes and dates parts).

These run the whole pipeline (the ``karabakh`` fixture): actors, places and events come from the other stages.
"""

from __future__ import annotations

from typing import Any


def _sentence_with(doc: dict[str, Any], phrase: str) -> tuple[int, int]:
    text = doc["article"]["text"]
    i = text.index(phrase)
    start = max(text.rfind(". ", 0, i), text.rfind("\n", 0, i)) + 1
    end = text.find(".", i)
    return start, end


def _events_in(doc: dict[str, Any], phrase: str, words: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    lo, hi = _sentence_with(doc, phrase)
    return [e for e in doc["events"] if lo <= e["evidence"]["start"] < hi
            and all(w in e["evidence"]["text"] for w in words)]


def _claims(doc: dict[str, Any], event: dict[str, Any], stance: str) -> list[dict[str, Any]]:
    by_id = {c["id"]: c for c in doc["claims"]}
    return [by_id[c] for c in event["claims"] if by_id[c]["stance"] == stance]


def _actor_name(doc: dict[str, Any], actor_id: str | None) -> str:
    return next((a["name"] for a in doc["actors"] if a["id"] == actor_id), "")


def _shusha(doc: dict[str, Any]) -> dict[str, Any]:
    events = _events_in(doc, "had taken Shusha", ("Shusha",))
    assert events, "the events stage coded no event for the capture of Shusha"
    return events[0]


def test_shusha_capture_is_disputed_and_dated(karabakh):
    ev = _shusha(karabakh)
    assert ev["status"] == "disputed"
    assert (ev["date"], ev["date_precision"]) == ("2020-11-08", "day")
    [asserts] = _claims(karabakh, ev, "asserts")
    [denies] = _claims(karabakh, ev, "denies")
    assert "Aliyev" in asserts["evidence"]["text"]
    assert denies["evidence"]["text"] == "Armenian officials denied this"


def test_shusha_claims_name_their_actors(karabakh):
    ev = _shusha(karabakh)
    [asserts] = _claims(karabakh, ev, "asserts")
    [denies] = _claims(karabakh, ev, "denies")
    assert "Aliyev" in _actor_name(karabakh, asserts["actor"])
    denier = next(a for a in karabakh["actors"] if a["id"] == denies["actor"])
    assert denier["country"] == "ARM"


def test_attacks_on_yerevan_gyumri_armenia_are_hypothetical(karabakh):
    attacks = _events_in(karabakh, "were Azerbaijan to attack Yerevan", ("attack",)) + \
        _events_in(karabakh, "unless Azerbaijan launches", ("attack",))
    assert len(attacks) >= 2
    assert {e["status"] for e in attacks} == {"hypothetical"}
    text = karabakh["article"]["text"]
    for phrase in ("attack Yerevan", "attack on Armenia"):
        at = text.index(phrase)
        covering = [e for e in karabakh["events"] if e["evidence"]["start"] <= at < e["evidence"]["end"]]
        assert all(e["status"] != "reported" for e in covering), phrase


def test_mercenary_estimate_is_unconfirmed(karabakh):
    events = _events_in(karabakh, "Russia estimated 2,000 mercenaries", ("fighting",))
    assert events, "the events stage coded no event for the 2,000 mercenaries"
    assert {e["status"] for e in events} == {"unconfirmed"}
    assert all(_claims(karabakh, e, "asserts") for e in events)


def test_fighting_since_sept_27(karabakh):
    events = _events_in(karabakh, "since fighting flared on Sept 27", ("fighting flared",))
    assert events
    assert {(e["date"], e["date_precision"]) for e in events} == {("2020-09-27", "day")}


def test_no_event_dated_after_publication_unless_planned(karabakh):
    for e in karabakh["events"]:
        if e["date"] and e["status"] != "planned":
            assert e["date"] <= "2020-11-09"[: len(e["date"])], e


def test_quotes_attributed_to_the_analysts(karabakh):
    names = [q["speaker_name"] for q in karabakh["quotes"]]
    assert sum("Razoux" in (n or "") for n in names) == 2
    for who in ("Borodai", "Broers", "Lukyanov"):
        assert any(who in (n or "") for n in names), who
    text = karabakh["article"]["text"]
    assert all(text[q["evidence"]["start"] : q["evidence"]["end"]] == q["evidence"]["text"]
               for q in karabakh["quotes"])
    razoux = [q for q in karabakh["quotes"] if "Razoux" in (q["speaker_name"] or "")]
    assert razoux[1]["text"].startswith("Russia has established") and "Putin" in razoux[1]["text"]


def test_quote_speakers_are_actors(karabakh):
    for who in ("Razoux", "Borodai", "Broers", "Lukyanov"):
        ids = {q["speaker"] for q in karabakh["quotes"] if who in (q["speaker_name"] or "")}
        assert ids and None not in ids and who in _actor_name(karabakh, ids.pop()), who
