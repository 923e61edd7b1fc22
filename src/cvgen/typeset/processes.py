"""TeX engine processes: how one is started, waited for and killed (for compile.py and prestart.py).

Each engine runs in a process group of its own, registered with cvgen.interrupt while it runs, so a
timeout or Ctrl-C kills it whole and never leaves it running.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from cvgen.errors import BuildError
from cvgen.interrupt import ended, started
from cvgen.latex.engine import engine_env

COMPILE_OPTIONS = "-interaction=nonstopmode -halt-on-error -file-line-error -no-shell-escape"


def start(command: list[str], build_dir: Path, source_date_epoch: int, stdin: int,
          stdout: int = subprocess.DEVNULL) -> subprocess.Popen:
    """The engine, started in a process group of its own (killed whole on a timeout or Ctrl-C)."""
    process = subprocess.Popen(command, cwd=build_dir, env=engine_env(build_dir, source_date_epoch), stdin=stdin,
                               stdout=stdout, stderr=subprocess.DEVNULL, start_new_session=True)
    started(process.pid)
    return process


def wait(process: subprocess.Popen, engine_name: str, build_dir: Path, timeout: float) -> int:
    """The engine's exit code; it is killed at the timeout or on Ctrl-C, never left running."""
    try:
        code = process.wait(timeout=timeout)
        ended(process.pid)
        return code
    except subprocess.TimeoutExpired:
        kill(process)
        raise BuildError(f"{engine_name} did not finish within {timeout:g} s and was stopped; "
                         f"build directory: {build_dir}") from None
    except BaseException:
        kill(process)
        raise


def kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
    ended(process.pid)
