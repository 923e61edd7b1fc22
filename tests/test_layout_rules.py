"""Layout a person would otherwise fix by hand, in every theme (issue 25, item 7): a heading never stands
alone at the foot of a page, and a citation never breaks the owner's name across lines."""

from __future__ import annotations

import subprocess

import pytest
import yaml

from cvgen.pipeline import build
from cvgen.themes import names

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


@pytest.mark.tex
@pytest.mark.parametrize("theme", THEMES)
def test_a_heading_never_stands_alone_at_the_foot_of_a_page(tmp_path, theme):
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(many_sections(theme)), encoding="utf-8")
    [built] = build(path, tmp_path / "out", "long")
    pages = page_texts(built.path)
    assert built.pages >= 4
    # The last line of a page's text is the long CV's footer (name · title · page); the one before it is the
    # page's last line of text.
    lonely = [page[-2] for page in pages[:-1] if len(page) > 1 and page[-2].startswith("Heading Number")]
    assert lonely == []


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
