"""The build as named phases: load → validate → view → render → compile → verify → publish.

Everything is gathered and checked before anything is written: PDFs reach `out/` only when every requested
document has built, each by an atomic rename, so a failed build leaves the previous PDFs as they were and
the documents in `out/` never disagree with each other.
"""

from __future__ import annotations

import calendar
import hashlib
import importlib
import os
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import interrupt
from .cache import CACHE_NAME
from .errors import BuildError
from .load import Document, format_path, last_commit_date, load_file
from .paths import template_folders
from .variants import Variant

if TYPE_CHECKING:  # the models import pydantic, which a cached rebuild never needs
    from .cache import Cache
    from .compile import Prestarted
    from .model import PartialDate, Profile


@dataclass(frozen=True)
class Built:
    """What the CLI reports of one document."""

    name: str  # the variant
    path: Path
    pages: int
    max_pages: int | None
    seconds: float
    engine: str
    runs: int  # engine runs, fitting included; 0 when the PDF was reused from the cache
    warnings: tuple[str, ...]
    room_left_lines: float | None  # on the last page of a document with a page budget
    notes: tuple[str, ...] = ()  # what fitting tightened and left out
    skipped: bool = False  # the document would have been empty: no PDF was written


def load_profile(path: Path) -> Profile:
    from .validate import validate

    return validate(load_file(path))


def build(input_path: Path, out_dir: Path, variants: str | list[Variant] = "all", *, tags: tuple[str, ...] = (),
          keep_tex: bool = False, use_cache: bool = True, fit: bool = True,
          prestarted: Prestarted | None = None) -> list[Built]:
    """Build the variants (a name, `all`, or Variant objects) into `out_dir`; reuse what is unchanged.

    Engines are started early for this build, unless the caller passes its own `prestarted` (from
    `prestart` with the same arguments), which it then keeps."""
    from .cache import Cache, inputs_digest

    folders = template_folders(input_path)
    cache = Cache(out_dir, enabled=use_cache)
    request = _request(variants, tags, keep_tex, fit)
    git_date = last_commit_date(input_path)
    inputs = inputs_digest(input_path, folders, request, git_date)
    if inputs and inputs == cache.inputs and cache.outputs:
        records = [cache.intact(output) for output in cache.outputs]
        tex_kept = not keep_tex or all((out_dir / f"{output}.tex").exists() for output in cache.outputs)
        if all(records) and tex_kept:
            return [_from_record(out_dir, output, record) for output, record in zip(cache.outputs, records)]
    # Start the engines now, on the formats this request used last time: they load while Python imports
    # the models and validates the profile, which takes about as long.
    engines = nullcontext(prestarted) if prestarted else prestart(input_path, variants, tags, keep_tex, fit)
    with engines as waiting:
        return _build(input_path, out_dir, variants, tags, folders, cache, inputs, keep_tex, fit, git_date,
                      waiting)


def prestart(input_path: Path, variants: str | list[Variant] = "all", tags: tuple[str, ...] = (),
             keep_tex: bool = False, fit: bool = True) -> Prestarted:
    """Engines waiting for the next build of these arguments (see compile.Prestarted)."""
    from .compile import Prestarted

    return Prestarted(f"{input_path.resolve()}\n{_request(variants, tags, keep_tex, fit)}")


def _request(variants: str | list[Variant], tags: tuple[str, ...], keep_tex: bool, fit: bool) -> str:
    return repr((variants if isinstance(variants, str) else [v for v in variants], tags, keep_tex, fit))


