"""Documents in many languages from one profile: headings and phrases from the catalogs, dates and money
by CLDR (Babel), bilingual fields, and the engine chosen by the text each document prints."""

from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path

import pytest
import yaml
from babel.dates import format_skeleton

from conftest import pdf_text
from cvgen.document.catalog import Catalog, languages
from cvgen.document.languages import check_language, localize
from cvgen.errors import UsageError
from cvgen.profile.model import Profile
from cvgen.typeset.pipeline import build

LANGUAGES = ["de", "fr", "es", "it", "pt", "nl", "pl", "ru", "tr", "zh", "ja", "ko"]
PROFILE = {
    "owner": {"name": "Kai Yi"},
    "experience": [{"organization": "Sony AI", "role": "Research Intern", "start": "2020-03", "end": "2021-09"}],
    "awards": [{"name": "Scholarship", "start": 2019, "end": "present"}],
    "grants": [{"title": "Federated pruning", "amount": 2000000, "currency": "EUR", "start": 2022}],
}


def squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def test_every_language_has_a_complete_catalog():
    english = yaml.safe_load((Path(__file__).parents[1] / "src" / "cvgen" / "document" / "catalog" / "en.yaml").read_text())
    assert set(LANGUAGES) <= set(languages())
    for language in LANGUAGES:
        words = Catalog(language)
        for key in ("education", "experience", "grants", "references", "additional"):
            assert words.heading(key) != Catalog("en").heading(key), (language, key)
        assert words.phrase("present") != "Present", language
        catalog = yaml.safe_load((Path(__file__).parents[1] / "src" / "cvgen" / "document" / "catalog" / f"{language}.yaml").read_text())
        for group in ("documents", "headings", "phrases", "punctuation"):  # every key English has, and no other
            assert set(catalog[group]) == set(english[group]), (language, group)


@pytest.mark.tex
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_long_cv_in_each_language_has_its_headings_months_and_present(tmp_path, language):
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump({**PROFILE, "language": language}, allow_unicode=True), encoding="utf-8")
    [built] = build(path, tmp_path / "out", "long")
    text = squeeze(pdf_text(built.path))
    words = Catalog(language)
    months = [format_skeleton("yMMM", datetime.date(2020, 3, 1), locale=language),
              format_skeleton("yMMM", datetime.date(2021, 9, 1), locale=language)]
    for expected in [words.heading("experience"), words.heading("awards"), words.phrase("present"), *months]:
        assert squeeze(expected) in text, (language, expected)
    assert "Experience" not in text and "Present" not in text


@pytest.mark.tex
def test_money_and_dates_follow_the_language(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump({**PROFILE, "language": "de"}, allow_unicode=True), encoding="utf-8")
    [built] = build(path, tmp_path / "out", "long")
    text = pdf_text(built.path)
    assert "2.000.000 €" in text and "März 2020 – Sept. 2021" in text


@pytest.mark.tex
def test_one_bilingual_profile_makes_a_document_per_language(tmp_path):
    profile = {
        "owner": {"name": {"en": "Kai Yi", "zh": "易凯"}}, "language": "en",
        "headline": {"en": "Machine Learning Researcher", "zh": "机器学习研究员"},
        "experience": [{"organization": "Sony AI", "role": {"en": "Research Intern", "zh": "研究实习生"},
                        "location": {"en": "Tokyo", "de": "Tokio"}, "start": "2023-06", "end": "2023-09"}],
        "publications": [{"key": "p", "authors": ["易凯", "Peter Richtárik"], "title": "FedP3", "venue": "ICLR",
                          "year": 2024}],
        "variants": {"cv-zh": {"based_on": "long", "language": "zh"},
                     "cv-de": {"based_on": "long", "language": "de"}},
    }
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    built = {item.name: item for item in build(path, tmp_path / "out", "all")}
    zh, de = pdf_text(built["cv-zh"].path), pdf_text(built["cv-de"].path)
    assert "易凯" in zh and "机器学习研究员" in zh and "研究实习生" in zh and "工作经历" in zh
    assert "Tokio" in de and "Berufserfahrung" in de and "Research Intern" in de  # no German role: English
    assert built["cv-de"].notes == (
        "not given in 'de', printed in another language: owner.name (en), headline (en), experience[0].role (en)",)
    assert built["cv-zh"].notes == ("not given in 'zh', printed in another language: experience[0].location (en)",)


@pytest.mark.tex
def test_an_english_cv_of_a_profile_with_chinese_versions_stays_pdflatex(tmp_path):
    profile = {"owner": {"name": {"en": "Kai Yi", "zh": "易凯"}},
               "education": [{"institution": {"en": "KAUST", "zh": "阿卜杜拉国王科技大学"}, "degree": "Ph.D.",
                              "start": 2020}],
               "variants": {"cv-zh": {"based_on": "long", "language": "zh"}}}
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    built = {item.name: item for item in build(path, tmp_path / "out", "all")}
    assert (built["long"].engine, built["cv-zh"].engine) == ("pdflatex", "xelatex")


def test_localize_picks_the_language_then_the_profiles_and_counts_the_fallbacks():
    profile = Profile.model_validate({"owner": {"name": {"en": "Kai Yi", "zh": "易凯"}}, "language": "en",
                                      "headline": {"en": "Researcher", "fr": "Chercheur"}, "hobbies": ["Running"]})
    french, fell_back = localize(profile, "fr")
    assert (french.owner.name, french.headline, fell_back) == ("Kai Yi", "Chercheur", ["owner.name (en)"])
    assert "易凯" in french.owner.aliases  # every version of the name marks the owner


def test_a_language_cldr_does_not_know_is_a_usage_error():
    check_language("pt-BR")
    with pytest.raises(UsageError, match=r"^unknown language 'xx'; expected a language code such as en, de"):
        check_language("xx")


@pytest.mark.tex
def test_a_language_without_a_catalog_gets_english_phrases_and_says_so(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump({**PROFILE, "language": "sv"}, allow_unicode=True), encoding="utf-8")
    [built] = build(path, tmp_path / "out", "long")
    assert built.notes == ("no phrase catalog for 'sv': headings and phrases are in English, dates in 'sv'",)
    text = squeeze(pdf_text(built.path))
    assert squeeze("Experience") in text and squeeze(format_skeleton("yMMM", datetime.date(2020, 3, 1), locale="sv")) in text


def test_a_chinese_document_separates_the_parts_of_a_line_with_chinese_punctuation():
    from cvgen.document.variants import resolve
    from cvgen.document.view import build_view
    from cvgen.profile.model import Profile, Variant
    from cvgen.richtext import text_of

    profile = Profile.model_validate({"owner": {"name": "王晓明"}, "language": "zh", "experience": [
        {"organization": "宁德时代", "role": "研发工程师", "supervisors": ["李国栋"], "start": 2020}]})
    view = build_view(profile, resolve("long", Variant()))
    assert text_of(view.items()[0].subtitle) == "研发工程师，合作者：李国栋"
    assert view.separator == "，"
