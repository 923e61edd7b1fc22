from __future__ import annotations

from cvgen.model import Award, Profile
from cvgen.variants import BUILTIN
from cvgen.view import build_view, format_period, format_years, normalise_name


def test_format_period():
    assert format_period(Award(name="x", start="2021-12", end="present")) == "Dec 2021 – Present"
    assert format_period(Award(name="x", start="2022-02", end="2022-05")) == "Feb – May 2022"
    assert format_period(Award(name="x", start=2016, end=2018)) == "2016 – 2018"
    assert format_period(Award(name="x", start="2019-06")) == "Jun 2019"
    assert format_period(Award(name="x")) == ""


def test_format_years():
    assert format_years([2024, 2022, 2023, 2026]) == "2022–2024, 2026"
    assert format_years([2022, 2024]) == "2022, 2024"
    assert format_years([2020, 2021]) == "2020, 2021"


def test_owner_is_recognised_through_aliases_and_accents():
    assert normalise_name("K. Yi") == normalise_name("k yi")
    assert normalise_name("Peter Richtárik") == normalise_name("Peter Richtarik")


def test_resume_view_lists_only_highlighted_papers_and_counts_the_rest():
    profile = Profile.model_validate({
        "owner": {"name": "Kai Yi", "aliases": ["K. Yi"]},
        "publications": [
            {"key": "h", "authors": ["K. Yi", "B"], "title": "H", "venue": "V", "year": 2024, "highlight": True},
            {"key": "o", "authors": ["B"], "title": "O", "venue": "V", "year": 2025},
        ]})
    view = build_view(profile, BUILTIN["short"])
    [section] = [s for s in view.sections if s.kind.endswith("publications")]
    assert [p.key for p in section.items] == ["h"]
    assert [a.is_owner for a in section.items[0].authors] == [True, False]
    assert view.more_publications == 1
    long_view = build_view(profile, BUILTIN["long"])
    assert [(s.kind, [p.number for p in s.items]) for s in long_view.sections] == [
        ("highlighted_publications", [1]), ("other_publications", [2])]
