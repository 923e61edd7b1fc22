"""Any character the profile holds prints, in every theme: in the theme's font where it has the glyph, in a
fallback font per character where it does not, so the theme's font stays the body font (pdffonts)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
import yaml

from conftest import DATA, pdf_text
from cvgen.latex.engine import Engine
from cvgen.latex.fonts import charset, fallbacks
from cvgen.model import Design
from cvgen.pipeline import build
from cvgen.themes import look, names

STRESS = ["₹95,000", "Li₇La₃Zr₂O₁₂", "Al³⁺", "材料科学Ⅱ", "①", "―", "PGC-1α", "Инженер-исследователь",
          "Ελληνικά", "Nguyễn", "Đà Nẵng", "固体電解質の研究", "Tiếng Việt", "inH2Ovapour", "withGa3+"]

pytestmark = pytest.mark.tex  # every test here builds or reads PDFs



def test_a_fallback_is_chosen_only_for_what_the_font_lacks():
    if not charset("TeX Gyre Pagella"):
        pytest.skip("fontconfig does not list TeX Gyre Pagella (fonts-texgyre)")
    chosen = fallbacks("Palatino α ₹ ₇ Ж", "TeX Gyre Pagella", Engine("xelatex"), sans=False)
    assert "α" not in chosen and "P" not in chosen  # Pagella has Greek
    assert all(character in charset(chosen[character]) for character in "₹₇Ж")
    assert fallbacks("₹", "TeX Gyre Pagella", Engine("pdflatex"), sans=False) == {}


@pytest.mark.parametrize("theme", names())
def test_every_character_prints_in_every_theme_and_the_theme_font_stays_the_body_font(tmp_path, theme):
    profile = yaml.safe_load((DATA / "scripts.yaml").read_text(encoding="utf-8"))
    (tmp_path / "cv.yaml").write_text(yaml.safe_dump({**profile, "design": {"theme": theme}}, allow_unicode=True),
                                      encoding="utf-8")
    [built] = build(tmp_path / "cv.yaml", tmp_path / "out", "long")
    text = unicodedata.normalize("NFC", pdf_text(built.path)).replace(" ", "")
    assert [word for word in STRESS if word.replace(" ", "") not in text] == []
    fonts = subprocess.run(["pdffonts", str(built.path)], capture_output=True, text=True, check=True).stdout
    body = look(Design(theme=theme), None).font_name(Engine("xelatex")).replace(" ", "")
    assert body in fonts.splitlines()[3].replace(" ", "") or body in fonts.splitlines()[2].replace(" ", ""), fonts


def test_pdffonts_is_installed():
    assert shutil.which("pdffonts"), "pdffonts (poppler-utils) is needed by the font tests"
