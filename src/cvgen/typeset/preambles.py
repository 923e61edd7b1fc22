"""The preamble cache: what a document's preamble becomes so that its next run, or an engine started
before the profile is read (prestart.py), need not read it again.

Everything before \\begin{document} depends only on the template and the engine, never on the profile.
For pdflatex it is precompiled once into a format with mylatexformat, which halves each engine run.
XeTeX cannot keep OpenType fonts in a format, so for xelatex the preamble's text is kept: an engine
started early reads it while Python is still validating. Both are named by a digest of the preamble,
the engine binary and the documents' date, and kept in the user's cache folder.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import threading
import zlib
from pathlib import Path

from cvgen.latex.engine import Engine, engine_env
from cvgen.paths import cache_folder
from cvgen.scratch import scratch

BEGIN = "\n\\begin{document}\n"  # mylatexformat needs it on a line of its own


def preamble_cache() -> Path:
    return cache_folder() / "formats"


def preamble_name(tex: str, engine: Engine, source_date_epoch: int) -> str | None:
    """The name of this document's preamble (for this engine and date); None if it has none."""
    preamble, found, _ = tex.partition(BEGIN)
    binary = shutil.which(engine.name)
    if not found or not binary:
        return None
    stamp = f"{binary}:{os.stat(binary).st_mtime_ns}:{source_date_epoch}"
    return "cvgen-" + hashlib.sha256(f"{stamp}\n{preamble}".encode()).hexdigest()[:20]


def kept(name: str, engine_name: str) -> Path:
    """Where the preamble `name` is kept: a format for pdflatex, the preamble's text for xelatex."""
    return preamble_cache() / (f"{name}.fmt" if engine_name == "pdflatex" else f"{name}.tex")


def prepare(tex: str, engine: Engine, source_date_epoch: int, timeout: float) -> str | None:
    """Keep this document's preamble (made on first use); its name, or None if it cannot be kept."""
    name = preamble_name(tex, engine, source_date_epoch)
    if not name:
        return name
    try:
        os.utime(kept(name, engine.name))  # used now: the formats used last are those `prune` keeps
        return name
    except FileNotFoundError:
        pass
    except OSError:  # a cache that cannot be written to: the format is still there to use
        return name
    preamble = tex.partition(BEGIN)[0]
    work = scratch("format-")
    try:
        preamble_cache().mkdir(parents=True, exist_ok=True)
        if engine.name != "pdflatex":
            (work / "preamble.tex").write_text(preamble + "\n", encoding="utf-8")
            os.replace(work / "preamble.tex", kept(name, engine.name))  # atomic: all or nothing for a concurrent build
            return name
        (work / "preamble.tex").write_text(preamble + "\n\\begin{document}\n\\end{document}\n", encoding="utf-8")
        command = [engine.name, "-ini", "-interaction=nonstopmode", "-halt-on-error", f"-jobname={name}",
                   f"&{engine.name}", "mylatexformat.ltx", "preamble.tex"]
        result = subprocess.run(command, cwd=work, env=engine_env(work, source_date_epoch), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
        if result.returncode != 0 or not (work / f"{name}.fmt").exists():
            return None  # the plain run that follows reports whatever is wrong with the preamble
        _uncompress(work / f"{name}.fmt")
        os.replace(work / f"{name}.fmt", kept(name, engine.name))
        _MADE.set()
        return name
    except (OSError, subprocess.TimeoutExpired):
        return None
    finally:
        shutil.rmtree(work, ignore_errors=True)


KEPT_FORMATS = 16  # the formats used last that are kept (18.6 MB each, uncompressed): a template edit makes new ones
_MADE = threading.Event()  # this process made a format


def prune() -> None:
    """After a build that made a format, remove all but the KEPT_FORMATS formats of preambles used last (`prepare`
    marks each use): not during the build, when a format another of its documents is about to use may not be
    marked yet. One removed that is still in use is made again."""
    if not _MADE.is_set():
        return
    try:
        made = sorted(preamble_cache().glob("cvgen-*.fmt"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
        for old in made[KEPT_FORMATS:]:
            old.unlink(missing_ok=True)
    except OSError:  # another build removed one meanwhile
        pass


@functools.cache
def _own_format(engine_name: str) -> Path | None:
    """The engine's own LaTeX format, as kpsewhich finds it (once a process)."""
    try:
        found = subprocess.run(["kpsewhich", f"-engine={engine_name.removesuffix('latex')}tex", f"{engine_name}.fmt"],
                               capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL).stdout.strip()
        return Path(found).resolve(strict=True) if found else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def base_format(engine_name: str) -> str | None:
    """The name of an uncompressed copy of the engine's own LaTeX format (what every xelatex run loads: XeTeX
    cannot keep cvgen's preamble in a format), made in cvgen's cache on first use and named by the original's
    path, size and date, so a format TeX Live makes anew gets a copy of its own; None if there is none."""
    original = _own_format(engine_name)
    if original is None:
        return None
    try:
        stat = original.stat()
    except OSError:
        return None
    name = f"{engine_name}-" + hashlib.sha256(f"{original}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:20]
    copy = preamble_cache() / f"{name}.fmt"
    if copy.exists():
        return name
    part = copy.with_name(f"{copy.name}.{os.getpid()}.{threading.get_ident()}.part")  # documents build in threads
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(original, part)
        _uncompress(part)
        os.replace(part, copy)  # atomic: all or nothing for a concurrent build
        for older in preamble_cache().glob(f"{engine_name}-*.fmt"):  # copies of formats TeX Live has replaced
            if older != copy:
                older.unlink(missing_ok=True)
    except OSError:
        part.unlink(missing_ok=True)
        return None
    return name


def _uncompress(path: Path) -> None:
    """TeX writes a format gzip-compressed (pdflatex's with cvgen's preamble: 6.8 MB, 18.6 MB inflated), and
    inflating it was two thirds of an engine's start (0.06 of 0.09 s). TeX reads a format through zlib, which
    reads an uncompressed file as it is: kept so, the engine starts in 0.03 s (the same PDF). Inflated a
    megabyte at a time: a build makes its documents' formats at once."""
    inflated = path.with_name(f"{path.name}.inflated")
    inflate = zlib.decompressobj(wbits=31)  # a gzip stream
    try:
        with path.open("rb") as source:
            if source.read(2) != b"\x1f\x8b":
                return
            source.seek(0)
            with inflated.open("wb") as target:
                while chunk := source.read(1 << 20):
                    target.write(inflate.decompress(chunk))
                target.write(inflate.flush())
        if inflate.eof and not inflate.unused_data:
            os.replace(inflated, path)
    except zlib.error:
        pass  # kept as TeX wrote it
    finally:
        inflated.unlink(missing_ok=True)
