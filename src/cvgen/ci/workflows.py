"""The CI workflows `cvgen ci github|gitlab` (and `cvgen init`) write into the user's repository, and the
annotations `cvgen validate --format github` prints for GitHub to show on the profile's lines.

The workflows are package data (github.yml, gitlab-ci.yml) with two blanks: the version of the running cvgen,
which they install (pinned, so the PDFs do not change by themselves), and the profile's path.
"""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path, PurePosixPath

from cvgen.errors import Problem, UsageError

# Where each service reads its workflow from, relative to the repository's root, and the template it is made of.
SERVICES = {
    "github": (Path(".github/workflows/cv.yml"), "github.yml"),
    "gitlab": (Path(".gitlab-ci.yml"), "gitlab-ci.yml"),
}


def workflow(service: str, profile: str, install: str | None = None) -> str:
    """The workflow text for a profile at `profile` (a path relative to the repository's root, with /); it
    installs cvgen as pip's requirement `install` says (default: `requirement()`)."""
    template = Path(__file__).with_name(SERVICES[service][1]).read_text(encoding="utf-8")
    return (template.replace("@CVGEN_VERSION@", importlib.metadata.version("cvgen"))
            .replace("@CVGEN_REQUIREMENT@", (install or requirement()).replace('"', ""))
            .replace("@CVGEN_PROFILE@", json.dumps(profile, ensure_ascii=False)))


def requirement() -> str:
    """How CI installs the cvgen that runs now: from the git repository and commit it was installed from (pip
    records that, PEP 610), else by its version. The name `cvgen` on PyPI is another project's: a cvgen
    installed from a folder says where CI should get it with `cvgen ci --install`."""
    recorded = importlib.metadata.distribution("cvgen").read_text("direct_url.json")
    source = json.loads(recorded) if recorded else {}
    vcs = source.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"cvgen @ git+{source['url']}@{vcs['commit_id']}"
    return f"cvgen=={importlib.metadata.version('cvgen')}"


def write_workflow(service: str, profile: Path, root: Path, replace: bool = False, install: str | None = None) -> Path:
    """Write the workflow of `service` into the repository at `root` for the profile at `profile`; the path
    written, as relative to `root`."""
    text = workflow(service, relative_profile(profile, root), install)
    where = root / SERVICES[service][0]
    if where.exists() and not replace:
        raise UsageError(f"{where} already exists; nothing written (--force replaces it)")
    where.parent.mkdir(parents=True, exist_ok=True)
    where.write_text(text, encoding="utf-8")
    return where


def relative_profile(profile: Path, root: Path) -> str:
    """The profile's path as the workflow names it: relative to the repository's root, with forward slashes."""
    try:
        inside = profile.resolve().relative_to(root.resolve())
    except ValueError:
        raise UsageError(f"{profile} is not inside {root.resolve()}, the repository the workflow is for") from None
    return str(PurePosixPath(*inside.parts))


def github_annotation(problem: Problem) -> str:
    """A problem as a GitHub workflow command: GitHub shows the message on the profile's line."""
    where = ",".join(f"{name}={_escape(str(value), True)}" for name, value in
                     (("file", problem.file), ("line", problem.line), ("col", problem.col)))
    message = f"{problem.path}: {problem.message}" if problem.path else problem.message
    return f"::error {where}::{_escape(message, False)}"


def _escape(text: str, in_property: bool) -> str:
    """GitHub's escaping of workflow commands (% and line breaks; in a property also : and ,)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text
