"""Rebuilds reuse exactly what did not change; the same input gives the same bytes anywhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA, ROOT, waiting_engines
from cvgen.document.variants import BUILTIN
from cvgen.typeset.pipeline import build

pytestmark = pytest.mark.tex  # every test here runs a TeX engine or reads a PDF with poppler

ALL = list(BUILTIN.values())


def runs(built) -> dict[str, int]:
    return {item.path.stem: item.runs for item in built}


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copy(ROOT / "cv.yaml", tmp_path / "cv.yaml")
    return tmp_path


def test_unchanged_rebuild_runs_no_tex(project):
    assert runs(build(project / "cv.yaml", project / "out", ALL)) == {"cv": 1, "resume": 1, "publications": 1}
    again = build(project / "cv.yaml", project / "out", ALL)
    assert runs(again) == {"cv": 0, "resume": 0, "publications": 0}
    assert [item.pages for item in again][1] == 1


def test_a_changed_talk_rebuilds_only_the_cv(project):
    build(project / "cv.yaml", project / "out", ALL)
    profile = project / "cv.yaml"
    profile.write_text(profile.read_text().replace("Spotlight talk on EF-BV", "Spotlight talk on EF-BV and EF21"))
    assert runs(build(profile, project / "out", ALL)) == {"cv": 1, "resume": 0, "publications": 0}


def test_a_changed_template_rebuilds_what_uses_it(project):
    build(project / "cv.yaml", project / "out", ALL)
    (project / "templates").mkdir()
    shutil.copy(ROOT / "src" / "cvgen" / "templates" / "publications.tex.j2", project / "templates" / "publications.tex.j2")
    override = project / "templates" / "publications.tex.j2"
    override.write_text(override.read_text().replace("<< view.title >>\\par", "Papers\\par"))
    assert runs(build(project / "cv.yaml", project / "out", ALL)) == {"cv": 0, "resume": 0, "publications": 1}


def test_a_pdf_changed_by_hand_is_rebuilt(project):
    build(project / "cv.yaml", project / "out", ALL)
    (project / "out" / "resume.pdf").write_bytes(b"not the recorded PDF")
    assert runs(build(project / "cv.yaml", project / "out", ALL)) == {"cv": 0, "resume": 1, "publications": 0}


@pytest.mark.parametrize("profile", ["cv.yaml", "cjk.yaml"], ids=["pdflatex", "xelatex"])
def test_same_profile_same_bytes_in_two_directories(tmp_path, profile):
    source = ROOT / "cv.yaml" if profile == "cv.yaml" else DATA / profile
    outputs = []
    for name in ("first", "second-dir"):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(source, folder / "cv.yaml")
        build(folder / "cv.yaml", folder / "out", ALL if profile == "cv.yaml" else [BUILTIN["long"]], use_cache=False)
        outputs.append({path.name: path.read_bytes() for path in (folder / "out").glob("*.pdf")})
    assert outputs[0] == outputs[1]
    assert outputs[0]


@pytest.fixture
def early_runs(monkeypatch) -> list[bool]:
    """Whether each run by an engine started early made its PDF, in order."""
    from cvgen.typeset import prestart as compile_module

    finished: list[bool] = []
    original = compile_module.WaitingEngine.finish
    monkeypatch.setattr(compile_module.WaitingEngine, "finish",
                        lambda self, tex, timeout: finished.append(original(self, tex, timeout)) or finished[-1])
    return finished


def test_a_second_build_uses_engines_started_before_validation(project, monkeypatch, early_runs):
    from cvgen.typeset import prestart as compile_module

    monkeypatch.setattr(compile_module, "engines_to_prestart", lambda: 3)  # one per document, as on 4 cores
    first = build(project / "cv.yaml", project / "out", ALL, use_cache=False)
    before = {item.path.name: item.path.read_bytes() for item in first}
    early_runs.clear()
    again = build(project / "cv.yaml", project / "out", ALL, use_cache=False)
    assert early_runs == [True, True, True]
    assert {item.path.name: item.path.read_bytes() for item in again} == before


def test_a_build_that_typesets_every_document_starts_an_engine_for_each(project, monkeypatch, early_runs):
    from cvgen.typeset import prestart as compile_module

    monkeypatch.setattr(compile_module, "engines_to_prestart", lambda: 1)  # as on 2 cores
    build(project / "cv.yaml", project / "out", ALL, use_cache=False)
    early_runs.clear()
    build(project / "cv.yaml", project / "out", ALL, use_cache=False)  # --no-cache: all three are typeset
    assert early_runs == [True, True, True]


def test_a_profile_that_fails_validation_leaves_no_engine_waiting(project, monkeypatch):
    from cvgen.errors import CvgenError
    from cvgen.typeset import prestart as compile_module

    build(project / "cv.yaml", project / "out", ALL)
    started: list = []
    original = compile_module.WaitingEngine.__init__
    monkeypatch.setattr(compile_module.WaitingEngine, "__init__",
                        lambda self, *args: started.append(self) or original(self, *args))
    profile = project / "cv.yaml"
    profile.write_text(profile.read_text().replace("\nupdated: ", "\nupdated: someday\nwas_updated: ", 1))
    with pytest.raises(CvgenError):
        build(profile, project / "out", ALL)
    assert len(started) == 1  # an engine was started for the CV before the profile was read ...
    assert started[0].process.poll() is not None and not started[0].build_dir.exists()  # ... and stopped
    assert waiting_engines() == []


def test_engines_kept_waiting_between_builds_serve_the_next_one(project, early_runs):
    """What `cvgen watch` does: engines started after one build wait, and the next build uses them."""
    from cvgen.typeset.prestart import prestart

    short = [BUILTIN["short"]]
    build(project / "cv.yaml", project / "out", short)  # remembers the résumé's format
    early_runs.clear()
    profile = project / "cv.yaml"
    text = profile.read_text()
    with prestart(profile, short) as ready:
        for edit in ("first", "second"):  # in the résumé's summary
            assert len(ready.waiting) == 1
            engine = ready.waiting[0]
            profile.write_text(text.replace("Science (KAUST, 2025) working", f"Science (KAUST, 2025, {edit}) working"))
            build(profile, project / "out", short, prestarted=ready)
            assert ready.waiting == [] and engine.process.poll() is not None  # taken, and done
            ready.refill()
            assert len(ready.waiting) == 1 and ready.waiting[0] is not engine
        build(profile, project / "out", short, prestarted=ready)  # nothing changed: the engine still waits
        assert len(ready.waiting) == 1
    assert early_runs == [True, True]
    assert waiting_engines() == []
