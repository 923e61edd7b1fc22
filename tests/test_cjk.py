"""CJK typesetting: typed spaces are kept and full-width ones do not scramble the text layer, digits take no
inter-script space (2019年4月 is searchable as written), and nothing that holds CJK is ever slanted."""

from __future__ import annotations

import re
import shutil

import pypdf
import pytest

from conftest import DATA, pdf_text
from cvgen.latex.engine import CJK_FORMS
from cvgen.latex.escape import escape
from cvgen.paths import shipped_templates
from cvgen.richtext import Span
from cvgen.typeset.pipeline import build
from cvgen.typeset.render import rich


def test_a_value_that_mixes_cjk_and_latin_is_upright_as_a_whole():
    assert escape("特別研究員（DC1）") == r"{\upshape 特別研究員（DC1）}"
    assert escape("東京大学") == "東京大学" and escape("Chemistry of Materials") == "Chemistry of Materials"
    assert escape("、") == "、"  # punctuation alone is no CJK text


def test_an_italic_run_that_holds_cjk_is_upright_and_others_stay_italic():
    ga = (Span("Ga", italic=True), Span("3+", italic=True, script="super"), Span("ドープ", italic=True), Span("の効果"))
    assert r"\textit" not in rich(ga)
    assert rich((Span("Chemical Physics", italic=True), Span(" に掲載"))).startswith(r"\textit{Chemical Physics}")


def test_the_ideographic_space_is_half_an_em_in_print_and_itself_in_the_metadata():
    assert escape("佐藤\u3000美咲") == "佐藤\\texorpdfstring{\\hspace{.5em}}{\u3000}美咲"


def test_the_template_declares_to_xecjk_the_characters_cvgen_leaves_to_the_cjk_font():
    template = (shipped_templates() / "base.tex.j2").read_text(encoding="utf-8")
    [ranges] = re.findall(r"\\xeCJKDeclareCharClass\{CJK\}\{(.*)\}", template)
    declared = set()
    for part in ranges.split(","):
        low, _, high = part.partition("->")
        declared.update(chr(code) for code in range(int(low[1:], 16), int((high or low)[1:], 16) + 1))
    assert declared == CJK_FORMS


@pytest.fixture(scope="module")
def japanese(tmp_path_factory) -> dict[str, object]:
    """The long CV of tests/data/japanese.yaml: its text layer by pdftotext and by pypdf, and the font of each
    piece of text (pypdf)."""
    folder = tmp_path_factory.mktemp("japanese")
    shutil.copy(DATA / "japanese.yaml", folder / "cv.yaml")
    [built] = build(folder / "cv.yaml", folder / "out", "long")
    reader = pypdf.PdfReader(built.path)
    page = reader.pages[0]
    fonts: list[tuple[str, str]] = []
    page.extract_text(visitor_text=lambda text, _cm, _tm, font, _size:
                      fonts.append((text.strip(), font["/BaseFont"] if font else "")) if text.strip() else None)
    return {"pdftotext": pdf_text(built.path), "pypdf": page.extract_text(), "fonts": fonts,
            "title": (reader.metadata or {}).get("/Title", "")}


@pytest.mark.tex
@pytest.mark.parametrize("reader", ["pdftotext", "pypdf"])
def test_digits_beside_kanji_are_searchable_as_written(japanese, reader):
    text = japanese[reader]
    assert "2019年4月より現職" in text and "2019年4月 – 2021年3月" in text and "2023年11月" in text
    assert "3,200,000円" in text
    assert "Al³⁺ を含む" in text  # a Latin word keeps xeCJK's space beside kana
    assert "材料科学Ⅱ――演習①" in text  # Roman numerals, the IME's dash and circled digits are CJK here


@pytest.mark.tex
@pytest.mark.parametrize("reader", ["pdftotext", "pypdf"])
def test_full_width_spaces_keep_the_name_and_headline_in_order(japanese, reader):
    words = " ".join(japanese[reader].split())  # typed with U+3000: before, pdftotext read 美咲 as a column
    assert words.startswith("佐藤 美咲 東京大学 工学系研究科 助教 概要 2019年4月")
    assert japanese["title"].startswith("佐藤\u3000美咲")  # the metadata keeps the character as typed


@pytest.mark.tex
def test_no_text_that_holds_cjk_is_slanted_and_latin_alone_keeps_its_italics(japanese):
    fonts = dict(japanese["fonts"])
    italic = {text for text, font in japanese["fonts"] if "Italic" in font}
    assert italic == {"Chemical Physics", "Chemistry of Materials 2021"}, japanese["fonts"]
    assert "Italic" not in fonts["DC1"] and "Italic" not in fonts["MRS Fall Meeting 2023"]  # italic lines
    assert "Italic" not in fonts["Ga"]  # *Ga^3+^ドープ*
    assert "CJK" in fonts["材料科学Ⅱ――演習"]  # in the CJK font, not a fallback font
