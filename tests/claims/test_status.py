"""Attribution, claims and event status on hand-built events over the real parse."""

from __future__ import annotations

from polemos.records import content_id
from tests.claims.helpers import actor, spans_ok


def test_reporter_statement_is_reported_without_claims(run_claims):
    text = "Russian missiles struck a power plant in the Kharkiv region overnight."
    r = run_claims(text, [("missiles struck", "ASSAULT")])
    assert r.event("missiles struck").status == "reported"
    assert r.claims == []


def test_one_party_says_so_is_claimed_with_an_asserting_claim(run_claims):
    text = "Ukraine's air force said it had shot down 23 drones overnight."
    force = actor(text, "Ukrainian Air Force", "organization", "Ukraine's air force", country="UKR")
    r = run_claims(text, [("shot down 23 drones", "ASSAULT")], actors=(force,))
    ev = r.event("shot down 23 drones")
    assert ev.status == "claimed"
    [claim] = r.claims_of("shot down 23 drones")
    assert (claim.actor, claim.stance, claim.event) == (force.id, "asserts", ev.id)
    assert claim.evidence.text == "Ukraine's air force said"
    assert claim.id.startswith("clm_") and spans_ok(text, r.claims)


def test_denial_in_the_next_sentence_makes_it_disputed(run_claims):
    text = ("Azerbaijan's president said his forces had captured the town of Lachin. "
            "Armenian officials denied this.")
    r = run_claims(text, [("captured the town", "ASSAULT")])
    assert r.event("captured the town").status == "disputed"
    stances = [(c.stance, c.evidence.text) for c in r.claims_of("captured the town")]
    assert stances == [("asserts", "Azerbaijan's president said"), ("denies", "Armenian officials denied this")]


def test_negation_by_a_denial_verb_is_a_denial_claim(run_claims):
    text = "Ankara denies that its troops are fighting in the region."
    turkey = actor(text, "Turkey", "state", "Ankara", country="TUR")
    r = run_claims(text, [("troops are fighting", "ASSAULT")], actors=(turkey,))
    assert r.event("troops are fighting").status == "disputed"
    [claim] = r.claims_of("troops are fighting")
    assert (claim.actor, claim.stance) == (turkey.id, "denies")


def test_same_sentence_rejection_of_a_claim(run_claims):
    text = "The army said it had retaken the palace, a claim the Rapid Support Forces rejected."
    r = run_claims(text, [("retaken the palace", "ASSAULT")])
    assert r.event("retaken the palace").status == "disputed"
    assert [c.stance for c in r.claims_of("retaken the palace")] == ["asserts", "denies"]


def test_unconfirmed_by_hedge_and_by_next_sentence_disclaimer(run_claims):
    text = ("Unconfirmed reports said rebels had seized the airport. "
            "The governor said troops had killed 40 fighters. The figure could not be independently verified. "
            "Rebels reportedly burned the market.")
    r = run_claims(text, [("seized the airport", "ASSAULT"), ("killed 40 fighters", "ASSAULT"),
                          ("burned the market", "ASSAULT")])
    assert [r.event(t).status for t in ("seized the airport", "killed 40 fighters", "burned the market")] == \
        ["unconfirmed"] * 3


def test_conditionals_are_hypothetical_never_reported(run_claims):
    text = ("Russia is unlikely to intervene unless Azerbaijan launches an attack on Armenia, analysts said. "
            "Moscow would act were Baku to attack Yerevan. Should the war spread, Turkey would send troops. "
            "If talks fail, the rebels could storm the capital.")
    triggers = [("launches an attack", "ASSAULT"), ("to attack Yerevan", "ASSAULT"), ("the war spread", "ASSAULT"),
                ("send troops", "MOBILIZE"), ("storm the capital", "ASSAULT"), ("intervene", "ASSAULT")]
    r = run_claims(text, triggers)
    assert {t: r.event(t).status for t, _ in triggers} == {t: "hypothetical" for t, _ in triggers}
    assert r.event("launches an attack").date is None  # no made-up date for what did not happen


