"""The last phase: put the new files in place, all of them or none.

Every file is written beside its target first, then all are renamed into place. A rename is atomic and
needs no space, so a full disk or Ctrl-C while writing leaves all the old files and no partial ones;
readers see an old file or a new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from . import interrupt
from .errors import BuildError


def publish(files: dict[Path, bytes | None]) -> None:
    """Write every file next to its target, then rename them all into place (None: remove the target). A
    target's folder is made when missing: every `--out` may name a folder that does not exist yet."""
    staged: list[tuple[str, Path]] = []
    for folder in dict.fromkeys(target.parent for target, data in files.items() if data is not None):
        writable_dir(folder)
    try:
        for target, data in files.items():
            if data is None:
                continue
            with interrupt.uninterrupted():  # a staged file is always known to the Ctrl-C handler
                handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
                interrupt.staged(temporary)
            staged.append((temporary, target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o644)
    except BaseException as error:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
            interrupt.unstaged(temporary)
        if isinstance(error, OSError):
            raise BuildError(f"cannot write to {next(iter(files)).parent}: {error.strerror}; "
                             "the previous files there are unchanged") from None
        raise
    # All the new files, or (on a signal before this) none; a signal during the renames acts after them.
    with interrupt.uninterrupted(after="interrupted; the new files were already in place"):
        for temporary, target in staged:
            os.replace(temporary, target)
            interrupt.unstaged(temporary)
        for target in (target for target, data in files.items() if data is None):
            target.unlink(missing_ok=True)


def writable_dir(out_dir: Path) -> Path:
    """`out_dir`, made if missing; a BuildError if it cannot be written to."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"cannot create the output folder {out_dir}: {error.strerror}") from None
    if not os.access(out_dir, os.W_OK):
        raise BuildError(f"cannot write to the output folder {out_dir}: permission denied")
    return out_dir
