"""Where cvgen finds its templates: the user's `templates/` beside their profile first, then its own."""

from __future__ import annotations

import os
from pathlib import Path


def shipped_templates() -> Path:
    """The templates installed with cvgen (wheel), or the repository's `templates/` (editable install)."""
    packaged = Path(__file__).with_name("templates")
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "templates"


def template_folders(profile_path: Path) -> list[Path]:
    """The search path, first match wins: a user override, then the shipped file."""
    user = profile_path.parent / "templates"  # as the user wrote it: messages name `templates/x.tex.j2`
    shipped = shipped_templates()
    return [shipped] if user.resolve() == shipped.resolve() else [user, shipped]


PHOTO_TYPES = (".png", ".jpg", ".jpeg", ".pdf")


def beside_profile(profile_file: str | Path, name: str) -> Path:
    """Where a file the profile names is (a `design.photo`, a `.csl` style): relative to its folder, or absolute."""
    return Path(profile_file).parent / Path(name).expanduser()


def cache_folder() -> Path:
    """Where cvgen keeps what it can make again (TeX formats, compiled templates): $CVGEN_CACHE_DIR, else the
    user's cache folder."""
    base = os.environ.get("CVGEN_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cvgen"
    return Path(base)
