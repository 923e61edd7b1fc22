"""What a résumé keeps: education details in the compact form, web addresses as text, no doubled brackets."""

from __future__ import annotations

from cvgen.document.variants import declared
from cvgen.document.view import build_view
from cvgen.profile.model import Profile
from cvgen.richtext import text_of

PROFILE = {
    "owner": {"name": "Sam Example"},
    "education": [{"institution": "University of Toronto", "degree": "B.A.Sc.", "start": 2013, "end": 2017,
                   "details": ["GPA 3.9/4.0", "Coursework: Distributed Systems, Compilers"]}],
    "projects": [{"name": "raftkv", "url": "https://github.com/example/raftkv/", "technologies": ["Go"]}],
    "certifications": [{"name": "CKA", "issuer": "CNCF", "url": "https://www.credly.com/badges/42"}],
    "sections": {"talks2": {"title": "Demos", "entries": [{"title": "Demo", "url": "https://demo.example.org/x"}]}},
    "awards": [{"name": "Hackathon (Software Edition)", "note": "1st of 68 teams", "start": 2023},
               {"name": "Dean's List", "note": "(top 5%)", "start": 2016}],
}


def sections(name: str) -> dict:
    profile = Profile.model_validate(PROFILE)
    view = build_view(profile, declared(profile)[name])
    return {section.key: section.items for section in view.sections}


def test_the_compact_resume_keeps_education_details_as_bullets():
    [school] = sections("short")["education"]
    assert [text_of(line) for line in school.bullets] == ["GPA 3.9/4.0", "Coursework: Distributed Systems, Compilers"]
    [school] = sections("long")["education"]
    assert [text_of(line) for line in school.details] == ["GPA 3.9/4.0", "Coursework: Distributed Systems, Compilers"]
    assert not school.bullets


def test_web_addresses_are_printed_as_short_text_in_every_document():
    for name in ("long", "short"):
        found = sections(name)
        [project] = found["projects"]
        assert text_of(project.subtitle) == "Go, github.com/example/raftkv"
        assert project.subtitle[-1].url == "https://github.com/example/raftkv/"
        if name == "long":
            assert text_of(found["certifications"][0].subtitle) == "CNCF, credly.com/badges/42"
            assert text_of(found["talks2"][0].subtitle) == "demo.example.org/x"


def test_a_note_never_doubles_brackets():
    hackathon, deans = sections("long")["awards"]
    assert text_of(hackathon.title) == "Hackathon (Software Edition; 1st of 68 teams)" and hackathon.note == ""
    assert text_of(deans.title) == "Dean’s List" and deans.note == "top 5%"  # the language's apostrophe
