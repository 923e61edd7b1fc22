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

from conftest import CVGEN, DATA, ROOT, pdf_text
from cvgen.document.variants import BUILTIN
from cvgen.errors import BuildError
from cvgen.typeset.pipeline import build


def write_profile(folder: Path, profile: dict) -> Path:
    path = folder / "cv.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.tex
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


@pytest.mark.tex
def test_a_character_no_font_has_fails_naming_it_and_its_field(tmp_path):
    path = write_profile(tmp_path, {"owner": {"name": "Kai Yi"}, "summary": "Happy 𓀀 researcher"})  # DejaVu has 😀
    with pytest.raises(BuildError) as caught:
        build(path, tmp_path / "out", [BUILTIN["long"]])
    assert str(caught.value).splitlines()[0] == (
        "cv.pdf: xelatex has no glyph for '𓀀' (U+13000 EGYPTIAN HIEROGLYPH A001) in CMU Serif or any fallback "
        "font (CMU, DejaVu, Noto CJK) "
        f"(used in {path}:3:10: summary); install a font that has it (fonts-noto-core covers most scripts) "
        "or remove the character")
    assert not (tmp_path / "out").exists()


@pytest.mark.tex
def test_a_tex_error_names_the_profile_field_that_produced_the_text(tmp_path):
    path = write_profile(tmp_path, {"owner": {"name": "Kai Yi"},
                                    "talks": [{"title": "A talk about pruning", "date": "2023-05-01"}]})
    (tmp_path / "templates" / "entries").mkdir(parents=True)
    (tmp_path / "templates" / "entries" / "line.tex.j2").write_text(
        "<% for item in section.items %>\\brokenmacro << item.title | rich >>\n<% endfor %>\n")
    with pytest.raises(BuildError) as caught:
        build(path, tmp_path / "out", [BUILTIN["long"]])
    lines = str(caught.value).splitlines()
    assert lines[0] == "cv.pdf: pdflatex failed: Undefined control sequence."
    assert lines[1] == f"  produced by: {path}:4:10: talks[0].title (or a template override in {tmp_path}/templates/)"
    log = Path(lines[-2].removeprefix("  log: "))  # kept for the user to read, with the .tex
    assert log.name == "doc.log" and log.parent.parent.name == "failed" and (log.parent / "doc.tex").exists()


@pytest.mark.tex
def test_out_that_is_not_a_folder(tmp_path):
    path = shutil.copy(DATA / "minimal.yaml", tmp_path / "cv.yaml")
    (tmp_path / "out").write_text("a file")
    with pytest.raises(BuildError, match=r"^cannot create the output folder .*/out: File exists$"):
        build(Path(path), tmp_path / "out", [BUILTIN["short"]])


@pytest.mark.tex
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


