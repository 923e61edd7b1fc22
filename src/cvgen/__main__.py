"""The `cvgen` command (and `python -m cvgen`)."""

import atexit
import gc
import os
import sys
import threading


def run() -> None:
    # A command lasts a second or two, and the cyclic garbage collector would spend about 22 ms of a build in
    # some 120 passes over the long-lived objects of pydantic, Jinja and the models; what little it would free
    # goes with the process. `cvgen watch`, which runs on, turns it on again.
    gc.disable()
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
