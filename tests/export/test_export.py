"""Every export format: pinned columns, and a round trip through polars with the format's own conventions."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from polemos.errors import PolemosError
from polemos.export import COLUMNS, FORMATS, PARQUET_TABLES, export
from polemos.store import Store

ACLED = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
         "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
         "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
         "tags,timestamp").split(",")
GDELT = ("GLOBALEVENTID SQLDATE MonthYear Year FractionDate Actor1Code Actor1Name Actor1CountryCode "
         "Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code Actor1Type1Code "
         "Actor1Type2Code Actor1Type3Code Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode "
         "Actor2EthnicCode Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
         "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources "
         "NumArticles AvgTone Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code "
         "Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID Actor2Geo_Type Actor2Geo_FullName "
         "Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long "
         "Actor2Geo_FeatureID ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code "
         "ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL").split()
UCDP = ("id relid year active_year code_status type_of_violence conflict_dset_id conflict_new_id conflict_name "
        "dyad_dset_id dyad_new_id dyad_name side_a_dset_id side_a_new_id side_a side_b_dset_id side_b_new_id "
        "side_b number_of_sources source_article source_office source_date source_headline source_original "
        "where_prec where_coordinates where_description adm_1 adm_2 latitude longitude geom_wkt priogrid_gid "
        "country country_id region event_clarity date_prec date_start date_end deaths_a deaths_b "
        "deaths_civilians deaths_unknown best high low gwnoa gwnob").split()
ICEWS = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
         "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number",
         "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude"]
POLECAT = ["Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
           "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
           "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name", "Recipient Country", "Recipient COW",
           "Primary Recipient Sector", "Recipient Sectors", "Recipient Title", "Recipient Name Raw",
           "Wikipedia Recipient ID", "Placename", "City", "District", "Province", "Country", "Latitude",
           "Longitude", "GeoNames ID", "Raw Placename", "Feature Type", "Source", "Publication Date",
           "Story People", "Story Organizations", "Story Locations", "Language", "Version"]


def test_pinned_headers() -> None:
    assert (len(ACLED), len(GDELT), len(UCDP), len(ICEWS), len(POLECAT)) == (31, 61, 49, 20, 40)
    assert COLUMNS == {"acled": ACLED, "gdelt": GDELT, "ucdp": UCDP, "icews": ICEWS, "polecat": POLECAT}
    assert set(FORMATS) == {"plover", "acled", "gdelt", "ucdp", "icews", "polecat", "geojson", "parquet", "graphml",
                            "gexf", "relations-json"}


def _hospital(frame: pl.DataFrame, column: str, needle: str) -> dict[str, object]:
    rows = frame.filter(pl.col(column).cast(pl.String).str.contains(needle)).to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


def test_acled_round_trip(merged_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export(merged_store.conn, "acled", str(out)) == 4
    df = pl.read_csv(out, infer_schema_length=0)
    assert df.columns == ACLED and df.height == 4
    row = _hospital(df, "notes", "disputed")
    assert row["event_type"] == "Explosions/Remote violence" and row["sub_event_type"] == "Air/drone strike"
    assert row["civilian_targeting"] == "Civilian targeting" and row["fatalities"] == "5"
    assert row["iso"] == "804" and row["country"] == "Ukraine" and row["location"] == "Kharkiv"
    assert row["inter1"] == "8" and row["inter2"] == "7" and row["interaction"] == "78"
    assert "3 source articles" in str(row["notes"])
    protest = _hospital(df, "event_type", "Protests")
    assert protest["inter1"] == "6" and protest["disorder_type"] == "Demonstrations"


def test_gdelt_round_trip(merged_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    export(merged_store.conn, "gdelt", str(out))
    text = out.read_text("utf-8")
    assert not text.startswith("GLOBALEVENTID")  # no header
    df = pl.read_csv(out, separator="\t", has_header=False, new_columns=GDELT, quote_char=None,
                     infer_schema_length=0)
    assert df.width == 61 and df.height == 4
    strike = df.filter((pl.col("EventCode") == "195") & (pl.col("NumArticles") == "3")).to_dicts()
    assert len(strike) == 1
    s = strike[0]
    assert s["SQLDATE"] == "20240310" and s["Actor1Code"] == "RUSMIL" and s["Actor2Code"] == "UKRCVL"
    assert s["EventRootCode"] == "19" and s["QuadClass"] == "4" and float(s["GoldsteinScale"]) == -10.0
    assert s["ActionGeo_CountryCode"] == "UP" and s["ActionGeo_FeatureID"] == "706483"
    assert s["ActionGeo_Type"] == "4"


def test_ucdp_round_trip(merged_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "ged.csv"
    export(merged_store.conn, "ucdp", str(out), {"type": "ASSAULT"})
    df = pl.read_csv(out, infer_schema_length=0)
    assert df.columns == UCDP and df.height == 3
    row = _hospital(df, "source_original", "disputed")
    assert (row["low"], row["best"], row["high"]) == ("5", "5", "6")
    assert row["type_of_violence"] == "3" and row["deaths_civilians"] == "5"
    assert row["where_prec"] == "1" and row["date_prec"] == "1" and row["country_id"] == "369"
    assert row["number_of_sources"] == "3" and row["geom_wkt"] == "POINT (36.25272 49.98081)"
    assert row["priogrid_gid"] == str((int((49.98081 + 90) // 0.5)) * 720 + int((36.25272 + 180) // 0.5) + 1)


@pytest.mark.parametrize("fmt,header", [("icews", ICEWS), ("polecat", POLECAT)])
def test_icews_polecat_round_trip(merged_store: Store, tmp_path: Path, fmt: str, header: list[str]) -> None:
    out = tmp_path / f"{fmt}.tsv"
    export(merged_store.conn, fmt, str(out))
    df = pl.read_csv(out, separator="\t", quote_char=None, infer_schema_length=0)
    assert df.columns == header and df.height == 4
    if fmt == "icews":
        assert set(df["CAMEO Code"].to_list()) == {"141", "195", "194"}
        assert set(df["Country"].to_list()) == {"Ukraine"}
    else:
        assert set(df["Event Type"].to_list()) == {"assault", "protest"}
        assert set(df["GeoNames ID"].to_list()) == {"706483", "698740"}


def test_plover_jsonl(merged_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    export(merged_store.conn, "plover", str(out), {"status": "disputed"})
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(records) == 1
    r = records[0]
    assert {"id", "date", "actor", "source", "recipient", "event", "mode", "context", "event_loc", "text_info",
            "cite_info", "status", "claims", "mentions"} <= set(r)
    assert r["event"] == "ASSAULT" and r["status"] == "disputed" and r["quad_code"] == 4
    assert r["actor"][0]["code"] == "RUS" and r["event_loc"]["geonameid"] == 706483
    assert len(r["mentions"]) == 3 and r["claims"][0]["stance"] == "denies"
    assert r["size_info"]["dead_low"] == 5 and r["size_info"]["dead_high"] == 6
    assert pl.read_ndjson(out).height == 1


def test_geojson(merged_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    assert export(merged_store.conn, "geojson", str(out), {"country": "UKR", "since": "2024-03-11"}) == 1
    doc = json.loads(out.read_text("utf-8"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 1
    f = doc["features"][0]
    assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
    lon, lat = f["geometry"]["coordinates"]
    assert (round(lon, 2), round(lat, 2)) == (30.73, 46.48)  # Odesa, on 2024-03-12
    assert f["properties"]["place_name"] == "Odesa"
    assert pl.DataFrame([x["properties"] for x in doc["features"]]).height == 1


def test_parquet(merged_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    assert export(merged_store.conn, "parquet", str(out)) == 4
    assert sorted(p.stem for p in out.glob("*.parquet")) == sorted(PARQUET_TABLES)
    canon = pl.read_parquet(out / "canonical_events.parquet")
    assert canon.height == 4 and "fatalities_best" in canon.columns
    assert pl.read_parquet(out / "event_mentions.parquet").height == 6
    assert pl.read_parquet(out / "articles.parquet").height == 5


def test_filters_and_errors(merged_store: Store, tmp_path: Path) -> None:
    assert export(merged_store.conn, "acled", str(tmp_path / "x.csv"), {"type": "PROTEST"}) == 1
    assert export(merged_store.conn, "acled", str(tmp_path / "y.csv"), {"country": "RUS"}) == 3
    with pytest.raises(PolemosError, match="unknown export format"):
        export(merged_store.conn, "xml", None)
    with pytest.raises(PolemosError, match="--since"):
        export(merged_store.conn, "acled", None, {"since": "last week"})
    with pytest.raises(PolemosError, match="--out"):
        export(merged_store.conn, "parquet", None)


def test_acled_interaction_is_always_two_digits(merged_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    export(merged_store.conn, "acled", str(out))
    rows = pl.read_csv(out, infer_schema_length=0).to_dicts()
    assert rows and all(r["interaction"] is None or len(r["interaction"]) == 2 for r in rows)


def test_acled_leaves_out_verbal_events(merged_store: Store, tmp_path: Path) -> None:
    from polemos.export._maps import acled_codes

    assert acled_codes("ASSAULT") and acled_codes("AGREE") and not acled_codes("ACCUSE") and not acled_codes("REQUEST")
    n_all = export(merged_store.conn, "plover", str(tmp_path / "all.jsonl"))
    n_acled = export(merged_store.conn, "acled", str(tmp_path / "a.csv"))
    kinds = [json.loads(line)["event"] for line in (tmp_path / "all.jsonl").read_text().splitlines()] \
        if n_all else []
    assert n_acled == sum(acled_codes(k) for k in kinds)
