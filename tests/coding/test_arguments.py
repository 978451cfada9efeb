"""Source and target of events, end to end (actors stage + coder), on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest


def _roles(doc: dict[str, Any], etype: str) -> list[tuple[str | None, str | None]]:
    names = {a["id"]: a["name"] for a in doc["actors"]}
    return [(names.get(e["source"] or ""), names.get(e["target"] or "")) for e in doc["events"] if e["type"] == etype]


@pytest.mark.parametrize(("text", "etype", "want"), [
    # a participle clause takes the subject of its clause
    ("Rebels blocked the highway, demanding the release of prisoners.", "REQUEST", ("rebels", None)),
    ("The army said it had retaken the town, accusing the rebels of looting.", "ACCUSE", ("army", "rebels")),
    # the owner of a vehicle or weapon is the source, never the vehicle
    ("Army jets struck rebel positions overnight.", "ASSAULT", ("army", "rebel")),
    # a facility's owner is the target
    ("Militants bombed a police station on the ring road.", "ASSAULT", ("militants", "police")),
    # with no actor in the object, a target preposition or the second party of the subject
    ("Police fired tear gas at protesters.", "ASSAULT", ("police", "protesters")),
    ("Sweden cut development aid to Mali.", "SANCTION", ("Sweden", "Mali")),
    ("The United States and Iran held indirect talks in Muscat.", "CONSULT", ("United States", "Iran")),
    ("Fighting broke out between soldiers and militiamen.", "ASSAULT", ("soldiers", "militiamen")),
    ("Farmers blocked a highway, demanding that the government lift the ban.", "REQUEST", ("farmers", "government")),
    # bare singular groups with a determiner
    ("The government freed a prisoner on Friday.", "RETREAT", ("government", "prisoner")),
])
def test_roles(analyze: Any, text: str, etype: str, want: tuple[str | None, str | None]) -> None:
    assert want in _roles(analyze(text), etype)


def test_a_vehicle_alone_is_not_a_source(analyze: Any) -> None:
    assert all(src is None for src, _ in _roles(analyze("A plane bombed the bridge at dawn."), "ASSAULT"))


def test_the_accused_does_the_accused_act(analyze: Any) -> None:
    """"X accused Y of shelling Z": the shelling is Y's (claimed by X), not X's."""
    doc = analyze("Kenya accused Somalia of shelling the border town.")
    assert ("Somalia", None) in _roles(doc, "ASSAULT") and ("Kenya", "Somalia") in _roles(doc, "ACCUSE")
