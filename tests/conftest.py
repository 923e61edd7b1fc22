"""Shared fixtures: the repository's paths and one real build of the shipped profile per test session."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

# In CI the property tests draw the same examples every run, so a red run is the code's doing and can be
# run again; on a developer's machine they draw new ones each run (and keep what failed in .hypothesis/).
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
CVGEN = [sys.executable, "-m", "cvgen"]  # the installed CLI, whether or not the venv is activated
# Files other projects publish, beside the repository in the cvgen workspace (not in a user's clone).
REAL_WORLD = ROOT.parent / "shared" / "real-world"
needs_real_world = pytest.mark.skipif(
    not REAL_WORLD.is_dir(), reason=f"{REAL_WORLD} is absent (a clone outside the cvgen workspace): the real files "
    "of other projects are not tested; tests/data/interop covers the same import paths")
# citeproc-js for CSL styles: the copy `make node` installs from tests/csl/package.json
os.environ.setdefault("CVGEN_CITEPROC", str(ROOT / "tests" / "csl"))
# No startup snapshot of citeproc-js per style (tens of MB each): test_csl_processes.py turns them on.
os.environ.setdefault("CVGEN_CITEPROC_SNAPSHOT", "0")


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory) -> Path:
    """Precompiled TeX formats and templates go to a folder of this test session, not the user's cache."""
    folder = tmp_path_factory.mktemp("cvgen-cache")
    os.environ["CVGEN_CACHE_DIR"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def tex_is_installed() -> None:
    """TeX missing is a failure, never a skip, for a test marked `tex`: it needs the real engine."""
    missing = [tool for tool in ("pdflatex", "xelatex", "pdftotext", "kpsewhich", "bibtex", "biber") if not shutil.which(tool)]
    assert not missing, f"missing {missing}: run `make tex` (or see the README) before `make test`"


@pytest.fixture(autouse=True)
def _tex_for_tex_tests(request) -> None:
    """Only the tests marked `tex` check for TeX, so the fast tier (`make test-fast`) runs without it."""
    if request.node.get_closest_marker("tex"):
        request.getfixturevalue("tex_is_installed")


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory) -> Path:
    """out/ with the three PDFs (and their .tex) built from the shipped cv.yaml by the real CLI."""
    out = tmp_path_factory.mktemp("out")
    result = subprocess.run([*CVGEN, "render", "--input", str(ROOT / "cv.yaml"), "--out", str(out), "--keep-tex"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


def cvgen(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`cvgen ARGS` in `cwd`: its exit code, stdout and stderr. The commands that build (`render`, `watch`:
    they install signal handlers and start engines) run as a real process; the others run in this one,
    which saves an interpreter start-up per call (about a second of imports) and keeps the fast tier fast."""
    if args and args[0] in ("render", "watch"):
        return subprocess.run([*CVGEN, *args], capture_output=True, text=True, cwd=cwd)
    from cvgen.cli import main

    with contextlib.chdir(cwd):
        result = CliRunner().invoke(main, args, prog_name="cvgen", catch_exceptions=False)
    return subprocess.CompletedProcess(["cvgen", *args], result.exit_code, result.stdout, result.stderr)


def pdf_text(path: Path) -> str:
    """The PDF's text layer as pdftotext reads it, with white space normalised."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


def waiting_engines() -> list[str]:
    """Command lines of this test process's own engines that were started early and still wait (there should be
    none between builds). Only children of this process: a developer's `cvgen watch` or another test run
    on the same machine is none of its business."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            text = (stat.parent / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        if parent == os.getpid() and "cvgengo" in text:
            found.append(text)
    return found
