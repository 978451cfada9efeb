"""The API's filters: a value that can match nothing is an error (E422), dates are windows, names are ISO3."""

from __future__ import annotations

import pytest

from polemos.errors import PolemosError
from polemos.web._filters import check_filters, window


def test_windows_cover_every_day_of_a_month_or_year() -> None:
    assert window("2017-04", "until") == ("2017-04-01", "2017-04-30")
    assert window("2016-02", "until") == ("2016-02-01", "2016-02-29")
    assert window("2017", "since") == ("2017-01-01", "2017-12-31")
    assert window("2017-04-12", "since") == ("2017-04-12", "2017-04-12")


@pytest.mark.parametrize(("key", "value"), [("since", "2017-13-45"), ("until", "2017-02-30"), ("since", "17-4"),
                                            ("type", "bogus"), ("status", "rumoured"), ("country", "Atlantis")])
def test_values_that_match_nothing_are_errors(key: str, value: str) -> None:
    with pytest.raises(PolemosError) as info:
        check_filters({key: value})
    assert info.value.code == "E422" and value in info.value.message


def test_case_and_country_names_are_normalised() -> None:
    got = check_filters({"type": "assault", "status": "REPORTED", "country": "Syria", "until": "2017-04"})
    assert got == {"type": "ASSAULT", "status": "reported", "country": "SYR", "until": "2017-04-30"}
