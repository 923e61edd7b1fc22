"""Skip work whose result is already in out/.

Two checks, cheapest first. The *inputs* digest (profile bytes, every template file, cvgen's own source,
the request) lets an unchanged rebuild return before even parsing the profile. The *document* digest
(the generated LaTeX, the engine, its options, cvgen's source) lets a document whose LaTeX did not change
keep its PDF while the others rebuild. A cached PDF is reused only if the file in out/ still has the bytes
recorded for it. The record lives in `out/.cvgen-cache.json` and is replaced atomically with the PDFs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cvgen.paths import beside_profile, read_named, template_folders

if TYPE_CHECKING:
    from cvgen.profile.model import Profile, Variant

CACHE_NAME = ".cvgen-cache.json"
_FORMAT = 4  # 4: the files the profile names are recorded from the validated profile


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


@functools.cache
def code_digest() -> str:
    """cvgen's own source: any change to cvgen invalidates every cached document."""
    package = Path(__file__).parents[1]
    files = sorted(package.rglob("*.py"))
    return digest(*(f"{path.relative_to(package)}" for path in files), *(path.read_bytes() for path in files))


def template_files(folders: list[Path]) -> list[Path]:
    return [path for folder in folders if folder.is_dir() for path in sorted(folder.rglob("*.j2"))]


def inputs_digest(profile_path: Path, template_folders: list[Path], request: str, git_date: str) -> str | None:
    """What a build reads before parsing anything, or None when the profile cannot be read (the build will
    say why). The files the profile names (photo, .csl style) are not among them: nothing the profile names
    is read before it is validated. They are recorded after a build instead (`Cache.named`)."""
    try:
        profile = read_named(profile_path)
    except OSError:
        return None
    templates = template_files(template_folders)
    # The last commit date is the documents' date when the profile sets none.
    return digest(code_digest(), request, profile, git_date, *(str(path) for path in templates),
                  *(_contents(path) for path in templates))


def _contents(path: Path) -> bytes:
    try:
        return read_named(path)
    except OSError:
        return b""


def named_files(profile: Profile, profile_path: Path) -> list[Path]:
    """The files that the validated profile names: its photos and .csl styles, already checked by the path
    rule. A changed photo or style must rebuild (and wake `watch`) even when cv.yaml is unchanged."""
    designs = [profile.design, *(variant.design for variant in profile.variants.values())]
    photos = [design.photo for design in designs if design is not None and design.photo]
    styles = [style for style in (profile.style, *(variant.style for variant in profile.variants.values()))
              if style and style.endswith(".csl")]
    found = []
    for name in [*photos, *styles]:
        try:
            found.append(beside_profile(profile_path, name))
        except ValueError:  # changed since validation: the build says so
            continue
    return found


def files_digest(paths: list[Path]) -> dict[str, str]:
    """The sha256 of each file, by path ('' for one that cannot be read any more)."""
    digests = {}
    for path in paths:
        try:
            digests[str(path)] = hashlib.sha256(read_named(path)).hexdigest()
        except OSError:
            digests[str(path)] = ""
    return digests


class Cache:
    def __init__(self, out_dir: Path, *, enabled: bool = True):
        """`enabled=False` remembers nothing old (every document rebuilds) but still records the new build."""
        self.out_dir = out_dir
        try:
            record = json.loads((out_dir / CACHE_NAME).read_text(encoding="utf-8")) if enabled else {}
        except (OSError, ValueError):
            record = {}
        if record.get("format") != _FORMAT:
            record = {}
        self.inputs: str | None = record.get("inputs")
        self.outputs: list[str] = record.get("outputs", [])  # what the request with those inputs built
        self.documents: dict[str, dict[str, Any]] = record.get("documents", {})
        self.named: dict[str, str] = record.get("named", {})  # the files the profile named, and their sha256

    def named_intact(self) -> bool:
        """Whether the files the profile named at the last build still have the bytes they had then."""
        return files_digest([Path(path) for path in self.named]) == self.named

    def intact(self, output: str, key: str | None = None) -> dict[str, Any] | None:
        """The record of `output` if its PDF in out/ is the one recorded (and was made from `key`)."""
        entry = self.documents.get(output)
        if not entry or (key is not None and entry.get("key") != key):
            return None
        try:
            data = (self.out_dir / f"{output}.pdf").read_bytes()
        except OSError:  # a document skipped as empty has no PDF
            return entry if entry.get("skipped") else None
        return entry if hashlib.sha256(data).hexdigest() == entry.get("pdf") else None

    def serialise(self, inputs: str | None, outputs: list[str], documents: dict[str, dict[str, Any]],
                  named: dict[str, str]) -> bytes:
        merged = {**self.documents, **documents}
        return json.dumps({"format": _FORMAT, "inputs": inputs, "outputs": outputs, "documents": merged,
                           "named": named},
                          indent=1, sort_keys=True).encode("utf-8")


