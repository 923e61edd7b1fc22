"""What the command line prints of a build: a line per document (file, pages, time, engine), then what fitting
did and any warning, then the total. Lines only: cvgen's command line (cli.py, __main__.py) prints them."""

from __future__ import annotations

from cvgen.typeset.cache import Built


def report(built: list[Built], seconds: float) -> list[str]:
    lines = []
    for item in built:
        pages = f"{item.pages} page{'s' if item.pages != 1 else ''}"
        budget = f" (budget {item.max_pages})" if item.max_pages else ""
        runs = f", {item.runs} runs" if item.runs > 1 else ""
        how = f"{item.seconds:5.2f} s  {item.engine}{runs}" if item.runs else "unchanged (cached)"
        if item.skipped:
            lines.append(f"{str(item.path):<28} skipped: the profile has nothing for this document")
            continue
        lines.append(f"{str(item.path):<28} {pages}{budget:<12} {how}")
        lines.extend(f"  {note}" for note in item.notes)
        if item.room_left_lines is not None and item.room_left_lines > 8:
            lines.append(f"  note: about {item.room_left_lines:.0f} lines are left empty on the last page")
        lines.extend(f"  warning: {warning}" for warning in item.warnings)
    made = sum(not item.skipped for item in built)
    lines.append(f"built {made} document{'s' if made != 1 else ''} in {seconds:.2f} s")
    return lines
