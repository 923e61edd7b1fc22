"""The command line as a person uses it: exit codes, messages, and nothing lost on failure."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CVGEN, DATA, ROOT, pdf_text


def cvgen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CVGEN, *args], capture_output=True, text=True, cwd=cwd)


def test_validate_reports_every_problem_and_exits_2_without_traceback(tmp_path):
    shutil.copy(DATA / "bad" / "29-two-problems.yaml", tmp_path / "cv.yaml")
    result = cvgen("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "cv.yaml:5:3: owner.nam: unknown field 'nam'; did you mean 'name'?",
        "cv.yaml:5:3: owner.name: required field is missing",
        "cv.yaml:6:10: summary: expected a string, got a number (42)",
    ]


def test_validate_accepts_the_shipped_profile():
    result = cvgen("validate", cwd=ROOT)
    assert result.returncode == 0
    assert result.stdout == "cv.yaml: valid (23 publications, 5 highlighted)\n"


@pytest.mark.tex
def test_bad_input_leaves_previous_pdfs_untouched(tmp_path):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "cv.yaml")
    assert cvgen("render", "--variant", "short", cwd=tmp_path).returncode == 0
    before = (tmp_path / "out" / "resume.pdf").read_bytes()
    shutil.copy(DATA / "bad" / "04-venue-list.yaml", tmp_path / "cv.yaml")
    result = cvgen("render", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert (tmp_path / "out" / "resume.pdf").read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".cvgen-cache.json", "resume.pdf"]


def test_unknown_variant_is_a_usage_error(tmp_path):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "cv.yaml")
    result = cvgen("render", "--variant", "poster", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "unknown variant 'poster'; expected one of: all, long, short, publications\n"


def test_missing_input_file(tmp_path):
    result = cvgen("render", "--input", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "nope.yaml:1:1: file not found\n"


@pytest.mark.tex
def test_render_prints_a_summary_line_per_document(tmp_path):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "cv.yaml")
    result = cvgen("render", "--keep-tex", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    documents = [line for line in lines if line.startswith("out/")]
    assert [line.split()[0] for line in documents] == ["out/cv.pdf", "out/resume.pdf", "out/publications.pdf"]
    assert "1 page (budget 1)" in documents[1]
    assert re.fullmatch(r"  note: about \d+ lines are left empty on the last page", lines[2])
    assert lines[-1].startswith("built 3 documents in ")
    assert (tmp_path / "out" / "resume.tex").exists()


@pytest.mark.tex
def test_unicode_profile_keeps_every_character(tmp_path):
    shutil.copy(DATA / "unicode.yaml", tmp_path / "cv.yaml")
    assert cvgen("render", "--variant", "long", cwd=tmp_path).returncode == 0
    text = pdf_text(tmp_path / "out" / "cv.pdf")
    assert "Łukasz Żółć-Richtárik" in text
    assert "Café, naïve, Straße, «quoted», “curly”, 5 € and œuvre" in text
    assert "Efficient" in text and "office affine fluffy" in text


@pytest.mark.tex
def test_chinese_profile_builds_with_xelatex_and_shows_the_characters(tmp_path):
    shutil.copy(DATA / "cjk.yaml", tmp_path / "cv.yaml")
    result = cvgen("render", "--variant", "long", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "xelatex" in result.stdout
    text = pdf_text(tmp_path / "out" / "cv.pdf")
    assert "易凯 (Kai Yi)" in text
    assert "中文标题的论文：联邦学习" in text
    assert "西安, China" in text


@pytest.mark.tex
def test_hostile_profile_prints_literally(tmp_path):
    shutil.copy(DATA / "hostile.yaml", tmp_path / "cv.yaml")
    result = cvgen("render", "--variant", "long", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # straight quotes print as the language's (“ ” ‘ ’): compared as typed
    text = pdf_text(tmp_path / "out" / "cv.pdf").translate(str.maketrans("“”‘’", "\"\"''"))
    assert 'Eve" + str(6*7) + "' in text
    assert r"\input{/etc/passwd} {{ 7*7 }} <% for x in y %> << z >> $x^2$ & 100% #1 _a_ ~ ^^41 \\ \def\x{y}" in text
    assert r"\write18{rm -rf /} \catcode`\%=11 % not a comment -- --- `` '' << >> ,, !` ?`" in text
    assert r"A title with \\ line break, \newpage and \end{document}" in text
    assert "root:" not in text


@pytest.mark.tex
def test_a_contact_item_that_starts_with_a_letter_builds_and_shows(tmp_path):
    (tmp_path / "cv.yaml").write_text("owner: {name: Kai Yi}\ncontact:\n  email: kai@example.org\n"
                                      "  phone: Upon request\n  location: Thuwal\n"
                                      "education: [{institution: KAUST, degree: Ph.D., start: 2020}]\n")
    result = cvgen("render", "--variant", "long", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Thuwal · kai@example.org · Upon request" in pdf_text(tmp_path / "out" / "cv.pdf")


BROKEN_TEMPLATES = [
    ("<% for item in section.items %>\n<% do x %>\n<% endfor %>\n",
     "templates/entries/entry.tex.j2:2: unknown tag 'do'"),
    ("<% for item in section.items %>\n<< item.volume >>\n<% endfor %>\n",
     "templates/entries/entry.tex.j2:2: 'EntryItem' has no attribute 'volume'"),
    ("<% for item in section.items %>\n\n<% include 'entries/degree.tex.j2' %>\n<% endfor %>\n",
     "templates/entries/entry.tex.j2:3: template 'entries/degree.tex.j2' not found"),
    ("<% for item in section.items %>\n<< item.title + 1 >>\n<% endfor %>\n",
     'templates/entries/entry.tex.j2:2: can only concatenate tuple (not "int") to tuple'),
    ("<< section.items[0].title\n",
     "templates/entries/entry.tex.j2:1: unexpected end of template, expected 'end of print statement'"),
]


@pytest.mark.tex
@pytest.mark.parametrize("template, message", BROKEN_TEMPLATES, ids=[m.split(": ", 1)[1] for _, m in BROKEN_TEMPLATES])
def test_a_broken_template_override_names_its_file_and_line(tmp_path, template, message):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "cv.yaml")
    assert cvgen("render", cwd=tmp_path).returncode == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    (tmp_path / "templates" / "entries").mkdir(parents=True)
    (tmp_path / "templates" / "entries" / "entry.tex.j2").write_text(template)
    result = cvgen("render", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, message + "\n")
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before


@pytest.mark.tex
def test_an_empty_document_is_skipped_and_its_old_pdf_removed(tmp_path):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "cv.yaml")
    assert cvgen("render", cwd=tmp_path).returncode == 0
    (tmp_path / "cv.yaml").write_text("owner: {name: Ada Lovelace}\n"
                                      "education: [{institution: University of London, degree: Mathematics}]\n")
    result = cvgen("render", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if not line.startswith("  note:")]
    assert lines[2] == "out/publications.pdf         skipped: the profile has nothing for this document"
    assert lines[-1].startswith("built 2 documents in ")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".cvgen-cache.json", "cv.pdf", "resume.pdf"]
    again = cvgen("render", cwd=tmp_path)  # nothing changed: the same report, from the cache
    assert lines[2] in again.stdout.splitlines()
    (tmp_path / "cv.yaml").write_text("owner: {name: Ada Lovelace}\n")
    nothing = cvgen("render", cwd=tmp_path)
    assert nothing.returncode == 0, nothing.stderr
    assert nothing.stdout.splitlines()[-1].startswith("built 0 documents in ")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".cvgen-cache.json"]
