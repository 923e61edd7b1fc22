"""`cvgen export rendercv`: a RenderCV input that RenderCV 2.3 accepts, with the long CV's sections in order.

RenderCV is not a dependency of cvgen: the validator test installs it once into a virtual environment of its own,
cached in ~/.cache/cvgen-tests/rendercv-2.3 (or $CVGEN_RENDERCV_VENV): about 25 s the first time, 2 s after.
Offline and without that cache it is skipped; the structure test below pins what RenderCV's models require.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, cvgen
from cvgen.document.publications import number_publications
from cvgen.document.variants import declared
from cvgen.document.view import build_view
from cvgen.typeset.pipeline import load_profile

VENV = Path(os.environ.get("CVGEN_RENDERCV_VENV") or Path.home() / ".cache" / "cvgen-tests" / "rendercv-2.3")
VALIDATE = """
import pathlib, sys
import rendercv.data as data
model = data.validate_input_dictionary_and_return_the_data_model(data.read_a_yaml_file(pathlib.Path(sys.argv[1])))
print("\\n".join(f"{section.title}: {len(section.entries)} {section.entry_type}" for section in model.cv.sections))
"""
# What RenderCV 2.3's entry types hold (rendercv/data/models/entry_types.py), and the networks it knows.
FIELDS = {
    "education": {"institution", "area", "degree", "start_date", "end_date", "date", "location", "summary",
                  "highlights"},
    "experience": {"company", "position", "start_date", "end_date", "date", "location", "summary", "highlights"},
    "normal": {"name", "start_date", "end_date", "date", "location", "summary", "highlights"},
    "publication": {"title", "authors", "doi", "url", "journal", "date", "summary"},
    "one-line": {"label", "details"},
}
REQUIRED = {"education": {"institution", "area"}, "experience": {"company", "position"}, "normal": {"name"},
            "publication": {"title", "authors"}, "one-line": {"label", "details"}}
NETWORKS = {"LinkedIn", "GitHub", "GitLab", "IMDB", "Instagram", "ORCID", "Mastodon", "StackOverflow",
            "ResearchGate", "YouTube", "Google Scholar", "Telegram", "Leetcode", "X"}


def entry_type(entry) -> str | None:
    """Which of RenderCV's entry types `entry` is: it has the type's required fields and no others."""
    if isinstance(entry, str):
        return "text"
    entry = {key: value for key, value in entry.items() if key != "cvgen"}  # cvgen's own fields, which RenderCV keeps
    return next((kind for kind, fields in FIELDS.items() if REQUIRED[kind] <= set(entry) <= fields), None)


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return cvgen(*args, cwd=cwd)


def rendercv_python() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        made = subprocess.run([sys.executable, "-m", "venv", str(VENV)], capture_output=True, text=True)
        pip = made.returncode == 0 and subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "rendercv[full]==2.3", "typer<0.27", "click<8.2"],
            capture_output=True, text=True)
        if not pip or pip.returncode != 0:
            subprocess.run(["rm", "-rf", str(VENV)])
            pytest.skip(f"rendercv 2.3 could not be installed into {VENV} (offline?): "
                        f"{(pip.stderr if pip else made.stderr).strip()[-300:]}")
    return python


def test_rendercv_2_3_accepts_the_export_of_the_shipped_profile(tmp_path):
    exported = tmp_path / "Kai_Yi_CV.yaml"
    result = run("export", "rendercv", "--out", str(exported))
    assert result.returncode == 0, result.stderr
    checked = subprocess.run([str(rendercv_python()), "-c", VALIDATE, str(exported)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr[-3000:]
    profile = load_profile(ROOT / "cv.yaml")
    view = build_view(profile, declared(profile)["long"])
    assert [line.split(":")[0] for line in checked.stdout.splitlines()] == [section.title for section in view.sections]


def test_the_export_has_the_long_cvs_sections_in_order_and_the_shapes_rendercv_requires(tmp_path):
    result = run("export", "rendercv")
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert set(data) == {"cv", "design"}  # English is RenderCV's default language (2.3 and 2.8 name it differently)
    cv = data["cv"]
    profile = load_profile(ROOT / "cv.yaml")
    view = build_view(profile, declared(profile)["long"])
    assert list(cv["sections"]) == [section.title for section in view.sections]  # every section, in order
    assert {network["network"] for network in cv["social_networks"]} <= NETWORKS
    assert cv["website"] == profile.contact.homepage
    for title, entries in cv["sections"].items():
        kinds = {entry_type(entry) for entry in entries}
        assert len(kinds) == 1 and None not in kinds, (title, kinds)  # one type of RenderCV's per section
    ordered = [item.publication for item in number_publications(profile.publications)]
    highlighted, other = cv["sections"]["Highlighted Publications"], cv["sections"]["Other Publications"]
    assert [paper["title"] for paper in highlighted + other] == [paper.title for paper in ordered]
    assert len(highlighted) == sum(paper.highlight for paper in profile.publications)
    for entry, paper in zip(highlighted + other, ordered, strict=True):
        assert entry["authors"] == [f"**{name}**" if name == "Kai Yi" else name for name in paper.authors]
        assert entry["date"] == (f"{paper.year}-{paper.month:02d}" if paper.month else str(paper.year))
    sony = cv["sections"]["Research Experience"][0]
    assert (sony["company"], sony["start_date"], sony["end_date"]) == ("Sony AI", "2023-06", "2023-09")


@pytest.mark.tex
def test_the_export_comes_back_through_import_rendercv(tmp_path):
    assert run("export", "rendercv", "--out", str(tmp_path / "CV.yaml")).returncode == 0
    result = run("import", "rendercv", "CV.yaml", "--out", "cv.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    again, original = load_profile(tmp_path / "cv.yaml"), load_profile(ROOT / "cv.yaml")
    assert again.owner.name == original.owner.name
    assert [(paper.title, paper.authors, paper.highlight) for paper in again.publications] == \
        [(item.publication.title, item.publication.authors, item.publication.highlight)
         for item in number_publications(original.publications)]
    assert [job.organization for job in again.experience] == [job.organization for job in original.experience]
    assert run("render", "--variant", "publications", cwd=tmp_path).returncode == 0
