"""Phase 6: check the PDF itself, not the engine's exit code.

XeTeX exits 0 while printing blanks for glyphs its fonts lack; the résumé must fit its page budget;
overfull lines are worth a warning. Page counts come from pypdf reading the PDF back.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field

from .errors import BuildError

_MISSING = re.compile(r"Missing character: There is no (.)(?: \(U\+([0-9A-F]+)\))? in font ([^!]*)!")
_OVERFULL = re.compile(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)")
_FILL = re.compile(r"cvgen-fill: ([\d.]+)pt of ([\d.]+)pt, baselineskip ([\d.]+)pt")


@dataclass
class Report:
    pages: int
    warnings: list[str] = field(default_factory=list)
    room_left_lines: float | None = None  # on the last page


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def missing_characters(log: str) -> list[tuple[str, str]]:
    """(character, font) for every glyph the engine could not find, each once."""
    seen: dict[str, str] = {}
    for character, _, font in _MISSING.findall(log):
        seen.setdefault(character, font.strip())
    return list(seen.items())


def describe_character(character: str) -> str:
    name = unicodedata.name(character, "unnamed character")
    return f"{character!r} (U+{ord(character):04X} {name})"


def check(pdf: bytes, log: str, *, name: str, max_pages: int | None) -> Report:
    """Page count and warnings; raise BuildError if the page budget is exceeded."""
    report = Report(page_count(pdf))
    fill = _FILL.search(log)
    used = goal = line = None
    if fill:
        used, goal, line = (float(group) for group in fill.groups())
    if max_pages is not None and report.pages > max_pages:
        over = ""
        if fill and line:
            over_points = (report.pages - max_pages - 1) * goal + used
            over = f" by about {over_points / line:.0f} lines ({over_points:.0f}pt)"
        raise BuildError(
            f"{name}: the content takes {report.pages} pages but the budget is {max_pages}; it is over{over}. "
            "Trim it: shorten the summary or the experience bullets, or set 'highlight: false' on a publication.")
    if fill and line and max_pages is not None and report.pages == max_pages:
        report.room_left_lines = (goal - used) / line
    widths = [float(width) for width in _OVERFULL.findall(log) if float(width) > 1.0]
    if widths:
        report.warnings.append(f"{len(widths)} overfull line(s), the widest by {max(widths):.1f}pt")
    return report
