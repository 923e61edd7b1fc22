"""The three PDFs built from the shipped profile by the real CLI and engine, read back with pypdf/pdftotext."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, pdf_text
from cvgen.document.publications import number_publications
from cvgen.typeset.pipeline import load_profile

pytestmark = pytest.mark.tex  # every test here runs a TeX engine or reads a PDF with poppler

PROFILE = load_profile(ROOT / "cv.yaml")
HIGHLIGHTED = [p.title for p in PROFILE.publications if p.highlight]
OTHER = [p.title for p in PROFILE.publications if not p.highlight]


def test_page_counts(shipped_build: Path):
    pages = {name: len(PdfReader(shipped_build / f"{name}.pdf").pages) for name in ("cv", "resume", "publications")}
    assert pages["resume"] == 1
    assert pages["cv"] >= 3
    assert pages["publications"] >= 2


def test_highlighted_titles_are_in_all_three(shipped_build: Path):
    for name in ("cv", "resume", "publications"):
        text = pdf_text(shipped_build / f"{name}.pdf")
        for title in HIGHLIGHTED:
            assert title in text, f"{title!r} missing from {name}.pdf"


def test_every_publication_is_in_the_cv_and_the_list_and_no_other_one_in_the_resume(shipped_build: Path):
    resume = pdf_text(shipped_build / "resume.pdf")
    for name in ("cv", "publications"):
        text = pdf_text(shipped_build / f"{name}.pdf")
        for title in OTHER:
            assert title in text, f"{title!r} missing from {name}.pdf"
    for title in OTHER:
        assert title not in resume
    assert f"{len(OTHER)} further publications are listed in the full CV." in resume


def test_same_paper_same_number_in_cv_and_publication_list(shipped_build: Path):
    def numbers(name: str) -> dict[str, str]:
        text = pdf_text(shipped_build / f"{name}.pdf")
        return {title: re.search(r"\[(\d+)\] " + re.escape(title), text).group(1)
                for title in HIGHLIGHTED + OTHER}

    assert numbers("cv") == numbers("publications")
    resume = pdf_text(shipped_build / "resume.pdf")
    for title, number in numbers("cv").items():
        if title in HIGHLIGHTED:
            assert f"[{number}] {title}" in resume


def test_owner_is_bold_in_the_generated_tex(shipped_build: Path):
    for name in ("cv", "resume", "publications"):
        tex = (shipped_build / f"{name}.tex").read_text()
        assert r"\textbf{\cvunderline{Kai Yi}}" in tex
        assert r"\textbf{\cvunderline{Peter" not in tex


def test_accents_and_ligatures_extract_as_text(shipped_build: Path):
    text = pdf_text(shipped_build / "cv.pdf")
    assert "Peter Richtárik" in text
    assert "Xi’an Jiaotong University" in text
    assert "Efficient" in text and "ﬁ" not in text and "ﬀ" not in text


def test_pdf_metadata(shipped_build: Path):
    info = PdfReader(shipped_build / "cv.pdf").metadata
    assert info.title == "Kai Yi – Curriculum Vitae"
    assert info.author == "Kai Yi"
    assert info.subject == "Curriculum Vitae"
    assert PdfReader(shipped_build / "resume.pdf").metadata.subject == "Résumé"


def test_no_overfull_lines_in_the_shipped_documents(shipped_build: Path, tmp_path):
    from cvgen.latex.engine import Engine
    from cvgen.typeset.compile import compile_tex

    for name in ("cv", "resume", "publications"):
        log = compile_tex((shipped_build / f"{name}.tex").read_text(), Engine("pdflatex"), source_date_epoch=0).log
        assert "Overfull \\hbox" not in log, name


def test_an_experience_cites_its_papers_by_number_in_ascending_order(shipped_build: Path):
    text = pdf_text(shipped_build / "cv.pdf")  # cv.yaml lists cognition-dl, affine-lbg, small-object-detection
    numbers = {item.publication.key: item.number for item in number_publications(PROFILE.publications)}
    expected = sorted(numbers[key] for key in ("cognition-dl", "affine-lbg", "small-object-detection"))
    assert "vehicle. [" + ", ".join(str(n) for n in expected) + "]" in text  # after the full stop, a space