def _build(input_path: Path, out_dir: Path, requested: str | list[Variant], tags: tuple[str, ...],
           folders: list[Path], cache: Cache, inputs: str | None, keep_tex: bool, fit_enabled: bool,
           git_date: str, prestarted: Prestarted) -> list[Built]:
    from .cache import code_digest, digest
    from .compile import COMPILE_OPTIONS, TexError, compile_tex, format_name
    from .fit import LADDER, Fitted, fit
    from .latex.engine import choose_engine
    from .render import environment, render
    from .validate import validate
    from .variants import select
    from .verify import describe_character, missing_characters, over_budget, read_report
    from .view import build_view, candidates

    document = load_file(input_path)
    profile = validate(document)
    variants = select(requested, profile, tags) if isinstance(requested, str) else requested
    updated = profile.updated or _parse_date(git_date)
    epoch = calendar.timegm((updated.year, updated.month or 1, updated.day or 1, 0, 0, 0)) if updated else 0
    engine = choose_engine(all_text(profile))
    env = environment(folders)

    def make(variant: Variant) -> dict[str, Any]:
        """Render, compile (fitting the page budget) unless the cache has it; a worker thread per document."""
        name = f"{variant.output}.pdf"

        first_view = build_view(profile, variant, updated)
        if not first_view.sections:  # nothing but a header: no PDF, and none left from an earlier build
            return {"name": variant.name, "skipped": True, "pages": 0, "max_pages": variant.max_pages,
                    "engine": engine.name, "warnings": [], "room_left_lines": None, "format": None}
        first_tex = render(first_view, engine, env)
        first_format = format_name(first_tex, engine, epoch)  # remembered for the next build's early engine

        def attempt(layout, omit):
            if layout == LADDER[0] and not omit:  # the document as first rendered: no need to render it again
                view, tex = first_view, first_tex
            else:
                view = build_view(profile, variant, updated, omit, layout)
                tex = render(view, engine, env)
            compiled = compile_tex(tex, engine, source_date_epoch=epoch, prestarted=prestarted)
            missing = missing_characters(compiled.log)
            if missing:
                raise BuildError("\n".join(
                    f"{name}: {engine.name} has no glyph for {describe_character(character)} in {engine.fonts}"
                    f"{_field_note(document, profile, character)}; install a font that has it "
                    f"(fonts-noto-core covers most scripts) or remove the character" for character, _ in missing))
            return (tex, compiled), read_report(compiled.pdf, compiled.log, view.entry_ids)

        key = digest(code_digest(), engine.name, COMPILE_OPTIONS, str(epoch), str(fit_enabled), first_tex)
        record = cache.intact(variant.output, key)
        if record and not (keep_tex and record.get("notes")):  # a fitted document's .tex is not first_tex
            return {**record, "tex": first_tex, "format": first_format, "reused": True}
        # pypdf takes ~70 ms to import; do it while the engine runs (the waiting thread holds no GIL).
        threading.Thread(target=importlib.import_module, args=("pypdf",), daemon=True).start()
        droppable = candidates(profile, variant) if variant.max_pages else []
        if variant.max_pages:
            fitted = fit(variant.max_pages, attempt, droppable, name=name, label=_label, enabled=fit_enabled)
        else:
            fitted = Fitted(*attempt(LADDER[0], frozenset()), LADDER[0], [], 1)
        (tex, compiled), report = fitted.result, fitted.report
        if variant.max_pages and report.pages > variant.max_pages:
            raise over_budget(name, report, variant.max_pages, "Trim it (shorten the summary or the experience "
                              "bullets, set 'highlight: false' on a publication), or build without --no-fit.")
        notes = []
        if fitted.layout.describe() != "none":
            notes.append(f"tightened: {fitted.layout.describe()}")
        if fitted.left_out:
            entries = dict(droppable)
            notes.append("left out: " + "; ".join(_label(item, entries[item]) for item in fitted.left_out))
        room = report.room_left_lines() if variant.max_pages and report.pages == variant.max_pages else None
        return {"key": key, "pdf": hashlib.sha256(compiled.pdf).hexdigest(), "pages": report.pages,
                "max_pages": variant.max_pages, "name": variant.name, "engine": engine.name,
                "warnings": report.warnings, "room_left_lines": room, "notes": notes,
                "runs": fitted.runs, "seconds": 0.0, "bytes": compiled.pdf, "tex": tex, "format": first_format}

    made: dict[str, dict[str, Any]] = {}
    errors = []
    with ThreadPoolExecutor(max_workers=max(1, min(len(variants), os.cpu_count() or 1))) as pool:
        started = {variant.name: time.perf_counter() for variant in variants}
        futures = {variant.name: pool.submit(make, variant) for variant in variants}
        for variant in variants:  # report in a fixed order, whatever finishes first
            try:
                made[variant.name] = futures[variant.name].result()
                made[variant.name]["seconds"] = time.perf_counter() - started[variant.name]
            except TexError as error:
                field = _field_for_tex(document, profile, error.source)
                errors.append(f"{variant.output}.pdf: " + error.describe(engine.name, field))
            except BuildError as error:
                errors.append(str(error))
    if errors:
        raise BuildError("\n".join(errors) + f"\nNothing was written; the previous PDFs in {out_dir}/ are unchanged.")

    out_dir = _writable_dir(out_dir)
    fresh = [variant for variant in variants if not made[variant.name].get("reused")]
    files: dict[Path, bytes | None] = {out_dir / f"{variant.output}.pdf": made[variant.name].get("bytes")
                                       for variant in fresh}
    if keep_tex:
        files.update({out_dir / f"{variant.output}.tex": made[variant.name]["tex"].encode("utf-8")
                      for variant in variants if not made[variant.name].get("skipped")})
    records = {variant.output: {k: v for k, v in made[variant.name].items() if k in _RECORDED} for variant in fresh}
    files[out_dir / CACHE_NAME] = cache.serialise(inputs, [variant.output for variant in variants], records)
    publish(files)
    formats = [made[variant.name]["format"] for variant in variants]
    prestarted.remember([(fmt, epoch) for fmt in formats if fmt])
    return [_from_record(out_dir, variant.output, made[variant.name]) for variant in variants]