def _engines_of(pid: int) -> list[int]:
    """The TeX engines that the cvgen process `pid` (which this test started) has running now."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            if fields[0].split("(", 1)[1] in ("pdflatex", "xelatex") and int(fields[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, IndexError):
            continue
    return found


def _engines_left(folder: Path) -> list[int]:
    """The TeX engines that still run in a build folder under `folder` (this test's own: its TMPDIR is there).
    A killed engine, or one started early that reads the end of its closed stdin, ends by itself a moment
    after cvgen: only one that is still there after 30 s was left behind (a bound against a hang, not a
    measure of speed)."""
    deadline = time.monotonic() + 30
    while True:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                name, rest = stat.read_text().rsplit(")", 1)
                if (name.split("(", 1)[1] in ("pdflatex", "xelatex") and rest.split()[0] != "Z"
                        and Path(os.readlink(stat.parent / "cwd")).is_relative_to(folder)):
                    found.append(int(stat.parent.name))
            except (OSError, IndexError):
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def _interrupt(folder: Path, when, fresh_formats: bool) -> subprocess.CompletedProcess:
    """Run `cvgen render --no-cache` in `folder` and send SIGINT once `when(process)` is true."""
    temporary = folder / "tmp"
    temporary.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(temporary)}
    if fresh_formats:  # the interrupt may land while TeX formats are being made
        env["CVGEN_CACHE_DIR"] = str(folder / "cache")
    process = subprocess.Popen([*CVGEN, "render", "--no-cache"], cwd=folder, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    while not when(process) and process.poll() is None:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)  # only against a hang: the verdict is the state it leaves
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _after(seconds: float):
    """`seconds` after cvgen has installed its signal handler. Before that, while Python itself starts (30 ms,
    and over 50 ms on a loaded machine, where this test once failed for it), an interrupt is Python's own."""
    start: float | None = None

    def when(process: subprocess.Popen) -> bool:
        nonlocal start
        if start is None and _catches_sigterm(process.pid):
            start = time.monotonic()
        return start is not None and time.monotonic() - start >= seconds

    return when


def _catches_sigterm(pid: int) -> bool:
    """Whether the process has a handler for SIGTERM: cvgen's (Python installs one for SIGINT only)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught, 16) >> (signal.SIGTERM - 1) & 1)


# From cvgen's first line (its signal handler, installed before anything else; an interrupt earlier, while
# Python itself starts, is Python's own) through the imports (where a KeyboardInterrupt once hung cvgen in an import lock) through
# format creation, typesetting and fitting to publishing: wherever it lands, exit 130, no engine left
# running, the old PDFs untouched, no temporary file left; or, if the build was already done, a complete
# new set of PDFs. Judged by that state alone, never by how many seconds it took (which a loaded machine
# stretches); the delays only spread the signal over the phases.
WHEN = [("engine running", None, False), ("engine running, formats being made", None, True)] + [
    (f"after {delay:g} s{', formats being made' if fresh else ''}", delay, fresh)
    for delay in (0.05, 0.1, 0.15, 0.25, 0.4, 0.6, 0.9) for fresh in (False, True)]


@pytest.mark.tex
@pytest.mark.slow
@pytest.mark.parametrize("label, delay, fresh_formats", WHEN, ids=[label for label, _, _ in WHEN])
def test_ctrl_c_anywhere_leaves_the_previous_pdfs_and_no_temporary_files(tmp_path, label, delay, fresh_formats):
    shutil.copy(ROOT / "cv.yaml", tmp_path / "cv.yaml")
    assert subprocess.run([*CVGEN, "render"], cwd=tmp_path, capture_output=True).returncode == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    when = _after(delay) if delay is not None else (lambda process: bool(_engines_of(process.pid)))
    result = _interrupt(tmp_path, when, fresh_formats)
    assert _engines_left(tmp_path) == []
    assert list((tmp_path / "tmp").iterdir()) == []  # no build folders, formats in the making or PNGs
    if "built 3 documents" in result.stdout:  # finished before the signal came, or was leaving Python (-2)
        assert result.returncode in (0, -signal.SIGINT) and delay is not None
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(before)
        return
    assert result.returncode == 130
    if result.stderr == "interrupted; the new files were already in place\n":  # it came during the renames
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(before)
        return
    assert result.stderr in ("interrupted; the previous PDFs are unchanged\n",
                             "interrupted; nothing was changed\n")  # before `render` had begun
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before  # and no .part files


@pytest.mark.tex
def test_two_renders_at_once_on_the_same_out(tmp_path):
    shutil.copy(ROOT / "cv.yaml", tmp_path / "cv.yaml")
    processes = [subprocess.Popen([*CVGEN, "render"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(2)]
    assert [p.wait(timeout=120) for p in processes] == [0, 0]
    for name in ("cv", "resume", "publications"):
        assert len(PdfReader(tmp_path / "out" / f"{name}.pdf").pages) >= 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".cvgen-cache.json", "cv.pdf", "publications.pdf", "resume.pdf"]
