"""Temporary folders, all inside one folder of this process, so that even a folder a worker thread creates
while a Ctrl-C is handled goes with it: removed at exit, and on a signal (cvgen.interrupt)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path

from cvgen.interrupt import on_stop, uninterrupted

_root_lock = threading.Lock()
_root: Path | None = None


def scratch(prefix: str) -> Path:
    """A new temporary folder, inside this process's own folder (removed on exit and on interrupt)."""
    global _root
    with _root_lock, uninterrupted():  # a signal between making the folder and knowing it would leave it
        if _root is None:  # made once: after an interrupt removed it, nothing may make it again
            _root = Path(tempfile.mkdtemp(prefix=f"cvgen-{os.getpid()}-"))
            atexit.register(shutil.rmtree, _root, True)
            on_stop(_remove)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=_root))  # FileNotFoundError once interrupted


def ready() -> None:
    """Make the process's folder now, in the main thread, before any worker thread needs one (a command that
    handles Ctrl-C does, as it starts): a folder first made while a signal is being handled would outlive it."""
    scratch("start-").rmdir()


def _remove() -> None:
    assert _root is not None
    for _ in range(3):  # a worker may create a folder inside it meanwhile: then the root is not empty
        shutil.rmtree(_root, ignore_errors=True)
        if not _root.exists():
            break
