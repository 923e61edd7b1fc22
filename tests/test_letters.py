"""Cover letters: a document kind over the same profile, header and theme; one page; bundled with others."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import pdf_text
from cvgen.document.catalog import Catalog, languages
from cvgen.document.variants import bundle_parts, declared
from cvgen.document.view import build_view
from cvgen.errors import BuildError
from cvgen.profile.model import PartialDate, Profile
from cvgen.richtext import text_of
from cvgen.typeset.pipeline import build

PROFILE = {
    "owner": {"name": "Sam Example"},
    "headline": "Senior Software Engineer",
    "updated": "2026-01-15",
    "contact": {"email": "sam@example.org", "links": [{"label": "GitHub", "url": "https://github.com/example"}]},
    "experience": [{"organization": "Example Payments", "role": "Engineer", "start": "2021-03", "end": "present",
                    "highlights": ["Cut latency."]}],
    "letters": {
        "acme": {
            "recipient": {"name": "Dr. Jane Roe", "title": "Head of Engineering", "organization": "ACME Corp.",
                          "address": "100 Main Street\nSpringfield, IL 62701\n"},
            "date": "2026-02-03",
            "subject": "Application: Senior Backend Engineer",
            "salutation": "Dear Dr. Roe,",
            "body": "I am writing to apply for the **Senior Backend Engineer** position, which I saw on\n"
                    "[your careers page](https://acme.example/careers).\n\nI cut latency by 87%.\n\nThank you.",
            "closing": "Sincerely,",
            "enclosures": ["Résumé", "References"],
        },
        "beta": {"body": "Hallo.", "language": "de", "design": {"theme": "modern"}},
    },
    "variants": {"acme": {"bundle": ["letter-acme", "resume"]}},
}


def profile(**changes) -> Profile:
    return Profile.model_validate({**PROFILE, **changes})


def test_each_letter_is_a_one_page_document_selected_by_its_name():
    variants = declared(profile())
    acme, beta = variants["letter-acme"], variants["letter-beta"]
    assert (acme.output, acme.max_pages, acme.letter, acme.template) == ("letter-acme", 1, "acme", "letter.tex.j2")
    assert (beta.language, beta.design.theme) == ("de", "modern")
    assert [part.output for part in bundle_parts(variants["acme"], profile())] == ["letter-acme", "resume"]


def test_a_letter_view_keeps_paragraphs_markup_and_localizes_date_and_words():
    view = build_view(profile(), declared(profile())["letter-acme"])
    letter = view.sections[0].items[0]
    assert letter.recipient == ("Dr. Jane Roe", "Head of Engineering", "ACME Corp.", "100 Main Street",
                                "Springfield, IL 62701")
    assert letter.date == "3 February 2026" and view.title == "Cover Letter"
    assert len(letter.paragraphs) == 3
    first = letter.paragraphs[0]
    assert text_of(first) == ("I am writing to apply for the Senior Backend Engineer position, which I saw on "
                              "your careers page.")
    assert [span.text for span in first if span.bold] == ["Senior Backend Engineer"]
    assert [span.url for span in first if span.url] == ["https://acme.example/careers"]
    assert letter.enclosures == "Enclosures: Résumé, References"
    assert letter.signature == "Sam Example"  # the owner's name when the letter gives no signature
    german = build_view(profile(updated=None), declared(profile())["letter-beta"], PartialDate(2026, 3, 7))
    assert german.sections[0].items[0].date == "7. März 2026" and german.title == "Anschreiben"


@pytest.mark.parametrize("language", languages())
def test_every_catalog_names_the_letter_and_its_enclosures(language):
    from cvgen.document.catalog import _load

    own = _load(language)
    assert own["documents"]["letter"] and own["headings"]["hobbies"]
    assert "{items}" in own["phrases"]["enclosures"]
    assert "X" in Catalog(language).phrase("enclosures", items="X")


@pytest.mark.tex
def test_letter_and_bundle_build_in_every_theme(tmp_path):
    data = {**PROFILE, "variants": {**PROFILE["variants"],
                                    **{f"pack-{theme}": {"bundle": [f"letter-{theme}", "resume"]}
                                       for theme in ("classic", "modern", "sober", "engineering")}},
            "letters": {**PROFILE["letters"], **{theme: {**PROFILE["letters"]["acme"], "design": {"theme": theme}}
                                                 for theme in ("classic", "modern", "sober", "engineering")}}}
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    built = {item.name: item for item in build(path, tmp_path / "out")}
    letter = pdf_text(tmp_path / "out" / "letter-acme.pdf")
    for text in ("Sam Example", "github.com/example", "Dr. Jane Roe", "Springfield, IL 62701", "3 February 2026",
                 "Application: Senior Backend Engineer", "saw on your careers page.", "cut latency by 87%.",
                 "Sincerely,", "Enclosures: Résumé, References"):
        assert text in letter, text
    assert "Hallo." in pdf_text(tmp_path / "out" / "letter-beta.pdf")
    assert built["letter-acme"].pages == 1 and built["letter-acme"].room_left_lines is None
    for theme in ("classic", "modern", "sober", "engineering"):
        bundle = built[f"pack-{theme}"]
        assert bundle.pages == 2, theme
        pages = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(bundle.path), "-"], capture_output=True,
                               text=True, check=True).stdout
        assert "Example Payments" in pages and "Dear Dr. Roe" not in pages
    first = (tmp_path / "out" / "acme.pdf").read_bytes()
    build(path, tmp_path / "again", "acme", use_cache=False)
    assert (tmp_path / "again" / "acme.pdf").read_bytes() == first  # same parts, same bytes


@pytest.mark.tex
def test_a_letter_longer_than_a_page_is_refused(tmp_path):
    long_body = "\n\n".join(["A paragraph that goes on and on about my many qualities. " * 6] * 20)
    data = {**PROFILE, "letters": {"acme": {"body": long_body}}, "variants": {}}
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(BuildError, match=r"letter-acme\.pdf: cannot fit 1 page"):
        build(path, tmp_path / "out", "letter-acme")


def test_letter_fields_are_a_contract():
    from cvgen.profile.model import Letter, Recipient

    assert list(Letter.model_fields) == ["recipient", "date", "subject", "salutation", "body", "closing",
                                         "signature", "enclosures", "language", "design"]
    assert list(Recipient.model_fields) == ["name", "title", "organization", "address"]


@pytest.mark.tex
def test_render_selects_a_letter_by_name(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(PROFILE, allow_unicode=True), encoding="utf-8")
    built = build(path, tmp_path / "out", "letter-acme")
    assert [item.path.name for item in built] == ["letter-acme.pdf"]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["letter-acme.pdf"]
    assert Path(tmp_path / "out" / "letter-acme.pdf").exists()
