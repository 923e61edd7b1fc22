"""CSL-JSON in and out: a Zotero export (articles, a conference paper, a chapter, a book, a thesis, a preprint, a
report) becomes publications, merged into a profile without duplicates; the export comes back the same."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import DATA, ROOT, cvgen, pdf_text
from cvgen.profile.model import Publication
from cvgen.typeset.pipeline import load_profile

ZOTERO = DATA / "interop" / "zotero.json"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return cvgen(*args, cwd=cwd)


def test_a_zotero_export_becomes_publications_of_every_type_and_names_what_has_no_place():
    result = run("import", "csljson", str(ZOTERO), "--owner", "Kai Yi")
    assert result.returncode == 0, result.stderr
    papers = {paper["key"]: paper for paper in yaml.safe_load(result.stdout)["publications"]}
    assert list(papers) == ["jumper2021highly", "malinovskii2024tuning", "yi2024federated", "wright2022optimization",
                            "yi2025strategies", "yi2025symmetric", "pang2020experimental", "collaborators2024global"]
    assert papers["jumper2021highly"] == {
        "key": "jumper2021highly", "authors": ["John Jumper", "Richard Evans", "Alexander Pritzel", "Kai Yi"],
        "title": "Highly accurate protein structure prediction with AlphaFold", "type": "article", "venue": "Nature",
        "year": 2021, "month": 8, "volume": "596", "issue": "7873", "pages": "583–589",
        "language": "en", "links": {"doi": "10.1038/s41586-021-03819-2", "url": "https://www.nature.com/articles/s41586-021-03819-2"}}
    chapter = papers["yi2024federated"]
    assert (chapter["type"], chapter["venue"], chapter["editors"], chapter["isbn"], chapter["publisher"]) == (
        "chapter", "Federated Learning: Theory and Practice", ["Lam M. Nguyen", "Trong Nghia Hoang"],
        "978-0-443-19037-7", "Academic Press")
    book = papers["wright2022optimization"]
    assert (book["type"], book["edition"], book["publisher"], "venue" in book) == (
        "book", "2", "Cambridge University Press", False)
    thesis = papers["yi2025strategies"]
    assert (thesis["type"], thesis["genre"], thesis["publisher"]) == (
        "thesis", "PhD thesis", "King Abdullah University of Science and Technology")
    preprint = papers["yi2025symmetric"]
    assert (preprint["type"], preprint["venue"], preprint["status"], preprint["links"]["arxiv"]) == (
        "preprint", "arXiv", "preprint", "2501.18980")
    assert papers["malinovskii2024tuning"]["links"] == {"arxiv": "2405.14852"}  # from Zotero's Extra (note)
    assert (papers["pang2020experimental"]["number"], papers["pang2020experimental"]["genre"]) == (
        "KAUST-CS-TR-2020-08", "Technical report")
    assert papers["collaborators2024global"]["authors"] == [
        "{GBD 2021 Diseases and Injuries Collaborators}", "Anna van der Berg", "Kai Yi", "Christopher J. L. Murray, Jr."]
    notes = result.stderr.splitlines()
    assert not any("publisher-place" in note for note in notes)  # kept: publisher_place
    assert "London" in [paper.get("publisher_place") for paper in papers.values()]
    assert any("abstract" in note for note in notes) and any("ISSN" in note for note in notes)
    assert "note: [3] http://zotero.org/users/1234567/items/B3C4D5E6: Kai Yi is not among its authors; check that " \
           "it is yours" in notes
    for paper in papers.values():
        Publication.model_validate(paper)


@pytest.mark.tex
def test_import_csljson_into_a_profile_skips_the_papers_already_there_and_builds(tmp_path):
    shutil.copy(ROOT / "cv.yaml", tmp_path / "cv.yaml")
    before = (tmp_path / "cv.yaml").read_text(encoding="utf-8")
    result = run("import", "csljson", str(ZOTERO), "--into", "cv.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "already in cv.yaml: malinovskii2024tuning is pv-tuning; skipped" in result.stderr  # the same arXiv id
    assert "already in cv.yaml: yi2025symmetric is symwanda; skipped" in result.stderr
    assert "already in cv.yaml: pang2020experimental is legendre; skipped" in result.stderr  # the same title
    assert "added 5 publications to cv.yaml (3 were already there)" in result.stderr
    after = (tmp_path / "cv.yaml").read_text(encoding="utf-8")
    assert after.startswith(before[:before.index("  - key:")])  # the profile's own text is kept
    profile = load_profile(tmp_path / "cv.yaml")
    assert len(profile.publications) == len(load_profile(ROOT / "cv.yaml").publications) + 5
    built = run("render", "--variant", "publications", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    text = " ".join(pdf_text(tmp_path / "out" / "publications.pdf").split())
    assert "Optimization for Data Analysis" in text and "Federated Optimization with Compression" in text


def test_the_csljson_export_comes_back_as_the_same_publications(tmp_path):
    exported = tmp_path / "papers.json"
    assert run("export", "csljson", "--out", str(exported)).returncode == 0
    items = json.loads(exported.read_text(encoding="utf-8"))
    profile = load_profile(ROOT / "cv.yaml")
    pv = next(item for item in items if item["id"] == "pv-tuning")
    assert (pv["type"], pv["container-title"], pv["issued"]) == ("paper-conference", "NeurIPS",
                                                                 {"date-parts": [[2024, 12]]})
    assert pv["author"][5] == {"family": "Yi", "given": "Kai"}
    result = run("import", "csljson", str(exported))
    assert result.returncode == 0 and result.stderr == f"read {len(items)} publications from {exported}\n"
    back = [Publication.model_validate(paper) for paper in yaml.safe_load(result.stdout)["publications"]]
    assert back == list(profile.publications)
    (tmp_path / "cv.yaml").write_text(yaml.safe_dump({"owner": {"name": "Kai Yi"}, "publications": [
        paper.model_dump(mode="json", exclude_defaults=True) for paper in back]}), encoding="utf-8")
    again = run("export", "csljson", "--input", "cv.yaml", cwd=tmp_path)
    assert json.loads(again.stdout) == items  # stable: export, import, export gives the same file


def test_import_csljson_refuses_what_is_not_csl_json(tmp_path):
    broken = tmp_path / "papers.json"
    broken.write_text('[{"title": "x",}]', encoding="utf-8")
    result = run("import", "csljson", str(broken))
    assert (result.returncode, result.stderr) == (2, f"{broken}:1:16: not valid JSON: Expecting property name "
                                                     "enclosed in double quotes\n")
    broken.write_text('{"title": "x"}', encoding="utf-8")
    result = run("import", "csljson", str(broken))
    assert (result.returncode, result.stderr) == (2, f"{broken}: expected CSL-JSON: a list of items (objects with "
                                                     "type, title, author, issued...)\n")
    broken.write_text('[{"type": "book", "title": "No one wrote it", "issued": {"date-parts": [[2020]]}}]',
                      encoding="utf-8")
    result = run("import", "csljson", str(broken))
    assert result.returncode == 0 and "note: [0] No one wrote it: has no author; left out" in result.stderr


def test_a_month_out_of_range_is_named_and_an_editor_given_as_text_is_kept(tmp_path):
    source = tmp_path / "zotero.json"
    source.write_text(json.dumps([{"id": "a", "type": "book", "title": "B", "publisher": "P",
                                   "author": [{"family": "Wang", "given": "Xiaoming"}], "editor": ["Plain Editor"],
                                   "issued": {"date-parts": [[2020, 13]]}}]), encoding="utf-8")
    result = run("import", "csljson", str(source))
    assert result.returncode == 0, result.stderr
    [paper] = yaml.safe_load(result.stdout)["publications"]
    assert (paper["editors"], "month" in paper) == (["Plain Editor"], False)
    assert "note: [0] a: month 13 of issued is not 1 to 12; left out" in result.stderr.splitlines()
