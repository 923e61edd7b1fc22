"""Per-variant text: a variant sets the headline, summary and other top-level text of its document."""

from __future__ import annotations

import pytest
import yaml

from conftest import pdf_text
from cvgen.document.variants import declared, with_variant_text
from cvgen.document.view import build_view
from cvgen.profile.model import Profile
from cvgen.richtext import text_of
from cvgen.typeset.pipeline import build

PROFILE = {
    "owner": {"name": "Sam Example"},
    "headline": "Software Engineer",
    "summary": "General summary.",
    "short_summary": "General short summary.",
    "research_interests": ["Databases"],
    "experience": [{"organization": "Example Payments", "role": "Engineer", "start": 2021}],
    "variants": {
        "backend": {"based_on": "short", "headline": "Backend Engineer · Go and Kafka",
                    "summary": "I build **payment backends** that stay up."},
        "ml": {"headline": {"en": "ML Engineer", "de": "ML-Ingenieur"}, "research_interests": ["Compression"],
               "short_summary": "Short ML pitch.", "summary": "short_summary"},
        "short": {},
    },
}


def view_of(name: str):
    profile = Profile.model_validate(PROFILE)
    variant = declared(profile)[name]
    return build_view(with_variant_text(profile, variant), variant)


def summary_text(view) -> str:
    return " ".join(text_of(paragraph) for item in view.sections[0].items
                    for paragraph in getattr(item, "paragraphs", ()))


def test_a_variant_sets_its_own_headline_and_summary_text():
    backend = view_of("backend")
    assert backend.headline == "Backend Engineer · Go and Kafka"
    assert summary_text(backend) == "I build payment backends that stay up."  # markup, through the rich-text path
    ml = view_of("ml")
    assert ml.headline == "ML Engineer" and summary_text(ml) == "Short ML pitch."
    assert "Compression" in str(ml.sections[0].items[-1])


def test_a_variant_without_text_keeps_the_profiles():
    short = view_of("short")
    assert short.headline == "Software Engineer" and summary_text(short) == "General short summary."
    assert summary_text(view_of("long")) == "General summary."


def test_an_unknown_variant_field_still_says_what_it_expects(tmp_path):
    from cvgen.errors import ProfileError
    from cvgen.typeset.pipeline import load_profile

    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump({"owner": {"name": "A"}, "variants": {"backend": {"headlin": "X"}}}))
    try:
        load_profile(path)
    except ProfileError as error:
        assert [str(problem) for problem in error.problems] == [
            f"{path}:5:5: variants.backend.headlin: unknown field 'headlin'; did you mean 'headline'?"]
    else:
        raise AssertionError("no error")


@pytest.mark.tex
def test_the_pdf_prints_the_variants_text(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(PROFILE, allow_unicode=True), encoding="utf-8")
    build(path, tmp_path / "out", "backend")
    text = pdf_text(tmp_path / "out" / "backend.pdf")
    assert "Backend Engineer · Go and Kafka" in text and "I build payment backends that stay up." in text
    assert "Software Engineer" not in text and "General" not in text


def test_skills_and_hobbies_as_two_sections_with_their_own_headings():
    profile = Profile.model_validate({**PROFILE, "skills": [{"category": "Languages", "items": ["Go", "Python"]}],
                                      "hobbies": ["Climbing", "Chess"],
                                      "variants": {"job": {"sections": ["experience", "skills", "hobbies"]}}})
    variant = declared(profile)["job"]
    view = build_view(profile, variant)
    assert [section.title for section in view.sections] == ["Experience", "Skills", "Interests"]
    assert [item.heading for item in view.sections[1].items] == ["Languages"]
    assert text_of(view.sections[2].items[0].paragraphs[0]) == "Climbing, Chess"
