"""Phase 6: check the PDF itself, not the engine's exit code.

XeTeX exits 0 while printing blanks for glyphs its fonts lack; the résumé must fit its page budget;
overfull lines are worth a warning. Page counts come from the engine's log ("Output written on doc.pdf
(4 pages, ...)"), else from pypdf reading the PDF back (importing pypdf costs more than the rest of this
module's work); how full the last page is and where each entry starts come from marks the templates write
to the log.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from cvgen.errors import BuildError

_MISSING = re.compile(r"Missing character: There is no (.)(?: \(U\+([0-9A-F]+)\))? in font ([^!]*)!")
_OVERFULL = re.compile(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)")
_FILL = re.compile(r"cvgen-fill: ([\d.]+)pt of ([\d.]+)pt, baselineskip ([\d.]+)pt")
_MARK = re.compile(r"cvgen-mark:(-?\d+):(\d+):(-?\d+)")
_PAGES = re.compile(r"^Output written on \S+ \((\d+) pages?\b", re.MULTILINE)


@dataclass
class Report:
    pages: int
    used: float = 0.0  # points of text on the last page
    goal: float = 0.0  # points of text a page holds
    line: float = 12.0  # baselineskip, points
    warnings: list[str] = field(default_factory=list)
    marks: list[tuple[Any, int, float]] = field(default_factory=list)  # (entry id or None, page, y in points)

    def overflow(self, budget: int) -> float:
        """Points of text beyond the last page of the budget (0 when it fits)."""
        if self.pages <= budget:
            return 0.0
        return (self.pages - budget - 1) * self.goal + self.used

    def room_left_lines(self) -> float:
        return (self.goal - self.used) / self.line if self.line else 0.0


def page_count(pdf: bytes, log: str = "") -> int:
    """The PDF's pages, as the engine that wrote it said in its log, or counted by pypdf."""
    said = _PAGES.findall(log)
    if said:
        return int(said[-1])
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


def read_report(pdf: bytes, log: str, entry_ids: list | tuple = ()) -> Report:
    """Pages, fill of the last page, entry positions (mark n is `entry_ids[n]`; -1 ends a section), warnings."""
    report = Report(page_count(pdf, log))
    fill = _FILL.search(log)
    if fill:
        report.used, report.goal, report.line = (float(group) for group in fill.groups())
    report.marks = [(entry_ids[int(number)] if int(number) >= 0 else None, int(page), int(y) / 65536)
                    for number, page, y in _MARK.findall(log)]
    widths = [float(width) for width in _OVERFULL.findall(log) if float(width) > 1.0]
    if widths:
        report.warnings.append(f"{len(widths)} overfull line(s), the widest by {max(widths):.1f}pt")
    return report


def over_budget(name: str, report: Report, budget: int, hint: str) -> BuildError:
    over = report.overflow(budget)
    lines = f" by about {over / report.line:.0f} lines ({over:.0f}pt)" if report.goal else ""
    return BuildError(f"{name}: the content takes {report.pages} pages but the budget is {budget}; "
                      f"it is over{lines}. {hint}")
