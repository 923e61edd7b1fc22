"""BibTeX in and out, on real files: a .bib with the awkward cases, bibtex and biber on our export, round trips."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import CVGEN, DATA, ROOT, pdf_text

from cvgen.model import Publication
from cvgen.pipeline import load_profile

BIB = DATA / "interop" / "papers.bib"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([*CVGEN, *args], capture_output=True, text=True, cwd=cwd)


def test_unreadable_entries_are_listed_by_line_and_nothing_is_imported():
    result = run("import", "bibtex", str(BIB), "--owner", "Kai Yi")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-3:] == [
        f"{BIB}:66:1: noyear: has no year",
        f"{BIB}:72:1: cannot read this @article: unbalanced braces or quotes",
        "2 entries could not be read; nothing was imported. Fix them, or pass --skip-bad to import the others.",
    ]
    assert "Traceback" not in result.stderr


def test_awkward_bibtex_becomes_clean_publications():
    result = run("import", "bibtex", str(BIB), "--owner", "Kai Yi", "--skip-bad")
    assert result.returncode == 0, result.stderr
    papers = {paper["key"]: paper for paper in yaml.safe_load(result.stdout)["publications"]}
    assert list(papers) == ["malinovskii2024pvtuning", "yi2025symwanda", "scholar2023", "DBLP:conf-iclr-YiGRL24",
                            "king1963", "after_broken"]
    # al-folio: selected → highlight, abbr → venue, arxiv/html → links, award_name → notes, month macro → number
    assert papers["malinovskii2024pvtuning"] == {
        "key": "malinovskii2024pvtuning",
        "authors": ["Vladimir Malinovskii", "Denis Mazur", "Ivan Ilin", "Denis Kuznedelev", "Konstantin Burlachenko",
                    "Kai Yi", "Dan Alistarh", "Peter Richtárik"],
        "title": "PV-Tuning: Beyond Straight-Through Estimation for Extreme LLM Compression",
        "venue": "NeurIPS", "year": 2024, "month": 12, "notes": ["Oral"],
        "links": {"arxiv": "2405.14852", "url": "https://openreview.net/forum?id=YvA8UF0I37"}, "highlight": True}
    # Google Scholar: the arXiv "journal" makes a preprint
    assert papers["yi2025symwanda"] == {"key": "yi2025symwanda", "authors": ["Kai Yi", "Peter Richtárik"],
                                        "title": "Symmetric Pruning of Large Language Models", "venue": "arXiv",
                                        "year": 2025, "status": "preprint", "links": {"arxiv": "2501.18980"}}
    # accents, protected capitals, dashes, math kept readable; 'K. Yi' is the owner; corporate names whole; 'and others'
    scholar = papers["scholar2023"]
    assert scholar["title"] == "Sparse l_1 recovery with BERT: a Öber–Straße study"
    assert scholar["authors"] == ["Kai Yi", "Jiří Koči", "Ludwig van Beethoven", "Google DeepMind", "et al."]
    assert scholar["links"] == {"doi": "10.1109/TSP.2023.1234567"}
    # DBLP: multi-line author list, {\'{a}}, a line break inside the title
    assert papers["DBLP:conf-iclr-YiGRL24"]["authors"] == ["Kai Yi", "Nidham Gazagnadou", "Peter Richtárik",
                                                           "Lingjuan Lyu"]
    assert papers["DBLP:conf-iclr-YiGRL24"]["title"] == ("FedP3: Federated Personalized and Privacy-friendly "
                                                         "Network Pruning under Model Heterogeneity")
    # "Last, Jr, First" and "von" forms; keywords → tags; "Under review" → status
    assert papers["king1963"]["authors"] == ["Martin Luther King, Jr.", "Jean de la Fontaine"]
    assert papers["king1963"]["status"] == "under-review"
    assert papers["king1963"]["tags"] == ["civil-rights", "letters"]
    notes = result.stderr.splitlines()
    assert "note: king1963: Kai Yi is not among its authors; check that it is yours" in notes
    assert "note: malinovskii2024pvtuning: pdf 'pv-tuning.pdf' is not a web address (http...); left out" in notes
    assert "note: twice: the same paper as scholar2023 earlier in the file; imported once" in notes
    for paper in papers.values():
        Publication.model_validate(paper)


def test_import_into_a_profile_keeps_its_text_and_never_duplicates(tmp_path):
    profile = tmp_path / "cv.yaml"
    original = (ROOT / "cv.yaml").read_text(encoding="utf-8")
    profile.write_text(original, encoding="utf-8")
    result = run("import", "bibtex", str(BIB), "--into", str(profile), "--skip-bad")
    assert result.returncode == 0, result.stderr
    # PV-Tuning (by arXiv id), SymWanda (arXiv id) and FedP3 (title) are already in the shipped profile
    assert "already in" in result.stderr and "malinovskii2024pvtuning is pv-tuning; skipped" in result.stderr
    assert "DBLP:conf-iclr-YiGRL24 is fedp3; skipped" in result.stderr
    assert f"added 3 publications to {profile} (3 were already there)" in result.stderr
    merged = profile.read_text(encoding="utf-8")
    lines, before = merged.splitlines(keepends=True), original.splitlines(keepends=True)
    start, added = lines.index("  - key: scholar2023\n"), len(lines) - len(before)
    assert lines[:start] + lines[start + added:] == before  # one block inserted; every other byte as it was
    assert lines[start - 1].startswith("    ") and lines[start + added].strip() == ""  # right after the last paper
    assert "    authors: [Kai Yi, Jiří Koči, Ludwig van Beethoven, Google DeepMind, et al.]\n" in lines
    keys = [paper.key for paper in load_profile(profile).publications]
    assert keys[-3:] == ["scholar2023", "king1963", "after_broken"]
    again = run("import", "bibtex", str(BIB), "--into", str(profile), "--skip-bad")
    assert again.returncode == 0 and "added 0 publications" in again.stderr
    assert profile.read_text(encoding="utf-8") == merged


def test_import_into_an_invalid_profile_changes_nothing(tmp_path):
    profile = tmp_path / "cv.yaml"
    profile.write_text("owner: {name: A}\npublications: 3\n", encoding="utf-8")
    result = run("import", "bibtex", str(BIB), "--into", str(profile), "--skip-bad")
    assert result.returncode == 2
    assert f"{profile}:2:15: publications: expected a list, got a number (3)" in result.stderr
    assert profile.read_text(encoding="utf-8") == "owner: {name: A}\npublications: 3\n"


@pytest.mark.parametrize("source", [ROOT / "cv.yaml", DATA / "unicode.yaml", DATA / "hostile.yaml"])
def test_export_then_import_gives_the_same_publications(tmp_path, source):
    bib = tmp_path / "pubs.bib"
    assert run("export", "bibtex", "--input", str(source), "--out", str(bib)).returncode == 0
    result = run("import", "bibtex", str(bib))
    assert result.returncode == 0, result.stderr
    back = [Publication.model_validate(paper) for paper in yaml.safe_load(result.stdout)["publications"]]
    assert back == list(load_profile(source).publications)


def test_bibtex_and_biber_accept_the_export_and_typeset_it(tmp_path):
    for tool in ("bibtex", "biber"):
        assert shutil.which(tool), f"{tool} is missing: run `make tex`"
    assert run("export", "bibtex", "--out", str(tmp_path / "pubs.bib")).returncode == 0
    preamble = r"\documentclass{article}\usepackage[T1]{fontenc}\usepackage{lmodern}"
    (tmp_path / "plain.tex").write_text(
        preamble + r"\begin{document}\nocite{*}\bibliographystyle{plain}\bibliography{pubs}\end{document}")
    (tmp_path / "modern.tex").write_text(preamble + r"\usepackage[backend=biber]{biblatex}\addbibresource{pubs.bib}"
                                         r"\begin{document}\nocite{*}\printbibliography\end{document}")
    steps = [["pdflatex", "plain"], ["bibtex", "plain"], ["pdflatex", "plain"],
             ["pdflatex", "modern"], ["biber", "modern"], ["pdflatex", "modern"]]
    for step in steps:
        done = subprocess.run([*step[:1], "-interaction=nonstopmode", *step[1:]] if step[0] == "pdflatex" else step,
                              capture_output=True, text=True, cwd=tmp_path, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, f"{step}: {done.stdout[-2000:]}"
        if step[0] == "biber":
            assert not [line for line in done.stdout.splitlines() if "WARN" in line or "ERROR" in line]
    assert "Warning" not in (tmp_path / "plain.blg").read_text()
    profile = load_profile(ROOT / "cv.yaml")
    for document in ("plain.pdf", "modern.pdf"):
        text = pdf_text(tmp_path / document)
        assert "Richtárik" in text and "VisualGPT" in text
        count = len(profile.publications)
        assert f"[{count}]" in text and f"[{count + 1}]" not in text  # every paper listed, once


def test_bibtex_to_profile_to_bibtex_is_stable(tmp_path):
    """A researcher's .bib → cv.yaml → .bib → cv.yaml: the second trip changes nothing."""
    profile = tmp_path / "cv.yaml"
    profile.write_text("owner: {name: Kai Yi}\n", encoding="utf-8")
    assert run("import", "bibtex", str(BIB), "--into", str(profile), "--skip-bad").returncode == 0
    first, second = tmp_path / "first.bib", tmp_path / "second.bib"
    assert run("export", "bibtex", "--input", str(profile), "--out", str(first)).returncode == 0
    again = run("import", "bibtex", str(first))
    assert again.returncode == 0, again.stderr
    papers = [Publication.model_validate(paper) for paper in yaml.safe_load(again.stdout)["publications"]]
    assert papers == list(load_profile(profile).publications)
    (tmp_path / "again.yaml").write_text("owner: {name: Kai Yi}\n" + again.stdout, encoding="utf-8")
    assert run("export", "bibtex", "--input", str(tmp_path / "again.yaml"), "--out", str(second)).returncode == 0
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_files_that_cannot_be_read_are_usage_errors(tmp_path):
    latin1 = tmp_path / "latin1.bib"
    latin1.write_bytes("@misc{a, title={Müller}}".encode("latin-1"))
    for target, message in ((tmp_path / "missing.bib", "file not found"),
                            (tmp_path, "cannot read it: Is a directory"),
                            (latin1, "not valid UTF-8 (byte 0xfc); save it as UTF-8")):
        result = run("import", "bibtex", str(target))
        assert (result.returncode, result.stdout, result.stderr) == (2, "", f"{target}: {message}\n")
