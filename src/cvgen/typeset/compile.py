"""Phase 5: run the TeX engine on one `.tex`, as a checked and bounded subprocess.

No shell, a private build directory, shell escape off, TeX confined to reading and writing inside that
directory (`openin_any=p`, `openout_any=p`), stdin closed (or given one fixed line, see prestart.py), a
timeout. A second run happens only when the log asks for one. Output dates come from the profile, never
from the clock, so the bytes are reproducible. pdflatex runs on the precompiled preamble (preambles.py);
the same `.tex` still compiles on its own with a plain engine run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cvgen.errors import BuildError
from cvgen.interrupt import stopping
from cvgen.latex.engine import Engine
from cvgen.paths import cache_folder
from cvgen.scratch import scratch
from cvgen.typeset import preambles
from cvgen.typeset.processes import COMPILE_OPTIONS, start, wait

if TYPE_CHECKING:
    from cvgen.typeset.prestart import Prestarted

TIMEOUT_SECONDS = 60
MAX_RUNS = 3
INSTALL_HINT = ("apt-get install --no-install-recommends texlive-latex-base texlive-latex-recommended "
                "texlive-latex-extra texlive-fonts-recommended lmodern texlive-xetex fonts-cmu tex-gyre fonts-texgyre")
_RERUN = re.compile(r"Rerun to get|Label\(s\) may have changed|Please rerun LaTeX")
_ERROR = re.compile(r"^(?:\./)?doc\.tex:(\d+): (.*)$|^! (.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Compiled:
    pdf: bytes
    log: str


def compile_tex(tex: str, engine: Engine, *, source_date_epoch: int, timeout: float = TIMEOUT_SECONDS,
                use_format: bool = True, prestarted: Prestarted | None = None,
                files: dict[str, bytes] | None = None) -> Compiled:
    """Typeset `tex` and return the PDF's bytes; on failure raise BuildError with the first TeX error.

    With `prestarted`, the first run is done by an engine already waiting on this preamble, if there is
    one. Should that run fail, the document is built again the ordinary way, whose errors name
    lines of doc.tex. `files` (name → bytes, e.g. a photo) are put beside doc.tex before the engine reads it."""
    name = preambles.prepare(tex, engine, source_date_epoch, timeout) if use_format else None
    fmt = name if engine.name == "pdflatex" else preambles.base_format(engine.name) if use_format else None
    waiting = prestarted.take(name) if prestarted and name else None
    for file_name, data in (files or {}).items():
        if waiting:  # the engine waits in its own folder: what the body reads must be there first
            (waiting.build_dir / file_name).write_bytes(data)
    if waiting and not waiting.finish(tex, timeout):
        waiting.stop()
        waiting = None
    build_dir = waiting.build_dir if waiting else scratch("build-")
    try:
        (build_dir / "doc.tex").write_text(tex, encoding="utf-8")
        for file_name, data in (files or {}).items():
            (build_dir / file_name).write_bytes(data)
        runs = 0
        while True:
            runs += 1
            if not (runs == 1 and waiting):
                _run_engine(engine, build_dir, source_date_epoch, timeout, fmt)
            log = (build_dir / "doc.log").read_text(encoding="utf-8", errors="replace")
            if runs >= MAX_RUNS or not _RERUN.search(log):
                break
        pdf = (build_dir / "doc.pdf").read_bytes()
    except TexError as error:  # its log and .tex are kept for the user to read (scratch folders go at exit)
        if not stopping():  # an engine killed by Ctrl-C is no error to keep
            kept = cache_folder() / "failed"
            kept.mkdir(parents=True, exist_ok=True)
            kept = Path(tempfile.mkdtemp(prefix="build-", dir=kept))
            for name in ("doc.tex", "doc.log"):
                if (build_dir / name).exists():
                    shutil.copyfile(build_dir / name, kept / name)
            error.log_path = kept / "doc.log"
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
    except BuildError:
        raise
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
    shutil.rmtree(build_dir, ignore_errors=True)
    return Compiled(pdf, log)


def _run_engine(engine: Engine, build_dir: Path, source_date_epoch: int, timeout: float, fmt: str | None) -> None:
    command = [engine.name, *([f"-fmt={fmt}"] if fmt else []), *COMPILE_OPTIONS.split(), "doc.tex"]
    try:
        process = start(command, build_dir, source_date_epoch, subprocess.DEVNULL)
    except FileNotFoundError:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise BuildError(f"{engine.name} is not installed. Install TeX Live, for example:\n  {INSTALL_HINT}") from None
    code = wait(process, engine.name, build_dir, timeout)
    log_path = build_dir / "doc.log"
    if code != 0 or not (build_dir / "doc.pdf").exists():
        log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
        raise TexError(engine.name, log, log_path, build_dir / "doc.tex")


class TexError(BuildError):
    """The engine stopped on an error; carries the first error, its context and the source line."""

    def __init__(self, engine: str, log: str, log_path: Path, tex_path: Path):
        self.engine = engine
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

    def __str__(self) -> str:  # the log's path may change after (a failed build's log is moved to be kept)
        return self.describe(self.engine)

    def describe(self, engine: str, field: str | None = None) -> str:
        text = f"{engine} failed: {self.error}"
        if field:
            text += f"\n  produced by: {field}"
        if self.context:
            text += "\n  " + "\n  ".join(self.context)
        return text + f"\n  log: {self.log_path}"
