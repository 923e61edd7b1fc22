"""The `cvgen` command (and `python -m cvgen`)."""

import atexit
import os
import sys
import threading


def run() -> None:
    # Ctrl-C is handled before the first slow import (click, then pydantic): see cvgen.interrupt.
    from cvgen.interrupt import stop_on_signal

    stop_on_signal("interrupted; nothing was changed", early=True)
    from cvgen.cli import main

    try:
        main(prog_name="cvgen")
    except SystemExit as done:
        leave(done.code)


def leave(code: object) -> None:
    """End the process as Python's own exit does (threads done, `atexit` functions run, output flushed), without
    then freeing every object of pydantic, Jinja and the models one by one: that took about 40 ms of a build."""
    others = [thread for thread in threading.enumerate() if thread is not threading.main_thread() and not thread.daemon]
    if not (code is None or isinstance(code, int)) or any(thread.is_alive() for thread in others):
        raise SystemExit(code)  # a message to print, or a thread to wait for: Python's own way
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe, say: Python's own exit reports it
        raise SystemExit(code) from None
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:
            pass
    os._exit(code or 0)


if __name__ == "__main__":
    run()
