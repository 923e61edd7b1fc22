"""CI for a user's repository: the Debian packages a profile needs (`cvgen doctor`), the workflows `cvgen ci`
writes (checked against GitHub's and GitLab's published schemas, then run step by step on this machine with
the real TeX engine), and validation errors as GitHub annotations."""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import CVGEN, ROOT, pdf_text
from cvgen.ci import needs
from cvgen.ci.workflows import github_annotation, workflow
from cvgen.cli import main
from cvgen.errors import Problem

STARTER = ROOT / "src" / "cvgen" / "starters" / "academic.yaml"
BIN = Path(sys.executable).parent  # the worktree's installed cvgen, what the workflows' `pip install` gives
LATEX = ("texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended lmodern "
         "tex-gyre poppler-utils")


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CVGEN, *args], capture_output=True, text=True, cwd=cwd, env=env)


def check_schema(schema: str, path: Path) -> subprocess.CompletedProcess:
    """check-jsonschema with one of the schemas it ships (no network)."""
    return subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True)


# --- one list of packages --------------------------------------------------------------------------------


def profile(tmp_path: Path, headline: str) -> Path:
    path = tmp_path / "cv.yaml"
    path.write_text(f"owner: {{name: Alex Example}}\nheadline: {headline}\nskills:\n"
                    "  - {category: Tools, items: [Python]}\n", encoding="utf-8")
    return path


