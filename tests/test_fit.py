"""Variants declared in the profile, tags, and a résumé that fits its page by itself."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import CVGEN, ROOT, pdf_text
from cvgen.document.variants import BUILTIN
from cvgen.document.view import build_view
from cvgen.errors import BuildError
from cvgen.profile.model import Profile
from cvgen.typeset.fit import LADDER, _least_important
from cvgen.typeset.pipeline import build

SHIPPED = yaml.safe_load((ROOT / "cv.yaml").read_text(encoding="utf-8"))


def write(folder: Path, profile: dict) -> Path:
    path = folder / "cv.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def inflated() -> dict:
    """Three times the experience bullets, every publication highlighted, long titles."""
    profile = yaml.safe_load(yaml.safe_dump(SHIPPED))
    for job in profile["experience"]:
        job["highlights"] = job["highlights"] * 3
    for paper in profile["publications"]:
        paper["highlight"] = True
        paper["title"] += ": an extended study with a much longer title than usual"
    return profile


@pytest.mark.tex
def test_shipped_resume_fits_in_one_run(tmp_path):
    [built] = build(write(tmp_path, SHIPPED), tmp_path / "out", "short", use_cache=False)
    assert (built.pages, built.runs, built.notes) == (1, 1, ())


@pytest.mark.tex
def test_inflated_resume_is_fitted_to_one_page_and_says_what_was_left_out(tmp_path):
    write(tmp_path, inflated())
    result = subprocess.run([*CVGEN, "render", "--variant", "short"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("out/resume.pdf               1 page (budget 1)")
    assert lines[1] == f"  tightened: {LADDER[-1].describe()}, at most 3 bullets an entry"  # shortened first
    assert lines[2].startswith("  left out: ")
    assert len(PdfReader(tmp_path / "out" / "resume.pdf").pages) == 1
    text = pdf_text(tmp_path / "out" / "resume.pdf")
    assert "King Abdullah University of Science and Technology (KAUST)" in text  # degrees go last
    assert "Sony AI" in text  # the newest experience stays
    assert "Feature Selective Small Object Detection" not in text  # the oldest paper goes first
    assert "publication small-object-detection" in lines[2]


@pytest.mark.tex
def test_no_fit_reports_the_overflow(tmp_path):
    write(tmp_path, inflated())
    result = subprocess.run([*CVGEN, "render", "--variant", "short", "--no-fit"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("resume.pdf: the content takes 3 pages but the budget is 1; it is over by about ")


@pytest.mark.tex
def test_keep_entries_that_cannot_fit_fail_clearly(tmp_path):
    profile = inflated()
    for paper in profile["publications"]:
        paper["keep"] = True
    with pytest.raises(BuildError) as caught:
        build(write(tmp_path, profile), tmp_path / "out", "short")
    message = str(caught.value)
    assert message.startswith("resume.pdf: cannot fit 1 page: even with the tightest layout "
                              "(spacing 50%, margins 70%, font 9pt) and everything else left out, it is over by about ")
    assert ("Entries marked keep: true: publication symwanda (Symmetric Pruning of Large Language Models: a...); "
            "publication cohort-squeeze (Cohort Squeeze: Beyond a Single Communication...); ") in message
    assert "; and 18 more.\n" in message
    assert not (tmp_path / "out").exists()


@pytest.mark.tex
def test_declared_industry_variant_builds_from_the_cli(tmp_path):
    profile = dict(SHIPPED, variants={"industry": {
        "based_on": "short", "title": "Résumé (industry)", "max_pages": 2,
        "sections": ["summary", "experience", "education", "highlighted_publications", "additional"]}})
    write(tmp_path, profile)
    listed = subprocess.run([*CVGEN, "variants"], cwd=tmp_path, capture_output=True, text=True)
    assert "industry       out/industry.pdf           at most 2 pages" in listed.stdout.splitlines()
    result = subprocess.run([*CVGEN, "render", "--variant", "industry"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("out/industry.pdf             1 page (budget 2)")
    text = pdf_text(tmp_path / "out" / "industry.pdf")
    assert "Reviewing Service" not in text and "NeurIPS (2022–2025)" not in text
    assert "Research Experience" in text


@pytest.mark.tex
def test_a_profile_can_override_a_builtin_variant(tmp_path):
    profile = dict(SHIPPED, variants={"short": {"limits": {"awards": 1}}})
    [built] = build(write(tmp_path, profile), tmp_path / "out", "short")
    text = pdf_text(built.path)
    assert "KAUST Graduate Scholarship" in text and "Outstanding Graduate of XJTU" not in text


@pytest.mark.tex
def test_tags_tailor_a_document(tmp_path):
    profile = yaml.safe_load(yaml.safe_dump(SHIPPED))
    profile["experience"][0]["tags"] = ["federated-learning"]
    profile["experience"][2]["tags"] = ["bioinformatics"]
    write(tmp_path, profile)
    result = subprocess.run([*CVGEN, "render", "--variant", "short", "--tag", "federated-learning"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "out" / "resume.pdf")
    assert "Sony AI" in text  # tagged federated-learning
    assert "SenseTime" in text  # untagged entries stay
    assert "Tencent AI Lab, Research Intern" not in text  # tagged otherwise


@pytest.mark.tex
def test_variant_selects_publications_by_status_and_year(tmp_path):
    profile = dict(SHIPPED, variants={"recent-papers": {"based_on": "publications", "status": ["published"],
                                                        "since": 2022}})
    [built] = build(write(tmp_path, profile), tmp_path / "out", "recent-papers")
    text = pdf_text(built.path)
    assert "PV-Tuning" in text and "VisualGPT" in text
    assert "Symmetric Pruning" not in text  # a preprint
    assert "Cognition-based Deep Learning" not in text  # 2018


def test_what_goes_first_when_cutting():
    profile = Profile.model_validate({
        "owner": {"name": "A"},
        "publications": [{"key": "a", "authors": ["A"], "title": "A", "venue": "V", "year": 2015},
                         {"key": "b", "authors": ["A"], "title": "B", "venue": "V", "year": 2024},
                         {"key": "c", "authors": ["A"], "title": "C", "venue": "V", "year": 2016, "highlight": True}],
        "awards": [{"name": "Prize", "start": 2017}, {"name": "Minor", "start": 2024, "priority": -1}],
        "education": [{"institution": "U", "degree": "BSc", "start": 2010, "end": 2014}]})
    items = [item for item in build_view(profile, BUILTIN["long"]).items() if item.id]
    order = sorted(items, key=_least_important)
    assert [item.id for item in order] == [("awards", 1), ("publications", "a"), ("publications", "b"),
                                           ("publications", "c"), ("awards", 0), ("education", 0)]


def test_an_entry_spanning_pages_is_measured_whole():
    from cvgen.typeset.fit import _heights
    from cvgen.typeset.verify import Report

    report = Report(pages=3, goal=600.0, marks=[(("experience", 0), 1, 700.0), (("education", 0), 3, 650.0),
                                                (None, 3, 600.0)])
    # 700 → foot of page 1 (100): 600, all of page 2: 600, head of page 3 (700) → 650: 50
    assert _heights(report) == {("experience", 0): 1250.0, ("education", 0): 50.0}


@pytest.mark.tex
def test_fitting_never_leaves_out_the_last_entry_of_a_core_section(tmp_path):
    """300 bullets on one job: the résumé used to leave out every degree, job and highlighted paper (the job was
    measured as 'typical', so fitting kept choosing more). Now long entries are shortened first: every job
    stays, with its first bullets, and each core section keeps its entries."""
    profile = yaml.safe_load(yaml.safe_dump(SHIPPED))
    profile["experience"][0]["highlights"] = [f"Bullet number {n} of a very long job" for n in range(300)]
    [resume] = build(write(tmp_path, profile), tmp_path / "out", "short")
    text = pdf_text(resume.path)
    assert resume.pages == 1
    for section in ("Education", "Research Experience", "Highlighted Publications"):
        assert section in text, (section, resume.notes)
    kept = next(int(note.split("experience[0] (")[1].split("): ")[1].split(" of 300")[0])
                for note in resume.notes if note.startswith("shortened: "))  # its first bullets, the page filled
    assert 3 <= kept < 300
    assert f"Bullet number {kept - 1} of" in text and f"Bullet number {kept} of" not in text
    for job in SHIPPED["experience"]:
        assert job["organization"].split()[0] in text, (job["organization"], resume.notes)


def test_the_last_entry_of_a_core_section_is_never_chosen():
    from cvgen.document.items import EntryItem
    from cvgen.document.layout import Layout
    from cvgen.typeset.fit import fit
    from cvgen.typeset.verify import Report

    items = [EntryItem(id=("education", 0), title=(), rank=9), EntryItem(id=("awards", 0), title=()),
             EntryItem(id=("experience", 0), title=(), age=(2024, 1)), EntryItem(id=("experience", 1), title=(), age=(1990, 1))]
    tried = []

    def attempt(layout: Layout, omitted: frozenset):
        tried.append(omitted)
        fits = {("awards", 0), ("experience", 1)} <= omitted
        return None, Report(pages=1 if fits else 2, used=100.0, goal=600.0)

    with pytest.raises(BuildError):  # even without them it would not fit: never the last degree or job
        fit(1, lambda layout, omitted: (None, Report(pages=2, used=100.0, goal=600.0)), items, name="x")
    fitted = fit(1, attempt, items, name="x")
    assert set(fitted.left_out) == {("awards", 0), ("experience", 1)}
    assert all(("education", 0) not in omitted and ("experience", 0) not in omitted for omitted in tried)


ENGINEER = ROOT / "tests" / "data" / "engineer.yaml"  # 2 internships, 4 projects, 4 skill groups, languages...


@pytest.mark.tex
@pytest.mark.parametrize("font_size", [None, 12])
def test_an_engineers_resume_keeps_both_internships_and_every_skill_group_and_fills_its_page(tmp_path, font_size):
    """A new graduate's profile: shortened (10pt) or shortened and cut (12pt: one project left out), the one-page
    résumé keeps both internships and every skill group, says what it shortened and left out, and leaves at
    most 3 lines empty at its foot, measured on the PDF (pdftotext's boxes against the bottom margin)."""
    from pdflayout import empty_lines_at_foot

    profile = yaml.safe_load(ENGINEER.read_text(encoding="utf-8"))
    if font_size:
        profile["design"] = {"font_size": font_size}
    write(tmp_path, profile)
    result = subprocess.run([*CVGEN, "render", "--variant", "short", "--keep-tex"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    notes = result.stdout.splitlines()
    assert any(line.startswith("  shortened: experience[0] (Example Cloud Ltd.): ") for line in notes), notes
    assert any(line.startswith("  left out: ") for line in notes) == bool(font_size), notes
    assert not any("lines are left empty" in line for line in notes), notes
    pdf = tmp_path / "out" / "resume.pdf"
    text = pdf_text(pdf)
    assert len(PdfReader(pdf).pages) == 1
    for kept in ("Example Cloud Ltd.", "Example Payments Inc.", *(group["category"] + ":" for group in profile["skills"])):
        assert kept in text, (kept, notes)
    empty = empty_lines_at_foot(pdf, (tmp_path / "out" / "resume.tex").read_text(encoding="utf-8"))
    assert empty <= 3, (empty, notes)


def test_filling_puts_back_what_fits_until_at_most_three_lines_stay_empty():
    """A fake engine: twelve entries of 30pt on a page of 300pt, lines of 10pt, but the marks measure each entry
    as 20pt, so fitting leaves out four (80pt for 65pt over) and 5.5 lines stay empty. Filling then puts back
    the newest that the room takes, fewer after each try that does not fit, until nine are shown."""
    from cvgen.document.items import EntryItem
    from cvgen.document.layout import Layout
    from cvgen.typeset.fit import fit
    from cvgen.typeset.verify import Report

    items = [EntryItem(id=("awards", index), title=(), age=(2000 + index, 1)) for index in range(12)]
    tried = []

    def attempt(layout: Layout, omitted: frozenset):
        tried.append(omitted)
        shown = [item for item in items if item.id not in omitted]
        used = 30.0 * len(shown) + 5
        marks = [(item.id, 1, 800.0 - 20 * index) for index, item in enumerate(shown)] + [(None, 1, 800.0 - 20 * len(shown))]
        return None, Report(pages=1 if used <= 300 else 2, used=used if used <= 300 else used - 300, goal=300.0,
                            line=10.0, marks=marks)

    fitted = fit(1, attempt, list(items), name="x")
    assert fitted.report.pages == 1 and fitted.report.used == 275.0  # 2.5 lines empty
    assert sorted(fitted.left_out) == [("awards", index) for index in range(3)]  # the oldest three stay out
    assert frozenset(("awards", index) for index in range(4)) in tried  # four were left out first


def test_hobbies_are_the_first_thing_fitting_leaves_out_and_core_sections_the_last():
    """A recruiter's order: hobbies go before any project, award or talk; degrees, jobs and skills stay."""
    profile = Profile.model_validate(yaml.safe_load(ENGINEER.read_text(encoding="utf-8")))
    items = sorted((item for section in build_view(profile, BUILTIN["short"]).sections for item in section.items
                    if item.id), key=_least_important)
    assert items[0].id == ("hobbies", 0)
    assert {item.id[0] for item in items[-6:]} <= {"education", "experience", "skills"}
