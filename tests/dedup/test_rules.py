"""The pairwise rules and the status / fatality combination, on hand-made mentions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from polemos.dedup import combine_status, fatality_range, load_params, score_pair
from polemos.dedup._mentions import ActorRef, ClaimRef, Mention
from polemos.dedup._text import TextModel, target_classes

P = load_params()
TEXT = TextModel()
RUS = ActorRef("Russian forces", "state", "RUS", "MIL")
CIV = ActorRef("residents", "group", "UKR", "CVL")
UA_ARMY = ActorRef("Ukrainian army", "state", "UKR", "MIL")


def mention(article: str, text: str, **kw: Any) -> Mention:
    base: dict[str, Any] = dict(
        article_id=article, event_id="evt0", type="ASSAULT", mode="aerial", context=(), source=RUS, target=CIV,
        place_name="Kharkiv", geonameid=706483, lat=49.98, lon=36.25, country="UKR", admin1=None,
        feature="city", date="2024-05-23", date_precision="day", status="reported", fatalities=None,
        evidence_start=0, evidence_end=len(text), evidence_text=text, claims=(), published=date(2024, 5, 24),
        title=None, url=None, article_source=None)
    base.update(kw)
    return Mention(**base)


A = mention("a1", "Russian guided bombs hit the centre of Kharkiv on Thursday, killing seven people")
B = mention("a2", "Seven people died when Russian glide bombs struck central Kharkiv on Thursday afternoon")


def test_retellings_link_and_merge() -> None:
    s = score_pair(A, B, P, TEXT)
    assert s.compatible and s.score >= P.merge, s


def test_same_town_other_day_stays_apart() -> None:
    assert not score_pair(A, replace(B, date="2024-05-26"), P, TEXT).compatible  # three days apart
    # one or two days apart stays possible (overnight attacks, dates told in another time zone) but costs
    same_day = score_pair(A, B, P, TEXT).score
    next_day = score_pair(A, replace(B, date="2024-05-24"), P, TEXT)
    two_days = score_pair(A, replace(B, date="2024-05-25"), P, TEXT)
    assert next_day.compatible and same_day > next_day.score > two_days.score


def test_same_day_other_city_stays_apart() -> None:
    dnipro = replace(B, place_name="Dnipro", geonameid=709930, lat=48.45, lon=34.98)
    assert score_pair(A, dnipro, P, TEXT).why == "place too far"


def test_other_type_family_or_irrealis_stays_apart() -> None:
    assert not score_pair(A, replace(B, type="PROTEST", mode="demo"), P, TEXT).compatible
    assert not score_pair(A, replace(B, status="planned"), P, TEXT).compatible


def test_different_targets_stay_apart() -> None:
    assert target_classes("a missile hit a children's hospital") == {"health"}
    assert target_classes("drones struck energy infrastructure and a power plant") == {"energy"}
    assert target_classes("the police station was shelled") == {"government"}  # not also "station"
    hospital = replace(A, evidence_text="Russian missiles hit a hospital in Kharkiv")
    plant = replace(B, evidence_text="Russian missiles hit a power plant in Kharkiv")
    assert score_pair(hospital, plant, P, TEXT).why == "different targets"


def test_tear_gas_is_not_the_shelling() -> None:
    gas = replace(A, mode=None, evidence_text="Police fired tear gas at demonstrators in Kharkiv on Thursday")
    shells = replace(B, mode=None, evidence_text="Shells struck a Kharkiv suburb on Thursday, killing seven people")
    assert score_pair(gas, shells, P, TEXT).why == "different means"


def test_missing_place_counts_against() -> None:
    unplaced = replace(B, place_name=None, geonameid=None, lat=None, lon=None, country=None, feature=None)
    assert score_pair(A, unplaced, P, TEXT).score < score_pair(A, B, P, TEXT).score


def test_different_recipient_scores_lower() -> None:
    soldiers = replace(B, target=UA_ARMY)
    assert score_pair(A, soldiers, P, TEXT).score < score_pair(A, B, P, TEXT).score


def test_reciprocal_roles_may_swap() -> None:
    x = replace(A, source=RUS, target=UA_ARMY)
    y = replace(B, source=UA_ARMY, target=RUS)
    assert score_pair(x, y, P, TEXT).score > score_pair(x, replace(y, type="COERCE"), P, TEXT).score


def test_status_combination() -> None:
    moscow = ActorRef("Russian defence ministry", "organization", "RUS", "MIL")
    kyiv = ActorRef("Ukrainian officials", "state", "UKR", "GOV")
    claimed = replace(A, status="claimed", claims=(ClaimRef("c1", "asserts", kyiv, "officials said"),))
    reported = replace(B, status="reported")
    denied = replace(B, article_id="a3", status="claimed",
                     claims=(ClaimRef("c2", "denies", moscow, "Moscow denied"),))
    assert combine_status([claimed, reported], P) == "reported"  # the reporter's account beats a claim
    assert combine_status([claimed], P) == "claimed"
    assert combine_status([claimed, denied], P) == "disputed"  # claim and denial in different articles
    assert combine_status([denied], P) == "claimed"  # a denial alone disputes nothing
    assert combine_status([replace(A, status="planned"), replace(B, status="hypothetical")], P) == "planned"
    assert combine_status([replace(A, status="unconfirmed"), replace(B, status="claimed")], P) == "claimed"


def test_fatality_range_keeps_every_source() -> None:
    ms = [replace(A, fatalities=7), replace(B, fatalities=9, status="claimed"),
          replace(B, article_id="a3", fatalities=8)]
    low, best, high, sources = fatality_range(ms)
    assert (low, best, high) == (7, 7, 9)  # best: median of the reported figures (7, 8)
    assert [s["value"] for s in sources] == [7, 9, 8] and sources[1]["status"] == "claimed"
    assert fatality_range([A]) == (None, None, None, [])


def test_canonical_actor_ties_with_missing_fields() -> None:
    from polemos.dedup._canonical import build_canonical

    x = replace(A, source=ActorRef("gunmen", None, None, "UAF"))
    y = replace(B, source=ActorRef("gunmen", "group", "SYR", None))
    row = build_canonical([x, y], P, {x.key: 1.0, y.key: 1.0}).row
    assert row["source_name"] == "gunmen"


def test_month_wide_dates_need_alike_texts() -> None:
    month = dict(date="2024-05", date_precision="month")
    x = replace(A, **month)
    alike = replace(B, **month)
    unlike = replace(B, evidence_text="Artillery fire damaged farm buildings near the front line", **month)
    assert score_pair(x, alike, P, TEXT).compatible
    assert score_pair(x, unlike, P, TEXT).why == "vague dates, unlike texts"
    # a day against a month: the texts must agree a little (half_vague_text)
    assert score_pair(A, alike, P, TEXT).compatible
    assert score_pair(A, unlike, P, TEXT).why == "vague dates, unlike texts"
