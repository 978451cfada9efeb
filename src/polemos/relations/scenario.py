"""Scenario queries: "if X happens, who is drawn in, on what grounds, how likely?"

``parse_scenario(pipeline, "Azerbaijan attacks Armenia")`` codes the sentence with the same pipeline into a
:class:`Scenario` (type, source and target countries, place). ``answer(scenario, docs)`` matches it against the
commitments and relations of analysed articles (``Analysis.to_dict()`` documents, e.g. the store's
``articles.result``): a commitment whose trigger fits (type, source, target, and place — a place inside a country
matches that country; a commitment about an enclave matches only the enclave) draws its committer in, or, when
negated ("does not extend to Nagorno-Karabakh"), keeps it out, with the evidence; an alliance with a defence
obligation towards the attacked state, or a base at the attacked place, draws in its other party.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from polemos.errors import PolemosError
from polemos.records import Article

__all__ = ["Scenario", "parse_scenario", "answer"]

_HOSTILE = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "SANCTION"})


@dataclass(frozen=True)
class Scenario:
    text: str
    type: str
    source: str | None  # ISO3 (or the actor's name when it has no country)
    target: str | None
    place: str | None  # place name
    place_country: str | None
    place_feature: str | None
    place_geonameid: int | None


def parse_scenario(pipeline: Any, text: str) -> Scenario:
    """Code ``text`` ("Azerbaijan attacks Armenia") into a Scenario; E510 when it names no event.

    The text is coded as the condition it is ("If Azerbaijan attacks Armenia, what happens?"): a bare headline-style
    present tense is often mis-parsed as a compound noun, a conditional clause is not."""
    core = text.strip().rstrip(".?!").strip()
    framed = core if core.lower().startswith(("if ", "what if ")) else f"If {core}, what happens?"
    doc = pipeline.analyze(Article(id=Article.make_id(framed), text=framed)).to_dict()
    actors = {a["id"]: a for a in doc["actors"]}
    places = {p["id"]: p for p in doc["places"]}
    if not doc["events"]:
        doc["events"] = _worded_event(doc, pipeline, framed)
    if not doc["events"]:
        raise PolemosError("E510", f"the scenario {text!r} names no event polemos can code",
                           'write it as a sentence with an actor, a verb and a target: "Azerbaijan attacks Armenia"')
    e = next((x for x in doc["events"] if x["type"] in _HOSTILE), doc["events"][0])
    place = places.get(e["place"] or "") or next(iter(places.values()), None)

    def key(actor_id: str | None) -> str | None:
        a = actors.get(actor_id or "")
        return (a["country"] or a["name"]) if a else None

    target = key(e["target"])
    if target is None and place is not None and place["feature"] == "country":
        target = place["country"]
    return Scenario(text=text, type=e["type"], source=key(e["source"]), target=target,
                    place=place["name"] if place else None, place_country=place["country"] if place else None,
                    place_feature=place["feature"] if place else None,
                    place_geonameid=place["geonameid"] if place else None)


def _worded_event(doc: dict[str, Any], pipeline: Any, text: str) -> list[dict[str, Any]]:
    """No coded event ("ECOWAS intervenes militarily in Niger"): the condition words of commitments.yaml give the
    type, the first actor named is the source, the next one (or the place) the target."""
    from polemos.relations._cues import load_commitment_cues

    words = sorted({w.strip(".,?!").lower() for w in text.split()})
    conditions = load_commitment_cues().conditions
    # the word as written, then without a third-person "s" or "es" ("intervenes", "pushes")
    etype = next((conditions[w[:len(w) - cut]] for cut in (0, 1, 2) for w in words
                  if w[:len(w) - cut] in conditions and w.endswith(("", "s", "es")[cut])), None)
    if etype is None:
        return []
    named = sorted((m["start"], a["id"]) for a in doc["actors"] for m in a["mentions"])
    ids = list(dict.fromkeys(i for _, i in named))
    place = doc["places"][0]["id"] if doc["places"] else None
    return [{"type": etype, "source": ids[0] if ids else None, "target": ids[1] if len(ids) > 1 else None,
             "place": place}]


def _actor_key(doc: dict[str, Any], actor_id: str | None) -> tuple[str | None, str | None]:
    """(country or name, name) of an actor of ``doc``."""
    for a in doc["actors"]:
        if a["id"] == actor_id:
            return a["country"] or a["name"], a["name"]
    return None, None


def _vague(doc: dict[str, Any], actor_id: str | None) -> bool:
    """A bare group with no country ("the two governments") draws no one in."""
    a = next((x for x in doc["actors"] if x["id"] == actor_id), None)
    return a is None or (a["kind"] == "group" and not a["country"])


def _place_of(doc: dict[str, Any], place_id: str | None) -> dict[str, Any] | None:
    return next((p for p in doc["places"] if p["id"] == place_id), None)


def _where_fits(s: Scenario, doc: dict[str, Any], trigger: dict[str, Any]) -> bool:
    place = _place_of(doc, trigger["place"])
    if place is not None:
        if place["feature"] == "country":  # "the territory of Armenia": anywhere in it
            return place["country"] in (s.target, s.place_country) and not (
                s.place_feature not in (None, "country") and s.place_country != place["country"])
        same = (place["geonameid"] is not None and place["geonameid"] == s.place_geonameid) or (
            s.place is not None and place["name"].lower() == s.place.lower())
        return same  # an enclave, a town, a base: only that place
    target, _ = _actor_key(doc, trigger["target"])
    if target is not None:
        return target == s.target and (s.place_feature in (None, "country") or s.place_country == s.target)
    return True


def _evidence(doc: dict[str, Any], span: dict[str, Any]) -> dict[str, Any]:
    return {"text": span["text"], "start": span["start"], "end": span["end"], "article": doc["article"]["id"],
            "published": doc["article"]["published"]}


def answer(s: Scenario, docs: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Who is drawn in by scenario ``s``, and who is kept out, with the commitments and relations that say so."""
    from polemos.relations._cues import load_commitment_cues

    defence = load_commitment_cues().collective_defence
    drawn: dict[str, dict[str, Any]] = {}
    kept: dict[str, dict[str, Any]] = {}
    for doc in docs:
        for c in doc.get("commitments", ()):
            t = c["trigger"]
            if t["type"] not in (None, s.type) and not (t["type"] in _HOSTILE and s.type in _HOSTILE):
                continue
            src, _ = _actor_key(doc, t["source"])
            if src is not None and s.source is not None and src != s.source:
                continue
            if not _where_fits(s, doc, t):
                continue
            who, name = _actor_key(doc, c["committer"])
            if who is None or who == s.source or (who == s.target and not c["negated"]) or _vague(doc, c["committer"]):
                continue
            via = {"kind": "commitment", "id": c["id"], "commitment": c["kind"],
                   "evidence": _evidence(doc, c["evidence"])}
            book = kept if c["negated"] else drawn
            entry = book.setdefault(who, {"actor": {"name": name, "country": who if len(who) == 3 else None},
                                          "response": c["response"]["type"], "likelihood": c["likelihood"],
                                          "via": []})
            entry["via"].append(via)
        for r in doc.get("relations", ()):
            if r["negated"]:
                continue
            src, src_name = _actor_key(doc, r["source"])
            tgt, tgt_name = _actor_key(doc, r["target"])
            other = None
            if r["type"] == "alliance" and r["obligation"] in ("defense", None) and s.target is not None \
                    and (s.place_feature in (None, "country") or s.place_country == s.target):
                if tgt == s.target and src != s.source:
                    other, name = src, src_name
                elif src == s.target and tgt != s.source:
                    other, name = tgt, tgt_name
            elif r["type"] == "member_of" and src == s.target and s.target is not None and tgt_name is not None \
                    and tgt_name.lower() in defence and (s.place_feature in (None, "country") or
                                                         s.place_country == s.target):
                other, name = tgt, tgt_name  # a member of NATO attacked: the alliance's collective defence
            elif r["type"] == "hosts_base" and r["place"] is not None:
                place = _place_of(doc, r["place"])
                if place is not None and place["name"].lower() == (s.place or "").lower():
                    other, name = src, src_name
            if other is None:
                continue
            entry = drawn.setdefault(other, {"actor": {"name": name, "country": other if len(other) == 3 else None},
                                             "response": "ASSAULT", "likelihood": None, "via": []})
            entry["via"].append({"kind": "relation", "id": r["id"], "relation": r["type"],
                                 "obligation": r["obligation"], "evidence": _evidence(doc, r["evidence"])})
    for who in list(kept):
        if who in drawn:  # drawn in on some grounds: listed there, its exclusions kept as evidence
            drawn[who]["via"] += kept.pop(who)["via"]
    return {"scenario": {k: v for k, v in asdict(s).items() if k in ("text", "type", "source", "target", "place")},
            "drawn_in": sorted(drawn.values(), key=lambda x: -len(x["via"])),
            "not_drawn_in": sorted(kept.values(), key=lambda x: -len(x["via"]))}
