"""The Debian packages cvgen needs, read from `debian.txt` (the one list the Makefile and the workflows read
too); which of them a profile needs; which of them this machine lacks.

A profile needs the `latex` packages; `xelatex` ones when a document's text is beyond pdflatex (the engine
choice is latex/engine.py's, on the text each document prints), `cjk` ones when it has CJK characters.
On a machine without TeX Live, pdflatex's characters cannot be read, so a document with a character outside
the common Latin ones counts as needing xelatex: the list may then be longer than needed, never shorter.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cvgen.document.languages import check_language, localize
from cvgen.document.view import build_view
from cvgen.latex.engine import choose_engine
from cvgen.paths import template_folders
from cvgen.typeset.pipeline import prepare

LIST = Path(__file__).with_name("debian.txt")
FOR_ANY_PROFILE = ("latex", "xelatex", "cjk")  # `tests` is for cvgen's own test suite


@dataclass(frozen=True)
class Need:
    need: str  # latex, xelatex, cjk or tests
    package: str  # the Debian package
    kind: str  # command, file (kpsewhich) or font (fc-list)
    probe: str  # the command, file or font family that shows the package is installed


def needs(groups: tuple[str, ...] = FOR_ANY_PROFILE) -> list[Need]:
    """The lines of debian.txt for these groups, in the file's order."""
    found = []
    for line in LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            need, package, kind, probe = line.split(maxsplit=3)
            if need in groups:
                found.append(Need(need, package, kind, probe))
    return found


def packages(groups: tuple[str, ...] = FOR_ANY_PROFILE) -> list[str]:
    """The Debian packages of these groups, each once, in the file's order."""
    return list(dict.fromkeys(need.package for need in needs(groups)))


def profile_groups(input_path: Path) -> tuple[str, ...]:
    """The groups the documents of this profile need, from the engine each document is typeset with."""
    prepared = prepare(input_path, "all", (), template_folders(input_path), git_date="")
    groups = {"latex"}
    for variant in prepared.variants:  # as pipeline.make chooses each document's engine
        language = variant.language or prepared.profile.language
        check_language(language)
        view = build_view(localize(prepared.profile, language)[0], variant, prepared.updated)
        if not view.sections:
            continue
        engine = choose_engine(view.text(), language)
        if engine.name == "xelatex":
            groups.add("xelatex")
        if engine.cjk:
            groups.add("cjk")
    return tuple(group for group in FOR_ANY_PROFILE if group in groups)


def missing(groups: tuple[str, ...] = FOR_ANY_PROFILE) -> list[Need]:
    """What this machine lacks of these groups: commands not on PATH, TeX files kpsewhich does not find,
    font families fc-list does not know."""
    wanted = needs(groups)
    files = _tex_files([need.probe for need in wanted if need.kind == "file"])
    fonts = _font_families() if any(need.kind == "font" for need in wanted) else ""
    present = {
        "command": lambda probe: shutil.which(probe) is not None,
        "file": lambda probe: probe in files,
        "font": lambda probe: probe in fonts,
    }
    return [need for need in wanted if not present[need.kind](need.probe)]


def _tex_files(names: list[str]) -> set[str]:
    """Which of these files TeX finds (one kpsewhich run for all)."""
    try:
        found = subprocess.run(["kpsewhich", *names], capture_output=True, text=True, timeout=60,
                               stdin=subprocess.DEVNULL).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return {Path(path).name for path in found}


def _font_families() -> str:
    try:
        return subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


_KIND = {"command": "the command", "file": "the TeX file", "font": "the font"}


def report(lacking: list[Need], groups: tuple[str, ...], profile: Path | None) -> list[str]:
    """What `cvgen doctor` says: each missing piece with its package, and the apt-get line that installs them."""
    if not lacking:
        what = f"to build {profile}" if profile else "for any profile"
        return [f"this machine has every command, TeX file and font cvgen needs {what}"]
    lines = [f"missing: {_KIND[need.kind]} {need.probe} (Debian package {need.package})" for need in lacking]
    names = " ".join(dict.fromkeys(need.package for need in lacking))
    return [*lines, "install them with:", f"  sudo apt-get install --no-install-recommends {names}"]
