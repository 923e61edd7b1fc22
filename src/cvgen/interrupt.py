"""Ctrl-C (or `kill`) during a command: stop within moments, wherever it lands, and leave nothing behind.

A KeyboardInterrupt raised at an arbitrary point can land inside an import lock's callback while worker
threads import, and the process then hangs on its way out (seen about once in twenty runs). So a command
that builds calls `stop_on_signal`: the handler itself kills the engines started so far, removes the
temporary folders and staged files (all registered here as they are made), prints one line and leaves
with `os._exit`, which neither unwinds nor waits for threads. What must not be cut in half (renaming
the new PDFs into place) runs `uninterrupted()`: a signal that arrives then takes effect right after.
The temporary folders (cvgen.scratch) register their removal with `on_stop`.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_process_groups: set[int] = set()  # set.add/discard/copy are atomic under the GIL: no lock the handler could wait on
_files: set[str] = set()
_cleanups: list[Callable[[], None]] = []
_deferred = 0
_pending: int | None = None
_message = ""
_code = 130


def started(pid: int) -> None:
    """An engine was started in a process group of its own (`start_new_session`): kill it on interrupt."""
    _process_groups.add(pid)


def ended(pid: int) -> None:
    _process_groups.discard(pid)


def staged(path: str) -> None:
    """A file written beside its target, to be renamed into place: removed on interrupt."""
    _files.add(path)


def unstaged(path: str) -> None:
    _files.discard(path)


def on_stop(cleanup: Callable[[], None]) -> None:
    """Run `cleanup` when a signal stops the process (after the engines are killed), e.g. remove a folder."""
    _cleanups.append(cleanup)


def stopping() -> bool:
    """A signal has come: what is being made now is about to be thrown away."""
    return _pending is not None


def stop_on_signal(message: str, code: int = 130) -> None:
    """From now on, Ctrl-C and SIGTERM clean up, print `message` (to stdout when `code` is 0) and exit."""
    global _message, _code
    _message, _code = message, code
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, _handler)


def set_message(message: str) -> None:
    """What a signal from now on prints (the work may have reached a point where `message` is what is true)."""
    global _message
    _message = message


@contextmanager
def uninterrupted(after: str | None = None) -> Iterator[None]:
    """Run the block whole: a signal during it is acted on when it ends, saying `after` if given (what
    is true once the block has run, e.g. that the new files are in place)."""
    global _deferred
    _deferred += 1
    try:
        yield
    finally:
        _deferred -= 1
        if not _deferred and _pending is not None:
            _stop(after)


def _handler(number: int, _frame: object) -> None:
    global _pending
    _pending = number
    if not _deferred:
        _stop()


_stopping = threading.Lock()


def _stop(message: str | None = None) -> None:
    # The handler (main thread) and a worker leaving `uninterrupted` can both get here at once: the second
    # waits for the first to end the process (both printing the message was seen once in a full run).
    if not _stopping.acquire(blocking=False):
        threading.Event().wait()
    for group in _process_groups.copy():
        try:
            os.killpg(group, signal.SIGKILL)
        except OSError:
            pass
    for path in _files.copy():
        try:
            os.unlink(path)
        except OSError:
            pass
    for cleanup in _cleanups.copy():
        cleanup()
    try:
        os.write(1 if _code == 0 else 2, ((message or _message) + "\n").encode())
    except OSError:
        pass
    os._exit(_code)
