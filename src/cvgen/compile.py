"""Phase 5: run the TeX engine on one `.tex`, as a checked and bounded subprocess.

No shell, a private build directory, shell escape off, TeX confined to reading and writing inside that
directory (`openin_any=p`, `openout_any=p`), stdin closed (or given one fixed line, below), a timeout.
A second run happens only when the log asks for one. Output dates come from the profile, never from the
clock, so the bytes are reproducible.

For pdflatex the preamble (everything before \begin{document}, which depends only on the template) is
precompiled once into a format with mylatexformat and kept in the user's cache folder; loading it halves
each engine run. The same `.tex` still compiles on its own with a plain engine run.

Loading that format and running \begin{document} is still most of a run, and it does not depend on the
profile, so a build can start the engine before it has read the profile (`Prestarted`): on the formats
the same request used last time, waiting on its stdin for one line. If the document then rendered has that
preamble, the engine is told to read the body; otherwise it is killed. The PDF is the same either way.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError
from .interrupt import ended, scratch, started
from .latex.engine import Engine
from .paths import cache_folder

TIMEOUT_SECONDS = 60
MAX_RUNS = 3
INSTALL_HINT = ("apt-get install --no-install-recommends texlive-latex-base texlive-latex-recommended "
                "texlive-latex-extra texlive-fonts-recommended lmodern texlive-xetex fonts-cmu")
_RERUN = re.compile(r"Rerun to get|Label\(s\) may have changed|Please rerun LaTeX")
_ERROR = re.compile(r"^(?:\./)?doc\.tex:(\d+): (.*)$|^! (.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Compiled:
    pdf: bytes
    log: str
    runs: int
    seconds: float


def format_cache() -> Path:
    """Where precompiled preambles are kept."""
    return cache_folder() / "formats"


def compile_tex(tex: str, engine: Engine, *, source_date_epoch: int, timeout: float = TIMEOUT_SECONDS,
                use_format: bool = True, prestarted: Prestarted | None = None) -> Compiled:
    """Typeset `tex` and return the PDF's bytes; on failure raise BuildError with the first TeX error.

    With `prestarted`, the first run is done by an engine already waiting on this preamble's format, if
    there is one. Should that run fail, the document is built again the ordinary way, whose errors name
    lines of doc.tex."""
    started = time.perf_counter()
    fmt = _preamble_format(tex, engine, source_date_epoch, timeout) if use_format else None
    waiting = prestarted.take(fmt) if prestarted and fmt else None
    if waiting and not waiting.finish(tex, timeout):
        waiting.stop()
        waiting = None
    build_dir = waiting.build_dir if waiting else scratch("build-")
    try:
        (build_dir / "doc.tex").write_text(tex, encoding="utf-8")
        runs = 0
        while True:
            runs += 1
            if not (runs == 1 and waiting):
                _run_engine(engine, build_dir, source_date_epoch, timeout, fmt)
            log = (build_dir / "doc.log").read_text(encoding="utf-8", errors="replace")
            if runs >= MAX_RUNS or not _RERUN.search(log):
                break
        pdf = (build_dir / "doc.pdf").read_bytes()
    except BuildError:
        raise
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
    shutil.rmtree(build_dir, ignore_errors=True)
    return Compiled(pdf, log, runs, time.perf_counter() - started)


COMPILE_OPTIONS = "-interaction=nonstopmode -halt-on-error -file-line-error -no-shell-escape"


_BEGIN = "\n\\begin{document}\n"  # mylatexformat needs it on a line of its own


def format_name(tex: str, engine: Engine, source_date_epoch: int) -> str | None:
    """The name of the format for this document's preamble and dates; None if it cannot have one."""
    preamble, found, _ = tex.partition(_BEGIN)
    binary = shutil.which(engine.name)
    if engine.name != "pdflatex" or not found or not binary:
        return None  # XeTeX cannot keep OpenType fonts in a format
    stamp = f"{binary}:{os.stat(binary).st_mtime_ns}:{source_date_epoch}"
    return "cvgen-" + hashlib.sha256(f"{stamp}\n{preamble}".encode()).hexdigest()[:20]


