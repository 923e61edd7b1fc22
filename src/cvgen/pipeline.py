"""The build as named phases: load → validate → view → render → compile → verify → publish.

Everything is gathered and checked before anything is written: PDFs reach `out/` only when every requested
document has built, each by an atomic rename, so a failed build leaves the previous PDFs as they were and
the documents in `out/` never disagree with each other.
"""

from __future__ import annotations

import calendar
import os
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BuildError
from .load import Document, format_path, load_file
from .model import PartialDate, Profile
from .validate import validate
from .variants import Variant


@dataclass(frozen=True)
class Built:
    variant: Variant
    path: Path
    pages: int
    seconds: float
    engine: str
    runs: int
    warnings: tuple[str, ...]
    room_left_lines: float | None


def load_profile(path: Path) -> Profile:
    return validate(load_file(path))


def build(input_path: Path, out_dir: Path, variants: list[Variant], *, keep_tex: bool = False) -> list[Built]:
    from .compile import TexError, compile_tex
    from .latex.engine import choose_engine
    from .render import render
    from .verify import check, describe_character, missing_characters
    from .view import build_view

    document = load_file(input_path)
    profile = validate(document)
    updated = profile.updated or last_commit_date(input_path)
    epoch = calendar.timegm((updated.year, updated.month or 1, updated.day or 1, 0, 0, 0)) if updated else 0
    engine = choose_engine(all_text(profile))
    user_templates = input_path.resolve().parent / "templates"
    sources = {variant.name: render(build_view(profile, variant, updated), engine, user_templates)
               for variant in variants}

    def make(variant: Variant) -> tuple[Any, Any]:
        compiled = compile_tex(sources[variant.name], engine, source_date_epoch=epoch)
        missing = missing_characters(compiled.log)
        if missing:
            raise BuildError("\n".join(
                f"{variant.output}.pdf: {engine.name} has no glyph for {describe_character(character)} "
                f"in {engine.fonts}{_field_note(document, profile, character)}; install a font that has it "
                f"(fonts-noto-core covers most scripts) or remove the character" for character, _ in missing))
        return compiled, check(compiled.pdf, compiled.log, name=f"{variant.output}.pdf", max_pages=variant.max_pages)

    with ThreadPoolExecutor(max_workers=max(1, min(len(variants), os.cpu_count() or 1))) as pool:
        futures = [pool.submit(make, variant) for variant in variants]
        results, errors = [], []
        for variant, future in zip(variants, futures):
            try:
                results.append(future.result())
            except TexError as error:
                errors.append(f"{variant.output}.pdf: " + error.describe(engine.name, _field_for_tex(document, profile, error.source)))
            except BuildError as error:
                errors.append(str(error))
    if errors:
        raise BuildError("\n".join(errors) + "\nNothing was written; the previous PDFs in "
                         f"{out_dir}/ are unchanged.")

    out_dir = _writable_dir(out_dir)
    files = {out_dir / f"{variant.output}.pdf": compiled.pdf for variant, (compiled, _) in zip(variants, results)}
    if keep_tex:
        files.update({out_dir / f"{variant.output}.tex": sources[variant.name].encode("utf-8") for variant in variants})
    publish(files)
    return [Built(variant, out_dir / f"{variant.output}.pdf", report.pages, compiled.seconds, engine.name,
                  compiled.runs, tuple(report.warnings), report.room_left_lines)
            for variant, (compiled, report) in zip(variants, results)]


def publish(files: dict[Path, bytes]) -> None:
    """Write every file next to its target first, then rename them all into place.

    A rename is atomic and needs no space, so a full disk or Ctrl-C while writing leaves all the old
    files and no partial ones; readers see an old file or a new one, never half of one.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
            staged.append((temporary, target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o644)
    except BaseException as error:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise BuildError(f"cannot write to {next(iter(files)).parent}: {error.strerror}; "
                             "the previous PDFs are unchanged") from None
        raise
    for temporary, target in staged:
        os.replace(temporary, target)


def _writable_dir(out_dir: Path) -> Path:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"cannot create the output folder {out_dir}: {error.strerror}") from None
    if not os.access(out_dir, os.W_OK):
        raise BuildError(f"cannot write to the output folder {out_dir}: permission denied")
    return out_dir


def last_commit_date(path: Path) -> PartialDate | None:
    """The date of the last commit that touched the profile: the 'updated' date when the profile has none."""
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%cs", "--", path.name], cwd=path.resolve().parent,
                                capture_output=True, text=True, timeout=10, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = result.stdout.strip()
    if result.returncode or not text:
        return None
    year, month, day = map(int, text.split("-"))
    return PartialDate(year, month, day)


def all_text(profile: Profile) -> str:
    """Every string in the profile, for choosing an engine that can typeset all of them."""
    return "\n".join(text for _, text in _strings(profile.model_dump()))


def _strings(value: Any, path: tuple = ()) -> list[tuple[tuple, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _strings(item, path + (key,))]
    if isinstance(value, (list, tuple)):
        return [found for index, item in enumerate(value) for found in _strings(item, path + (index,))]
    return []


def _where(document: Document, path: tuple) -> str:
    line, col = document.position(path)
    return f"{document.file}:{line}:{col}: {format_path(path)}"


def _field_note(document: Document, profile: Profile, character: str) -> str:
    paths = [_where(document, path) for path, text in _strings(profile.model_dump()) if character in text]
    return f" (used in {', '.join(paths[:3])})" if paths else ""


def _field_for_tex(document: Document, profile: Profile, tex_line: str) -> str | None:
    """The profile field whose text appears on the TeX line where the engine stopped, if one does."""
    from .latex.escape import escape

    best = None
    for path, text in _strings(profile.model_dump()):
        for piece in (escape(text), text):
            if len(piece) >= 4 and piece in tex_line and (best is None or len(text) > len(best[1])):
                best = (path, text)
    return _where(document, best[0]) if best else None
