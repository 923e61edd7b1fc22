"""Fit a document to its page budget: tighten the layout within bounds, then leave out what matters least.

The ladder tightens spacing, then margins, then the font size down to a floor. Each rung's saving is
estimated from the measured overflow, so rungs that cannot be enough are skipped. If the tightest rung is
still too long, long entries keep their first three bullets; if that is not enough either, entries are left
out lowest priority first, then papers that are not highlighted, then
the oldest entries, degrees last; never one marked `keep: true`, nor the last entry of a core section
(education, experience, skills, highlighted publications). How much to leave out comes from the
measured height of each entry (marks in the log). Whenever fitting shortened or left out anything, or tightened
the layout, it then fills the last page again until at most EMPTY_LINES lines stay empty: the most important
entries left out that fit the measured room come back, then one more bullet at a time to the most important
(newest) shortened entries, then a looser layout. Most documents fit in two to six engine runs.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cvgen.document.items import EntryItem, Item
from cvgen.document.layout import Layout
from cvgen.errors import BuildError
from cvgen.typeset.verify import Report


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
CORE = frozenset({"education", "experience", "skills", "highlighted_publications"})


@dataclass
class Fitted:
    result: Any  # whatever `attempt` returned for the version that fits
    report: Report
    layout: Layout
    left_out: list[tuple[str, str | int]]
    runs: int
    shortened: list[str] = field(default_factory=list)  # "label: 4 of 7 bullets" for each entry cut short


Attempt = Callable[[Layout, frozenset], tuple[Any, Report]]
# After fitting left something out or shortened it, what fits is put back until at most this many lines of
# the last page stay empty (or nothing more can come back).
EMPTY_LINES = 3
# Engine runs the filling may take, beyond those that made the document fit.
FILL_RUNS = 5


def fit(budget: int, attempt: Attempt, candidates: list[Item], *, name: str, enabled: bool = True,
        font_pt: float = 10) -> Fitted:
    """Build with `attempt(layout, omitted)` until the document has at most `budget` pages; the theme's
    body font is `font_pt`. Then fill the last page again (see `_fill`)."""
    rungs = ladder(font_pt)
    result, report = attempt(rungs[0], frozenset())
    runs, rung = 1, 0
    if report.pages <= budget or not enabled:
        return Fitted(result, report, rungs[0], [], runs)
    state = _State(result, report, rungs[0], [], runs)
    while rung < len(rungs) - 1 and state.report.pages > budget:
        report = state.report
        content = (report.pages - 1) * report.goal + report.used
        needed = report.overflow(budget) / content + rungs[rung].saves if content else 1.0
        rung = next((i for i in range(rung + 1, len(rungs)) if rungs[i].saves >= needed), len(rungs) - 1)
        state.take(attempt, rungs[rung], [])
    # Shorten before leaving out: long entries keep their first bullets (a 300-bullet job is still a job).
    tightest = dataclasses.replace(rungs[-1], bullets=BULLETS)
    if state.report.pages > budget and any(isinstance(item, EntryItem) and len(item.bullets) > BULLETS
                                           for item in candidates):
        state.take(attempt, tightest, [])
    order = sorted((item for item in candidates if item.id and not item.keep), key=_least_important)
    heights: dict[tuple[str, str | int], float] = {}
    if state.report.pages > budget:
        state.layout = tightest
        _leave_out(budget, attempt, candidates, order, heights, state, name, rungs[-1])
    _fill(budget, attempt, candidates, order, heights, state, rungs)
    shortened = [f"{item.label}: {most} of {len(item.bullets)} bullets" for item in candidates
                 if isinstance(item, EntryItem) and item.id not in state.left_out
                 and (most := state.layout.bullets_of(item.id)) is not None and len(item.bullets) > most]
    return Fitted(state.result, state.report, state.layout, state.left_out, state.runs, shortened)


@dataclass
class _State:
    """The version that fits (or the last one tried, while fitting goes on) and how it was made."""

    result: Any
    report: Report
    layout: Layout
    left_out: list[tuple[str, str | int]]
    runs: int

    def take(self, attempt: Attempt, layout: Layout, left_out: list[tuple[str, str | int]]) -> None:
        self.result, self.report = attempt(layout, frozenset(left_out))
        self.layout, self.left_out, self.runs = layout, list(left_out), self.runs + 1

    def try_(self, attempt: Attempt, budget: int, layout: Layout, left_out: list[tuple[str, str | int]]) -> bool:
        """Build this version; keep it only if it fits."""
        result, report = attempt(layout, frozenset(left_out))
        self.runs += 1
        if report.pages > budget:
            return False
        self.result, self.report, self.layout, self.left_out = result, report, layout, list(left_out)
        return True

    def room(self, budget: int) -> float:
        """Points left empty at the foot of the budget's last page."""
        return (budget - self.report.pages) * self.report.goal + self.report.goal - self.report.used


