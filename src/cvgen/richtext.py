"""Rich text: a run of plain strings, each marked bold, italic, muted or linked.

Views build it; the renderer escapes it leaf by leaf (`render.rich`), so emphasis and links never become
LaTeX strings built by concatenation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    muted: bool = False  # secondary information: years after a venue, a note in parentheses
    url: str | None = None


Rich = tuple[Span, ...]


def plain(text: str | None) -> Rich:
    return (Span(text),) if text else ()


def styled(rich: Rich, *, bold: bool = False, italic: bool = False, muted: bool = False) -> Rich:
    """The same text with these marks added to every span."""
    return tuple(replace(span, bold=span.bold or bold, italic=span.italic or italic, muted=span.muted or muted)
                 for span in rich)


def join(parts: list[Rich], separator: str = ", ") -> Rich:
    """The parts that are not empty, with `separator` between them."""
    joined: list[Span] = []
    for part in (part for part in parts if part):
        if joined:
            joined.append(Span(separator))
        joined.extend(part)
    return tuple(joined)


def text_of(rich: Rich) -> str:
    return "".join(span.text for span in rich)
