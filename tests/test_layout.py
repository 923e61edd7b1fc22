"""The layout defects users reported, checked on real PDFs in every theme and with both engines: dates and
addresses never break, titles never run into their dates, linked titles look like the others, headings
are set alike by both engines, publication lines are never stretched into wide gaps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DATA
from cvgen.document.variants import select
from cvgen.document.view import build_view
from cvgen.profile import themes
from cvgen.typeset.pipeline import build, load_profile
from pdflayout import chroma_in, fonts_of, lines, same_row

pytestmark = pytest.mark.tex  # every test here runs a TeX engine or reads a PDF with poppler

GREEK = "Professor of Biochemistry (Βιοχημεία)"  # needs xelatex


@pytest.fixture(scope="module", params=[(theme, engine) for theme in themes.names()
                                        for engine in ("pdflatex", "xelatex")], ids=lambda p: "-".join(p))
def built(request, tmp_path_factory) -> dict:
    theme, engine = request.param
    text = (DATA / "layout.yaml").read_text(encoding="utf-8") + f"design:\n  theme: {theme}\n"
    if engine == "xelatex":
        text = text.replace("Professor of Biochemistry", GREEK)
    folder = tmp_path_factory.mktemp(f"layout-{theme}-{engine}")
    (folder / "cv.yaml").write_text(text, encoding="utf-8")
    profile = load_profile(folder / "cv.yaml")
    variants = [*select("short", profile), *select("long", profile)]
    documents = build(folder / "cv.yaml", folder / "out", variants, use_cache=False)
    assert {document.engine for document in documents} == {engine}
    dates = {variant.output: build_view(profile, variant).dates for variant in variants}
    return {"out": folder / "out", "dates": dates, "theme": theme, "engine": engine}


def pdfs(built: dict) -> list[Path]:
    return [built["out"] / "resume.pdf", built["out"] / "cv.pdf"]


def test_dates_are_never_split_across_lines(built):
    for pdf in pdfs(built):
        text = [line.text for line in lines(pdf)]
        for date in built["dates"][pdf.stem]:
            assert any(date in line for line in text), f"{pdf.name}: {date!r} is split: {text}"


def test_a_place_is_never_split_across_lines(built):
    """The résumé runs title, role and place on one line: the place ("Heidelberg, Germany") stays whole (a
    trial saw "New / York" in the engineering theme), because the template boxes it."""
    text = [line.text for line in lines(built["out"] / "resume.pdf")]
    for place in ("Heidelberg, Germany", "Martinsried, Germany"):
        assert any(place in line for line in text), f"{place!r} is split: {text}"
    from cvgen.latex.engine import Engine
    from cvgen.typeset.render import render

    profile = load_profile(DATA / "layout.yaml")
    [short] = select("short", profile)
    assert "\\mbox{Heidelberg, Germany}" in render(build_view(profile, short), Engine("pdflatex"))


def test_a_long_title_never_runs_into_its_date(built):
    for pdf in pdfs(built):
        found = lines(pdf)
        for date in built["dates"][pdf.stem]:
            first = date.split()[0]
            for line in found:
                if date not in line.text:
                    continue
                start = next(i for i, word in enumerate(line.words)
                             if " ".join(w.text for w in line.words[i:]).startswith(date))
                left = line.words[start].x0
                for word in same_row(found, line.words[start], line.page):
                    if word.x0 < left:
                        assert word.x1 <= left - 3, f"{pdf.name}: {word.text!r} runs into {date!r} ({first})"


def test_contact_prints_whole_addresses_not_labels(built):
    for pdf in pdfs(built):
        header = [line.text for line in lines(pdf)[:6]]
        for address in ("katrin.weissenborn@biochemie.uni-freiburg.de", "+49 761 203 97000",
                        "biochemie.uni-freiburg.de/weissenborn", "github.com/kweissenborn",
                        "orcid.org/0000-0002-1825-0097"):
            assert any(address in line for line in header), f"{pdf.name}: {address!r} broken or missing: {header}"
        assert not any(re.search(r"\b(GitHub|ORCID)\b", line) for line in header)
        # the contact line wraps in this profile: no line of it starts or ends with a separating dot
        contact = [line for line in header if "orcid.org" in line or "github.com" in line or "+49" in line]
        assert len(contact) >= 2 and not [line for line in contact if line.startswith("·") or line.endswith("·")]


def test_headings_are_bold_with_both_engines(built):
    for pdf in pdfs(built):
        fonts = fonts_of(pdf, "Education") or fonts_of(pdf, "Education", 1)
        assert fonts and all("Bold" in font or "bx" in font.lower() for font in fonts), fonts
        assert not any("Caps" in font or "csc" in font.lower() for font in fonts), fonts


def test_a_linked_title_looks_like_an_unlinked_one(built):
    pdf = built["out"] / "cv.pdf"
    words = {word.text: (line.page, word) for line in lines(pdf) for word in line.words}
    (linked_page, linked), (plain_page, plain) = words["Linkedproject"], words["Plainproject"]
    assert abs(chroma_in(pdf, linked, linked_page) - chroma_in(pdf, plain, plain_page)) < 25


def test_publication_lines_have_no_wide_gaps(built):
    """Ragged right in every document: a justified line of a compact résumé or of an xelatex build spread
    its words apart. A gap wider than 0.8 em means stretched spaces."""
    for pdf in pdfs(built):
        found = lines(pdf)
        labels = [i for i, line in enumerate(found) if re.fullmatch(r"\[\d+\]", line.words[0].text)]
        assert labels, pdf.name
        indent = found[labels[0]].words[1].x0
        checked = 0
        for line in found[labels[0]:]:
            words = line.words[1:] if line.words[0].text.startswith("[") else line.words
            if abs(words[0].x0 - indent) > 1:
                break
            gaps = [b.x0 - a.x1 for a, b in zip(words, words[1:], strict=False)]
            assert max(gaps, default=0) < 8, f"{pdf.name}: {line.text!r} has gaps {gaps}"
            checked += 1
        assert checked >= 3
