from __future__ import annotations

from cvgen.document.dates import Dates
from cvgen.profile.model import PartialDate

EN = Dates("en", "Present")


def test_periods_in_english():
    assert EN.period(PartialDate(2021, 12), "present") == "Dec 2021 – Present"
    assert EN.period(PartialDate(2022, 2), PartialDate(2022, 5)) == "Feb – May 2022"
    assert EN.period(PartialDate(2016), PartialDate(2018)) == "2016 – 2018"
    assert EN.period(PartialDate(2019, 6), None) == "Jun 2019"
    assert EN.period(PartialDate(2019, 6), PartialDate(2019, 6)) == "Jun 2019"
    assert EN.period(None, None) == ""


def test_single_dates_in_english():
    assert EN.date(PartialDate(2022, 12, 7)) == "7 Dec 2022"
    assert EN.date(PartialDate(2022, 9)) == "Sep 2022"
    assert EN.date(PartialDate(2022)) == "2022"


def test_runs_of_years():
    assert Dates.years([2024, 2022, 2023, 2026]) == "2022–2024, 2026"
    assert Dates.years([2022, 2024]) == "2022, 2024"
    assert Dates.years([2020, 2021]) == "2020, 2021"
