"""JSON Resume out and in, academicpages Markdown out, and a new user's path from other formats to three PDFs."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import CVGEN, DATA, ROOT, cvgen, pdf_text
from cvgen.document.publications import number_publications
from cvgen.typeset.pipeline import load_profile

CHECK = ROOT / "tests" / "jsonresume" / "check.mjs"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return cvgen(*args, cwd=cwd)


def official_check(resume: Path, html: Path) -> subprocess.CompletedProcess:
    """The npm package @jsonresume/schema validates; jsonresume-theme-even renders (see tests/jsonresume)."""
    assert shutil.which("node") and (CHECK.parent / "node_modules").is_dir(), "run `make node` (part of `make test`)"
    return subprocess.run(["node", str(CHECK), str(resume), str(html)], capture_output=True, text=True)


@pytest.mark.node
def test_exported_resume_json_passes_the_official_schema_and_renders_with_a_real_theme(tmp_path):
    resume = tmp_path / "resume.json"
    result = run("export", "jsonresume", "--out", str(resume))
    assert result.returncode == 0, result.stderr
    checked = official_check(resume, tmp_path / "resume.html")
    assert checked.returncode == 0, checked.stderr
    document = json.loads(resume.read_text(encoding="utf-8"))
    profile = load_profile(ROOT / "cv.yaml")
    ordered = [item.publication for item in number_publications(profile.publications)]
    assert [paper["name"] for paper in document["publications"]] == [paper.title for paper in ordered]
    first = document["publications"][0]  # highlighted first, as in the PDFs; authors in the schema's extra fields
    assert first["highlight"] is True and first["authors"] == ordered[0].authors
    assert first["summary"].startswith(", ".join(ordered[0].authors) + ".")
    sony = next(job for job in document["work"] if job["name"] == "Sony AI")
    assert sony["startDate"] == "2023-06" and sony["highlights"] == list(profile.experience[0].highlights)
    page = (tmp_path / "resume.html").read_text(encoding="utf-8")
    assert "Kai Yi" in page and "Sony AI" in page and "Richtárik" in page
    assert "PV-Tuning: Beyond Straight-Through Estimation for Extreme LLM Compression" in page


@pytest.mark.node
def test_the_official_check_rejects_what_the_schema_forbids(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"basics": {"name": "X", "email": 3}, "work": [{"startDate": "June 2020"}]}))
    checked = official_check(bad, tmp_path / "bad.html")
    assert checked.returncode == 1
    assert "instance.basics.email: is not of a type(s) string" in checked.stderr
    assert "instance.work[0].startDate: does not match pattern" in checked.stderr


def test_import_jsonresume_makes_a_valid_profile_and_says_what_it_left_out(tmp_path):
    result = run("import", "jsonresume", str(DATA / "interop" / "resume.json"))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "note: publications[0]: JSON Resume has no authors; Mireille Dubois-Nakamura is the only one listed, "
        "add the others",
        'note: publications[0].summary "Flagship paper of the atlas." has no place in cv.yaml (a publication has no '
        "abstract); left out",
        "note: publications[1]: JSON Resume has no authors; Mireille Dubois-Nakamura is the only one listed, "
        "add the others",
        "note: publications[2]: a publication needs a name and a releaseDate; left out",
        "note: work[2].startDate 'sometime in 2014' is not a date (YYYY, YYYY-MM or YYYY-MM-DD); left out",
        'note: projects[0].type "talk": imported into talks',
        'note: basics.location.address "12 rue des Écoles" has no place in cv.yaml; left out',
        'note: basics.location.postalCode "75005" has no place in cv.yaml; left out',
    ]
    profile = yaml.safe_load(result.stdout)
    assert profile["owner"] == {"name": "Mireille Dubois-Nakamura"}
    assert (profile["contact"]["location"], profile["contact"]["country_code"]) == ("Paris", "FR")
    assert profile["contact"]["links"][1] == {"label": "Mastodon", "url": "https://sciences.social/@mdn",  # made from
                                              "username": "@mdn@sciences.social"}  # the username, which is kept
    assert profile["experience"][0]["end"] == "present"  # a job with no end date is the current one
    assert profile["education"][0]["degree"] == "PhD in Bioinformatics"
    assert profile["publications"][0]["links"] == {"doi": "10.1038/s41586-024-00000-0"}
    assert profile["talks"] == [{"title": "Keynote: Atlases and their discontents", "event": "ISMB 2024",
                                 "date": "2024-07-15"}]
    assert len(profile["references"]) == 1 and profile["references"][0]["quote"]  # references have a place now
    assert profile["languages"] == [{"language": "French", "level": "Native"},
                                    {"language": "Japanese", "level": "Fluent"}, {"language": "English"}]
    assert profile["certifications"] == [{"name": "Certified Kubernetes Administrator", "issuer": "CNCF",
                                          "date": "2020-03"}]
    assert profile["projects"] == [{"name": "scChrom", "description": "Open-source toolkit",
                                    "url": "https://github.com/mdn-example/scchrom", "start": "2019"}]


def test_our_resume_json_comes_back_with_its_authors_and_highlights(tmp_path):
    resume = tmp_path / "resume.json"
    assert run("export", "jsonresume", "--out", str(resume)).returncode == 0
    back = tmp_path / "back.yaml"
    result = run("import", "jsonresume", str(resume), "--out", str(back))
    assert result.returncode == 0, result.stderr
    original, again = load_profile(ROOT / "cv.yaml"), load_profile(back)
    def papers(profile):
        return [(item.publication.title, item.publication.authors, item.publication.highlight, item.publication.year)
                for item in number_publications(profile.publications)]

    assert papers(again) == papers(original)
    assert [job.highlights[-1] for job in again.experience[:3]] == [job.highlights[-1] for job in original.experience[:3]]
    assert run("import", "jsonresume", str(resume), "--out", str(back)).returncode == 2  # never overwrites


def test_import_jsonresume_refuses_what_is_not_a_resume(tmp_path):
    broken = tmp_path / "resume.json"
    broken.write_text('{"basics": {"name": "X",}}')
    result = run("import", "jsonresume", str(broken))
    assert (result.returncode, result.stderr) == (2, f"{broken}:1:25: not valid JSON: Expecting property name "
                                                     "enclosed in double quotes\n")
    broken.write_text('{"work": []}')
    result = run("import", "jsonresume", str(broken))
    assert (result.returncode, result.stderr) == (2, f"{broken}: expected a JSON Resume object with basics.name\n")


@pytest.mark.tex
def test_markdown_export_matches_the_pdfs_grouping_numbers_and_bold_owner(tmp_path, shipped_build):
    site = tmp_path / "site"
    result = run("export", "markdown", "--out", str(site))
    assert result.returncode == 0, result.stderr
    profile = load_profile(ROOT / "cv.yaml")
    pages = sorted((site / "_publications").glob("*.md"))
    assert len(pages) == len(profile.publications)
    fronts = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n")[1])
        assert set(front) >= {"title", "collection", "category", "permalink", "date", "venue", "citation"}
        assert front["collection"] == "publications" and page.name.startswith(str(front["date"]))
        fronts[front["title"]] = front
        assert "<strong><u>Kai Yi</u></strong>" in front["citation"] and "**Kai Yi**" in text
    for paper in profile.publications:  # the group the profile gives it
        assert fronts[paper.title]["category"] == ("highlighted" if paper.highlight else "other")
    pv = fronts["PV-Tuning: Beyond Straight-Through Estimation for Extreme LLM Compression"]
    assert pv["permalink"] == "/publication/pv-tuning" and pv["venue"] == "NeurIPS 2024"
    cv = (site / "_pages" / "cv.md").read_text(encoding="utf-8")
    headings = [html.unescape(h) for h in re.findall(r"^## (.+)$", cv, re.MULTILINE)]
    pdf = pdf_text(shipped_build / "cv.pdf")
    assert [h for h in headings if h.upper() in pdf.upper()] == headings  # the long CV's sections, same names
    positions = [pdf.upper().index(h.upper()) for h in headings]
    assert positions == sorted(positions)  # ... in the same order
    numbered = re.findall(r"^(\d+)\. (.+)$", cv, re.MULTILINE)
    for number, line in numbered:  # the same number for the same paper as in cv.pdf
        title = next(paper.title for paper in profile.publications if paper.title.split(":")[0] in line)
        assert re.search(rf"\[{number}\] {re.escape(title.split(':')[0])}", pdf), (number, title)
    assert len(numbered) == len(profile.publications)


def test_markdown_escapes_what_jekyll_and_kramdown_would_interpret(tmp_path):
    site = tmp_path / "site"
    assert run("export", "markdown", "--input", str(DATA / "hostile.yaml"), "--out", str(site)).returncode == 0
    cv = (site / "_pages" / "cv.md").read_text(encoding="utf-8")
    body = cv.split("{% include base_path %}", 1)[1]
    assert "{{" not in body and "{%" not in body  # Liquid would run it
    assert r"\textbf&#123;Mallory&#125;" in body.replace("\\\\", "\\")


@pytest.mark.tex
def test_a_new_user_goes_from_a_bib_and_a_resume_json_to_three_pdfs(tmp_path):
    assert run("import", "jsonresume", str(DATA / "interop" / "resume.json"), "--out", "cv.yaml",
               cwd=tmp_path).returncode == 0
    merged = run("import", "bibtex", str(DATA / "interop" / "papers.bib"), "--into", "cv.yaml", "--skip-bad",
                 cwd=tmp_path)
    assert merged.returncode == 0, merged.stderr
    built = run("render", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    for name in ("cv", "resume", "publications"):
        text = pdf_text(tmp_path / "out" / f"{name}.pdf")
        assert "Mireille Dubois-Nakamura" in text
    assert "Öber–Straße" in pdf_text(tmp_path / "out" / "publications.pdf")


def test_markdown_export_removes_its_own_pages_of_papers_no_longer_in_the_profile(tmp_path):
    site = tmp_path / "site"
    profile = tmp_path / "cv.yaml"
    text = (ROOT / "cv.yaml").read_text(encoding="utf-8")
    profile.write_text(text, encoding="utf-8")
    assert run("export", "markdown", "--input", str(profile), "--out", str(site)).returncode == 0
    mine = site / "_publications" / "2019-01-01-my-own-page.md"
    mine.write_text("---\ntitle: A page written by hand\n---\n", encoding="utf-8")
    before = {path.name for path in (site / "_publications").glob("*.md")}
    pv_tuning = next(name for name in before if name.endswith("-pv-tuning.md"))
    start = text.index("  - key: pv-tuning")
    end = text.index("  - key:", start + 1)
    profile.write_text(text[:start] + text[end:], encoding="utf-8")  # the paper is removed
    result = run("export", "markdown", "--input", str(profile), "--out", str(site))
    assert result.returncode == 0, result.stderr
    after = {path.name for path in (site / "_publications").glob("*.md")}
    assert before - after == {pv_tuning}  # the hand-written page stays
    assert f"removed {site / '_publications' / pv_tuning}: its paper is no longer in {profile} " \
           "(or its date or key changed)\n" in result.stderr


@pytest.mark.parametrize("format_", ["bibtex", "jsonresume", "rendercv", "csljson"])
def test_every_import_says_the_same_of_a_file_it_cannot_read(format_, tmp_path):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Müller".encode("latin-1"))
    for target, message in ((tmp_path / "missing.txt", "file not found"),
                            (latin1, "not valid UTF-8 (byte 0xfc); save it as UTF-8")):
        result = subprocess.run([*CVGEN, "import", format_, str(target)], capture_output=True, text=True)
        assert (result.returncode, result.stderr) == (2, f"{target}: {message}\n")


def test_a_country_code_cldr_does_not_name_is_noted_on_import_and_refused_in_a_profile(tmp_path):
    """A JSON Resume's countryCode is kept when it names a country; XX would print as itself (ZZ as "Unknown
    Region"), so the import leaves it out with a note, and cv.yaml refuses it at its line (bad corpus 62)."""
    resume = tmp_path / "resume.json"
    resume.write_text(json.dumps({"basics": {"name": "A", "location": {"city": "Lyon", "countryCode": "XX"}}}),
                      encoding="utf-8")
    result = cvgen("import", "jsonresume", str(resume), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == "note: basics.location.countryCode 'XX' is not a country's two-letter code; left out"
    assert "country_code" not in yaml.safe_load(result.stdout)["contact"]
    resume.write_text(json.dumps({"basics": {"name": "A", "location": {"city": "Lyon", "countryCode": "fr"}}}),
                      encoding="utf-8")
    assert yaml.safe_load(cvgen("import", "jsonresume", str(resume), cwd=tmp_path).stdout)["contact"] == {
        "location": "Lyon", "country_code": "FR"}
