"""JSON exports: PLOVER JSON Lines (PLOVER manual, "JSON Data Fields") and a GeoJSON FeatureCollection."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from polemos.export._maps import QUAD, cameo_for, country_info
from polemos.export._rows import EventRecord

__all__ = ["plover_record", "geojson_collection"]


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _actor(e: EventRecord, role: str) -> list[dict[str, Any]]:
    name = e.get(f"{role}_name")
    if not name:
        return []
    return [{"code": e.get(f"{role}_country"), "sector": e.get(f"{role}_sector"), "actor_text": name,
             "kind": e.get(f"{role}_kind")}]


def _event_loc(e: EventRecord) -> dict[str, Any] | None:
    if not e.get("place_name") and not e.get("country"):
        return None
    info = country_info(e.get("country"))
    return {"geonameid": e.get("geonameid"), "name": e.get("place_name"), "latitude": e.get("lat"),
            "longitude": e.get("lon"), "feature": e.get("feature"), "country code": info.iso2 if info else None,
            "cc3": e.get("country"), "admin1 code": e.get("admin1")}


def _mentions(e: EventRecord) -> list[dict[str, Any]]:
    return [{"article_id": m["article_id"], "event_id": m["event_id"], "title": m.get("title"),
             "url": m.get("url"), "published": _iso(m.get("published")), "publication": m.get("publisher"),
             "type": m.get("type"), "status": m.get("status"), "fatalities": m.get("fatalities"),
             "evidence": {"start": m.get("evidence_start"), "end": m.get("evidence_end"),
                          "text": m.get("evidence_text")},
             "claims": m.get("claims", []), "fit": m.get("score")} for m in e.mentions]


def plover_record(e: EventRecord, coder: str) -> dict[str, Any]:
    """One PLOVER event record, plus polemos' status, claims, mentions and fatality range."""
    day = e.day
    cameo = cameo_for(e["type"], e.get("mode"))
    rep = next((m for m in e.mentions if m["article_id"] == e.get("rep_article_id")
                and m["event_id"] == e.get("rep_event_id")), e.mentions[0] if e.mentions else {})
    claims = [dict(c, article_id=m["article_id"]) for m in e.mentions for c in m.get("claims", [])]
    source = _actor(e, "source")
    return {
        "id": e["id"],
        "has_event": True,
        "date": _iso(day),
        "date_precision": e.get("date_precision"),
        "enddate": _iso(e.get("date_end")) if e.get("date_precision") != "day" else None,
        "source": source,
        "actor": source,
        "recipient": _actor(e, "target"),
        "event": e["type"],
        "mode": e.get("mode"),
        "context": list(e.get("context", [])),
        "event_loc": _event_loc(e),
        "event_text": [m.get("evidence_text") for m in e.mentions],
        "quad_code": QUAD.get(e["type"]),
        "event_scale": cameo.goldstein if cameo else None,
        "size_info": {"dead": e.get("fatalities_best"), "dead_low": e.get("fatalities_low"),
                      "dead_high": e.get("fatalities_high"), "dead_sources": e.get("fatalities_sources", [])},
        "text": rep.get("evidence_text"),
        "text_info": {"start": rep.get("evidence_start"), "end": rep.get("evidence_end"),
                      "article_id": rep.get("article_id")},
        "cite_info": {"url": rep.get("url"), "title": rep.get("title"), "publication": rep.get("publisher"),
                      "citation": rep.get("article_id"), "language": "en", "coder": coder,
                      "codebook": "plover-0.8 (polemos)"},
        "coder": coder,
        "coded_date": _iso(e.get("updated_at").date()) if isinstance(e.get("updated_at"), datetime) else None,
        "status": e["status"],
        "claims": claims,
        "mentions": _mentions(e),
    }


def geojson_collection(events: list[EventRecord]) -> dict[str, Any]:
    """Events as GeoJSON Features (Point [lon, lat]; geometry null when the place has no coordinates)."""
    features = []
    for e in events:
        geometry = None
        if e.get("lat") is not None and e.get("lon") is not None:
            geometry = {"type": "Point", "coordinates": [e["lon"], e["lat"]]}
        props = {k: _iso(v) for k, v in e.row.items() if k not in ("lat", "lon", "fatalities_sources")}
        props["n_sources"] = len(e.publishers)
        props["urls"] = [m.get("url") for m in e.mentions if m.get("url")]
        features.append({"type": "Feature", "id": e["id"], "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}