class Built(NamedTuple):
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


def recorded(output: str, record: dict[str, Any], out_dir: Path) -> Built:
    """The document as the cache recorded it, its PDF still in out/."""
    return Built(record["name"], out_dir / f"{output}.pdf", record["pages"], record["max_pages"], 0.0,
                 record["engine"], 0, tuple(record["warnings"]), record["room_left_lines"], tuple(record["notes"]),
                 record["skipped"])


RECORDED = ("name", "max_pages", "engine", "pages", "warnings", "room_left_lines", "notes", "skipped")


def request(variants: str | list[Variant], tags: tuple[str, ...], keep_tex: bool, fit: bool,
             language: str | None = None) -> str:
    """The request as the inputs digest records it: what was asked, not yet read."""
    chosen = variants if isinstance(variants, str) else [variant.model_dump() for variant in variants]
    return repr((chosen, tags, keep_tex, fit, language))


def last_commit_date(path: Path) -> str:
    """`YYYY-MM-DD` of the last git commit that touched the file, or '' outside git."""
    return ask_last_commit_date(path)()


def ask_last_commit_date(path: Path) -> Callable[[], str]:
    """`last_commit_date`, asked now and answered when called: git runs meanwhile. Outside a repository (no
    `.git` beside the profile or above it, no $GIT_DIR) git is not started: it would find none."""
    folder = path.resolve().parent
    if "GIT_DIR" not in os.environ and not any((above / ".git").exists() for above in (folder, *folder.parents)):
        return lambda: ""
    try:
        process = subprocess.Popen(["git", "log", "-1", "--format=%cs", "--", path.name], cwd=folder,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   text=True)
    except OSError:
        return lambda: ""

    def answer() -> str:
        try:
            out, _ = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            return ""
        return out.strip() if process.returncode == 0 else ""
    return answer


class Looked(NamedTuple):
    """What a build reads before it parses anything: the cache record, the digest of its inputs and the date of
    the profile's last commit. Read once a build: the CLI looks (it imports neither pydantic, Jinja nor PyYAML)
    and hands it on to the pipeline when something changed."""

    cache: Cache
    inputs: str | None  # None: the profile cannot be read (the build will say why)
    git_date: str

    @property
    def typesets_all(self) -> bool:
        """Whether the build will typeset every document: none is cached (a first build, or --no-cache)."""
        return not self.cache.documents

    def unchanged(self, keep_tex: bool) -> list[Built] | None:
        """The documents of the last build when it read these same inputs and its PDFs are intact (the no-op
        rebuild), else None."""
        cache = self.cache
        if not (self.inputs and self.inputs == cache.inputs and cache.outputs and cache.named_intact()):
            return None
        records = [cache.intact(output) for output in cache.outputs]
        tex_kept = not keep_tex or all((cache.out_dir / f"{output}.tex").exists() for output in cache.outputs)
        if not (all(records) and tex_kept):
            return None
        return [recorded(output, record, cache.out_dir)
                for output, record in zip(cache.outputs, records, strict=True) if record]


def look(input_path: Path, out_dir: Path, request: str, *, use_cache: bool = True) -> Looked:
    """Read what the build of `request` (see `request()`) depends on before parsing anything."""
    asked = ask_last_commit_date(input_path)  # git runs while the cache record is read and cvgen's source hashed
    cache = Cache(out_dir, enabled=use_cache)
    code_digest()
    git_date = asked()
    return Looked(cache, inputs_digest(input_path, template_folders(input_path), request, git_date), git_date)
