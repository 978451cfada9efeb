"""Offline gazetteer and context-aware geocoder.

``resolve_places(article, parse, actors, gazetteer)`` finds the toponyms of an article, resolves each to a GeoNames
record (city, admin1 division, country) or a curated region, and merges all mentions of the same place into one
:class:`~polemos.records.Place` with every span. A toponym the gazetteer does not know is kept with
``geonameid: None`` and a reason in the errors (stage "places"); it never removes the other places.
"""

from __future__ import annotations

import bisect
import csv
import functools
from collections import defaultdict

from polemos.geo._build import DATA_DIR
from polemos.geo._mentions import Mention, find_mentions
from polemos.geo._rank import Choice, context_weights, rank
from polemos.geo.gazetteer import Gazetteer, Record, load_gazetteer
from polemos.nlp import Parse
from polemos.records import Actor, Article, ArticleError, Place, Span, content_id

__all__ = ["Gazetteer", "Record", "load_gazetteer", "resolve_places", "geocode_mentions", "demonyms"]

STAGE = "places"


@functools.cache
def demonyms() -> dict[str, str]:
    """Demonym -> ISO3 (``data/geo/demonyms.tsv``), used as article context only."""
    out: dict[str, str] = {}
    with open(DATA_DIR / "demonyms.tsv", encoding="utf-8") as f:
        for row in csv.reader((ln for ln in f if ln.strip() and not ln.startswith("#")), delimiter="\t"):
            out[row[0]] = row[1]
    return out


def geocode_mentions(article: Article, parse: Parse, actors: list[Actor],
                     gazetteer: Gazetteer) -> tuple[list[Choice], list[Mention]]:
    """Every toponym mention with its chosen record and whether it is accepted as a place (for eval/debug)."""
    text = article.text
    dem = demonyms()
    mentions = find_mentions(text, parse, actors, gazetteer, article.dateline, frozenset(dem))
    mention_words = {(m.start, m.end) for m in mentions}
    context = context_weights(gazetteer, mentions, actors, text, dem)
    choices = rank(gazetteer, mentions, context, text)
    unresolved = _unresolved(text, parse, actors, gazetteer, mentions, mention_words)
    return choices, unresolved


def _unresolved(text: str, parse: Parse, actors: list[Actor], gaz: Gazetteer, mentions: list[Mention],
                taken: set[tuple[int, int]]) -> list[Mention]:
    """spaCy GPE/LOC entities the gazetteer does not know at all (kept, unresolved)."""
    cues = gaz.cues
    dem = demonyms()
    non_place = [(m.start, m.end) for a in actors if a.kind != "state" for m in a.mentions]
    mentions = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    out = []
    for e in parse.ents:
        if e.label not in ("GPE", "LOC"):
            continue
        name = e.text[4:] if e.text.lower().startswith("the ") else e.text
        start = e.end - len(name)
        if not name[:1].isupper() or name.lower() in cues.never_places or name in dem or any(
            c.isdigit() for c in name
        ) or (name.isupper() and len(name) <= 4):
            continue
        k = bisect.bisect_left(starts, e.end) - 1
        if k >= 0 and any(mentions[j].end > e.start for j in range(max(0, k - 3), k + 1)):
            continue
        if any(s < e.end and e.start < t for s, t in non_place):
            continue
        words = name.replace("-", " ").split()
        if not all(w[:1].isupper() or w.lower() in {"al", "el", "de", "of"} for w in words):
            continue  # "Valley town": a common noun in the entity
        if gaz.has(name) or any(gaz.has(w) or w in dem or w.lower() in cues.org_heads for w in words):
            continue
        toks = [t for t in parse.tokens[e.token_start : e.token_end] if t.start >= start and t.text.isalpha()]
        if not toks or any(t.pos != "PROPN" for t in toks):
            continue  # "Breakfast", "Six": spaCy's GPE on a common word
        prev = parse.tokens[toks[0].i - 1].text.lower() if toks[0].i > 0 else ""
        if prev not in cues.locative_prepositions and prev not in ("of",) and len(toks) < 2:
            continue  # a lone unknown name with no locative cue is more often a group or a person
        if name.endswith("s") and gaz.has(name[:-1]):
            continue  # "Aleppos" with its apostrophe lost
        out.append(Mention(start, e.end, name, [], 0, label=e.label))
    return out + _named_settlements(parse, gaz, mentions, out, non_place)


def _named_settlements(parse: Parse, gaz: Gazetteer, mentions: list[Mention], found: list[Mention],
                       non_place: list[tuple[int, int]]) -> list[Mention]:
    """"the town of Kibirizi", "the village of Mbau": a settlement word, "of", then capitalised words the
    gazetteer does not know is a place all the same (kept unresolved), whatever spaCy's entities say."""
    toks = parse.tokens
    taken = [(m.start, m.end) for m in [*mentions, *found]]
    out = []
    for t in toks[:-2]:
        if t.lemma.lower() not in gaz.cues.settlement_words or toks[t.i + 1].text.lower() != "of":
            continue
        k = t.i + 2
        names = []
        while k < len(toks) and toks[k].sent == t.sent and toks[k].pos == "PROPN" and toks[k].text[:1].isupper():
            names.append(toks[k])
            k += 1
        if not names or len(names) > 3:
            continue
        start, end = names[0].start, names[-1].end
        if any(s < end and start < e for s, e in taken + non_place) or gaz.has(parse.text[start:end]):
            continue
        out.append(Mention(start, end, parse.text[start:end], [], t.sent, label="GPE"))
    return out


def resolve_places(
    article: Article, parse: Parse, actors: list[Actor], gazetteer: Gazetteer
) -> tuple[list[Place], list[ArticleError]]:
    choices, unresolved = geocode_mentions(article, parse, actors, gazetteer)
    text = article.text
    spans: dict[int, list[Span]] = defaultdict(list)
    order: list[int] = []
    for c in choices:
        if c.idx is None or not c.accepted:
            continue
        if c.idx not in spans:
            order.append(c.idx)
        spans[c.idx].append(Span.of(text, c.mention.start, c.mention.end))
    places: list[Place] = []
    for i in order:
        r = gazetteer.record(i)
        places.append(
            Place(
                id=content_id("place", r.geonameid if r.geonameid is not None else r.name),
                name=r.name, geonameid=r.geonameid, lat=r.lat, lon=r.lon, country=r.country,
                admin1=r.admin1, feature=r.feature, mentions=tuple(sorted(spans[i], key=lambda s: s.start)),
            )
        )
    errors: list[ArticleError] = []
    loose: dict[str, list[Span]] = defaultdict(list)
    why: dict[str, str] = {}
    for m in unresolved:
        loose[m.text].append(Span.of(text, m.start, m.end))
        why.setdefault(m.text, "is not in the gazetteer")
    for c in choices:
        if c.unresolved:
            loose[c.mention.text].append(Span.of(text, c.mention.start, c.mention.end))
            why.setdefault(c.mention.text, c.reason)
    for name, sp in loose.items():
        places.append(Place(id=content_id("place", name), name=name, geonameid=None, lat=None, lon=None,
                            country=None, admin1=None, feature="other", mentions=tuple(sp)))
        errors.append(ArticleError(
            STAGE,
            f"toponym {name!r} (at {sp[0].start}-{sp[0].end}) {why[name]}; kept with geonameid null. "
            "If it is a real place, add it to src/polemos/data/geo/regions.yaml or city_aliases.tsv.",
        ))
    return places, errors
