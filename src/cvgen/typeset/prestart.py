"""Engines started before the profile is read, so that a build pays only for typesetting the body.

Loading the preamble (a format for pdflatex; fontspec and the fonts for xelatex) and running
\\begin{document} is most of an engine run, and it does not depend on the profile. So a build starts an
engine on the preamble the same request used last time (kept by preambles.py), waiting on its stdin for
one line. If the document then rendered has that preamble, the engine is told to read the body;
otherwise it is killed. The PDF is the same either way (tested).
"""

from __future__ import annotations

import hashlib
import os
import select
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from cvgen.errors import BuildError
from cvgen.scratch import ready as scratch_ready
from cvgen.scratch import scratch
from cvgen.typeset.cache import request
from cvgen.typeset.preambles import BEGIN, base_format, kept, preamble_cache
from cvgen.typeset.processes import COMPILE_OPTIONS, kill, start, wait

if TYPE_CHECKING:
    from cvgen.profile.model import Variant

# What an engine started ahead of its document runs: its preamble (pdflatex: the format; xelatex: the kept
# preamble's text, read now), \begin{document} at once, then it waits for a line on stdin (scroll mode
# allows that read, and prints its prompt, READY, on the terminal: the engine is ready), then reads the body
# in batch mode: nonstop mode that prints nothing more on the terminal (the same log and PDF). The body is
# read with the primitive \input (LaTeX's opens the file twice); \relax ends the file name.
_WAITING_LINE = r"\begin{document}\read16to\cvgengo\batchmode\csname @@input\endcsname body.tex\relax"
READY = b"\\cvgengo="
# How long an engine started in turn waits for the one before it to be ready, at most.
READY_WAIT_SECONDS = 5.0


class WaitingEngine:
    """An engine on a kept preamble, started before its document exists and blocked on its stdin.

    One that cvgen loses track of (a Ctrl-C inside Popen) cannot hang: it stops at its read when cvgen's
    end of the pipe closes."""

    def __init__(self, name: str, engine: str, source_date_epoch: int, announce: bool = True):
        """`announce`: its terminal is read until it is `ready` (else it prints to nowhere)."""
        self.name, self.engine = name, engine
        self._terminal = threading.Lock()  # held while `ready` reads it: it is closed only when no one does
        self.build_dir = scratch("build-")
        options = COMPILE_OPTIONS.replace("-interaction=nonstopmode", "-interaction=scrollmode").split()
        if engine == "pdflatex":
            command = [engine, f"-fmt={name}", *options, "-jobname=doc", _WAITING_LINE]
        else:  # TeX may read only inside its build directory: the kept preamble is copied there
            shutil.copyfile(kept(name, engine), self.build_dir / "preamble.tex")
            base = base_format(engine)
            command = [engine, *([f"-fmt={base}"] if base else []), *options, "-jobname=doc",
                       r"\input{preamble.tex}" + _WAITING_LINE]
        try:
            self.process = start(command, self.build_dir, source_date_epoch, subprocess.PIPE,
                                 subprocess.PIPE if announce else subprocess.DEVNULL)
        except BaseException:
            shutil.rmtree(self.build_dir, ignore_errors=True)
            raise

    def ready(self, timeout: float) -> bool:
        """Wait until the engine waits for its body (it printed READY on its terminal) or has stopped; False
        if `timeout` passed first. What it prints after READY (a line break) stays in the pipe."""
        with self._terminal:
            stream = self.process.stdout
            if stream is None or stream.closed:
                return True
            tail, deadline = b"", time.monotonic() + timeout
            while READY not in tail:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([stream], [], [], left)[0]:
                    return False
                chunk = os.read(stream.fileno(), 65536)
                if not chunk:
                    break
                tail = tail[-len(READY):] + chunk
            return True

    def _close_terminal(self) -> None:
        """Once the engine has stopped (so that `ready`, if it reads, sees the end and lets go)."""
        with self._terminal:
            if self.process.stdout:
                self.process.stdout.close()

    def finish(self, tex: str, timeout: float) -> bool:
        """Give the engine the body of `tex` and wait for it; True if it made a PDF."""
        preamble, _, body = tex.partition(BEGIN)
        # Empty comment lines stand in for the preamble, so lines in the log are those of doc.tex.
        (self.build_dir / "body.tex").write_text("%\n" * (preamble.count("\n") + 2) + body, encoding="utf-8")
        assert self.process.stdin is not None  # started with stdin=PIPE
        try:
            self.process.stdin.write(b"go\n")
            self.process.stdin.close()
        except OSError:  # it has already stopped (a broken format, say)
            return False
        try:
            code = wait(self.process, self.engine, self.build_dir, timeout)
        except BuildError:  # the timeout: its message names the build directory, which stays
            raise
        except BaseException:
            self.stop()
            raise
        finally:
            if self.process.poll() is not None:
                self._close_terminal()
        return code == 0 and (self.build_dir / "doc.pdf").exists()

    def stop(self) -> None:
        """Kill the engine if it still runs, and remove its build directory."""
        if self.process.poll() is None:
            kill(self.process)
        self._close_terminal()
        if self.process.stdin:
            try:
                self.process.stdin.close()
            except OSError:
                pass
        shutil.rmtree(self.build_dir, ignore_errors=True)


def engines_to_prestart() -> int:
    """One core is Python's while it validates. Engines on more cores than are left slow it down, and are
    wasted when an edit leaves their documents unchanged (measured: with 3 engines on 2 cores, a one-field
    edit took 0.66 s, with 1 engine 0.50 s). So on 2 cores one engine, for the first document: the long CV,
    the slowest to build and the one most edits change. A build that will typeset every document (no
    cache, or --no-cache) wastes none: it has one for each (`Prestarted(every=True)`), but starts only this
    many at once, and each further one when one before it is ready, so that Python keeps its core."""
    return max(1, (os.cpu_count() or 1) - 1)