@pytest.mark.tex
@pytest.mark.parametrize("headline, packages", [
    ("Researcher · Économie", LATEX),
    ("Ερευνήτρια", f"{LATEX} texlive-xetex fonts-cmu fonts-texgyre fonts-dejavu-core"),
    ("机器学习研究员", f"{LATEX} texlive-xetex fonts-cmu fonts-texgyre fonts-dejavu-core texlive-lang-cjk texlive-lang-chinese "
                   "fonts-noto-cjk"),
])
def test_doctor_packages_are_those_the_profiles_engine_needs(tmp_path, headline, packages):
    profile(tmp_path, headline)
    result = run("doctor", "--packages", "cv.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, packages + "\n", "")
    built = run("render", "--variant", "short", cwd=tmp_path)  # the engine the build takes is the one counted
    assert built.returncode == 0, built.stderr
    assert re.search(r"\d s  (\w+)", built.stdout).group(1) == ("xelatex" if "texlive-xetex" in packages
                                                               else "pdflatex")


def test_without_a_profile_doctor_lists_every_package_cvgen_can_need(tmp_path):
    result = run("doctor", "--packages", cwd=tmp_path)
    assert result.stdout.split() == needs.packages(("latex", "xelatex", "cjk"))
    assert "texlive-lang-cjk" in result.stdout and "biber" not in result.stdout  # biber: cvgen's own tests only


@pytest.mark.tex
def test_make_reads_the_same_list():
    database = subprocess.run(["make", "-pn", "tex"], capture_output=True, text=True, cwd=ROOT).stdout
    line = next(line for line in database.splitlines() if line.startswith("TEX_PACKAGES :="))
    assert line.split(":=")[1].split() == needs.packages(("latex", "xelatex", "cjk", "tests"))


def fake_list(tmp_path: Path) -> Path:
    listing = tmp_path / "debian.txt"
    listing.write_text("# need package kind probe\n"
                       "latex  pkg-a  command  no-such-command-cvgen\n"
                       "latex  pkg-b  file     lmodern.sty\n"
                       "latex  pkg-c  file     no-such-file-cvgen.sty\n"
                       "xelatex pkg-d font     No Such Font Cvgen\n"
                       "xelatex pkg-e command  sh\n"
                       "tests  pkg-f  command  no-such-test-tool\n", encoding="utf-8")
    return listing


@pytest.mark.tex
def test_doctor_names_each_missing_piece_and_the_apt_line(tmp_path, monkeypatch):
    monkeypatch.setattr(needs, "LIST", fake_list(tmp_path))
    lacking = needs.missing(("latex", "xelatex"))
    assert needs.report(lacking, ("latex", "xelatex"), None) == [
        "missing: the command no-such-command-cvgen (Debian package pkg-a)",
        "missing: the TeX file no-such-file-cvgen.sty (Debian package pkg-c)",
        "missing: the font No Such Font Cvgen (Debian package pkg-d)",
        "install them with:",
        "  sudo apt-get install --no-install-recommends pkg-a pkg-c pkg-d",
    ]
    assert needs.missing(("latex",)) == lacking[:2]


@pytest.mark.tex
def test_doctor_command_exits_1_with_the_list_on_stderr(tmp_path, monkeypatch):
    monkeypatch.setattr(needs, "LIST", fake_list(tmp_path))
    result = CliRunner().invoke(main, ["doctor"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[0] == "missing: the command no-such-command-cvgen (Debian package pkg-a)"
    assert result.stderr.splitlines()[-1] == "  sudo apt-get install --no-install-recommends pkg-a pkg-c pkg-d"


@pytest.mark.tex
def test_doctor_on_this_machine(tmp_path):
    """This machine has TeX Live as `make tex` installs it: nothing is missing, for any profile or for one."""
    everything = run("doctor", cwd=tmp_path)
    assert (everything.returncode, everything.stdout) == (
        0, "this machine has every command, TeX file and font cvgen needs for any profile\n")
    profile(tmp_path, "Researcher")
    one = run("doctor", "cv.yaml", cwd=tmp_path)
    assert (one.returncode, one.stdout) == (0, "this machine has every command, TeX file and font cvgen needs "
                                               "to build cv.yaml\n")


@pytest.mark.tex
def test_make_tex_names_what_is_missing_and_the_apt_line(tmp_path):
    """`make tex` probes the list's commands, TeX files and fonts; without root's apt-get it prints the line."""
    tools = tmp_path / "bin"  # the tools `make tex` uses, and no apt-get
    tools.mkdir()
    for tool in ("awk", "kpsewhich", "fc-list", "grep", "id", "sh"):
        (tools / tool).symlink_to(shutil.which(tool))
    result = subprocess.run([shutil.which("make"), "-s", "tex", f"DEBIAN_LIST={fake_list(tmp_path)}"], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, "PATH": str(tools)})
    assert result.returncode == 2
    assert result.stdout == (
        "TeX Live is incomplete (missing: no-such-command-cvgen, no-such-file-cvgen.sty, No Such Font Cvgen, "
        "no-such-test-tool).\nInstall it with:\n"
        "  sudo apt-get install --no-install-recommends pkg-a pkg-b pkg-c pkg-d pkg-e pkg-f\n")


# --- the workflows ---------------------------------------------------------------------------------------


# The tests' cvgen is installed from a folder: the workflow says so, since PyPI's `cvgen` is another project.
PYPI_NOTE = (f"note: it installs cvgen=={version('cvgen')} from PyPI; if your cvgen comes from a git repository, "
             "write it again with --install 'cvgen @ git+URL@TAG'\n")


def test_a_cvgen_installed_from_git_is_installed_from_the_same_commit(tmp_path, monkeypatch):
    import importlib.metadata

    class Installed:
        version = "0.1.0"

        def read_text(self, name):
            assert name == "direct_url.json"
            return json.dumps({"url": "https://example.org/me/cvgen.git",
                               "vcs_info": {"vcs": "git", "commit_id": "0123abc", "requested_revision": "v1"}})

    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: Installed())
    assert 'CVGEN_REQUIREMENT: "cvgen @ git+https://example.org/me/cvgen.git@0123abc"' in workflow("github", "cv.yaml")
    assert 'CVGEN_REQUIREMENT: "cvgen @ git+https://x/y@v2"' in workflow("gitlab", "cv.yaml", "cvgen @ git+https://x/y@v2")


@pytest.mark.parametrize("service, written, schema", [
    ("github", ".github/workflows/cv.yml", "vendor.github-workflows"),
    ("gitlab", ".gitlab-ci.yml", "vendor.gitlab-ci"),
])
def test_written_workflows_follow_the_published_schemas(tmp_path, service, written, schema):
    (tmp_path / "cvs").mkdir()
    shutil.copy(STARTER, tmp_path / "cvs" / "me.yaml")
    result = run("ci", service, "--input", "cvs/me.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == (f"wrote {written}: on {'GitHub' if service == 'github' else 'GitLab'}, every push "
                             "builds the PDFs and every tag attaches them to a release\n" + PYPI_NOTE)
    path = tmp_path / written
    checked = check_schema(schema, path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    text = path.read_text()
    assert f'CVGEN_VERSION: "{version("cvgen")}"' in text and 'CVGEN_PROFILE: "cvs/me.yaml"' in text
    assert 'pip install "$CVGEN_REQUIREMENT"' in text and f'CVGEN_REQUIREMENT: "cvgen=={version("cvgen")}"' in text
    # the schema check can fail: a job without what it must have
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace("runs-on: ubuntu-24.04", "runs-onn: ubuntu-24.04")
                      .replace("artifacts: true", "artifacts: maybe"))
    assert check_schema(schema, broken).returncode == 1
    again = run("ci", service, "--input", "cvs/me.yaml", cwd=tmp_path)
    assert (again.returncode, again.stderr) == (2, f"{written} already exists; nothing written (--force replaces it)\n")
    assert run("ci", service, "--input", "cvs/me.yaml", "--force", cwd=tmp_path).returncode == 0


def test_ci_needs_the_profile(tmp_path):
    result = run("ci", "github", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "cv.yaml: file not found; the workflow builds it "
                                                     "(cvgen init writes one)\n")
    assert not (tmp_path / ".github").exists()


def test_ci_needs_the_profile_inside_the_repository(tmp_path):
    (tmp_path / "repository").mkdir()
    shutil.copy(STARTER, tmp_path / "cv.yaml")
    result = run("ci", "github", "--input", "../cv.yaml", cwd=tmp_path / "repository")
    assert (result.returncode, result.stderr) == (
        2, f"../cv.yaml is not inside {tmp_path.resolve() / 'repository'}, the repository the workflow is for\n")
    assert list((tmp_path / "repository").iterdir()) == []


def test_init_writes_the_github_workflow_and_keeps_one_that_is_there(tmp_path):
    result = run("init", cwd=tmp_path)
    assert result.stderr == ("wrote .github/workflows/cv.yml: on GitHub, every push builds the PDFs and every tag "
                             "attaches them to a release\n" + PYPI_NOTE)
    assert (tmp_path / ".github/workflows/cv.yml").read_text() == workflow("github", "cv.yaml")
    other = tmp_path / "other"
    (other / ".github/workflows").mkdir(parents=True)
    (other / ".github/workflows/cv.yml").write_text("mine\n")
    again = run("init", cwd=other)
    assert (again.returncode, again.stderr) == (0, "")
    assert (other / ".github/workflows/cv.yml").read_text() == "mine\n"


def test_this_repositorys_workflow_runs_the_same_steps_and_does_not_wait_for_the_tests():
    path = ROOT / ".github" / "workflows" / "pdfs.yml"
    checked = check_schema("vendor.github-workflows", path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    own, users = yaml.safe_load(path.read_text()), yaml.safe_load(workflow("github", "cv.yaml"))
    expected = [dict(step, run="pip install .") if step.get("id") == "install-cvgen" else step
                for step in users["jobs"]["pdfs"]["steps"]]
    assert own["jobs"]["pdfs"]["steps"] == expected
    assert "needs" not in own["jobs"]["pdfs"]  # a failing test does not stop the PDFs
    assert own["env"]["CVGEN_PROFILE"] == "cv.yaml"


# --- running a workflow here -----------------------------------------------------------------------------


def tools(tmp_path: Path) -> tuple[Path, Path]:
    """A folder for PATH's front: `sudo` runs its command; `apt-get` only writes down how it was called (TeX
    Live is installed here already, and no test installs system packages)."""
    shims, log = tmp_path / "shims", tmp_path / "apt-get.log"
    shims.mkdir()
    (shims / "sudo").write_text('#!/bin/sh\nexec "$@"\n')
    (shims / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    for shim in shims.iterdir():
        shim.chmod(0o755)
    return shims, log


def clean_environment(home: Path, shims: Path) -> dict[str, str]:
    """A runner's environment: its own home, cvgen's cache where a runner has it (no CVGEN_CACHE_DIR)."""
    env = {name: value for name, value in os.environ.items()
           if name not in ("CVGEN_CACHE_DIR", "XDG_CACHE_HOME", "VIRTUAL_ENV")}
    return {**env, "HOME": str(home), "PATH": f"{shims}:{BIN}:{env['PATH']}"}


EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def github_value(text: str, env: dict[str, str], outputs: dict[str, dict[str, str]]) -> str:
    """The expressions the workflow uses, as GitHub evaluates them on a push to a branch."""

    def value(match: re.Match) -> str:
        expression = match.group(1)
        if expression.startswith("steps."):
            step, _, name = expression.removeprefix("steps.").split(".")
            return outputs[step][name]
        if expression.startswith("env."):
            return env[expression.removeprefix("env.")]
        known = {"runner.os": "Linux", "github.token": "token"}
        assert expression in known or expression.startswith("hashFiles("), f"unknown expression {expression}"
        return known.get(expression, "0123abcd")

    return EXPRESSION.sub(value, str(text))


class GithubRun:
    """The workflow's steps in order, as a push to a branch runs them: `run:` steps with bash as GitHub runs
    them, `uses:` steps by what they do here; until the last step or the first that fails."""

    def __init__(self, tmp_path: Path, profile_text: str):
        self.repository, self.home, self.artifacts = tmp_path / "repository", tmp_path / "home", tmp_path / "artifacts"
        for folder in (self.repository, self.home):
            folder.mkdir()
        (self.repository / "cv.yaml").write_text(profile_text, encoding="utf-8")  # the folder holds only cv.yaml
        shims, self.apt_log = tools(tmp_path)
        document = yaml.safe_load(workflow("github", "cv.yaml"))
        env = {**clean_environment(self.home, shims), **{name: str(value) for name, value in document["env"].items()},
               "GITHUB_REF": "refs/heads/main", "GITHUB_REF_NAME": "main", "GITHUB_WORKSPACE": str(self.repository)}
        self.outputs: dict[str, dict[str, str]] = {}
        self.cached: list[Path] = []
        self.ran: list[str] = []
        for step in document["jobs"]["pdfs"]["steps"]:
            result = self.step(step, env, tmp_path / f"output-{len(self.ran)}")
            if result:
                self.result = result  # the last shell step's
                if result.returncode:
                    break

    def step(self, step: dict, env: dict[str, str], output: Path) -> subprocess.CompletedProcess | None:
        if "if" in step:
            assert step["if"] == "startsWith(github.ref, 'refs/tags/')"
            return None  # a push to a branch: no release
        action = step.get("uses", "").split("@")[0]
        if action in ("actions/checkout", "actions/setup-python"):
            return None  # the folder is the checkout; the worktree's Python is on PATH
        if action == "actions/cache":
            self.cached.append(Path(step["with"]["path"].replace("~", str(self.home))))
            return None
        if action == "actions/upload-artifact":
            found = glob.glob(step["with"]["path"], root_dir=self.repository)
            assert found or step["with"]["if-no-files-found"] != "error"
            self.artifacts.mkdir()
            for name in found:
                shutil.copy(self.repository / name, self.artifacts)
            return None
        assert not action, f"no local equivalent for {action}"
        if step.get("id") == "install-cvgen":
            assert step["run"] == 'pip install "$CVGEN_REQUIREMENT"'
            return None  # the worktree's cvgen is installed already
        output.touch()
        step_env = {name: github_value(value, env, self.outputs) for name, value in step.get("env", {}).items()}
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                                cwd=self.repository, capture_output=True, text=True,
                                env={**env, **step_env, "GITHUB_OUTPUT": str(output)})
        self.outputs[step.get("id", "")] = dict(line.split("=", 1) for line in output.read_text().splitlines())
        self.ran.append(step["name"])
        return result


@pytest.mark.tex
def test_github_workflow_steps_build_the_pdfs_in_an_empty_folder(tmp_path):
    run = GithubRun(tmp_path, STARTER.read_text(encoding="utf-8"))
    assert run.result.returncode == 0, run.result.stdout + run.result.stderr
    assert run.ran == ["Check the profile", "List the Debian packages this profile needs", "Install TeX Live",
                       "Build the PDFs"]
    assert run.outputs["packages"]["list"] == LATEX
    assert run.apt_log.read_text() == (
        "update -qq\ninstall -y -qq --no-install-recommends -o APT::Keep-Downloaded-Packages=true "
        f"-o Dir::Cache::Archives={run.home}/.cache/apt {LATEX}\n")
    assert sorted(path.name for path in run.artifacts.iterdir()) == ["cv.pdf", "publications.pdf", "resume.pdf"]
    assert "Alex Example" in pdf_text(run.artifacts / "cv.pdf")
    assert run.cached == [run.home / ".cache/apt", run.home / ".cache/cvgen"]
    assert list((run.home / ".cache/cvgen").iterdir())  # the formats are where the cache step looks


def test_github_workflow_stops_at_a_mistake_with_an_annotation_on_its_line(tmp_path):
    text = STARTER.read_text(encoding="utf-8").replace("  name: Alex Example\n", "  name: Alex Example\n  nmae: A\n")
    line = text.splitlines().index("  nmae: A") + 1
    run = GithubRun(tmp_path, text)
    assert run.ran == ["Check the profile"]  # before any package is installed
    assert (run.result.returncode, run.result.stderr) == (2, "")
    assert run.result.stdout == (f"::error file=cv.yaml,line={line},col=3::owner.nmae: unknown field 'nmae'; "
                                 "did you mean 'name'?\n")
    assert not run.apt_log.exists() and not run.artifacts.exists()


@pytest.mark.tex
def test_gitlab_script_builds_the_pdfs_in_an_empty_folder(tmp_path):
    """The job's script as one shell, with its variables as GitLab sets them; artifacts and cache found."""
    repository = tmp_path / "repository"
    repository.mkdir()
    shutil.copy(STARTER, repository / "cv.yaml")
    shims, apt_log = tools(tmp_path)
    document = yaml.safe_load(workflow("gitlab", "cv.yaml"))
    job = document["pdfs"]
    assert job["script"][0] == 'pip install "$CVGEN_REQUIREMENT"'  # the worktree's cvgen is installed already
    variables = "".join(f"export {name}=\"{value}\"\n" for name, value in document["variables"].items())
    script = "set -e\n" + variables + "\n".join(job["script"][1:])
    env = {**clean_environment(tmp_path / "home", shims), "CI_PROJECT_DIR": str(repository)}
    result = subprocess.run(["bash", "-c", script], cwd=repository, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert apt_log.read_text() == (
        "update -qq\ninstall -y -qq --no-install-recommends -o APT::Keep-Downloaded-Packages=true "
        f"-o Dir::Cache::Archives={repository}/.cache/apt {LATEX}\n")
    pdfs = sorted(name for pattern in job["artifacts"]["paths"] for name in glob.glob(pattern, root_dir=repository))
    assert pdfs == ["out/cv.pdf", "out/publications.pdf", "out/resume.pdf"]
    assert job["cache"]["paths"] == [".cache/"] and list((repository / ".cache/cvgen").iterdir())
    release = document["release"]
    assert release["rules"] == [{"if": "$CI_COMMIT_TAG"}] and release["needs"] == [{"job": "pdfs", "artifacts": True}]


# --- annotations -----------------------------------------------------------------------------------------


def test_validate_format_github_puts_each_problem_on_its_line(tmp_path):
    (tmp_path / "cv.yaml").write_text("owner:\n  name: Alex Example\n  nmae: A. Example\npublications:\n"
                                      "  - {key: a, title: T, authors: [Alex Example], year: twenty}\n")
    result = run("validate", "--format", "github", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "")
    assert result.stdout == (
        "::error file=cv.yaml,line=3,col=3::owner.nmae: unknown field 'nmae'; did you mean 'name'?\n"
        "::error file=cv.yaml,line=5,col=55::publications[0].year: expected a whole number, got a string ('twenty')\n")
    plain = run("validate", cwd=tmp_path)
    assert plain.stderr.splitlines()[0] == "cv.yaml:3:3: owner.nmae: unknown field 'nmae'; did you mean 'name'?"


def test_annotations_escape_what_github_reads_as_syntax():
    problem = Problem("my cv,v2:final.yaml", 4, 7, "summary", "50% done\nnext: line")
    assert github_annotation(problem) == (
        "::error file=my cv%2Cv2%3Afinal.yaml,line=4,col=7::summary: 50%25 done%0Anext: line")
