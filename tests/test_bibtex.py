"""BibTeX in and out, on real files: a .bib with the awkward cases, bibtex and biber on our export, round trips."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import DATA, REAL_WORLD, ROOT, cvgen, needs_real_world, pdf_text
from cvgen.profile.model import Publication
from cvgen.typeset.pipeline import load_profile

BIB = DATA / "interop" / "papers.bib"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return cvgen(*args, cwd=cwd)


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
        "venue": "NeurIPS", "year": 2024, "month": 12, "type": "conference", "notes": ["Oral"],
        "links": {"arxiv": "2405.14852", "url": "https://openreview.net/forum?id=YvA8UF0I37"}, "highlight": True}
    # Google Scholar: the arXiv "journal" makes a preprint
    assert papers["yi2025symwanda"] == {"key": "yi2025symwanda", "authors": ["Kai Yi", "Peter Richtárik"],
                                        "title": "Symmetric Pruning of Large Language Models", "venue": "arXiv",
                                        "year": 2025, "status": "preprint", "links": {"arxiv": "2501.18980"}}
    # accents, protected capitals, dashes, math kept readable; 'K. Yi' is the owner; corporate names whole; 'and others'
    scholar = papers["scholar2023"]
    assert scholar["title"] == "Sparse l_1 recovery with BERT: a Öber–Straße study"
    assert scholar["authors"] == ["Kai Yi", "Jiří Koči", "Ludwig van Beethoven", "{Google DeepMind}", "et al."]
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
    assert "    authors: [Kai Yi, Jiří Koči, Ludwig van Beethoven, '{Google DeepMind}', et al.]\n" in lines
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


@pytest.mark.parametrize("source", [ROOT / "cv.yaml", DATA / "unicode.yaml", DATA / "hostile.yaml",
                                    DATA / "bibliography.yaml"])
def test_export_then_import_gives_the_same_publications(tmp_path, source):
    bib = tmp_path / "pubs.bib"
    assert run("export", "bibtex", "--input", str(source), "--out", str(bib)).returncode == 0
    result = run("import", "bibtex", str(bib))
    assert result.returncode == 0, result.stderr
    back = [Publication.model_validate(paper) for paper in yaml.safe_load(result.stdout)["publications"]]
    assert typed(back) == typed(load_profile(source).publications)


def typed(papers) -> list[Publication]:
    """The papers with their type written out: the import leaves out a type its inference gets right."""
    return [paper.model_copy(update={"type": paper.kind}) for paper in papers]


@pytest.mark.tex
@pytest.mark.parametrize("source, words", [(ROOT / "cv.yaml", ["Richtárik", "VisualGPT"]),
                                           (DATA / "bibliography.yaml", ["Weißenborn", "Handbook of Membrane Biology",
                                                                         "University of Heidelberg", "873", "bioRxiv",
                                                                         "Oxford University Press"])])
def test_bibtex_and_biber_accept_the_export_and_typeset_it(tmp_path, source, words):
    """Every type (article, chapter, book, thesis, preprint...) as an entry both tools read without a warning."""
    for tool in ("bibtex", "biber"):
        assert shutil.which(tool), f"{tool} is missing: run `make tex`"
    assert run("export", "bibtex", "--input", str(source), "--out", str(tmp_path / "pubs.bib")).returncode == 0
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
    profile = load_profile(source)
    for document in ("plain.pdf", "modern.pdf"):
        text = pdf_text(tmp_path / document)
        assert all(word in text for word in words), (document, text)
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


ALFOLIO = DATA / "interop" / "alfolio-real.bib"
REAL_ALFOLIO = REAL_WORLD / "alfolio-papers.bib"  # al-folio's own example, as published


def imported(bib: Path, owner: str) -> tuple[dict[str, dict], list[str]]:
    """The papers `import bibtex --skip-bad` reads from `bib`, by key, and the lines it prints on stderr."""
    result = run("import", "bibtex", str(bib), "--owner", owner, "--skip-bad")
    assert result.returncode == 0, result.stderr
    papers = {paper["key"]: paper for paper in yaml.safe_load(result.stdout)["publications"]}
    for paper in papers.values():
        Publication.model_validate(paper)
    return papers, result.stderr.splitlines()


def test_an_entry_bibtex_cannot_read_is_refused_at_its_line_and_only_it():
    r"""Of the al-folio entries refused as 'unbalanced braces or quotes', only the one whose title never closes is
    (BibTeX reads the others). Its line is right: the `\\` at line ends before it shifted the count by two."""
    result = run("import", "bibtex", str(ALFOLIO), "--owner", "Kai Yi")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-2:] == [
        f"{ALFOLIO}:89:1: cannot read this @article: unbalanced braces or quotes",
        "1 entry could not be read; nothing was imported. Fix them, or pass --skip-bad to import the others.",
    ]


def test_values_and_author_lists_bibtex_reads_are_read():
    r"""A value ending in `\\` (a LaTeX line break), names separated by commas; and, read before as now, TeX
    quotes, `%` (no comment inside a value) and nested braces in a long abstract."""
    papers, stderr = imported(ALFOLIO, "Kai Yi")
    assert list(papers) == ["yi2024fedp3", "li2023lunch", "yi2023twice", "brown2022commas", "yi2022quoted",
                            "yi2021verse", "yi2021roundtrip", "yi2020marks", "condat2021comma"]
    assert papers["yi2021verse"] == {"key": "yi2021verse", "authors": ["Kai Yi"], "title": "Gradient Descent, a Poem",
                                     "venue": "Blog post", "year": 2021, "type": "other"}
    # 'A*, B*, and C' (commas where BibTeX wants 'and') is the three authors it lists
    assert papers["brown2022commas"]["authors"] == ["Ellis Brown", "Kai Yi", "Mohamed Elhoseiny"]
    assert ("note: brown2022commas: 'Ellis Brown*, Kai Yi*,' separates names with commas; read as 2 authors "
            "(BibTeX wants 'and' between them)") in stderr
    # 'Last, First,' ends in a comma: BibTeX reads it, and so does cvgen, saying so
    assert papers["condat2021comma"]["authors"] == ["Laurent Condat", "Kai Yi"]
    assert "note: condat2021comma: author 'Condat, Laurent,': trailing comma at end of name; check how it was read" \
        in stderr
    # ``...'' in a braced title and note, and in a quoted title with {"} inside
    assert papers["li2023lunch"]["title"] == "Is Zero-Shot Classification a “Free Lunch”? Diffusion Models Say No"
    assert papers["li2023lunch"]["notes"] == ["“Spotlight” talk"]
    assert papers["yi2022quoted"]["title"] == 'Quoted “Titles” with Braces and "Inner" Quotes'
    assert papers["yi2024fedp3"]["venue"] == "ICLR"  # the entry with the long abstract
    assert not [line for line in stderr if "not among its authors" in line]


def test_a_field_given_twice_keeps_the_first_as_bibtex_does():
    papers, stderr = imported(ALFOLIO, "Kai Yi")
    assert papers["yi2023twice"] == {"key": "yi2023twice", "authors": ["Kai Yi", "Laurent Condat"],
                                     "title": "Pruning Twice: When One Field Says It Once Too Often",
                                     "venue": "TMLR", "year": 2023}
    assert [line for line in stderr if "twice" in line] == [
        "note: yi2023twice: field 'abbr' is given twice (lines 33 and 38); the first is kept, as BibTeX does",
        "note: yi2023twice: field 'year' is given twice (lines 37 and 39); the first is kept, as BibTeX does",
        "note: yi2023twice: has no place in cv.yaml for journal 'Transactions on Machine Learning Research'",
    ]


def test_alfolio_author_marks_become_equal_contribution_and_corresponding(tmp_path):
    r"""`Yi*, Kai` is the owner, Kai Yi, with equal contribution; `\dag`, `$^\dagger$` mark corresponding authors."""
    papers, stderr = imported(ALFOLIO, "Kai Yi")
    assert papers["yi2024fedp3"] == {
        "key": "yi2024fedp3", "authors": ["Kai Yi", "Nidham Gazagnadou", "Peter Richtárik", "Lingjuan Lyu"],
        "title": "FedP3: Federated Personalized and Privacy-friendly Network Pruning under Model Heterogeneity",
        "venue": "ICLR", "year": 2024, "month": 5, "type": "conference",
        "equal_contribution": ["Kai Yi", "Nidham Gazagnadou"],
        "corresponding": ["Peter Richtárik", "Lingjuan Lyu"], "highlight": True}
    assert papers["li2023lunch"]["authors"] == ["Alexander C. Li", "Mihir Prabhudesai", "Kai Yi", "Deepak Pathak"]
    assert (papers["li2023lunch"]["equal_contribution"], papers["li2023lunch"]["corresponding"]) == (
        ["Alexander C. Li", "Mihir Prabhudesai"], ["Deepak Pathak"])
    assert papers["yi2022quoted"]["equal_contribution"] == ["Kai Yi", "Laurent Condat"]  # \textsuperscript{*}
    # cvgen's own fields are kept, in their order, and the marks add to them
    assert (papers["yi2021roundtrip"]["equal_contribution"], papers["yi2021roundtrip"]["corresponding"]) == (
        ["Kai Yi", "Xiaoqian Li", "Wei Zhang"], ["Peter Richtárik"])
    # $^{*,\dagger}$ is both marks; a mark cv.yaml has no field for is dropped, and said so
    assert papers["yi2020marks"] == {"key": "yi2020marks", "authors": ["Kai Yi", "Ellis Brown"],
                                     "title": "Every Mark at Once", "venue": "ECCV", "year": 2020, "type": "conference",
                                     "equal_contribution": ["Kai Yi"], "corresponding": ["Kai Yi"]}
    assert ("note: yi2020marks: the mark '‡' after Ellis Brown is left out: cv.yaml has only * (equal contribution) "
            "and † (corresponding author)") in stderr
    # the marks travel on as cvgen's fields: export and import again give the same publications (but for the
    # straight quotes of yi2022quoted's title, which `export bibtex` writes as {''}: a closing quote, ”, to BibTeX)
    marked = [paper for paper in papers.values() if paper["key"] != "yi2022quoted"]
    profile, bib = tmp_path / "cv.yaml", tmp_path / "pubs.bib"
    profile.write_text("owner: {name: Kai Yi}\n" + yaml.safe_dump({"publications": marked}, allow_unicode=True),
                       encoding="utf-8")
    assert run("export", "bibtex", "--input", str(profile), "--out", str(bib)).returncode == 0
    again = run("import", "bibtex", str(bib))
    assert again.returncode == 0, again.stderr
    assert yaml.safe_load(again.stdout)["publications"] == marked


@needs_real_world
def test_the_real_alfolio_papers_bib_imports_every_entry():
    """al-folio's example papers.bib: Einstein*† and Podolsky* are marks, an @article without journal is still read
    (BibTeX only warns), and 'Methuen & Co Ltd' keeps its &."""
    result = run("import", "bibtex", str(REAL_ALFOLIO), "--owner", "Albert Einstein")
    assert result.returncode == 0, result.stderr
    papers = {paper["key"]: paper for paper in yaml.safe_load(result.stdout)["publications"]}
    assert list(papers) == ["einstein1920relativity", "einstein1956investigations", "einstein1950meaning",
                            "PhysRev.47.777", "einstein1905molekularkinetischen", "einstein1905movement",
                            "einstein1905electrodynamics", "einstein1905photoelectriceffect", "przibram1967letters"]
    assert papers["PhysRev.47.777"] == {
        "key": "PhysRev.47.777", "authors": ["Albert Einstein", "B. Podolsky", "N. Rosen"],
        "title": "Can Quantum-Mechanical Description of Physical Reality Be Considered Complete?",
        "venue": "PhysRev", "year": 1935, "volume": "47", "issue": "10", "pages": "777–780",
        "publisher": "American Physical Society,", "publisher_place": "New Jersey", "month": 5,
        "equal_contribution": ["Albert Einstein", "B. Podolsky", "N. Rosen"], "corresponding": ["Albert Einstein"],
        "links": {"doi": "10.1103/PhysRev.47.777",
                  "url": "https://journals.aps.org/pr/abstract/10.1103/PhysRev.47.777"},
        "highlight": True}
    assert Publication.model_validate(papers["einstein1905electrodynamics"]).kind == "other"
    assert (papers["einstein1920relativity"]["publisher"], papers["einstein1920relativity"].get("type")) == (
        "Methuen & Co Ltd", None)  # a book: inferred from a publisher without a venue
    assert result.stderr.splitlines() == [
        "note: einstein1920relativity: html 'relativity.html' is not a web address (http...); left out",
        "note: einstein1956investigations: has no place in cv.yaml for bibtex_show, preview",
        "note: einstein1950meaning: has no place in cv.yaml for journal 'American Journal of Physics', bibtex_show",
        "note: PhysRev.47.777: pdf 'example_pdf.pdf' is not a web address (http...); left out",
        "note: PhysRev.47.777: has no place in cv.yaml for journal 'Phys. Rev.', abstract, additional_info, altmetric, "
        "annotation, dimensions, google_scholar_id, inspirehep_id, numpages, video",
        "note: einstein1905electrodynamics: has no journal, booktitle or other venue; imported as 'other' until you "
        "write one",
        "note: einstein1905photoelectriceffect: has no place in cv.yaml for abstract, award, bibtex_show",
        "note: przibram1967letters: has no place in cv.yaml for bibtex_show, preview",
        f"read 9 publications from {REAL_ALFOLIO}",
    ]
    for paper in papers.values():
        Publication.model_validate(paper)


def test_an_entry_without_name_equals_value_is_refused_for_that(tmp_path):
    """BibTeX refuses these too ('I was expecting an "="', 'a `,` or a `}`'); their braces are balanced."""
    bib = tmp_path / "papers.bib"
    bib.write_text("@article{a,\n  title = {A},\n  author {Yi, Kai},\n  year = {2020}\n}\n\n"
                   "@article{b title = {B}, author = {Yi, Kai}, year = {2020}}\n", encoding="utf-8")
    result = run("import", "bibtex", str(bib))
    assert result.returncode == 2
    assert result.stderr.splitlines()[:2] == [
        f"{bib}:1:1: cannot read this @article: its fields must be written `name = {{value}}` and separated by commas",
        f"{bib}:7:1: cannot read this @article: its fields must be written `name = {{value}}` and separated by commas",
    ]


def test_a_name_written_with_initials_takes_the_file_s_one_full_form(tmp_path):
    """'K. Weißenborn' is 'Katrin Weißenborn' elsewhere: one person, one name; 'L. Brandt' could be Lena or Leo."""
    bib = tmp_path / "names.bib"
    bib.write_text("@article{a, author={Brandt, Lena and Weißenborn, Katrin}, title={One}, journal={Nature}, year={2020}}\n"
                   "@article{b, author={L. Brandt and K. Weißenborn}, title={Two}, journal={Cell}, year={2021},\n"
                   "  corresponding={K. Weißenborn}}\n"
                   "@article{c, author={Brandt, L. and Brandt, Leo}, title={Three}, journal={Cell}, year={2022}}\n",
                   encoding="utf-8")
    result = run("import", "bibtex", str(bib))
    assert result.returncode == 0, result.stderr
    papers = yaml.safe_load(result.stdout)["publications"]
    assert [paper["authors"] for paper in papers] == [["Lena Brandt", "Katrin Weißenborn"],
                                                      ["L. Brandt", "Katrin Weißenborn"], ["L. Brandt", "Leo Brandt"]]
    assert papers[1]["corresponding"] == ["Katrin Weißenborn"]
    assert "note: 'K. Weißenborn' is written 'Katrin Weißenborn', as elsewhere in the file" in result.stderr


def test_an_entry_cv_yaml_would_refuse_is_named_at_its_line_and_zotero_preprints_are_preprints(tmp_path):
    bib = tmp_path / "zotero.bib"
    bib.write_text("@book{b, author={Halvorsen, Ingrid}, title={A Book}, publisher={Routledge},\n"
                   "  isbn={978-0-19-876543-2}, year={2020}}\n"
                   "@misc{p, author={Halvorsen, Ingrid}, title={Pre}, howpublished={PsyArXiv}, note={Preprint}, "
                   "year={2024}}\n", encoding="utf-8")
    result = run("import", "bibtex", str(bib))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines()[0] == (f"{bib}:1:1: b: isbn: ISBN 978-0-19-876543-2 has a wrong check digit "
                                             "(the digits before it give 1); check for a typo")
    result = run("import", "bibtex", str(bib), "--skip-bad")
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(result.stdout)["publications"] == [
        {"key": "p", "authors": ["Ingrid Halvorsen"], "title": "Pre", "venue": "PsyArXiv", "year": 2024,
         "status": "preprint"}]


def test_papers_added_to_a_profile_whose_long_cv_lists_no_publications_get_a_note(tmp_path):
    profile = tmp_path / "cv.yaml"
    profile.write_text("owner: {name: A}\nvariants:\n  long: {sections: [education]}\n", encoding="utf-8")
    (tmp_path / "a.bib").write_text("@article{x, author={A}, title={T}, journal={J}, year={2020}}\n", encoding="utf-8")
    result = run("import", "bibtex", str(tmp_path / "a.bib"), "--into", str(profile))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == ("note: variants.long lists its sections without highlighted_publications "
                                              "or other_publications: add them there to print the papers in it")


def test_macros_and_concatenation_are_read_as_bibtex_reads_them(tmp_path):
    """`#` joins quoted, braced, numeric and macro parts; macros are case-insensitive and may use earlier ones;
    the month macros are names; a month or a year cv.yaml cannot hold is named, never dropped silently."""
    bib = tmp_path / "papers.bib"
    bib.write_text('@string{IEEE = "IEEE"}\n@string{tro = ieee # " Trans. on Robotics"}\n'
                   '@article{a, title={T}, author={Lovelace, Ada}, journal = TRO # { } # 12, year={2019--2020},'
                   ' month={Spring}}\n'
                   '@article{b, title={U}, author={Lovelace, Ada}, journal = "Nature " # jan, year=2019, month=sept}\n',
                   encoding="utf-8")
    result = run("import", "bibtex", str(bib))
    assert result.returncode == 0, result.stderr
    papers = yaml.safe_load(result.stdout)["publications"]
    assert [(paper["venue"], paper["year"], paper.get("month")) for paper in papers] == [
        ("IEEE Trans. on Robotics 12", 2019, None), ("Nature January", 2019, 9)]
    assert result.stderr.splitlines() == [
        "note: a: year '2019–2020' is kept as 2019", "note: a: month 'Spring' is not a month; left out",
        f"read 2 publications from {bib}"]


def test_an_undefined_macro_is_an_error_at_its_entry(tmp_path):
    bib = tmp_path / "papers.bib"
    bib.write_text("@article{a, title={T}, author={Lovelace, Ada}, journal={J}, year=2019}\n\n"
                   "@article{b, title={U}, author={Lovelace, Ada}, journal = ieeetro, year=2019}\n", encoding="utf-8")
    result = run("import", "bibtex", str(bib))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"{bib}:3:1: b: journal: undefined macro 'ieeetro' (define it with @string, or write the text in braces)",
        "1 entry could not be read; nothing was imported. Fix them, or pass --skip-bad to import the others."]


def test_papers_go_into_a_profile_whose_titles_are_in_several_languages(tmp_path):
    """A title given in several languages is compared by its first version (it is dumped as its versions)."""
    profile = tmp_path / "cv.yaml"
    profile.write_text("owner: {name: Ada Lovelace}\npublications:\n  - key: notes\n    authors: [Ada Lovelace]\n"
                       "    title: {en: Notes on the Engine, fr: Notes sur la machine}\n    year: 1943\n",
                       encoding="utf-8")
    (tmp_path / "new.bib").write_text("@misc{a, title={Notes on the Engine}, author={Lovelace, Ada}, year={1943}}\n"
                                      "@misc{b, title={Sketch}, author={Lovelace, Ada}, year={1942}}\n", encoding="utf-8")
    result = run("import", "bibtex", str(tmp_path / "new.bib"), "--into", str(profile))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [f"already in {profile}: a is notes; skipped",
                                          f"added 1 publications to {profile} (1 were already there)"]
