from __future__ import annotations

import pytest

from cvgen.latex.engine import _SURELY_PDFLATEX, Engine, choose_engine, pdflatex_characters


def test_latin_text_uses_pdflatex():
    assert choose_engine("Peter Richtárik, Xi’an, Łódź — “quoted” 5 €") == Engine("pdflatex")


def test_other_scripts_use_xelatex_and_cjk_loads_xecjk():
    assert choose_engine("易凯") == Engine("xelatex", cjk=True)
    assert choose_engine("Ωmega and ễ") == Engine("xelatex", cjk=False, other_scripts=True)  # Greek
    assert choose_engine("Phở and so on…") == Engine("xelatex", cjk=False)  # Latin letters and punctuation
    assert choose_engine("Инженер 易") == Engine("xelatex", cjk=True, other_scripts=True)


@pytest.mark.tex
def test_the_known_characters_come_from_the_installed_tex():
    known = pdflatex_characters()
    assert "á" in known and "€" in known and "’" in known
    assert "…" not in known  # LaTeX would print three periods
    assert "ﬁ" not in known  # TeX would print the letters f and i, not the ligature character


@pytest.mark.tex
def test_the_fast_path_characters_are_all_known_to_the_installed_tex():
    assert _SURELY_PDFLATEX <= pdflatex_characters()
