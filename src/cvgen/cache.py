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
import re
from pathlib import Path
from typing import Any

CACHE_NAME = ".cvgen-cache.json"
_FORMAT = 3  # 3: records say whether a document was skipped as empty


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
    package = Path(__file__).parent
    files = sorted(package.rglob("*.py"))
    return digest(*(f"{path.relative_to(package)}" for path in files), *(path.read_bytes() for path in files))


def template_files(folders: list[Path]) -> list[Path]:
    return [path for folder in folders if folder.is_dir() for path in sorted(folder.rglob("*.j2"))]


def inputs_digest(profile_path: Path, template_folders: list[Path], request: str, git_date: str) -> str | None:
    """Everything a build reads, or None when the profile cannot be read (the build will say why)."""
    try:
        profile = profile_path.read_bytes()
    except OSError:
        return None
    templates = template_files(template_folders)
    # The last commit date is the documents' date when the profile sets none.
    return digest(code_digest(), request, profile, git_date, *(_contents(path) for path in named_files(profile_path, profile)),
                  *(str(path) for path in templates), *(path.read_bytes() for path in templates))


def named_files(profile_path: Path, profile: bytes) -> list[Path]:
    """The files that the profile's `photo:` and `style: x.csl` lines name, found without parsing it: a changed
    photo or citation style must rebuild (and wake `watch`) even when cv.yaml is unchanged."""
    from .paths import beside_profile

    names = re.findall(rb"photo:\s*[\"']?([^\"',}\n#]+)", profile) + re.findall(
        rb"style:\s*[\"']?([^\"',}\n#]+\.csl)", profile)
    return [beside_profile(profile_path, name.decode("utf-8", "replace").strip()) for name in names]


def _contents(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


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

    def serialise(self, inputs: str | None, outputs: list[str], documents: dict[str, dict[str, Any]]) -> bytes:
        merged = {**self.documents, **documents}
        return json.dumps({"format": _FORMAT, "inputs": inputs, "outputs": outputs, "documents": merged},
                          indent=1, sort_keys=True).encode("utf-8")
