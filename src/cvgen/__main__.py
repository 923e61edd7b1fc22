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

    stop_on_signal("interrupted; nothing was changed")
    if sys.argv[1:] == ["render"]:
        unchanged_build()  # returns when something changed
    from cvgen.cli import main

    try:
        main(prog_name="cvgen")
    except SystemExit as done:
        leave(done.code)


def unchanged_build() -> None:
    """`cvgen render` with no option (what `make cv` runs) of a profile unchanged since the last build: reported
    and ended before click is imported (a quarter of this path's time); else nothing happens and cli.py builds."""
    import time

    from cvgen.paths import OUT_DIR, PROFILE
    from cvgen.typeset.cache import look, request
    from cvgen.typeset.report import report

    started = time.perf_counter()
    built = look(PROFILE, OUT_DIR, request("all", (), False, True)).unchanged(keep_tex=False)
    if built is not None:
        sys.stdout.write("".join(f"{line}\n" for line in report(built, time.perf_counter() - started)))
        leave(0)


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
