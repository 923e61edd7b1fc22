"""Phase 5: run the TeX engine on one `.tex`, as a checked and bounded subprocess.

No shell, a private build directory, shell escape off, TeX confined to reading and writing inside that
directory (`openin_any=p`, `openout_any=p`), stdin closed, a timeout. A second run happens only when the
log asks for one. Output dates come from the profile, never from the clock, so the bytes are reproducible.

For pdflatex the preamble (everything before \begin{document}, which depends only on the template) is
precompiled once into a format with mylatexformat and kept in the user's cache folder; loading it halves
each engine run. The same `.tex` still compiles on its own with a plain engine run.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError
from .latex.engine import Engine

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
    """Where precompiled preambles are kept: $CVGEN_CACHE_DIR, else the user's cache folder."""
    base = os.environ.get("CVGEN_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cvgen"
    return Path(base) / "formats"


def compile_tex(tex: str, engine: Engine, *, source_date_epoch: int, timeout: float = TIMEOUT_SECONDS,
                use_format: bool = True) -> Compiled:
    """Typeset `tex` and return the PDF's bytes; on failure raise BuildError with the first TeX error."""
    build_dir = Path(tempfile.mkdtemp(prefix="cvgen-build-"))
    started = time.perf_counter()
    try:
        (build_dir / "doc.tex").write_text(tex, encoding="utf-8")
        fmt = _preamble_format(tex, engine, source_date_epoch, timeout) if use_format else None
        runs = 0
        while True:
            runs += 1
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


def _preamble_format(tex: str, engine: Engine, source_date_epoch: int, timeout: float) -> str | None:
    """The name of a format holding this document's preamble, made on first use; None if none can be."""
    preamble, found, _ = tex.partition("\n\\begin{document}\n")  # mylatexformat needs it on a line of its own
    binary = shutil.which(engine.name)
    if engine.name != "pdflatex" or not found or not binary:
        return None  # XeTeX cannot keep OpenType fonts in a format
    stamp = f"{binary}:{os.stat(binary).st_mtime_ns}:{source_date_epoch}"
    name = "cvgen-" + hashlib.sha256(f"{stamp}\n{preamble}".encode()).hexdigest()[:20]
    folder = format_cache()
    if (folder / f"{name}.fmt").exists():
        return name
    work = Path(tempfile.mkdtemp(prefix="cvgen-format-"))
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
    env = _engine_env(build_dir, source_date_epoch)
    try:
        process = subprocess.Popen(command, cwd=build_dir, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except FileNotFoundError:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise BuildError(f"{engine.name} is not installed. Install TeX Live, for example:\n  {INSTALL_HINT}") from None
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise BuildError(f"{engine.name} did not finish within {timeout:g} s and was stopped; "
                         f"build directory: {build_dir}") from None
    except BaseException:  # Ctrl-C: do not leave the engine running
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    log_path = build_dir / "doc.log"
    if code != 0 or not (build_dir / "doc.pdf").exists():
        log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
        raise TexError(engine.name, log, log_path, build_dir / "doc.tex")


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
