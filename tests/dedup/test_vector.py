"""The numpy pair scorer (used for links and clustering) follows exactly the rules of score_pair."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from test_rules import CIV, RUS, TEXT, UA_ARMY, A, B, P

from polemos.dedup import score_pair
from polemos.dedup._mentions import ActorRef
from polemos.dedup._vector import MentionArrays


def _variants() -> list:
    odesa = dict(place_name="Odesa", geonameid=698740, lat=46.48, lon=30.73)
    return [
        A, B,
        replace(B, article_id="a3", date="2024-05-24"), replace(B, article_id="a4", date="2024-05-26"),
        replace(B, article_id="a5", date="2024-05", date_precision="month"),
        replace(B, article_id="a6", date=None, date_precision=None),
        replace(A, article_id="a5b", date="2024-05", date_precision="month"),
        replace(B, article_id="a5c", date="2024", date_precision="year",
                evidence_text="Russian artillery hit a Kharkiv suburb this year"),
        replace(B, article_id="a7", **odesa),
        replace(B, article_id="a8", place_name="Ukraine", geonameid=690791, lat=49.0, lon=32.0, feature="country"),
        replace(B, article_id="a9", place_name=None, geonameid=None, lat=None, lon=None, country=None, feature=None),
        replace(B, article_id="b1", place_name="Black Sea", geonameid=None, lat=43.0, lon=34.0, country=None,
                feature="other"),
        replace(B, article_id="b2", mode=None, evidence_text="Police fired tear gas at a crowd in Kharkiv"),
        replace(B, article_id="b3", mode=None, evidence_text="Shells hit a Kharkiv hospital, killing seven"),
        replace(B, article_id="b4", evidence_text="Russian missiles hit a power plant in Kharkiv", fatalities=0),
        replace(B, article_id="b5", type="COERCE", mode="seize", fatalities=7),
        replace(B, article_id="b6", type="PROTEST", mode="demo"),
        replace(B, article_id="b7", status="planned"),
        replace(B, article_id="b8", source=UA_ARMY, target=RUS),
        replace(A, article_id="b9", event_id="evt1", source=ActorRef("gunmen", None, None, "UAF"), target=None),
        replace(A, article_id="b9", event_id="evt2", source=CIV, target=ActorRef("Russia", "state", "RUS", None)),
    ]


def test_rows_equal_score_pair() -> None:
    ms = _variants()
    arrays = MentionArrays(ms, P, TEXT)
    for i, x in enumerate(ms):
        js, scores, ok = arrays.row(i)
        got = {int(j): (bool(o), float(s)) for j, s, o in zip(js, scores, ok, strict=True)}
        for j, y in enumerate(ms):
            if j == i:
                continue
            want = score_pair(x, y, P, TEXT)
            compatible, score = got.get(j, (False, 0.0))
            assert compatible == want.compatible, (i, j, want.why)
            if compatible:
                assert np.isclose(score, want.score, atol=1e-6), (i, j, want.why)
