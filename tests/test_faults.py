"""Faults survived: each with a clear message, the previous PDFs intact and nothing half-written in out/."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from cvgen.errors import BuildError
from cvgen.pipeline import build
from cvgen.variants import BUILTIN
from conftest import CVGEN, DATA, ROOT, pdf_text


def write_profile(folder: Path, profile: dict) -> Path:
    path = folder / "cv.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_no_profile_value_can_make_tex_read_a_file(tmp_path):
    secret = tmp_path / "secret.tex"
    secret.write_text("TOPSECRET-42")
    tricks = (f"\\input{{{secret}}} \\include{{{secret}}} \\newread\\r\\openin\\r={secret} \\read\\r to\\x\\x "
              f"\\csname input\\endcsname{{{secret}}} ^^5cinput{{{secret}}}")
    path = write_profile(tmp_path, {
        "owner": {"name": tricks}, "headline": tricks, "summary": tricks,
        "education": [{"institution": tricks, "degree": tricks, "start": 2020}],
        "publications": [{"key": "p", "authors": [tricks], "title": tricks, "venue": tricks, "year": 2024,
                          "notes": [tricks], "highlight": True}],
        "experience": [{"organization": tricks, "role": tricks, "start": 2021, "highlights": [tricks]}],
        "talks": [{"title": tricks, "event": tricks, "date": 2023}],
        "awards": [{"name": tricks, "note": tricks, "start": 2019}],
        "skills": [{"category": tricks, "items": [tricks]}],
    })
    build(path, tmp_path / "out", [BUILTIN["long"], BUILTIN["publications"]])  # too long for a one-page résumé
    for name in ("cv", "publications"):
        pdf = tmp_path / "out" / f"{name}.pdf"
        assert b"TOPSECRET" not in pdf.read_bytes()
        text = pdf_text(pdf)
        assert "TOPSECRET" not in text
        assert f"\\input{{{secret}}}" in text


def test_a_character_no_font_has_fails_naming_it_and_its_field(tmp_path):
    path = write_profile(tmp_path, {"owner": {"name": "Kai Yi"}, "summary": "Happy 😀 researcher"})
    with pytest.raises(BuildError) as caught:
        build(path, tmp_path / "out", [BUILTIN["long"]])
    assert str(caught.value).splitlines()[0] == (
        "cv.pdf: xelatex has no glyph for '😀' (U+1F600 GRINNING FACE) in CMU Serif and Noto Serif CJK SC "
        f"(used in {path}:3:10: summary); install a font that has it (fonts-noto-core covers most scripts) "
        "or remove the character")
    assert not (tmp_path / "out").exists()


def test_a_tex_error_names_the_profile_field_that_produced_the_text(tmp_path):
    path = write_profile(tmp_path, {"owner": {"name": "Kai Yi"},
                                    "talks": [{"title": "A talk about pruning", "date": "2023-05-01"}]})
    (tmp_path / "templates" / "entries").mkdir(parents=True)
    (tmp_path / "templates" / "entries" / "talks.tex.j2").write_text(
        "<% for talk in section.items %>\\brokenmacro << talk.title >>\n<% endfor %>\n")
    with pytest.raises(BuildError) as caught:
        build(path, tmp_path / "out", [BUILTIN["long"]])
    lines = str(caught.value).splitlines()
    assert lines[0] == "cv.pdf: pdflatex failed: Undefined control sequence."
    assert lines[1] == f"  produced by: {path}:4:10: talks[0].title"


def test_out_that_is_not_a_folder(tmp_path):
    path = shutil.copy(DATA / "minimal.yaml", tmp_path / "cv.yaml")
    (tmp_path / "out").write_text("a file")
    with pytest.raises(BuildError, match=r"^cannot create the output folder .*/out: File exists$"):
        build(Path(path), tmp_path / "out", [BUILTIN["short"]])


def test_disk_full_while_writing_keeps_the_old_pdfs(tmp_path, monkeypatch):
    path = Path(shutil.copy(DATA / "minimal.yaml", tmp_path / "cv.yaml"))
    build(path, tmp_path / "out", list(BUILTIN.values()))
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    path.write_text(path.read_text() + "headline: A new headline\n")

    def full(_descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(BuildError, match=r"No space left on device; the previous files there are unchanged$"):
        build(path, tmp_path / "out", list(BUILTIN.values()))
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before


def test_tex_not_installed_says_what_to_install(tmp_path):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "cv.yaml")
    result = subprocess.run([*CVGEN, "render"], capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "PATH": str(tmp_path)})
    assert result.returncode == 1
    assert "pdflatex is not installed. Install TeX Live, for example:" in result.stderr
    assert "Traceback" not in result.stderr


def _engines_started_by(pid: int, typesetting: bool) -> list[int]:
    """The pdflatex processes whose parent is `pid`; with `typesetting`, only those given a document
    (an ordinary run of doc.tex, or an engine started early that has been given its body)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            if fields[0].split("(", 1)[1] != "pdflatex" or int(fields[1].split()[1]) != pid:
                continue
            given = "doc.tex" in (stat.parent / "cmdline").read_text() or (stat.parent / "cwd" / "body.tex").exists()
        except (OSError, IndexError):
            continue
        if given or not typesetting:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.parametrize("typesetting", [False, True], ids=["engines-waiting", "engines-typesetting"])
def test_ctrl_c_during_a_build_leaves_the_previous_pdfs_and_no_temporary_files(tmp_path, typesetting):
    shutil.copy(ROOT / "cv.yaml", tmp_path / "cv.yaml")
    assert subprocess.run([*CVGEN, "render"], cwd=tmp_path, capture_output=True).returncode == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen([*CVGEN, "render", "--no-cache"], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(temporary)})
    deadline = time.monotonic() + 20
    while not _engines_started_by(process.pid, typesetting) and time.monotonic() < deadline:
        time.sleep(0.002)
    assert _engines_started_by(process.pid, typesetting), "no engine was seen"
    process.send_signal(signal.SIGINT)  # an engine runs: the build cannot have finished
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert stderr == "interrupted; the previous PDFs are unchanged\n"
    after = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert after == before  # and no .part files
    assert list(temporary.iterdir()) == []  # no build directories left


def test_two_renders_at_once_on_the_same_out(tmp_path):
    shutil.copy(ROOT / "cv.yaml", tmp_path / "cv.yaml")
    processes = [subprocess.Popen([*CVGEN, "render"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(2)]
    assert [p.wait(timeout=120) for p in processes] == [0, 0]
    for name in ("cv", "resume", "publications"):
        assert len(PdfReader(tmp_path / "out" / f"{name}.pdf").pages) >= 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".cvgen-cache.json", "cv.pdf", "publications.pdf", "resume.pdf"]
