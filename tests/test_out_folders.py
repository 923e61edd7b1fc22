"""Every `--out` may name a folder that does not exist yet: it is made (issue 25, item 6)."""

from __future__ import annotations

import json
import subprocess

from conftest import CVGEN, DATA, ROOT


def run(*arguments, cwd):
    return subprocess.run([*CVGEN, *arguments], capture_output=True, text=True, cwd=cwd)


def test_every_export_and_import_makes_the_folders_of_its_out(tmp_path):
    profile = str(ROOT / "cv.yaml")
    for command, name in (("jsonresume", "resume.json"), ("bibtex", "papers.bib"), ("csljson", "papers.json"),
                          ("rendercv", "CV.yaml")):
        target = tmp_path / "export" / command / name
        result = run("export", command, "--input", profile, "--out", str(target), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert target.stat().st_size > 100
    for arguments, written in ((("markdown", "--flavor", "plain"), "README.md"), (("markdown",), "_pages/cv.md"),
                               (("html",), "cv.html")):
        folder = tmp_path / "export" / "-".join(arguments) / "site"
        result = run("export", *arguments, "--input", profile, "--out", str(folder), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert (folder / written).stat().st_size > 100
    exported = tmp_path / "export" / "jsonresume" / "resume.json"
    assert json.loads(exported.read_text(encoding="utf-8"))["basics"]["name"] == "Kai Yi"
    result = run("import", "jsonresume", str(exported), "--out", str(tmp_path / "new" / "deeper" / "cv.yaml"),
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "new" / "deeper" / "cv.yaml").is_file()
    assert DATA.is_dir()
