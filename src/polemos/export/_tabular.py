"""Tabular exports: ACLED (31 columns), GDELT 2.0 Events (61), UCDP GED (49), ICEWS (20), POLECAT (40)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from polemos.export._maps import CIVILIAN_SECTORS, STATE_SECTORS, acled_type, cameo_for, country_info, inter_code
from polemos.export._rows import EventRecord

__all__ = ["ACLED_COLUMNS", "GDELT_COLUMNS", "UCDP_COLUMNS", "ICEWS_COLUMNS", "POLECAT_COLUMNS",
           "acled_rows", "gdelt_rows", "ucdp_rows", "icews_rows", "polecat_rows", "numeric_id"]

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
GDELT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
       "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO] + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)
UCDP_COLUMNS = [
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
    "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
]
ICEWS_COLUMNS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
    "City", "District", "Province", "Country", "Latitude", "Longitude",
]
POLECAT_COLUMNS = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts", "Actor Name",
    "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title", "Actor Name Raw",
    "Wikipedia Actor ID", "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector",
    "Recipient Sectors", "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City",
    "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename", "Feature Type",
    "Source", "Publication Date", "Story People", "Story Organizations", "Story Locations", "Language", "Version",
]
_CITY_FEATURES = ("site", "village", "city")


def numeric_id(canonical_id: str) -> int:
    """A stable positive integer id from a canonical event id (44 bits of its hash)."""
    return int(canonical_id.split("_", 1)[-1][:11], 16)


def _n(value: Any) -> Any:
    return "" if value is None else value


def _civilian_target(e: EventRecord) -> bool:
    return e.get("target_sector") in CIVILIAN_SECTORS


def notes(e: EventRecord) -> str:
    """A one-sentence summary with the status and the number of sources."""
    when = e.get("date") or (e.day.isoformat() if e.day else "an unknown date")
    who = e.get("source_name") or "Unidentified actors"
    what = e["type"].lower() + (f" ({e['mode']})" if e.get("mode") else "")
    whom = f" against {e['target_name']}" if e.get("target_name") else ""
    where = f" in {e['place_name']}" if e.get("place_name") else ""
    deaths = ""
    if e.get("fatalities_best") is not None:
        lo, hi = e.get("fatalities_low"), e.get("fatalities_high")
        deaths = f", {e['fatalities_best']} killed" + (f" (reports range {lo}-{hi})" if lo != hi else "")
    n = e.get("n_articles", 1)
    return (f"On {when}, {who}: {what}{whom}{where}{deaths}; status {e['status']}, "
            f"{n} source article{'s' if n != 1 else ''}.")


def _time_precision(e: EventRecord) -> int:
    if e.get("date_precision") == "day" and e.get("date"):
        return 1
    if e.get("date_start") and e.get("date_end") and (e["date_end"] - e["date_start"]).days <= 7:
        return 2
    return 3


def _geo_precision(feature: str | None) -> int | str:
    if feature in _CITY_FEATURES:
        return 1
    if feature in ("admin1", "region", "other"):
        return 2
    if feature == "country":
        return 3
    return ""


def _timestamp(e: EventRecord) -> int | str:
    ts = e.get("updated_at")
    return int(ts.timestamp()) if isinstance(ts, datetime) else ""


def acled_rows(events: list[EventRecord]) -> list[list[Any]]:
    rows = []
    for e in events:
        country = country_info(e.get("country"))
        civ = _civilian_target(e)
        disorder, etype, sub = acled_type(e["type"], e.get("mode"), civ)
        i1 = inter_code(e.get("source_sector"), e.get("source_country"), e.get("country"), e["type"],
                        e.get("mode"), True)
        i2 = inter_code(e.get("target_sector"), e.get("target_country"), e.get("country"), e["type"],
                        e.get("mode"), False)
        present = sorted(x for x in (i1, i2) if x is not None)  # ACLED: two digits, the lower first; one side: "X0"
        interaction = "".join(map(str, present)) if len(present) == 2 else f"{present[0]}0" if present else ""
        day = e.day
        rows.append([
            f"{e.get('country', 'XXX')}{numeric_id(e['id'])}", _n(day.isoformat() if day else None),
            _n(day.year if day else None), _time_precision(e), disorder, etype, sub,
            _n(e.get("source_name")), "", _n(i1), _n(e.get("target_name")), "", _n(i2), interaction,
            "Civilian targeting" if civ and disorder == "Political violence" else "",
            _n(country.numeric if country else None), _n(country.acled_region if country else None),
            _n(country.name if country else None), _n(e.get("admin1")), "", "", _n(e.get("place_name")),
            _n(e.get("lat")), _n(e.get("lon")), _geo_precision(e.get("feature")), "; ".join(e.publishers), "",
            notes(e), e.get("fatalities_best", 0), f"polemos status: {e['status']}; mentions: {e['n_mentions']}",
            _timestamp(e),
        ])
    return rows


def _cameo_actor(name: str | None, country: str | None, sector: str | None) -> list[Any]:
    if not name and not country:
        return [""] * 10
    code = (country or "") + (sector or "")
    return [code, (name or "").upper(), _n(country), "", "", "", "", _n(sector), "", ""]


def _gdelt_geo(e: EventRecord) -> list[Any]:
    info = country_info(e.get("country"))
    if not e.get("place_name") and not info:
        return [0, "", "", "", "", "", "", ""]
    feature = e.get("feature")
    usa = e.get("country") == "USA"
    geo_type = 1 if feature == "country" else (2 if usa else 5) if feature in ("admin1", "region") \
        else (3 if usa else 4)
    parts = [p for p in (e.get("place_name"), e.get("admin1"), info.name if info else None) if p]
    full = ", ".join(dict.fromkeys(parts))
    fips = info.fips if info else None
    return [geo_type, full, _n(fips), _n(fips), "", _n(e.get("lat")), _n(e.get("lon")), _n(e.get("geonameid"))]


def gdelt_rows(events: list[EventRecord]) -> list[list[Any]]:
    rows = []
    for e in events:
        day = e.day
        cameo = cameo_for(e["type"], e.get("mode"))
        added = e.get("updated_at")
        frac = round(day.year + (day.timetuple().tm_yday / 365.0), 4) if day else ""
        urls = [m["url"] for m in e.mentions if m.get("url")]
        rows.append(
            [numeric_id(e["id"]), _n(day.strftime("%Y%m%d") if day else None),
             _n(day.strftime("%Y%m") if day else None), _n(day.year if day else None), frac]
            + _cameo_actor(e.get("source_name"), e.get("source_country"), e.get("source_sector"))
            + _cameo_actor(e.get("target_name"), e.get("target_country"), e.get("target_sector"))
            + [1, _n(cameo.code if cameo else None), _n(cameo.base if cameo else None),
               _n(cameo.root if cameo else None), _n(cameo.quad_class if cameo else None),
               _n(cameo.goldstein if cameo else None), e["n_mentions"], max(1, len(e.publishers)),
               e["n_articles"], ""]
            + [0, "", "", "", "", "", "", ""] * 2 + _gdelt_geo(e)
            + [added.strftime("%Y%m%d%H%M%S") if isinstance(added, datetime) else "", urls[0] if urls else ""]
        )
    return rows


def _priogrid(lat: float | None, lon: float | None) -> int | str:
    if lat is None or lon is None:
        return ""
    row = int((lat + 90) // 0.5) + 1
    col = int((lon + 180) // 0.5) + 1
    return (row - 1) * 720 + col


def _violence_type(e: EventRecord) -> int | str:
    if e["type"] != "ASSAULT":
        return ""
    src, tgt = e.get("source_sector"), e.get("target_sector")
    if tgt in CIVILIAN_SECTORS:
        return 3
    if src in STATE_SECTORS or tgt in STATE_SECTORS:
        return 1
    if src or tgt:
        return 2
    return ""


def _where_prec(feature: str | None) -> int | str:
    return {"site": 1, "village": 1, "city": 1, "other": 3, "admin1": 4, "region": 5, "country": 6}.get(
        feature or "", "")


def _date_prec(e: EventRecord) -> int | str:
    if e.get("date_precision") == "day" and e.get("date"):
        return 1
    start, end = e.get("date_start"), e.get("date_end")
    if not isinstance(start, date) or not isinstance(end, date):
        return ""
    days = (end - start).days
    return 2 if days <= 6 else 3 if days <= 7 else 4 if days <= 31 else 5


def ucdp_rows(events: list[EventRecord]) -> list[list[Any]]:
    rows = []
    for e in events:
        info = country_info(e.get("country"))
        a_info, b_info = country_info(e.get("source_country")), country_info(e.get("target_country"))
        best = e.get("fatalities_best")
        civ = _civilian_target(e)
        day = e.day
        ms = e.mentions
        side_a, side_b = e.get("source_name"), e.get("target_name")
        rows.append([
            numeric_id(e["id"]), e["id"], _n(day.year if day else None), "", "polemos", _violence_type(e),
            "", "", "", "", "", f"{side_a or ''} - {side_b or ''}" if side_a or side_b else "", "", "",
            _n(side_a), "", "", _n(side_b), e["n_articles"],
            "; ".join(f"{m.get('publisher') or ''} {m.get('published') or ''} \"{m.get('title') or ''}\"".strip()
                      for m in ms),
            "; ".join(e.publishers), "; ".join(str(m.get("published") or "") for m in ms),
            "; ".join(m.get("title") or "" for m in ms), f"status {e['status']}",
            _where_prec(e.get("feature")), _n(e.get("place_name")), _n(e.get("place_name")),
            _n(e.get("admin1")), "", _n(e.get("lat")), _n(e.get("lon")),
            f"POINT ({e['lon']} {e['lat']})" if e.get("lat") is not None and e.get("lon") is not None else "",
            _priogrid(e.get("lat"), e.get("lon")), _n(info.name if info else None),
            _n(info.cow if info else None), _n(info.ucdp_region if info else None),
            1 if e["n_articles"] > 1 and e["status"] == "reported" else 2, _date_prec(e),
            _n(e.get("date_start")), _n(e.get("date_end")), "", "",
            best if civ and best is not None else ("" if best is None else 0),
            best if not civ and best is not None else ("" if best is None else 0),
            _n(best), _n(e.get("fatalities_high")), _n(e.get("fatalities_low")),
            _n(a_info.cow if a_info and e.get("source_sector") in STATE_SECTORS else None),
            _n(b_info.cow if b_info and e.get("target_sector") in STATE_SECTORS else None),
        ])
    return rows


def icews_rows(events: list[EventRecord]) -> list[list[Any]]:
    rows = []
    for e in events:
        cameo = cameo_for(e["type"], e.get("mode"))
        src, tgt = country_info(e.get("source_country")), country_info(e.get("target_country"))
        info = country_info(e.get("country"))
        city = e.get("place_name") if e.get("feature") in _CITY_FEATURES else None
        rep = e.mentions[0] if e.mentions else {}
        rows.append([
            numeric_id(e["id"]), _n(e.day.isoformat() if e.day else None), _n(e.get("source_name")),
            _n(e.get("source_sector")), _n(src.name if src else None), _n(cameo.name if cameo else None),
            _n(cameo.code if cameo else None), _n(cameo.goldstein if cameo else None), _n(e.get("target_name")),
            _n(e.get("target_sector")), _n(tgt.name if tgt else None), _n(e.get("rep_article_id")), "",
            _n(rep.get("publisher")), _n(city), "", _n(e.get("admin1")), _n(info.name if info else None),
            _n(e.get("lat")), _n(e.get("lon")),
        ])
    return rows


def polecat_rows(events: list[EventRecord], version: str) -> list[list[Any]]:
    rows = []
    for e in events:
        cameo = cameo_for(e["type"], e.get("mode"))
        src, tgt = country_info(e.get("source_country")), country_info(e.get("target_country"))
        info = country_info(e.get("country"))
        city = e.get("place_name") if e.get("feature") in _CITY_FEATURES else None
        published = [str(m["published"]) for m in e.mentions if m.get("published")]
        rows.append([
            e["id"], _n(e.day.isoformat() if e.day else None), e["type"].lower(), _n(e.get("mode")),
            _n(cameo.goldstein if cameo else None), _n(cameo.quad_class if cameo else None),
            "; ".join(e.get("context", [])), _n(e.get("source_name")), _n(src.name if src else None),
            _n(src.cow if src else None), _n(e.get("source_sector")), _n(e.get("source_sector")), "",
            _n(e.get("source_name")), "", _n(e.get("target_name")), _n(tgt.name if tgt else None),
            _n(tgt.cow if tgt else None), _n(e.get("target_sector")), _n(e.get("target_sector")), "",
            _n(e.get("target_name")), "", _n(e.get("place_name")), _n(city), "", _n(e.get("admin1")),
            _n(info.name if info else None), _n(e.get("lat")), _n(e.get("lon")), _n(e.get("geonameid")),
            _n(e.get("place_name")), _n(e.get("feature")), "; ".join(e.publishers),
            min(published) if published else "", "", "", "", "en", version,
        ])
    return rows