class Prestarted:
    """Engines started before the profile is read, on formats the same request used last time.

    `key` names the request (the profile's path and what was asked for). A build `take`s the engine for
    its preamble's format, if one waits, and `remember`s the formats its documents used, for the next
    build of the same request; `refill` then starts engines for that next build (`cvgen watch` keeps them
    waiting between saves). Engines nobody took are stopped on leaving the `with` block.
    """

    def __init__(self, key: str, every: bool = False):
        """`every`: an engine for each remembered format (every document will be typeset), else
        `engines_to_prestart()` of them."""
        self._record = preamble_cache() / f"next-{hashlib.sha256(key.encode()).hexdigest()[:20]}.txt"
        self._every = every
        self._lock = threading.Lock()
        self._remembered = ""
        self._later: list[tuple[str, str, int]] = []  # engines still to start, each when one before it is ready
        self._closed = False
        self._turns: threading.Thread | None = None
        self.waiting: list[WaitingEngine] = []
        self.refill()

    def refill(self) -> None:
        """Have an engine waiting on each of the first formats remembered, and none on any other."""
        try:
            self._remembered = self._record.read_text(encoding="utf-8")
        except OSError:
            self._remembered = ""
        wanted: list[tuple[str, str, int]] = []
        for line in self._remembered.splitlines()[:None if self._every else engines_to_prestart()]:
            name, engine, stamp = (line.split(" ") + ["", ""])[:3]
            if stamp.isdigit() and engine in ("pdflatex", "xelatex") and kept(name, engine).exists():
                wanted.append((name, engine, int(stamp)))
        with self._lock:
            still, stale = [], []
            for waiting in self.waiting:
                match = next((item for item in wanted if item[0] == waiting.name), None)
                if match and waiting.process.poll() is None:
                    wanted.remove(match)
                    still.append(waiting)
                else:
                    stale.append(waiting)
            self.waiting = still
        for waiting in stale:
            waiting.stop()
        at_once = max(0, engines_to_prestart() - len(self.waiting))
        started = []
        try:
            for name, engine, epoch in wanted[:at_once]:
                started.append(WaitingEngine(name, engine, epoch))
                self.waiting.append(started[-1])
        except OSError:  # no pdflatex: the ordinary run will say so
            return
        except BaseException:  # Ctrl-C before the `with` block could clean up
            self.__exit__()
            raise
        with self._lock:
            self._later = [item for item in self._later if item not in wanted] + wanted[at_once:]
        if (started or self._later) and (self._turns is None or not self._turns.is_alive()):
            self._turns = threading.Thread(target=self._in_turn, args=(started or list(self.waiting),), daemon=True)
            self._turns.start()

    def _in_turn(self, started: list[WaitingEngine]) -> None:
        """Read each engine's terminal until it is ready, and start the next one then (in a thread of its own).
        Engines loading their preambles all at once took Python's core while it validated the profile."""
        queue = list(started)
        while queue:
            queue.pop(0).ready(READY_WAIT_SECONDS)
            with self._lock:  # held while it starts: a document asking for it meanwhile (take) waits and gets it
                if self._closed or not self._later:
                    continue
                name, engine, epoch = self._later.pop(0)
                try:
                    waiting = WaitingEngine(name, engine, epoch)
                except OSError:
                    continue
                self.waiting.append(waiting)
            queue.append(waiting)

    def take(self, name: str) -> WaitingEngine | None:
        """The engine waiting on the preamble `name`, if one does (or was yet to start: it starts now)."""
        with self._lock:
            for index, waiting in enumerate(self.waiting):
                if waiting.name == name:
                    return self.waiting.pop(index)
            later = next((item for item in self._later if item[0] == name), None)
            if later is None:
                return None
            self._later.remove(later)
        try:
            return WaitingEngine(*later, announce=False)
        except OSError:
            return None

    def remember(self, preambles: list[tuple[str, str, int]]) -> None:
        """Record (format, source date) of each document built, for the next build of this request."""
        text = "".join(f"{name} {engine} {stamp}\n" for name, engine, stamp in preambles)
        if text == self._remembered:
            return
        temporary = None
        try:
            handle, temporary = tempfile.mkstemp(prefix=".next-", dir=self._record.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, self._record)
            self._remembered = text
        except OSError:  # only a guess: the next build will just not start early
            if temporary:
                Path(temporary).unlink(missing_ok=True)

    def __enter__(self) -> Prestarted:
        return self

    def __exit__(self, *exc_info: object) -> None:
        with self._lock:
            unused, self.waiting, self._later, self._closed = self.waiting, [], [], True
        for waiting in unused:
            waiting.stop()
        if self._turns is not None:  # it ends once the engines it reads have stopped
            self._turns.join(READY_WAIT_SECONDS)


def prestart(input_path: Path, variants: str | list[Variant] = "all", tags: tuple[str, ...] = (),
             keep_tex: bool = False, fit: bool = True, language: str | None = None, every: bool = False) -> Prestarted:
    """Engines waiting for the next build of these arguments. This module imports neither Jinja nor pydantic nor
    the models, so the CLI starts them before it imports the pipeline: a preamble loads while Python imports."""
    scratch_ready()
    return Prestarted(f"{input_path.resolve()}\n{request(variants, tags, keep_tex, fit, language)}", every)
