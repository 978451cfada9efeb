"""Floor of `polemos eval claims` (issue 4 goal: status accuracy >= 0.85)."""

from __future__ import annotations

import pytest

from polemos.eval import claims


@pytest.mark.dev  # tuned on: own passages, the rules were fixed against them
def test_claims_eval_floor() -> None:
    report = claims.run()
    assert report["n"] >= 170  # own + held-out (+ 31 corpus items when ../shared is present)
    assert report["status_accuracy"] >= 0.90
    assert report["claimant_accuracy"] >= 0.85
    assert report["hypothetical_reported"] == 0  # a hypothetical event is never reported
    for status, row in report["per_status"].items():
        assert row["accuracy"] is None or row["accuracy"] >= 0.80, status
