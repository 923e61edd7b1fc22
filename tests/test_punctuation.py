"""Punctuation by the document's language: colon, separators, brackets, list marks and quotation marks
come from the catalog, straight quotes typed in the profile become the language's, and text in another
script keeps its own punctuation."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import DATA, pdf_text
from cvgen.document.catalog import Catalog, languages
from cvgen.document.punctuation import Punctuation
from cvgen.typeset.pipeline import build

NBSP = "\u00a0"


@pytest.mark.parametrize(("language", "typed", "expected"), [
    ("en", """the lab's "x" and 'y'""", "the lab’s “x” and ‘y’"),
    ("fr", """J'étudie "x" : oui""", f"J’étudie «{NBSP}x{NBSP}»{NBSP}: oui"),
    ("fr", "« déjà » !", f"«{NBSP}déjà{NBSP}»{NBSP}!"),
    ("de", """Er sagt "ja" und 'nein'""", "Er sagt „ja“ und ‚nein‘"),
    ("ja", '"全固体電池"の研究', "「全固体電池」の研究"),
    ("zh", '我研究"固态电解质"。', "我研究“固态电解质”。"),
    ("ru", '"Да"', "«Да»"),
    ("en", "no quotes at all: 10:30", "no quotes at all: 10:30"),
])
def test_straight_quotes_become_the_languages_own(language, typed, expected):
    assert Catalog(language).punctuation.smarten(typed) == expected


def test_every_catalog_has_every_mark_and_english_is_the_default():
    for language in languages():
        marks = Catalog(language).punctuation
        assert len(marks.quotes) == 4 and all(marks.quotes), language
    assert Catalog("en").punctuation == Punctuation()  # the shipped English documents print what they did


def test_text_in_another_script_keeps_its_own_punctuation():
    assert Catalog("ja").for_text("Lithium diffusion Misaki Sato").language == "en"
    assert Catalog("ja").for_text("固体電解質の界面").language == "ja"
    assert Catalog("fr").for_text("固体電解質の界面").language == "ja"
    assert Catalog("fr").for_text("王伟").language == "zh"
    assert Catalog("fr").for_text("Transport ionique").language == "fr"


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory) -> dict[str, str]:
    """The long CV of tests/data/bilingual.yaml in Japanese, Chinese, French and German: text layers."""
    folder = tmp_path_factory.mktemp("bilingual")
    shutil.copy(DATA / "bilingual.yaml", folder / "cv.yaml")
    texts = {}
    for language in ("ja", "zh", "fr", "de"):
        [built] = build(folder / "cv.yaml", folder / language, "long", language=language)
        texts[language] = pdf_text(built.path)
    return texts


def squeeze(text: str) -> str:
    """The text layer without the spaces pdftotext puts around full-width marks (their glyphs are wide)."""
    return re.sub(r"\s+", "", text)


@pytest.mark.tex
def test_japanese_cv_keeps_the_spaces_typed_between_cjk_words(bilingual):
    assert bilingual["ja"].startswith("佐藤 美咲 東京大学 工学系研究科 助教")  # xeCJK would drop them


@pytest.mark.tex
def test_japanese_cv_has_full_width_colon_brackets_and_japanese_list_marks(bilingual):
    text = squeeze(bilingual["ja"])
    assert "研究分野：全固体電池、第一原理計算" in text  # no ASCII colon, 、 between, no final period
    assert "博士（工学）、指導教員：TaroYamada" in text
    assert "博士論文：ガーネット型固体電解質のイオン伝導（2019）" in text  # a doctorate's thesis
    assert "日本語（母語）" in text and "学術誌：ChemistryofMaterials（2021,2022）、SolidStateIonics" in text
    assert "「全固体電池」の研究" in text  # straight quotes typed in the profile
    assert "佐藤美咲、小林悠人" in text  # a Japanese paper: 、 between its authors
    assert "MisakiSato,YutoKobayashi" in text and "†、" not in text  # an English paper keeps its comma
    assert "3,200,000円" in text and "課題番号：21K14567" in text  # the yen after the number, as Japanese writes it
    assert ":" not in text


@pytest.mark.tex
def test_chinese_cv_has_full_width_marks(bilingual):
    text = squeeze(bilingual["zh"])
    assert "研究兴趣：全固态电池；第一性原理计算" in text
    assert "工学博士，导师：TaroYamada" in text
    assert "我研究“固态电解质”。" in text
    assert "“固态电解质”。" in bilingual["zh"]  # the quotes hug their words (xeCJK put a space inside them)
    assert "日语（母语）" in text and "MisakiSato,YutoKobayashi" in text


@pytest.mark.tex
def test_french_cv_has_a_space_before_the_colon_and_guillemets(bilingual):
    text = bilingual["fr"]
    assert "Thèmes de recherche : batteries tout-solide ; calcul ab initio." in text
    assert "Thèse : Transport ionique (2019)" in text
    assert "J’étudie les « électrolytes solides » d’histoire récente." in text
    assert "Revues : Chemistry of Materials (2021, 2022) ; Solid State Ionics" in text
    assert "japonais (langue maternelle)" in text and "'" not in text and '"' not in text
    assert "佐藤美咲、小林悠人" in squeeze(text)  # a Japanese paper keeps its own marks in a French CV


@pytest.mark.tex
def test_german_cv_has_german_quotation_marks(bilingual):
    text = bilingual["de"]
    assert "Ich erforsche „Festelektrolyte“ und die Batterien des Labors." in text
    assert "Forschungsinteressen: Festkörperbatterien; Ab-initio-Rechnung." in text
    assert "Japanisch (Muttersprache)" in text and "Misaki Sato, Yuto Kobayashi" in text
    assert "3.200.000 ¥" in text and "Förderkennzeichen: 21K14567" in text


def test_the_french_colon_and_semicolon_never_break_from_their_word():
    """The space before them is a no-break space (escaped as ~ in the LaTeX source)."""
    marks = Catalog("fr").punctuation
    assert marks.colon == f"{NBSP}:" and marks.list_separator == f"{NBSP}; "
