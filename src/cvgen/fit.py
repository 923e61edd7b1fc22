"""Fit a document to its page budget: tighten the layout within bounds, then leave out what matters least.

The ladder tightens spacing, then margins, then the font size down to a floor. Each rung's saving is
estimated from the measured overflow, so rungs that cannot be enough are skipped. If the tightest rung is
still too long, long entries keep their first three bullets; if that is not enough either, entries are left
out lowest priority first, then papers that are not highlighted, then
the oldest entries, degrees last; never one marked `keep: true`, nor the last entry of a core section
(education, experience, highlighted publications). How much to leave out comes from the
measured height of each entry (marks in the log); when that left room, the most important entries that
fit in it are put back with one more run. Most documents fit in two to four engine runs.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import BuildError
from .items import EntryItem, Item
from .layout import Layout
from .verify import Report


def ladder(font_pt: float = 10) -> tuple[Layout, ...]:
    """The rungs for a theme whose body font is `font_pt`: its font goes down by at most one point."""
    return (
        Layout(),
        Layout(spacing=0.75, saves=0.03),
        Layout(spacing=0.5, saves=0.06),
        Layout(spacing=0.5, margin=0.8, saves=0.10),
        Layout(spacing=0.5, margin=0.8, font_pt=font_pt - 0.5, saves=0.15),
        Layout(spacing=0.5, margin=0.7, font_pt=font_pt - 1, saves=0.21),  # the floor
    )


LADDER = ladder()
# How many bullets a long entry keeps when fitting shortens it, before anything is left out.
BULLETS = 3
# Sections a document is not sent without: fitting never leaves out the last entry of one.
CORE = frozenset({"education", "experience", "highlighted_publications"})


@dataclass
class Fitted:
    result: Any  # whatever `attempt` returned for the version that fits
    report: Report
    layout: Layout
    left_out: list[tuple[str, str | int]]
    runs: int


Attempt = Callable[[Layout, frozenset], tuple[Any, Report]]


def fit(budget: int, attempt: Attempt, candidates: list[Item], *, name: str, enabled: bool = True,
        font_pt: float = 10) -> Fitted:
    """Build with `attempt(layout, omitted)` until the document has at most `budget` pages; the theme's
    body font is `font_pt`."""
    rungs = ladder(font_pt)
    result, report = attempt(rungs[0], frozenset())
    runs, rung = 1, 0
    if report.pages <= budget or not enabled:
        return Fitted(result, report, rungs[0], [], runs)
    while rung < len(rungs) - 1:
        content = (report.pages - 1) * report.goal + report.used
        needed = report.overflow(budget) / content + rungs[rung].saves if content else 1.0
        rung = next((i for i in range(rung + 1, len(rungs)) if rungs[i].saves >= needed), len(rungs) - 1)
        result, report = attempt(rungs[rung], frozenset())
        runs += 1
        if report.pages <= budget:
            return Fitted(result, report, rungs[rung], [], runs)
    # Shorten before leaving out: long entries keep their first bullets (a 300-bullet job is still a job).
    tightest = dataclasses.replace(rungs[-1], bullets=BULLETS)
    if any(isinstance(item, EntryItem) and len(item.bullets) > BULLETS for item in candidates):
        result, report = attempt(tightest, frozenset())
        runs += 1
        if report.pages <= budget:
            return Fitted(result, report, tightest, [], runs)
    order = sorted((item for item in candidates if item.id and not item.keep), key=_least_important)
    left_out: list[tuple[str, str | int]] = []
    heights: dict[tuple[str, str | int], float] = {}
    # How many entries each section still shows: the last one of a core section is never left out.
    showing: dict[str, int] = {}
    for item in candidates:
        if item.id:
            showing[_section(item)] = showing.get(_section(item), 0) + 1
    while report.pages > budget:
        heights.update(_heights(report))
        typical = statistics.median(heights.values()) if heights else 3 * report.line
        over, chosen = report.overflow(budget), []
        for item in order:
            assert item.id is not None  # only items with an id are in `order`
            section = _section(item)
            if item.id in left_out or over <= 0 or (section in CORE and showing[section] <= 1):
                continue
            chosen.append(item.id)
            showing[section] -= 1
            over -= heights.get(item.id, typical)
        if not chosen:
            kept = [item.label for item in candidates if item.id and item.keep]
            if len(kept) > 5:
                kept = kept[:5] + [f"and {len(kept) - 5} more"]
            raise BuildError(
                f"{name}: cannot fit {budget} page{'s' if budget > 1 else ''}: even with the tightest layout "
                f"({rungs[-1].describe()}) and everything else left out, it is over by about "
                f"{report.overflow(budget) / report.line:.0f} lines. Entries marked keep: true: "
                f"{'; '.join(kept) or 'none'}.")
        left_out.extend(chosen)
        result, report = attempt(tightest, frozenset(left_out))
        runs += 1
    # Put back the most important left-out entries that the measured room can take; keep this try only if it fits.
    room = (report.goal - report.used) - report.line
    restore = []
    for item_id in reversed([item.id for item in order if item.id is not None and item.id in left_out]):
        height = heights.get(item_id, 3 * report.line)
        if height <= room:
            restore.append(item_id)
            room -= height
    for _ in range(3):  # the estimate can be off by a line: then put back one entry fewer
        if not restore:
            break
        trial, trial_report = attempt(tightest, frozenset(set(left_out) - set(restore)))
        runs += 1
        if trial_report.pages <= budget:
            result, report = trial, trial_report
            left_out = [item_id for item_id in left_out if item_id not in restore]
            break
        restore.pop()
    return Fitted(result, report, tightest, left_out, runs)


def _least_important(item: Item) -> tuple:
    """Sort key, first to go first: lowest priority, the lowest rank (papers that are not highlighted first,
    degrees last), the oldest."""
    return (item.priority, item.rank, item.age)


def _section(item: Item) -> str:
    """The section an entry is counted in for CORE: papers are one kind, the highlighted ones (rank 1) a section."""
    assert item.id is not None
    kind = str(item.id[0])
    return "highlighted_publications" if kind == "publications" and item.rank >= 1 else kind


def _heights(report: Report) -> dict[tuple[str, str | int], float]:
    """Height in points of each entry, from the log's marks (y grows up the page). An entry that runs onto later
    pages is measured to the foot of its first page, over the pages between, and from the head of its last:
    a 300-bullet entry measured as 'typical' once made fitting leave out every degree and job."""
    heights = {}
    top = max((y for _, _, y in report.marks), default=0.0)  # the head of a page's text
    for (entry_id, page, y), (_, next_page, next_y) in zip(report.marks, report.marks[1:], strict=False):
        if entry_id is None:
            continue
        if page == next_page:
            heights[entry_id] = y - next_y
        else:
            heights[entry_id] = (y - (top - report.goal)) + (next_page - page - 1) * report.goal + (top - next_y)
    return heights
