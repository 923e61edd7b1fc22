"""The build as named phases: load → validate → view → render → compile → verify → publish.

Everything is gathered and checked before anything is written: PDFs reach `out/` only when every requested
document has built, each by an atomic rename, so a failed build leaves the previous PDFs as they were and
the documents in `out/` never disagree with each other.
"""

from __future__ import annotations

import calendar
import hashlib
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from cvgen.document.csl import locale, style_file, warm
from cvgen.document.languages import check_language, language_notes, localize
from cvgen.document.validate import validate
from cvgen.document.variants import bundle_parts, select, with_variant_text
from cvgen.document.view import build_view
from cvgen.errors import BuildError
from cvgen.latex.engine import choose_engine
from cvgen.latex.escape import escape
from cvgen.paths import beside_profile, read_named, template_folders
from cvgen.profile.load import Document, format_path, load_file
from cvgen.profile.model import PartialDate, Profile, Variant
from cvgen.typeset.bundle import join_pdfs
from cvgen.typeset.cache import (
    CACHE_NAME,
    RECORDED,
    Built,
    Cache,
    Looked,
    code_digest,
    digest,
    files_digest,
    look,
    named_files,
    request,
    template_files,
)
from cvgen.typeset.compile import TexError, compile_tex
from cvgen.typeset.fit import LADDER, Fitted, fit
from cvgen.typeset.preambles import preamble_name
from cvgen.typeset.preambles import prune as prune_formats
from cvgen.typeset.prestart import Prestarted, prestart
from cvgen.typeset.processes import COMPILE_OPTIONS
from cvgen.typeset.publish import publish, writable_dir
from cvgen.typeset.render import environment, render
from cvgen.typeset.verify import describe_character, missing_characters, over_budget, read_report


@dataclass
class Made:
    """One document after phases 3–6: its PDF (or a cached one, or none when it had nothing to show)."""

    name: str  # the variant
    output: str  # file stem in out/
    max_pages: int | None
    engine: str
    key: str = ""  # the document digest (typeset/cache.py)
    pdf: bytes | None = None  # None: reused from out/, or skipped
    pdf_digest: str = ""
    tex: str = ""
    format: str | None = None  # the name of its kept preamble, for the next build's early engine
    pages: int = 0
    warnings: list[str] = field(default_factory=list)
    room_left_lines: float | None = None
    notes: list[str] = field(default_factory=list)  # what fitting tightened and left out
    runs: int = 0
    seconds: float = 0.0
    skipped: bool = False  # nothing to show: no PDF, and none left from an earlier build
    reused: bool = False

    @classmethod
    def from_record(cls, output: str, record: dict[str, Any]) -> Made:
        """The document as the cache recorded it, its PDF still in out/."""
        return cls(output=output, key=record["key"], pdf_digest=record["pdf"], reused=True,
                   **{name: record[name] for name in RECORDED})

    def record(self) -> dict[str, Any]:
        """What the cache keeps of it."""
        fields = asdict(self)
        return {"key": self.key, "pdf": self.pdf_digest, **{name: fields[name] for name in RECORDED}}

    def built(self, out_dir: Path) -> Built:
        return Built(self.name, out_dir / f"{self.output}.pdf", self.pages, self.max_pages, self.seconds, self.engine,
                     self.runs, tuple(self.warnings), self.room_left_lines, tuple(self.notes), self.skipped)


def load_profile(path: Path) -> Profile:
    return validate(load_file(path))


