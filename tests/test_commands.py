"""The helper commands: schema for editors, a starter profile, PNG previews, watch mode."""

from __future__ import annotations

import datetime
import json
import os
import queue
import subprocess
import threading
import time
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import CVGEN, ROOT, cvgen, pdf_text


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return cvgen(*args, cwd=cwd)


def as_json(value):
    """YAML as an editor's schema validator sees it: dates are strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def test_shipped_profile_validates_against_the_generated_schema(tmp_path):
    result = run("schema", cwd=tmp_path)
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    validator = jsonschema.Draft202012Validator(schema)
    validator.check_schema(schema)
    validator.validate(as_json(yaml.safe_load((ROOT / "cv.yaml").read_text(encoding="utf-8"))))
    errors = list(validator.iter_errors({"owner": {"name": "X"}, "publications": [{"hightlight": True}]}))
    assert any("'hightlight' was unexpected" in error.message for error in errors)
    assert (ROOT / "cv.yaml").read_text().startswith("# yaml-language-server: $schema=out/cv.schema.json\n")


@pytest.mark.parametrize("kind, sections", [
    ("academic", ["Grants & Funding", "Supervision", "Service", "Languages", "Outreach", "Research Experience"]),
    ("industry", ["Experience", "Projects", "Certifications", "Skills", "Languages"]),
])
@pytest.mark.tex
def test_init_writes_a_starter_that_builds_and_shows_the_new_sections(tmp_path, kind, sections):
    result = run("init", "--kind", kind, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "wrote cv.yaml; edit it, then run: cvgen render --input cv.yaml\n"
    built = run("render", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stdout
    text = pdf_text(tmp_path / "out" / "cv.pdf")
    assert [heading for heading in sections if heading.upper() not in text.upper()] == []
    assert "Research Experience" not in text if kind == "industry" else True
    resume = pdf_text(tmp_path / "out" / "resume.pdf")
    if kind == "industry":  # the résumé of an engineer: projects, certifications and languages
        assert all(heading.upper() in resume.upper() for heading in ("Projects", "Certifications", "Languages"))
        assert "out/publications.pdf         skipped" in built.stdout
        letter = pdf_text(tmp_path / "out" / "letter-example.pdf")  # a cover letter comes with it
        assert "Application: Senior Backend Engineer" in letter and "Enclosures: Résumé" in letter
        assert "out/application.pdf          2 pages" in built.stdout
    again = run("init", cwd=tmp_path)
    assert (again.returncode, again.stderr) == (2, "cv.yaml already exists; nothing written\n")


@pytest.mark.tex
def test_png_previews(tmp_path):
    run("init", cwd=tmp_path)
    result = run("render", "--png", "--variant", "short", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    png = tmp_path / "out" / "resume-1.png"
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


class Lines:
    """The lines a child process writes to one of its pipes, read by a thread, waited for without sleeping."""

    def __init__(self, stream):
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.lines.put(line) for line in stream], daemon=True).start()

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.seen):
            try:
                self.seen.append(self.lines.get(timeout=max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                raise AssertionError(f"no line with {text!r} within {timeout} s; got {self.seen}") from None


@pytest.mark.tex
def test_watch_rebuilds_on_save_and_survives_a_bad_edit(tmp_path):
    run("init", cwd=tmp_path)
    profile = tmp_path / "cv.yaml"
    good = profile.read_text()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen([*CVGEN, "watch", "--variant", "short", "--interval", "0.1"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(temporary)})
    out, err = Lines(process.stdout), Lines(process.stderr)
    try:
        out.wait_for("built 1 document")
        first = (tmp_path / "out" / "resume.pdf").read_bytes()
        profile.write_text(good.replace("owner:\n  name: Alex Example", "owner:\n  nmae: Alex Example"))
        err.wait_for("waiting for the next save...")
        assert process.poll() is None  # still watching after the bad edit
        out.seen.clear()
        profile.write_text(good.replace("Researcher · Machine Learning", "Researcher · Optimization"))
        out.wait_for("built 1 document")
        assert (tmp_path / "out" / "resume.pdf").read_bytes() != first
    finally:
        process.terminate()
        process.wait(timeout=30)
    err.wait_for("stopped watching")  # on SIGTERM as on Ctrl-C
    stderr = "".join(err.seen)
    assert "cv.yaml:10:3: owner.nmae: unknown field 'nmae'; did you mean 'name'?" in stderr
    assert "waiting for the next save..." in stderr
    assert stderr.endswith("stopped watching\n") and process.returncode == 130  # stopped, as any command is
    assert list(temporary.iterdir()) == []  # the engine waiting for the next save was stopped


@pytest.mark.tex
def test_templates_copy_gives_overrides_that_build_the_same_pdfs(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "cv.yaml").write_text((ROOT / "tests" / "data" / "minimal.yaml").read_text())
    copied = run("templates", "copy", cwd=tmp_path / "b")
    assert copied.returncode == 0, copied.stderr
    shipped = sorted(path.relative_to(ROOT / "src" / "cvgen" / "templates") for path in (ROOT / "src" / "cvgen" / "templates").rglob("*.j2"))
    assert sorted(path.relative_to(tmp_path / "b" / "templates")
                  for path in (tmp_path / "b" / "templates").rglob("*.j2")) == shipped
    assert copied.stdout.splitlines()[0] == f"wrote {len(shipped)} templates to templates/"
    again = run("templates", "copy", cwd=tmp_path / "b")
    assert again.stdout.splitlines()[0] == f"wrote 0 templates to templates/; {len(shipped)} already there " \
                                           "were left as they are"
    for folder in ("a", "b"):
        assert run("render", "--variant", "long", cwd=tmp_path / folder).returncode == 0
    assert (tmp_path / "a" / "out" / "cv.pdf").read_bytes() == (tmp_path / "b" / "out" / "cv.pdf").read_bytes()
