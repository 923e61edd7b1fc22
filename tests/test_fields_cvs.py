"""Two CVs from other fields, built from their profiles alone (no template override): a physician-scientist's
(AMA, groups of their own with abstracts last, numbered within each group) and a French historian's (Chicago
author-date in fr-FR: monographs, edited volumes, chapters, articles, translations, book reviews)."""

from __future__ import annotations

import subprocess

import pytest

from conftest import CVGEN, DATA, pdf_text


def build(name: str, tmp_path) -> str:
    out = tmp_path / name
    result = subprocess.run([*CVGEN, "render", "--input", str(DATA / "fields" / f"{name}.yaml"), "--out", str(out),
                             "--variant", "publications"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return pdf_text(out / "publications.pdf")


@pytest.mark.tex
@pytest.mark.node
def test_a_medical_cv_in_ama_grouped_with_abstracts_last_and_numbered_per_group(tmp_path):
    text = build("medical", tmp_path)
    headings = ["Original research", "Reviews", "Case reports", "Letters and editorials", "Published abstracts"]
    assert [text.index(heading) for heading in headings] == sorted(text.index(heading) for heading in headings)
    assert text.count("[1]") == 5 and "[2]" not in text
    assert ("Di Carli MF, Van Spall HGC, Yancy CW Jr, van der Linden A. Coronary microvascular dysfunction: is it "
            "worth hitting? J Am Coll Cardiol. 2023;81(4):410-418. doi:10.1016/j.jacc.2022.11.012") in text
    assert "Van Spall HGC. Trial diversity: a mediator of generalisability? Circulation. 2024;149:e12-e13." in text
    assert "?." not in text and "?”." not in text  # no doubled punctuation


@pytest.mark.tex
@pytest.mark.node
def test_a_french_historian_s_cv_in_chicago_author_date_fr(tmp_path):
    text = build("historian", tmp_path)
    headings = ["Monographies", "Ouvrages dirigés", "Chapitres d’ouvrages", "Articles", "Traductions",
                "Comptes rendus"]
    assert [text.index(heading) for heading in headings] == sorted(text.index(heading) for heading in headings)
    assert "Tour, Marie de La. (2016) 2019. Faillir à Livourne : banqueroutes françaises et justice consulaire." in text
    assert "Tour, Marie de La, et Jacques Le Goff, éd. 2021. Le commerce et ses institutions." in text
    assert "« Les marchands et le droit à l’époque moderne ». In Le commerce et ses institutions, édité par " \
           "Jacques Le Goff." in text
    assert "Le Goff, Yves, et Marie de La Tour. 2020." in text
    assert "Braudel, Fernand. (1949) 2017. The Mediterranean and the Mediterranean World. Traduit par Marie de La " \
           "Tour." in text  # an English title is title-cased, French ones are not


def test_bibtex_carries_the_new_fields_there_and_back(tmp_path):
    """PMIDs, the short venue, supplement, event and its place, language and CSL types travel through BibTeX
    (biblatex's field names where BibTeX has none)."""
    import yaml

    from cvgen.profile.model import Publication
    from cvgen.typeset.pipeline import load_profile

    source = DATA / "fields" / "medical.yaml"
    bib = tmp_path / "medical.bib"
    assert subprocess.run([*CVGEN, "export", "bibtex", "--input", str(source), "--out", str(bib)]).returncode == 0
    result = subprocess.run([*CVGEN, "import", "bibtex", str(bib)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    back = [Publication.model_validate(paper) for paper in yaml.safe_load(result.stdout)["publications"]]
    assert {paper.key: paper for paper in back} == {paper.key: paper for paper in load_profile(source).publications}