def build(input_path: Path, out_dir: Path, variants: str | list[Variant] = "all", *, tags: tuple[str, ...] = (),
          keep_tex: bool = False, use_cache: bool = True, fit: bool = True,
          prestarted: Prestarted | None = None, language: str | None = None,
          looked: Looked | None = None) -> list[Built]:
    """Build the variants (a name, `all`, or Variant objects) into `out_dir`; reuse what is unchanged.

    Engines are started early for this build, unless the caller passes its own `prestarted` (from
    `prestart` with the same arguments), which it then keeps. A caller that has already `look`ed for this
    request, and found something changed, passes what it read as `looked`."""
    folders = template_folders(input_path)
    if looked is None:
        looked = look(input_path, out_dir, request(variants, tags, keep_tex, fit, language), use_cache=use_cache)
        if (reused := looked.unchanged(keep_tex)) is not None:
            return reused
    cache, inputs, git_date = looked
    # Start the engines now, on the formats this request used last time: they load while Python imports
    # the models and validates the profile, which takes about as long.
    engines = (nullcontext(prestarted) if prestarted
               else prestart(input_path, variants, tags, keep_tex, fit, language, every=looked.typesets_all))
    with engines as waiting:
        prepared = prepare(input_path, variants, tags, folders, git_date, language)
        documents = make_all(prepared, cache, waiting, keep_tex, fit, out_dir)
        write(prepared, documents, out_dir, cache, inputs, keep_tex)
        prune_formats()
        waiting.remember([(document.format, document.engine, prepared.epoch) for document in documents
                          if document.format])
        return [document.built(out_dir) for document in documents]


@dataclass(frozen=True)
class Prepared:
    """Phases 1–2 and what every document shares: the profile, the variants to build, dates, templates."""

    document: Document
    profile: Profile
    variants: list[Variant]
    updated: PartialDate | None
    epoch: int  # the documents' date, as SOURCE_DATE_EPOCH
    env: jinja2.Environment
    folders: list[Path]  # where templates are looked for: the user's overrides first
    # Held by a document while Python builds its view and LaTeX: one at a time, so that the first document's
    # engine gets its body as soon as it can, not when every document's threads, sharing the GIL, are done.
    turn: threading.Lock = field(default_factory=threading.Lock, compare=False)


def prepare(input_path: Path, requested: str | list[Variant], tags: tuple[str, ...], folders: list[Path],
            git_date: str, language: str | None = None) -> Prepared:
    document = load_file(input_path)
    _start_citeproc_sooner(document.data, language)
    profile = validate(document)
    variants = select(requested, profile, tags) if isinstance(requested, str) else requested
    if language:  # `render --language`: every document in that language
        variants = [variant.model_copy(update={"language": language}) for variant in variants]
    _start_citeproc(profile, variants)
    updated = profile.updated or commit_date(git_date)
    epoch = calendar.timegm((updated.year, updated.month or 1, updated.day or 1, 0, 0, 0)) if updated else 0
    return Prepared(document, profile, variants, updated, epoch, environment(folders), folders)


_NAMED_STYLE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _start_citeproc_sooner(data: Any, language: str | None) -> None:
    """The profile's own CSL style started before the profile is validated (a long list's processes are then
    ready when its references are, instead of 0.04 s later), when it is one of the styles cvgen ships, named
    plainly: nothing the profile names is read before validation. A guess that validation proves wrong (an
    invalid profile, another style in every document) costs a process that is stopped at the end."""
    if not isinstance(data, dict):
        return
    style, language, papers = data.get("style"), language or data.get("language", "en"), data.get("publications")
    if (isinstance(style, str) and style != "cvgen" and _NAMED_STYLE.fullmatch(style) and isinstance(language, str)
            and _LANGUAGE.fullmatch(language) and isinstance(papers, list) and style_file(style, Path("."))):
        warm(style, locale(language), len(papers))


def _start_citeproc(profile: Profile, variants: list[Variant]) -> None:
    """citeproc-js takes 0.1–0.2 s to start and build a style such as APA before it formats anything: started
    now, for each CSL style (and locale) a document prints publications in, it does so while Python builds
    the documents (csl.warm: only when references are missing from the cache)."""
    for style, language in {(variant.style or profile.style, variant.language or profile.language)
                            for variant in variants if any(key.endswith("publications") for key in variant.sections)}:
        if style != "cvgen":
            warm(style, locale(language), len(profile.publications))


