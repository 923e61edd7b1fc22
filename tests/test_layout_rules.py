"""Layout a person would otherwise fix by hand, in every theme (issue 25, item 7): a heading never stands
alone at the foot of a page, and a citation never breaks the owner's name across lines."""

from __future__ import annotations

import subprocess

import pytest
import yaml

from cvgen.profile.themes import names
from cvgen.typeset.pipeline import build

THEMES = list(names())


def page_texts(path) -> list[list[str]]:
    """The non-empty lines of each page, as pdftotext reads them."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")]


def many_sections(theme: str) -> dict:
    """Thirty sections of your own, of 1 to 4 entries of one to three lines: page breaks fall everywhere."""
    sections = {}
    for number in range(30):
        entries = [{"title": f"Entry {number}.{index} " + "word " * (3 + (number * 7 + index * 3) % 11),
                    "subtitle": "Second line", "date": 2020,
                    "highlights": ["A bullet that says something. " * (1 + (number + index) % 3)] * (index % 3)}
                   for index in range(1 + number % 4)]
        sections[f"own{number}"] = {"title": f"Heading Number {number}", "entries": entries}
    return {"owner": {"name": "Kai Yi"}, "design": {"theme": theme}, "updated": "2026-01-01", "sections": sections}


def last_rows(path) -> list[str]:
    """The lowest row of text above the footer (name · Curriculum Vitae ... page) of each page but the last, as
    pdftotext's word boxes place it: everything printed on that baseline, the date column's included."""
    from pdflayout import lines

    found = lines(path)
    rows = []
    for page in range(1, max(line.page for line in found)):
        words = [word for line in found if line.page == page for word in line.words]
        footer = min(word.y0 for line in found if line.page == page and "Vitae" in line.text for word in line.words)
        body = [word for word in words if word.y1 < footer]
        lowest = max(word.y1 for word in body)
        rows.append(" ".join(word.text for word in sorted(body, key=lambda word: word.x0) if word.y1 > lowest - 3))
    return rows


@pytest.mark.tex
@pytest.mark.parametrize("theme", THEMES)
def test_a_heading_never_stands_alone_at_the_foot_of_a_page(tmp_path, theme):
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(many_sections(theme)), encoding="utf-8")
    [built] = build(path, tmp_path / "out", "long")
    assert built.pages >= 4
    rows = last_rows(built.path)
    assert len(rows) == built.pages - 1 and all(rows)
    assert [row for row in rows if row.startswith("Heading Number")] == []


def built_in_sections(theme: str, padding: int) -> dict:
    """Every kind of built-in section (publications by type with sub-headings, awards, talks, languages,
    skills...) after `padding` lines of a section of your own: the headings fall at every height of a page."""
    papers = [{"key": f"p{number}", "authors": ["Kai Yi", "Co Author"], "title": f"Paper number {number} " + "word " * 9,
               "venue": "Journal of Things" if number % 3 else "NeurIPS", "year": 2010 + number % 15,
               "type": ["article", "conference", "review", "book"][number % 4], "publisher": "Press"}
              for number in range(14)]
    return {"owner": {"name": "Kai Yi"}, "design": {"theme": theme}, "updated": "2026-01-01",
            "sections": {"padding": {"title": "Padding", "items": [f"Line {number} " + "word " * 12
                                                                    for number in range(padding)]}},
            "experience": [{"organization": f"Company {number}", "role": "Engineer", "start": 2010 + number,
                            "highlights": ["Did a thing that mattered. " * 2] * 2} for number in range(5)],
            "publications": papers,
            "awards": [{"name": f"Award {number}", "start": 2010 + number} for number in range(4)],
            "talks": [{"title": f"Talk {number}", "event": "Meeting", "date": 2015 + number} for number in range(4)],
            "languages": [{"language": "English", "level": "native"}, {"language": "French", "level": "B2"}],
            "skills": [{"category": f"Group {number}", "items": ["A", "B", "C"]} for number in range(3)],
            "hobbies": ["Running"],
            "variants": {"long": {"group_by": "type", "sections": [
                "padding", "experience", "highlighted_publications", "other_publications", "awards", "talks",
                "languages", "additional"]}}}


@pytest.mark.tex
@pytest.mark.parametrize("theme", THEMES)
def test_no_heading_or_sub_heading_of_a_built_in_section_stands_alone_at_the_foot_of_a_page(tmp_path, theme):
    headings = {"Padding", "Research Experience", "Publications", "Awards & Honors", "Talks", "Languages",
                "Additional Information", "Journal Articles", "Conference Papers", "Reviews", "Books"}
    seen = set()
    for padding in range(0, 48, 4):
        path = tmp_path / str(padding) / "cv.yaml"
        path.parent.mkdir()
        path.write_text(yaml.safe_dump(built_in_sections(theme, padding)), encoding="utf-8")
        [built] = build(path, path.parent / "out", "long")
        rows = last_rows(built.path)
        assert all(rows), rows
        assert [row for row in rows if row in headings] == [], (padding, rows)
        seen.update(rows)
    assert len(seen) >= 6  # the page breaks fell at many places


@pytest.mark.tex
def test_a_citation_never_breaks_the_owners_name(tmp_path):
    # Authors before the owner's name of many lengths: the name falls at every place of a line.
    papers = [{"key": f"p{number}", "title": f"Paper {number}", "venue": "NeurIPS", "year": 2024,
               "authors": [*(f"Au{index} {'n' * ((number * 5 + index * 3) % 9 + 1)}" for index in range(4 + number % 13)),
                           "Kai Yi Longname", "Co Author"]} for number in range(60)]
    profiles = [{"owner": {"name": "Kai Yi Longname"}, "updated": "2026-01-01", "publications": papers,
                 "design": {"theme": theme}, "owner_style": style} for theme in THEMES for style in ("bold", "underline")]
    for index, data in enumerate(profiles):
        path = tmp_path / f"p{index}" / "cv.yaml"
        path.parent.mkdir()
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        [built] = build(path, path.parent / "out", "publications")
        lines = [line for page in page_texts(built.path) for line in page]
        broken = [line for line in lines if ("Kai" in line or "Longname" in line) and "Kai Yi Longname" not in line]
        assert broken == [], data["design"]
        assert sum("Kai Yi Longname" in line for line in lines) >= 60
