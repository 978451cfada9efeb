"""Rank gazetteer candidates of each mention by context and decide which mentions are places.

Score of a candidate = prior (feature class, population, capital) + name match + cues of its sentence
(admin suffix, settlement word, "X, Y" container) + article context (countries the article talks about, the
dateline, places near other places of the article, "... of the capital").
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from polemos.geo._build import ADMIN1, CITY, CONTINENT, COUNTRY, F_CAPITAL, F_CURATED, REGION
from polemos.geo._mentions import Mention
from polemos.geo.gazetteer import Gazetteer
from polemos.records import Actor

__all__ = ["Choice", "rank", "context_weights"]

NEAR_KM = 300.0
FOREIGN_VILLAGE_POP = 50_000
CITY_POP = 10_000  # a smaller town abroad is not trusted when the article is about other countries
CAPITAL_KM = 400.0
_CAPITAL_CUE = re.compile(r"^[\s,]*(?:(?:\w+ly|\w+) )?(?:(?:north|south|east|west)\w* )?of (?:the )?(?:(\w+) )?capital\b",
                          re.I)


class _Anchors:
    """Confident places of the article, for "near another place of the article" (vectorised)."""

    def __init__(self, gaz: Gazetteer, items: list[tuple[int, int]]) -> None:
        self.k = np.asarray([k for k, _ in items], dtype=np.int64)
        idx = np.asarray([i for _, i in items], dtype=np.int64)
        self.lat = np.radians(gaz.lat[idx]) if len(idx) else np.zeros(0)
        self.lon = np.radians(gaz.lon[idx]) if len(idx) else np.zeros(0)
        self.gaz = gaz

    def near(self, i: int, k: int, km: float) -> bool:
        """Is record ``i`` within ``km`` of an anchor of another mention than ``k``?"""
        if not len(self.k):
            return False
        lat, lon = math.radians(float(self.gaz.lat[i])), math.radians(float(self.gaz.lon[i]))
        a = (np.sin((self.lat - lat) / 2) ** 2
             + math.cos(lat) * np.cos(self.lat) * np.sin((self.lon - lon) / 2) ** 2)
        d = 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        return bool(np.any((d <= km) & (self.k != k)))


@dataclass
class Choice:
    mention: Mention
    idx: int | None  # record index, None when rejected
    score: float
    margin: float
    accepted: bool
    reason: str = ""
    unresolved: bool = False  # a toponym whose only gazetteer match is implausible: keep it unresolved


def _prior(gaz: Gazetteer, i: int, primary: bool) -> float:
    kind = int(gaz.kind[i])
    flags = int(gaz.flags[i])
    if kind == COUNTRY:
        return 11.0
    if kind == CONTINENT:
        return 7.0
    if kind == REGION:
        return 10.5
    if kind == ADMIN1:
        return (11.0 if flags & F_CURATED else 5.5) + (0.5 if primary else 0.0)
    pop = int(gaz.pop[i])
    return 2.0 + math.log10(pop + 1) + (1.0 if flags & F_CAPITAL else 0.0) + (0.5 if primary else 0.0)


def context_weights(gaz: Gazetteer, mentions: list[Mention], actors: list[Actor], text: str,
                    demonyms: dict[str, str]) -> tuple[dict[str, float], list[dict[str, float]]]:
    """How strongly the article is about each country (ISO2 -> weight, 1 = clearly), and what each mention
    adds to it (a mention is ranked against the context of the *other* mentions)."""
    w: dict[str, float] = defaultdict(float)
    own: list[dict[str, float]] = []
    iso2 = {v: k for k, v in gaz.iso3_of.items()}
    for m in mentions:
        add: dict[str, float] = defaultdict(float)
        kinds = {int(gaz.kind[i]) for i, _ in m.candidates}
        if COUNTRY in kinds:
            for i, _ in m.candidates:
                if int(gaz.kind[i]) == COUNTRY:
                    add[str(gaz.cc[i])] += 1.0
        elif len({str(gaz.cc[i]) for i, _ in m.candidates}) == 1:  # one country, maybe a city and its province
            i = max((i for i, _ in m.candidates), key=lambda j: int(gaz.kind[j]) != CITY)
            cc = str(gaz.cc[i])
            if cc and (int(gaz.kind[i]) != CITY or int(gaz.pop[i]) >= 1000):
                add[cc] += 1.0 if int(gaz.kind[i]) != CITY else 0.5
        if m.dateline and m.candidates:
            best = max(m.candidates, key=lambda c: _prior(gaz, c[0], c[1]))
            add[str(gaz.cc[best[0]])] += 2.0
        for cc, v in add.items():
            w[cc] += v
        own.append(dict(add))
    for word in re.findall(r"[A-Z][a-zè]+", text):
        if (code := demonyms.get(word)) and code in iso2:
            w[iso2[code]] += 0.5
    spans = [(m.start, m.end) for m in mentions]
    for a in actors:  # only actors named apart from the toponyms ("Russian forces"), not "Georgia" itself
        if a.country and a.country in iso2 and any(
            not any(s < am.end and am.start < e for s, e in spans) for am in a.mentions
        ):
            w[iso2[a.country]] += 0.5
    w.pop("", None)
    return dict(w), own


def _ctx(weights: dict[str, float], cc: str, own: dict[str, float] | None = None) -> float:
    v = weights.get(cc, 0.0) - (own or {}).get(cc, 0.0)
    return 4.0 * min(1.0, max(0.0, v))


def rank(gaz: Gazetteer, mentions: list[Mention], context: tuple[dict[str, float], list[dict[str, float]]],
         text: str) -> list[Choice]:
    """Choose a record for every mention (two passes: the second adds nearness to confident places)."""
    weights, own = context
    pair_bonus = _containers(gaz, mentions, text)
    none = _Anchors(gaz, [])
    first = [_choose(gaz, m, k, weights, own[k], pair_bonus, anchors=none, capital=None)
             for k, m in enumerate(mentions)]
    anchor_items = [(k, c.idx) for k, c in enumerate(first)
               if c.idx is not None and c.accepted and int(gaz.kind[c.idx]) in (CITY, ADMIN1, REGION)
               and (int(gaz.kind[c.idx]) != CITY or int(gaz.pop[c.idx]) >= CITY_POP or c.mention.dateline)
               and (len(c.mention.candidates) == 1 or c.margin >= 3.0 or c.mention.dateline)]
    anchors = _Anchors(gaz, anchor_items)
    out = []
    for k, m in enumerate(mentions):
        cap = _capital_cue(gaz, mentions, first, k, text, weights)
        out.append(_choose(gaz, m, k, weights, own[k], pair_bonus, anchors, cap))
    _admin_sentence_pass(gaz, out, weights, own, pair_bonus, anchors)
    _one_sense_per_article(out)
    return out


_SOFT_REJECTIONS = ("a person's name", "no sign the name is a place", "a village name with no sign of a location",
                    "only an alternate name of a place the article does not talk about")


def _one_sense_per_article(out: list[Choice]) -> None:
    """A name accepted as a place once is that place in the other sentences too (unless used as an actor)."""
    sure = {c.idx for c in out if c.accepted and c.idx is not None}
    for c in out:
        if not c.accepted and c.reason in _SOFT_REJECTIONS and c.idx in sure:
            c.accepted, c.reason = True, "the same name is this place elsewhere in the article"


def _containers(gaz: Gazetteer, mentions: list[Mention], text: str) -> dict[tuple[int, int], float]:
    """"Bakhmut, Donetsk region" / "Atlanta, Georgia": a name followed by ", <country or admin1>"."""
    bonus: dict[tuple[int, int], float] = {}
    for k in range(len(mentions) - 1):
        a, b = mentions[k], mentions[k + 1]
        if not re.fullmatch(r",\s*(?:the\s+)?", text[a.end : b.start]):
            continue
        outer = [i for i, _ in b.candidates if int(gaz.kind[i]) in (COUNTRY, ADMIN1)]
        for i, _ in a.candidates:
            for o in outer:
                same_cc = gaz.cc[i] == gaz.cc[o]
                inside = int(gaz.kind[o]) == COUNTRY or gaz.admin_key(i) == gaz.admin_key(o)
                if same_cc and inside and i != o:
                    bonus[(k, i)] = max(bonus.get((k, i), 0.0), 6.0)
                    bonus[(k + 1, o)] = max(bonus.get((k + 1, o), 0.0), 6.0)
    return bonus


def _capital_cue(gaz: Gazetteer, mentions: list[Mention], first: list[Choice], k: int, text: str,
                 weights: dict[str, float]) -> int | None:
    """"Gyumri, northwest of the capital": the capital meant (of the nearest country named before)."""
    m = _CAPITAL_CUE.match(text, mentions[k].end)
    if not m:
        return None
    for c in reversed(first[:k]):
        if c.idx is not None and c.accepted and int(gaz.flags[c.idx]) & F_CAPITAL:
            return c.idx
    if weights:
        return gaz.capital_of(max(weights, key=lambda cc: weights[cc]))
    return None


def _choose(gaz: Gazetteer, m: Mention, k: int, weights: dict[str, float], own: dict[str, float],
            pair_bonus: dict[tuple[int, int], float], anchors: _Anchors, capital: int | None,
            admin_codes: set[int] | None = None) -> Choice:
    scored: list[tuple[float, int]] = []
    for i, primary in m.candidates:
        kind = int(gaz.kind[i])
        s = _prior(gaz, i, primary)
        cc = str(gaz.cc[i])
        if m.admin_cue:
            s += 5.0 if kind in (ADMIN1, REGION) else -1.0
        if m.settlement_cue:
            s += 2.0 if kind == CITY else -3.0
        if kind == ADMIN1 and not m.admin_cue and any(
            int(gaz.kind[j]) == CITY and gaz.admin_key(j) == gaz.admin_key(i) for j, _ in m.candidates
        ):
            s -= 4.0  # "Donetsk", "Hodeidah": the city, unless the text says "region" or "province"
        village = kind == CITY and int(gaz.pop[i]) < CITY_POP
        s += (_ctx(weights, cc, own) * (0.5 if village else 1.0)) if cc else 0.0
        s += pair_bonus.get((k, i), 0.0)
        if m.owner_cc and cc == m.owner_cc:
            s += 3.0
        if kind == CITY and anchors.near(i, k, NEAR_KM):
            s += 2.0
        if kind == CITY and capital is not None and gaz.distance_km(i, capital) <= CAPITAL_KM:
            s += 3.0
        if kind == CITY and admin_codes and gaz.admin_key(i) in admin_codes:
            s += 3.0
        scored.append((s, i))
    scored.sort(reverse=True)
    best_s, best = scored[0]
    margin = best_s - scored[1][0] if len(scored) > 1 else 99.0
    near = anchors.near(best, k, NEAR_KM)
    ctx_w = weights.get(str(gaz.cc[best]), 0.0) - own.get(str(gaz.cc[best]), 0.0)
    elsewhere = any(v - own.get(cc, 0.0) >= 1.0 for cc, v in weights.items() if cc != str(gaz.cc[best]))
    accepted, reason = _accept(gaz, m, best, ctx_w, near)
    if (accepted and int(gaz.kind[best]) == CITY and ctx_w <= 0.0 and not near and elsewhere
            and int(gaz.pop[best]) < FOREIGN_VILLAGE_POP and not m.dateline):
        why = (f"its only match is {gaz.names[best]} in {gaz.iso3_of.get(str(gaz.cc[best]))}, "
               "a country the article does not talk about")
        keep = (m.label in ("GPE", "LOC", "FAC") or m.locative) and not (m.text.isupper() and len(m.text) <= 4)
        return Choice(m, None, best_s, margin, False, why, unresolved=keep)
    return Choice(m, best, best_s, margin, accepted, reason)


def _accept(gaz: Gazetteer, m: Mention, i: int, ctx_w: float, near: bool) -> tuple[bool, str]:
    """Is the mention a place at all (given its best record and the weight of that record's country)?"""
    kind = int(gaz.kind[i])
    if kind == COUNTRY:
        return True, "country"
    if kind == ADMIN1 and len(m.text) <= 4 and not (m.locative or m.admin_cue or ctx_w >= 0.5):
        return False, "a short admin name with no cue"
    if kind != CITY:
        if m.person_hint and not m.locative:
            return False, "a person's name"
        return True, "region"
    if int(gaz.flags[i]) & F_CAPITAL and not (m.locative or m.dateline):
        return False, "a capital with no sign of a location: read as its government"
    if m.state_actor and m.actor_use and not (m.locative or m.dateline):
        return False, "used as an actor"
    in_context = ctx_w >= 0.5 or near
    pop = int(gaz.pop[i])
    primary = any(j == i and p for j, p in m.candidates)
    located = m.locative or m.dateline
    ner_place = m.label in ("GPE", "LOC", "FAC")
    if not primary and not in_context and not located:
        return False, "only an alternate name of a place the article does not talk about"
    if m.person_hint and not located:
        return False, "a person's name"
    if pop < CITY_POP:  # a village: surnames and common words match thousands of them
        if not primary and not (located and in_context):
            return False, "a village name with no sign of a location"
        if located or (ner_place and in_context):
            return True, "village"
        return False, "a village name with no sign of a location"
    if located or ner_place or (in_context and primary) or pop >= 100_000:
        return True, "city"
    return False, "no sign the name is a place"


def _admin_sentence_pass(gaz: Gazetteer, out: list[Choice], weights: dict[str, float],
                         own: list[dict[str, float]], pair_bonus: dict[tuple[int, int], float],
                         anchors: _Anchors) -> None:
    """Cities of a sentence that names an admin division ("... in the Donetsk region") prefer that division."""
    by_sent: dict[int, set[int]] = defaultdict(set)
    for c in out:
        if c.idx is not None and c.accepted and c.mention.admin_cue and int(gaz.kind[c.idx]) == ADMIN1:
            by_sent[c.mention.sent].add(gaz.admin_key(c.idx))
    for k, c in enumerate(out):
        codes = by_sent.get(c.mention.sent)
        if codes and len(c.mention.candidates) > 1 and not c.mention.admin_cue:
            out[k] = _choose(gaz, c.mention, k, weights, own[k], pair_bonus, anchors, None, codes)