def make_all(prepared: Prepared, cache: Cache, prestarted: Prestarted, keep_tex: bool, fit: bool,
             out_dir: Path) -> list[Made]:
    """Every document, one worker thread each: the engines run at once, Python's work for each in turn
    (`Prepared.turn`); all errors reported together."""
    made: list[Made] = []
    errors = []
    variants = prepared.variants
    with ThreadPoolExecutor(max_workers=max(1, min(len(variants), (os.cpu_count() or 1) + 1))) as pool:
        started = {variant.name: time.perf_counter() for variant in variants}
        futures = {variant.name: pool.submit(make, prepared, variant, cache, prestarted, keep_tex, fit)
                   for variant in variants}
        for variant in variants:  # report in a fixed order, whatever finishes first
            try:
                document = futures[variant.name].result()
                document.seconds = time.perf_counter() - started[variant.name]
                made.append(document)
            except TexError as error:
                where = _field_for_tex(prepared.document, prepared.profile, error.source)
                if where and len(prepared.folders) > 1 and template_files(prepared.folders[:1]):
                    where += f" (or a template override in {prepared.folders[0]}/)"
                errors.append(f"{variant.output}.pdf: " + error.describe(error.engine, where))
            except BuildError as error:
                errors.append(str(error))
    if errors:
        raise BuildError("\n".join(errors) + f"\nNothing was written; the previous PDFs in {out_dir}/ are unchanged.")
    return made


def make_bundle(prepared: Prepared, variant: Variant, prestarted: Prestarted, keep_tex: bool,
                fit_enabled: bool) -> Made:
    """A bundle (`bundle: [letter-acme, resume]`): each document built as on its own (fitted to its own
    budget), then their pages joined into one PDF."""
    fresh = Cache(Path(), enabled=False)  # the parts' PDFs are needed here, not reused in out/
    parts = [make(prepared, part, fresh, prestarted, keep_tex, fit_enabled)
             for part in bundle_parts(variant, prepared.profile)]
    built = [part for part in parts if not part.skipped and part.pdf]
    made = Made(variant.name, variant.output, None, " + ".join(dict.fromkeys(part.engine for part in parts)))
    if not built:
        made.skipped = True
        return made
    made.notes = [f"{part.output}: {note}" for part in built for note in part.notes]
    made.warnings = [f"{part.output}: {warning}" for part in built for warning in part.warnings]
    made.pdf = join_pdfs([part.pdf for part in built if part.pdf])
    made.pdf_digest = hashlib.sha256(made.pdf).hexdigest()
    made.pages, made.runs = sum(part.pages for part in built), sum(part.runs for part in built)
    return made


def make(prepared: Prepared, variant: Variant, cache: Cache, prestarted: Prestarted, keep_tex: bool,
         fit_enabled: bool) -> Made:
    """Phases 3–6 for one document: view, render, compile (fitting the page budget), verify; unless the
    cache has the PDF already."""
    if variant.bundle:
        return make_bundle(prepared, variant, prestarted, keep_tex, fit_enabled)

    name = f"{variant.output}.pdf"
    with prepared.turn:
        language = variant.language or prepared.profile.language
        check_language(language)
        profile, fell_back = localize(with_variant_text(prepared.profile, variant), language)
        first_view = build_view(profile, variant, prepared.updated)
        # The engine that can typeset everything this document prints: the profile's text in this language,
        # the catalog's words, the dates and amounts CLDR wrote.
        engine, epoch = choose_engine(first_view.text(), language), prepared.epoch
        made = Made(variant.name, variant.output, variant.max_pages, engine.name)
        made.notes.extend(language_notes(language, fell_back))
        if not first_view.sections:
            made.skipped = True
            return made
        first_tex = render(first_view, engine, prepared.env)
        made.format = preamble_name(first_tex, engine, epoch)
        files = _photo(prepared.document.file, first_view)

        def attempt(layout, omit):
            if layout == LADDER[0] and not omit:  # the document as first rendered: no need to render it again
                view, tex = first_view, first_tex
            else:
                with prepared.turn:
                    view = build_view(profile, variant, prepared.updated, omit, layout)
                    tex = render(view, engine, prepared.env)
            compiled = compile_tex(tex, engine, source_date_epoch=epoch, prestarted=prestarted, files=files)
            missing = missing_characters(compiled.log)
            if missing:
                raise BuildError("\n".join(
                    f"{name}: {engine.name} has no glyph for {describe_character(character)} in {_fonts(engine, first_view)}"
                    f"{_field_note(prepared.document, profile, character)}; install a font that has it "
                    f"(fonts-noto-core covers most scripts) or remove the character" for character, _ in missing))
            return (tex, compiled), read_report(compiled.pdf, compiled.log, view.entry_ids)

        made.key = digest(code_digest(), engine.name, COMPILE_OPTIONS, str(epoch), str(fit_enabled), first_tex,
                          *files.values())
        record = cache.intact(variant.output, made.key)
        if record and not (keep_tex and record.get("notes")):  # a fitted document's .tex is not first_tex
            reused = Made.from_record(variant.output, record)
            reused.tex, reused.format = first_tex, made.format
            return reused
    if variant.max_pages:
        fitted = fit(variant.max_pages, attempt, first_view.items(), name=name, enabled=fit_enabled,
                     font_pt=first_view.design.font_size)
    else:
        result, report = attempt(LADDER[0], frozenset())
        fitted = Fitted(result, report, LADDER[0], [], 1)
    (tex, compiled), report = fitted.result, fitted.report
    if variant.max_pages and report.pages > variant.max_pages:
        raise over_budget(name, report, variant.max_pages, "Trim it (shorten the summary or the experience "
                          "bullets, set 'highlight: false' on a publication), or build without --no-fit.")
    if fitted.layout.describe() != "none":
        made.notes.append(f"tightened: {fitted.layout.describe()}")
    if fitted.shortened:
        made.notes.append("shortened: " + "; ".join(fitted.shortened))
    if fitted.left_out:
        labels = {item.id: item.label for item in first_view.items()}
        made.notes.append("left out: " + "; ".join(labels[item] for item in fitted.left_out))
    made.room_left_lines = (report.room_left_lines() if variant.max_pages and report.pages == variant.max_pages
                            and not variant.letter else None)  # a letter's empty lines are no loss
    made.pdf, made.pdf_digest, made.tex = compiled.pdf, hashlib.sha256(compiled.pdf).hexdigest(), tex
    made.pages, made.warnings, made.runs = report.pages, list(report.warnings), fitted.runs
    return made


