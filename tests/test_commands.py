"""The helper commands: schema for editors, a starter profile, PNG previews, watch mode."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import time
from pathlib import Path

import jsonschema
import yaml

from conftest import CVGEN, ROOT


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CVGEN, *args], capture_output=True, text=True, cwd=cwd)


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


def test_init_writes_a_starter_that_builds(tmp_path):
    result = run("init", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "wrote cv.yaml; edit it, then run: cvgen render --input cv.yaml\n"
    assert run("render", cwd=tmp_path).returncode == 0
    again = run("init", cwd=tmp_path)
    assert (again.returncode, again.stderr) == (2, "cv.yaml already exists; nothing written\n")


def test_png_previews(tmp_path):
    run("init", cwd=tmp_path)
    result = run("render", "--png", "--variant", "short", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    png = tmp_path / "out" / "resume-1.png"
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_watch_rebuilds_on_save_and_survives_a_bad_edit(tmp_path):
    run("init", cwd=tmp_path)
    profile = tmp_path / "cv.yaml"
    good = profile.read_text()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen([*CVGEN, "watch", "--variant", "short", "--interval", "0.1"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(temporary)})
    try:
        pdf = tmp_path / "out" / "resume.pdf"
        deadline = time.time() + 60
        while not pdf.exists() and time.time() < deadline:
            time.sleep(0.1)
        first = pdf.read_bytes()
        profile.write_text(good.replace("owner:\n  name: Alex Example", "owner:\n  nmae: Alex Example"))
        time.sleep(1.5)
        assert process.poll() is None  # still watching after the bad edit
        profile.write_text(good.replace("Researcher · Machine Learning", "Researcher · Optimization"))
        while pdf.read_bytes() == first and time.time() < deadline:
            time.sleep(0.1)
        assert pdf.read_bytes() != first
    finally:
        process.terminate()
        stdout, stderr = process.communicate(timeout=30)
    assert "cv.yaml:8:3: owner.nmae: unknown field 'nmae'; did you mean 'name'?" in stderr
    assert "waiting for the next save..." in stderr
    assert stdout.count("out/resume.pdf") == 2
    assert stdout.endswith("stopped watching\n")  # on SIGTERM as on Ctrl-C
    assert list(temporary.iterdir()) == []  # the engine waiting for the next save was stopped
