"""Builders of small stored articles for the dedup and export tests (no NLP: records written by hand)."""

from __future__ import annotations

from datetime import date
from typing import Any

from polemos.records import Actor, Analysis, Article, Claim, Event, Place, Span

PLACES: dict[str, dict[str, Any]] = {
    "Kharkiv": dict(geonameid=706483, lat=49.98081, lon=36.25272, country="UKR", admin1="Kharkivska",
                    feature="city"),
    "Chuhuiv": dict(geonameid=710403, lat=49.83559, lon=36.68674, country="UKR", admin1="Kharkivska",
                    feature="city"),
    "Odesa": dict(geonameid=698740, lat=46.47747, lon=30.73262, country="UKR", admin1="Odeska", feature="city"),
    "Ukraine": dict(geonameid=690791, lat=49.0, lon=32.0, country="UKR", admin1=None, feature="country"),
}
ACTORS: dict[str, dict[str, Any]] = {
    "Russian forces": dict(kind="state", country="RUS", sector="MIL"),
    "Russia": dict(kind="state", country="RUS", sector="GOV"),
    "Russian defence ministry": dict(kind="organization", country="RUS", sector="MIL"),
    "civilians": dict(kind="group", country="UKR", sector="CVL"),
    "Ukrainian army": dict(kind="state", country="UKR", sector="MIL"),
    "protesters": dict(kind="group", country="UKR", sector="CVL"),
    "Ukrainian officials": dict(kind="state", country="UKR", sector="GOV"),
}


def article(text: str, published: str, events: list[dict[str, Any]], title: str | None = None,
            url: str | None = None) -> Analysis:
    """An Analysis of ``text``: each event dict names its evidence (a substring), type, actors, place ..."""
    aid = Article.make_id(text)
    art = Article(id=aid, text=text, title=title, published=date.fromisoformat(published), url=url,
                  source="test")
    actors: dict[str, Actor] = {}
    places: dict[str, Place] = {}
    out_events, claims = [], []

    def actor(name: str | None) -> str | None:
        if name is None:
            return None
        if name not in actors:
            start = text.find(name)
            spans = (Span.of(text, start, start + len(name)),) if start >= 0 else ()
            actors[name] = Actor(id=f"act{len(actors)}", name=name, mentions=spans, **ACTORS[name])
        return actors[name].id

    for n, ev in enumerate(events):
        start = text.index(ev["evidence"])
        evidence = Span.of(text, start, start + len(ev["evidence"]))
        place_id = None
        if ev.get("place"):
            name = ev["place"]
            if name not in places:
                places[name] = Place(id=f"plc{len(places)}", name=name, **PLACES[name])
            place_id = places[name].id
        eid = f"evt{n}"
        claim_ids = []
        for k, (claimant, stance) in enumerate(ev.get("claims", [])):
            cid = f"clm{n}_{k}"
            claims.append(Claim(id=cid, event=eid, actor=actor(claimant), stance=stance, evidence=evidence))
            claim_ids.append(cid)
        out_events.append(Event(
            id=eid, type=ev["type"], mode=ev.get("mode"), evidence=evidence, context=tuple(ev.get("context", ())),
            source=actor(ev.get("source")), target=actor(ev.get("target")), place=place_id,
            date=ev.get("date"), date_precision=ev.get("precision", "day" if ev.get("date") else None),
            status=ev.get("status", "reported"), fatalities=ev.get("fatalities"), claims=tuple(claim_ids)))
    return Analysis(article=art, actors=tuple(actors.values()), places=tuple(places.values()),
                    events=tuple(out_events), claims=tuple(claims))


def hospital_reports() -> list[Analysis]:
    """Two retellings of one strike, a second strike and a protest in the same town on the same day,
    a denial of the strike, and an unrelated strike elsewhere."""
    a1 = ("Russian forces struck a hospital in Kharkiv with missiles on Sunday, killing five people, "
          "the regional governor said.")
    a2 = ("Five patients died when a missile launched by Russian forces hit a Kharkiv hospital on Sunday "
          "morning, officials reported. Later that day hundreds of protesters marched in Kharkiv.")
    a3 = ("Separately, another missile fired by Russian forces hit a power plant on the edge of Kharkiv on "
          "Sunday, cutting electricity to thousands of homes.")
    a4 = ("The Russian defence ministry denied that its missiles hit a hospital in Kharkiv on Sunday and said "
          "six people were killed by Ukrainian air defence.")
    a5 = "Russian forces shelled the port of Odesa on Tuesday, killing two dock workers, officials said."
    return [
        article(a1, "2024-03-10", [dict(evidence=a1[:a1.index(",")], type="ASSAULT", mode="aerial",
                                        source="Russian forces", target="civilians", place="Kharkiv",
                                        date="2024-03-10", fatalities=5)], title="Missiles hit Kharkiv hospital"),
        article(a2, "2024-03-11", [
            dict(evidence=a2[:a2.index(", officials")], type="ASSAULT", mode="aerial",
                 source="Russian forces", target="civilians", place="Kharkiv", date="2024-03-10", fatalities=5),
            dict(evidence="hundreds of protesters marched in Kharkiv", type="PROTEST", mode="demo",
                 source="protesters", place="Kharkiv", date="2024-03-10")], title="Hospital strike kills five"),
        article(a3, "2024-03-10", [dict(evidence=a3[:a3.index(", cutting")], type="ASSAULT", mode="aerial",
                                        source="Russian forces", target="civilians", place="Kharkiv",
                                        date="2024-03-10")], title="Power plant hit"),
        article(a4, "2024-03-11", [dict(evidence=a4[:a4.index(" and said")], type="ASSAULT", mode="aerial",
                                        source="Russian forces", place="Kharkiv", date="2024-03-10",
                                        status="disputed", fatalities=6,
                                        claims=[("Russian defence ministry", "denies")])],
                title="Moscow denies hospital strike"),
        article(a5, "2024-03-12", [dict(evidence=a5[:a5.index(", officials")], type="ASSAULT",
                                        mode="heavy-weapons", source="Russian forces", place="Odesa",
                                        date="2024-03-12", fatalities=2)], title="Odesa port shelled"),
    ]