def write(prepared: Prepared, documents: list[Made], out_dir: Path, cache: Cache, inputs: str | None,
          keep_tex: bool) -> None:
    """Phase 7: the new PDFs (and .tex), the removal of skipped documents' old PDFs, the cache record."""
    out_dir = writable_dir(out_dir)
    fresh = [document for document in documents if not document.reused]
    files: dict[Path, bytes | None] = {out_dir / f"{document.output}.pdf": document.pdf for document in fresh}
    if keep_tex:
        files.update({out_dir / f"{document.output}.tex": document.tex.encode("utf-8")
                      for document in documents if not document.skipped and document.tex})  # a bundle has none
    records = {document.output: document.record() for document in fresh}
    named = files_digest(named_files(prepared.profile, Path(prepared.document.file)))
    files[out_dir / CACHE_NAME] = cache.serialise(inputs, [document.output for document in documents], records, named)
    publish(files)


def _photo(profile_file: str, view: Any) -> dict[str, bytes]:
    """The document's photo, if its design has one, as the engine finds it beside the .tex."""
    design = view.design
    if not design.photo_source:
        return {}
    try:
        return {design.photo: read_named(beside_profile(profile_file, design.photo_source))}
    except ValueError as error:  # it changed since validation
        raise BuildError(f"cannot use the photo: {error}") from None
    except OSError as error:
        raise BuildError(f"cannot read the photo {design.photo_source!r}: {error.strerror}") from None


def _fonts(engine: Any, view: Any) -> str:
    """What the document is typeset with, for messages: its theme's font for this engine, CJK's, and the
    fallback fonts cvgen looks in for any other character (latex/fonts.py)."""
    return (view.design.font_name(engine) + (f", Noto Serif CJK {engine.region}" if engine.cjk else "")
            + (" or any fallback font (CMU, DejaVu, Noto CJK)" if engine.name != "pdflatex" else ""))


def commit_date(text: str) -> PartialDate | None:
    """The date of the profile's last commit (`load.last_commit_date`, YYYY-MM-DD), which "Updated ..." prints
    when the profile sets none."""
    return PartialDate(*map(int, text.split("-"))) if text else None


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
    best = None
    for path, text in _strings(profile.model_dump()):
        for piece in (escape(text), text):
            if len(piece) >= 4 and piece in tex_line and (best is None or len(text) > len(best[1])):
                best = (path, text)
    return _where(document, best[0]) if best else None