def _preamble_format(tex: str, engine: Engine, source_date_epoch: int, timeout: float) -> str | None:
    """The name of a format holding this document's preamble, made on first use; None if none can be."""
    name = format_name(tex, engine, source_date_epoch)
    folder = format_cache()
    if not name or (folder / f"{name}.fmt").exists():
        return name
    preamble = tex.partition(_BEGIN)[0]
    work = scratch("format-")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (work / "preamble.tex").write_text(preamble + "\n\\begin{document}\n\\end{document}\n", encoding="utf-8")
        command = [engine.name, "-ini", "-interaction=nonstopmode", "-halt-on-error", f"-jobname={name}",
                   f"&{engine.name}", "mylatexformat.ltx", "preamble.tex"]
        result = subprocess.run(command, cwd=work, env=_engine_env(work, source_date_epoch), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
        if result.returncode != 0 or not (work / f"{name}.fmt").exists():
            return None  # the plain run that follows reports whatever is wrong with the preamble
        os.replace(work / f"{name}.fmt", folder / f"{name}.fmt")  # atomic: a concurrent build sees all or nothing
        return name
    except (OSError, subprocess.TimeoutExpired):
        return None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _engine_env(build_dir: Path, source_date_epoch: int) -> dict[str, str]:
    return {**os.environ, "openin_any": "p", "openout_any": "p", "shell_escape": "f",
            "TEXMFOUTPUT": str(build_dir), "SOURCE_DATE_EPOCH": str(source_date_epoch), "FORCE_SOURCE_DATE": "1",
            "max_print_line": "10000", "TEXFORMATS": f"{format_cache()}:"}


def _run_engine(engine: Engine, build_dir: Path, source_date_epoch: int, timeout: float, fmt: str | None) -> None:
    command = [engine.name, *([f"-fmt={fmt}"] if fmt else []), *COMPILE_OPTIONS.split(), "doc.tex"]
    try:
        process = _start(command, build_dir, source_date_epoch, subprocess.DEVNULL)
    except FileNotFoundError:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise BuildError(f"{engine.name} is not installed. Install TeX Live, for example:\n  {INSTALL_HINT}") from None
    code = _wait(process, engine.name, build_dir, timeout)
    log_path = build_dir / "doc.log"
    if code != 0 or not (build_dir / "doc.pdf").exists():
        log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
        raise TexError(engine.name, log, log_path, build_dir / "doc.tex")


def _start(command: list[str], build_dir: Path, source_date_epoch: int, stdin: int) -> subprocess.Popen:
    process = subprocess.Popen(command, cwd=build_dir, env=_engine_env(build_dir, source_date_epoch), stdin=stdin,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    started(process.pid)
    return process


def _wait(process: subprocess.Popen, engine_name: str, build_dir: Path, timeout: float) -> int:
    """The engine's exit code; it is killed at the timeout or on Ctrl-C, never left running."""
    try:
        code = process.wait(timeout=timeout)
        ended(process.pid)
        return code
    except subprocess.TimeoutExpired:
        _kill(process)
        raise BuildError(f"{engine_name} did not finish within {timeout:g} s and was stopped; "
                         f"build directory: {build_dir}") from None
    except BaseException:
        _kill(process)
        raise


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
    ended(process.pid)


# What an engine started ahead of its document runs: \begin{document} at once, then it waits for a line
# on stdin (scroll mode allows that read), then reads the body in nonstop mode like any other run. The body
# is read with the primitive \input (LaTeX's opens the file twice); \relax ends the file name.
_WAITING_LINE = r"\begin{document}\read16to\cvgengo\nonstopmode\csname @@input\endcsname body.tex\relax"


class WaitingEngine:
    """pdflatex on a precompiled preamble, started before its document exists and blocked on its stdin.

    One that cvgen loses track of (a Ctrl-C inside Popen) cannot hang: it stops at its read when cvgen's
    end of the pipe closes."""

    def __init__(self, fmt: str, source_date_epoch: int):
        self.fmt = fmt
        self.build_dir = scratch("build-")
        options = COMPILE_OPTIONS.replace("-interaction=nonstopmode", "-interaction=scrollmode").split()
        command = ["pdflatex", f"-fmt={fmt}", *options, "-jobname=doc", _WAITING_LINE]
        try:
            self.process = _start(command, self.build_dir, source_date_epoch, subprocess.PIPE)
        except BaseException:
            shutil.rmtree(self.build_dir, ignore_errors=True)
            raise

    def finish(self, tex: str, timeout: float) -> bool:
        """Give the engine the body of `tex` and wait for it; True if it made a PDF."""
        preamble, _, body = tex.partition(_BEGIN)
        # Empty comment lines stand in for the preamble, so lines in the log are those of doc.tex.
        (self.build_dir / "body.tex").write_text("%\n" * (preamble.count("\n") + 2) + body, encoding="utf-8")
        try:
            self.process.stdin.write(b"go\n")
            self.process.stdin.close()
        except OSError:  # it has already stopped (a broken format, say)
            return False
        try:
            code = _wait(self.process, "pdflatex", self.build_dir, timeout)
        except BuildError:  # the timeout: its message names the build directory, which stays
            raise
        except BaseException:
            self.stop()
            raise
        return code == 0 and (self.build_dir / "doc.pdf").exists()

    def stop(self) -> None:
        """Kill the engine if it still runs, and remove its build directory."""
        if self.process.poll() is None:
            _kill(self.process)
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
    the slowest to build and the one most edits change."""
    return max(1, (os.cpu_count() or 1) - 1)


class Prestarted:
    """Engines started before the profile is read, on formats the same request used last time.

    `key` names the request (the profile's path and what was asked for). A build `take`s the engine for
    its preamble's format, if one waits, and `remember`s the formats its documents used, for the next
    build of the same request; `refill` then starts engines for that next build (`cvgen watch` keeps them
    waiting between saves). Engines nobody took are stopped on leaving the `with` block.
    """

    def __init__(self, key: str):
        self._record = format_cache() / f"next-{hashlib.sha256(key.encode()).hexdigest()[:20]}.txt"
        self._lock = threading.Lock()
        self._remembered = ""
        self.waiting: list[WaitingEngine] = []
        self.refill()

    def refill(self) -> None:
        """Have an engine waiting on each of the first formats remembered, and none on any other."""
        try:
            self._remembered = self._record.read_text(encoding="utf-8")
        except OSError:
            self._remembered = ""
        wanted = []
        for line in self._remembered.splitlines()[:engines_to_prestart()]:
            fmt, _, epoch = line.partition(" ")
            if epoch.isdigit() and (format_cache() / f"{fmt}.fmt").exists():
                wanted.append((fmt, int(epoch)))
        with self._lock:
            kept, stale = [], []
            for waiting in self.waiting:
                match = next((item for item in wanted if item[0] == waiting.fmt), None)
                if match and waiting.process.poll() is None:
                    wanted.remove(match)
                    kept.append(waiting)
                else:
                    stale.append(waiting)
            self.waiting = kept
        for waiting in stale:
            waiting.stop()
        try:
            for fmt, epoch in wanted:
                self.waiting.append(WaitingEngine(fmt, epoch))
        except OSError:  # no pdflatex: the ordinary run will say so
            pass
        except BaseException:  # Ctrl-C before the `with` block could clean up
            self.__exit__()
            raise

    def take(self, fmt: str) -> WaitingEngine | None:
        with self._lock:
            for index, waiting in enumerate(self.waiting):
                if waiting.fmt == fmt:
                    return self.waiting.pop(index)
        return None

    def remember(self, formats: list[tuple[str, int]]) -> None:
        """Record (format, source date) of each document built, for the next build of this request."""
        text = "".join(f"{fmt} {epoch}\n" for fmt, epoch in formats)
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
            unused, self.waiting = self.waiting, []
        for waiting in unused:
            waiting.stop()


class TexError(BuildError):
    """The engine stopped on an error; carries the first error, its context and the source line."""

    def __init__(self, engine: str, log: str, log_path: Path, tex_path: Path):
        self.log_path = log_path
        match = _ERROR.search(log)
        self.tex_line = int(match.group(1)) if match and match.group(1) else None
        if match:
            self.error = (match.group(2) or match.group(3)).strip()
        elif "No pages of output" in log:
            self.error = "the document has no pages"
        else:
            self.error = "the engine stopped without an error message"
        context = []
        for line in (log[match.end():].strip().splitlines() if match else []):
            if not line.strip() or line.startswith("Here is how much"):
                break
            context.append(line)
        self.context = context[:4]
        self.source = ""
        if self.tex_line and tex_path.exists():
            lines = tex_path.read_text(encoding="utf-8").splitlines()
            self.source = lines[self.tex_line - 1] if self.tex_line <= len(lines) else ""
        super().__init__(self.describe(engine))

    def describe(self, engine: str, field: str | None = None) -> str:
        text = f"{engine} failed: {self.error}"
        if field:
            text += f"\n  produced by: {field}"
        if self.context:
            text += "\n  " + "\n  ".join(self.context)
        return text + f"\n  log: {self.log_path}"
