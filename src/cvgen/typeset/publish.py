"""The last phase: put the new files in place, all of them or none.

Every file is written beside its target first, then all are renamed into place. A rename is atomic and
needs no space, so a full disk or Ctrl-C while writing leaves all the old files and no partial ones;
readers see an old file or a new one, never half of one.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from cvgen import interrupt
from cvgen.errors import BuildError


def publish(files: dict[Path, bytes | None]) -> None:
    """Write every file next to its target, then rename them all into place (None: remove the target).

    Every target is checked first (a folder or a device where a PDF goes is an error naming it), so the
    renames cannot fail on what is in out/; if one fails all the same, the ones before it are undone from
    hard links of the old files. Either way no `.part` file stays behind. A target's folder is made when
    missing: every `--out` may name a folder that does not exist yet."""
    for target in files:
        if not target.is_symlink() and target.exists() and not target.is_file():
            raise BuildError(f"cannot write {target}: a folder (or another file that is not a regular one) is in "
                             "its place; remove it and build again. Nothing was written")
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
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode) if target.is_file() else 0o644)  # keep a 0600
    except BaseException as error:
        _discard(staged)
        if isinstance(error, OSError):
            raise BuildError(f"cannot write to {next(iter(files)).parent}: {error.strerror}; "
                             "the previous files there are unchanged") from None
        raise
    # All the new files, or (on a signal before this) none; a signal during the renames acts after them.
    with interrupt.uninterrupted(after="interrupted; the new files were already in place"):
        kept = _keep_old([target for _, target in staged])
        done: list[Path] = []
        try:
            for temporary, target in staged:
                os.replace(temporary, target)
                interrupt.unstaged(temporary)
                done.append(target)
        except OSError as error:
            for replaced in done:  # put the old files back
                if replaced in kept:
                    os.replace(kept.pop(replaced), replaced)
                else:
                    replaced.unlink(missing_ok=True)
            _discard(staged)
            raise BuildError(f"cannot write {target}: {error.strerror}; the previous files there are unchanged") from None
        finally:
            for backup in kept.values():
                Path(backup).unlink(missing_ok=True)
        for target in (target for target, data in files.items() if data is None):
            target.unlink(missing_ok=True)


def _keep_old(targets: list[Path]) -> dict[Path, str]:
    """A hard link to each old file that is about to be replaced (no copy, no space), to undo a failed publish."""
    kept = {}
    for target in targets:
        if target.is_file():
            backup = target.with_name(f".{target.name}.{os.getpid()}.old")
            try:
                backup.unlink(missing_ok=True)
                os.link(target, backup)
                kept[target] = str(backup)
            except OSError:  # a file system without hard links: the pre-check above is the guard
                continue
    return kept


def _discard(staged: list[tuple[str, Path]]) -> None:
    for temporary, _ in staged:
        Path(temporary).unlink(missing_ok=True)
        interrupt.unstaged(temporary)


def writable_dir(out_dir: Path) -> Path:
    """`out_dir`, made if missing; a BuildError if it cannot be written to."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"cannot create the output folder {out_dir}: {error.strerror}") from None
    if not os.access(out_dir, os.W_OK):
        raise BuildError(f"cannot write to the output folder {out_dir}: permission denied")
    return out_dir
