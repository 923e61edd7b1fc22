"""Any character the profile holds prints, in every theme and with both engines cvgen uses: in the theme's font
where it has the glyph, in a fallback font per character where it does not, so the theme's font stays the body
font. One document per theme and engine (each builds in one or two seconds)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pypdf
import pytest
import yaml

from conftest import DATA, pdf_text
from cvgen.latex.engine import Engine
from cvgen.latex.fonts import charset, fallbacks
from cvgen.profile.model import Design
from cvgen.profile.themes import look, names
from cvgen.typeset.pipeline import build

# The characters the issue named, each of which must be in the stress profile (tests/data/scripts.yaml).
NAMED = "₹₇³⁺Ⅱ①―αЖΕễ東"
# Beyond ASCII but within what pdflatex typesets (T1/TS1): such a profile stays with pdflatex.
LATIN = {
    "owner": {"name": "Łukasz Wróbel-Ñúñez"},
    "headline": "Xi’an “quoted” – Łódź € — Richtárik",
    "summary": "Œuvre, Straße, Ærø, Ğüşİ, Őrség, Ţară: «guillemets» ‘single’ · §1 ±2 °C ½ ©",
    "experience": [{"organization": "Université Paris-Saclay, Île-de-France", "role": "Maître de conférences",
                    "start": "2020-04", "highlights": ["Kraków → Zürich — São Paulo; Dvořák, Šťastný"]}],
}
# Keys whose values are not free text (identifiers, dates) and are not printed as they are typed.
_NOT_TEXT = {"key", "start", "end", "date", "year", "theme"}


def free_text(value: object, key: str = "") -> list[str]:
    """Every free-text value of a profile, as it should read back (pandoc's ~ and ^ marks are no text)."""
    if isinstance(value, dict):
        return [text for name, item in value.items() for text in free_text(item, name)]
    if isinstance(value, list):
        return [text for item in value for text in free_text(item, key)]
    if isinstance(value, str) and key not in _NOT_TEXT:
        return [value.replace("~", "").replace("^", "")]
    return []


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def letters_per_font(path: Path) -> Counter[str]:
    """How many Latin letters each font sets (the font's name without its subset prefix)."""
    counts: Counter[str] = Counter()

    def visit(text, _cm, _tm, font, _size):
        if font:
            counts[str(font["/BaseFont"]).split("+")[-1]] += sum(c.isascii() and c.isalpha() for c in text)
    for page in pypdf.PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return counts


def test_a_fallback_is_chosen_only_for_what_the_font_lacks():
    if not charset("TeX Gyre Pagella"):
        pytest.skip("fontconfig does not list TeX Gyre Pagella (fonts-texgyre)")
    chosen = fallbacks("Palatino α ₹ ₇ Ж", "TeX Gyre Pagella", Engine("xelatex"), sans=False)
    assert "α" not in chosen and "P" not in chosen  # Pagella has Greek
    assert all(character in charset(chosen[character]) for character in "₹₇Ж")
    assert fallbacks("₹", "TeX Gyre Pagella", Engine("pdflatex"), sans=False) == {}


def test_the_stress_profile_holds_every_named_character_in_every_free_text_field():
    texts = free_text(yaml.safe_load((DATA / "scripts.yaml").read_text(encoding="utf-8")))
    assert set(NAMED) <= set("".join(texts))
    assert sum(any(c in text for c in "₹東") for text in texts) >= 20, texts


@pytest.mark.tex
@pytest.mark.parametrize("engine", ["xelatex", "pdflatex"])
@pytest.mark.parametrize("theme", names())
def test_every_character_prints_and_the_theme_font_stays_the_body_font(tmp_path, theme, engine):
    profile = (yaml.safe_load((DATA / "scripts.yaml").read_text(encoding="utf-8")) if engine == "xelatex"
               else LATIN)
    (tmp_path / "cv.yaml").write_text(yaml.safe_dump({**profile, "design": {"theme": theme}}, allow_unicode=True),
                                      encoding="utf-8")
    [built] = build(tmp_path / "cv.yaml", tmp_path / "out", "long")
    assert built.engine == engine
    text = squeeze(pdf_text(built.path))
    assert [value for value in free_text(profile) if squeeze(value) not in text] == []
    body = look(Design(theme=theme), None).font_name(Engine(engine)).replace(" ", "").replace("LatinModern", "LM")
    counts = letters_per_font(built.path)
    assert counts.most_common(1)[0][0].startswith(body), counts  # e.g. TeXGyrePagella-Regular, LMRoman10-Regular