def test_promises_threats_and_intentions_are_planned(run_claims):
    text = ('Moscow has said it will give "every help needed" should the war cross into Tajikistan. '
            "Kenya pledged to send 1,000 police officers to Haiti. "
            "Beijing warned it would take resolute measures if the sale went ahead.")
    triggers = [("will give", "AID"), ("send 1,000 police officers", "AID"), ("take resolute measures", "THREATEN")]
    r = run_claims(text, triggers)
    assert [r.event(t).status for t, _ in triggers] == ["planned"] * 3
    assert [c.evidence.text for c in r.claims_of("take resolute measures")] == ["Beijing warned"]


def test_seen_by_the_reporter_and_shown_by_data_are_reported(run_claims):
    text = ("On Friday, our correspondents saw the plane at Dushanbe airport. "
            "Aid deliveries have increased, according to shipping logs and two freight firms. "
            "The plane had flown daily since early October, the carrier said.")
    r = run_claims(text, [("saw the plane", "AID"), ("Aid deliveries have increased", "AID"),
                          ("had flown daily", "AID")], published="2020-11-09")
    assert r.event("saw the plane").status == "reported"
    assert r.event("saw the plane").date == "2020-11-06"
    assert r.event("Aid deliveries have increased").status == "reported"
    assert [c.evidence.text for c in r.claims_of("Aid deliveries have increased")] == \
        ["according to shipping logs and two freight firms"]
    assert r.event("had flown daily").status == "claimed"
    assert (r.event("had flown daily").date, r.event("had flown daily").date_precision) == ("2020-10", "month")


def test_quoted_event_is_claimed_by_the_speaker(run_claims):
    text = '"We destroyed three of their artillery positions," the brigade commander told Reuters.'
    r = run_claims(text, [("destroyed three", "ASSAULT")])
    assert r.event("destroyed three").status == "claimed"
    assert r.claims_of("destroyed three")[0].evidence.text == "the brigade commander told"


def test_claim_ids_are_stable_and_unique_per_actor_and_stance(run_claims):
    text = "The coalition said its jets hit a depot. The coalition said again that its jets hit a depot."
    a = run_claims(text, [("hit a depot", "ASSAULT")])
    b = run_claims(text, [("hit a depot", "ASSAULT")])
    assert [c.id for c in a.claims] == [c.id for c in b.claims]
    assert len({c.id for c in a.claims}) == len(a.claims)
    assert a.event("hit a depot").claims == tuple(c.id for c in a.claims)
    assert a.event("hit a depot").id == content_id("evt", a.article.id, "hit a depot")


def test_open_questions_and_uncertain_past_are_unconfirmed(run_claims):
    text = ("Authorities are investigating whether cartel gunmen killed the two tourists. "
            "The navy says a missile may have hit a tanker. "
            "Local media reported that gunmen had kidnapped a priest, but police have yet to confirm it.")
    triggers = [("killed the two tourists", "ASSAULT"), ("missile may have hit", "ASSAULT"),
                ("kidnapped a priest", "COERCE")]
    r = run_claims(text, triggers)
    assert [r.event(t).status for t, _ in triggers] == ["unconfirmed"] * 3


def test_quoted_as_saying_and_intention_anchor(run_claims):
    text = ("The state news agency quoted the interior minister as saying that police had arrested 17 plotters. "
            "The army plans to deploy 5,000 troops to the east.")
    r = run_claims(text, [("had arrested 17 plotters", "COERCE"),
                          ("The army plans to deploy 5,000 troops to the east", "MOBILIZE")])
    assert r.event("had arrested 17 plotters").status == "claimed"
    assert [c.evidence.text for c in r.claims_of("had arrested 17 plotters")] == \
        ["the interior minister as saying"]
    assert r.event("The army plans to deploy 5,000 troops to the east").status == "planned"


def test_casualties_in_a_reduced_relative_are_the_claim(run_claims):
    text = "The monitor said nine children were among those killed in the strike."
    r = run_claims(text, [("killed in the strike", "ASSAULT")])
    assert r.event("killed in the strike").status == "claimed"