_RECORDED = ("key", "pdf", "pages", "max_pages", "name", "engine", "warnings", "room_left_lines", "notes", "skipped")


def _from_record(out_dir: Path, output: str, record: dict[str, Any]) -> Built:
    return Built(record["name"], out_dir / f"{output}.pdf", record["pages"], record["max_pages"],
                 record.get("seconds", 0.0), record["engine"], record.get("runs", 0),
                 tuple(record["warnings"]), record["room_left_lines"], tuple(record.get("notes", ())),
                 record.get("skipped", False))


def _label(entry_id: tuple[str, str | int], entry: Any) -> str:
    """How a left-out entry is named in the build report: `awards[2] (Zeng Xianzi Scholarship)`."""
    kind, key = entry_id
    where = f"{kind}[{key}]" if isinstance(key, int) else f"publication {key}"
    for attribute in ("title", "name", "organization", "institution", "course", "category"):
        text = getattr(entry, attribute, None)
        if isinstance(text, str):
            return f"{where} ({text if len(text) <= 48 else text[:45] + '...'})"
    return where


def _parse_date(text: str) -> PartialDate | None:
    from .model import PartialDate

    return PartialDate(*map(int, text.split("-"))) if text else None


def publish(files: dict[Path, bytes | None]) -> None:
    """Write every file next to its target first, then rename them all into place (None: remove the target).

    A rename is atomic and needs no space, so a full disk or Ctrl-C while writing leaves all the old
    files and no partial ones; readers see an old file or a new one, never half of one.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            if data is None:
                continue
            with interrupt.uninterrupted():  # a staged file is always known to the Ctrl-C handler
                handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
                interrupt.staged(temporary)
            staged.append((temporary, target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o644)
    except BaseException as error:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
            interrupt.unstaged(temporary)
        if isinstance(error, OSError):
            raise BuildError(f"cannot write to {next(iter(files)).parent}: {error.strerror}; "
                             "the previous files there are unchanged") from None
        raise
    with interrupt.uninterrupted():  # all the new files, or (on a signal before this) none
        for temporary, target in staged:
            os.replace(temporary, target)
            interrupt.unstaged(temporary)
        for target in (target for target, data in files.items() if data is None):
            target.unlink(missing_ok=True)


def _writable_dir(out_dir: Path) -> Path:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"cannot create the output folder {out_dir}: {error.strerror}") from None
    if not os.access(out_dir, os.W_OK):
        raise BuildError(f"cannot write to the output folder {out_dir}: permission denied")
    return out_dir


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