def _leave_out(budget: int, attempt: Attempt, candidates: list[Item], order: list[Item],
               heights: dict[tuple[str, str | int], float], state: _State, name: str, floor: Layout) -> None:
    """Leave out the least important entries, by their measured heights, until the document fits."""
    # How many entries each section still shows: the last one of a core section is never left out.
    showing: dict[str, int] = {}
    for item in candidates:
        if item.id:
            showing[_section(item)] = showing.get(_section(item), 0) + 1
    while state.report.pages > budget:
        report = state.report
        heights.update(_heights(report))
        typical = statistics.median(heights.values()) if heights else 3 * report.line
        over, chosen = report.overflow(budget), []
        for item in order:
            assert item.id is not None  # only items with an id are in `order`
            section = _section(item)
            if item.id in state.left_out or over <= 0 or (section in CORE and showing[section] <= 1):
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
                f"({floor.describe()}) and everything else left out, it is over by about "
                f"{report.overflow(budget) / report.line:.0f} lines. Entries marked keep: true: "
                f"{'; '.join(kept) or 'none'}.")
        state.take(attempt, state.layout, [*state.left_out, *chosen])


def _fill(budget: int, attempt: Attempt, candidates: list[Item], order: list[Item],
          heights: dict[tuple[str, str | int], float], state: _State, rungs: tuple[Layout, ...]) -> None:
    """While more than EMPTY_LINES lines stay empty at the foot, put back what fits, most important first: the
    entries left out (by their measured heights), then the bullets cut (one more an entry at a time), then the
    looser layouts (more space between sections, wider margins, a larger font). Each try is one engine run and
    is kept only if the document still fits."""
    spare = FILL_RUNS

    def empty() -> bool:
        return state.room(budget) > EMPTY_LINES * state.report.line

    heights.update(_heights(state.report))
    refused: set[tuple[str, str | int]] = set()
    while spare and empty() and state.left_out:
        room, restore = state.room(budget) - state.report.line, []
        for item_id in reversed([item.id for item in order if item.id in state.left_out and item.id not in refused]):
            assert item_id is not None
            height = heights.get(item_id, 3 * state.report.line)
            if height <= room:
                restore.append(item_id)
                room -= height
        if not restore:
            break
        spare -= 1
        if state.try_(attempt, budget, state.layout, [item for item in state.left_out if item not in restore]):
            heights.update(_heights(state.report))
        else:  # the estimate was off: the least important of them stays out
            refused.add(restore[-1])
    as_they_are: set[Any] = set()  # entries whose next bullet did not fit
    while spare and empty() and state.layout.bullets is not None:
        # one more bullet to each shortened entry, most important (the newest) first, a line each
        room, more = state.room(budget) - state.report.line, []
        for item in reversed(order):
            most = state.layout.bullets_of(item.id)
            if isinstance(item, EntryItem) and item.id not in state.left_out and item.id not in as_they_are \
                    and most is not None and len(item.bullets) > most and room >= state.report.line:
                more.append((item.id, most + 1))
                room -= state.report.line
        if not more:
            break
        spare -= 1
        own = dict(state.layout.own_bullets) | dict(more)
        if not state.try_(attempt, budget, dataclasses.replace(state.layout, own_bullets=tuple(own.items())),
                          state.left_out):
            as_they_are.add(more[-1][0])  # a bullet of two lines, say: that entry keeps what it has
    looser = [rung for rung in rungs if rung.saves < state.layout.saves]  # the loosest first
    content = state.report.goal * (state.report.pages - 1) + state.report.used
    for rung in looser:  # the loosest that the measured room can take, then the next tighter if it did not fit
        if not (spare and empty()):
            break
        grown = content * (1 - rung.saves) / (1 - state.layout.saves)
        if grown > budget * state.report.goal - state.report.line:
            continue
        spare -= 1
        if state.try_(attempt, budget, dataclasses.replace(rung, bullets=state.layout.bullets), state.left_out):
            break


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
