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
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cvgen.profile.model import Profile

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
    from cvgen.paths import read_named

    try:
        profile = read_named(profile_path)
    except OSError:
        return None
    templates = template_files(template_folders)
    # The last commit date is the documents' date when the profile sets none.
    return digest(code_digest(), request, profile, git_date, *(str(path) for path in templates),
                  *(_contents(path) for path in templates))


def _contents(path: Path) -> bytes:
    from cvgen.paths import read_named

    try:
        return read_named(path)
    except OSError:
        return b""


def named_files(profile: Profile, profile_path: Path) -> list[Path]:
    """The files that the validated profile names: its photos and .csl styles, already checked by the path
    rule. A changed photo or style must rebuild (and wake `watch`) even when cv.yaml is unchanged."""
    from cvgen.paths import beside_profile

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
    from cvgen.paths import read_named

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
