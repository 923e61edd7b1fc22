"""Where cvgen finds its templates, its cache, and the files a profile names (by one path rule)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PROFILE, OUT_DIR = Path("cv.yaml"), Path("out")  # what the commands read and write when not told


def shipped_templates() -> Path:
    """The templates shipped with cvgen: the package's `templates/` folder, in a wheel and in a checkout alike."""
    return Path(__file__).with_name("templates")


def template_folders(profile_path: Path) -> list[Path]:
    """The search path, first match wins: a user override, then the shipped file."""
    user = profile_path.parent / "templates"  # as the user wrote it: messages name `templates/x.tex.j2`
    shipped = shipped_templates()
    return [shipped] if user.resolve() == shipped.resolve() else [user, shipped]


PHOTO_TYPES = (".png", ".jpg", ".jpeg", ".pdf")
# The most a file that a profile names may hold (a photo, a .csl style, a template): more than any of them needs.
MAX_NAMED_BYTES = 20 * 1024 * 1024
# Folders outside the profile's own that its files may come from: `cvgen --allow-path DIR` sets this.
ALLOW_ENV = "CVGEN_ALLOW_PATH"


class Missing(ValueError):
    """The file a profile names does not exist."""


def allowed_folders() -> list[Path]:
    return [Path(folder).resolve() for folder in os.environ.get(ALLOW_ENV, "").split(os.pathsep) if folder]


def beside_profile(profile_file: str | Path, name: str) -> Path:
    """The file that a profile names (a `design.photo`, a `.csl` style), by the one path rule: relative to the
    profile's folder and inside it (or inside a folder allowed with --allow-path), a regular file, no link
    leading out of it, at most MAX_NAMED_BYTES. Anything else is a ValueError saying what is wrong, for a
    message at the field's line. A profile may come from someone else: it must not make cvgen read
    `/dev/zero`, a FIFO, `~/.ssh/…` or a file of the user's that it has no business embedding."""
    folder = Path(profile_file).absolute().parent.resolve()
    target = (folder / name).resolve()
    if not any(target.is_relative_to(root) for root in [folder, *allowed_folders()]):
        raise ValueError(f"{name!r} is outside the profile's folder; put the file in {folder} "
                         "(or allow its folder with cvgen --allow-path)")
    try:
        status = target.stat()
    except OSError:
        raise Missing(f"no such file: {name}") from None
    if not stat.S_ISREG(status.st_mode):
        raise ValueError(f"{name!r} is not a regular file")
    if status.st_size > MAX_NAMED_BYTES:
        raise ValueError(f"{name!r} is larger than {MAX_NAMED_BYTES // 2**20} MB")
    return target


def read_named(path: Path) -> bytes:
    """A regular file of at most MAX_NAMED_BYTES (checked on the open file: it may have changed since it was
    checked by name); a FIFO or a device is never waited on nor read. OSError otherwise."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(21, "Not a regular file")
        data = stream.read(MAX_NAMED_BYTES + 1)
    if len(data) > MAX_NAMED_BYTES:
        raise OSError(27, "File too large")
    return data


def cache_folder() -> Path:
    """Where cvgen keeps what it can make again (TeX formats, compiled templates): $CVGEN_CACHE_DIR, else the
    user's cache folder."""
    base = os.environ.get("CVGEN_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cvgen"
    return Path(base)
