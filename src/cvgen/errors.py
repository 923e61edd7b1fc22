"""Errors a person can act on.

User mistakes are collected as `Problem`s (file:line:col, field path, message) and raised together as
`ProfileError`; the CLI prints them and exits 2. A build that fails for a reason outside the profile is a
`BuildError` (exit 1). Anything else is a bug in cvgen and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class CvgenError(Exception):
    """Base class of every error caused by the user or the environment rather than by cvgen."""

    exit_code = 1


class ProfileError(CvgenError):
    """The profile cannot be used as it is; carries every problem found, in file order."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.line, p.col, p.path))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(CvgenError):
    """A command-line request that cannot be carried out (unknown variant, unreadable file)."""

    exit_code = 2


class BuildError(CvgenError):
    """The engine or the environment failed; the previous PDFs are untouched."""

    exit_code = 1
