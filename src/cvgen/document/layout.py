"""How tightly a document is set: spacing, margins and font size, as page fitting chooses them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Layout:
    spacing: float = 1.0  # factor on the vertical space between sections and entries
    margin: float = 1.0  # factor on the page margins
    font_pt: float | None = None  # body font size; None keeps the class's 10pt
    saves: float = 0.0  # rough share of the content height this rung saves against the first
    bullets: int | None = None  # at most this many bullets an entry (its first ones); None: all
    own_bullets: tuple[tuple[Any, int], ...] = ()  # (entry id, its cap): entries given back more than `bullets`

    def bullets_of(self, entry_id: Any) -> int | None:
        """How many bullets the entry `entry_id` keeps at most (None: all)."""
        return dict(self.own_bullets).get(entry_id, self.bullets) if self.bullets is not None else None

    def describe(self) -> str:
        parts = []
        if self.spacing != 1.0:
            parts.append(f"spacing {self.spacing:.0%}")
        if self.margin != 1.0:
            parts.append(f"margins {self.margin:.0%}")
        if self.font_pt:
            parts.append(f"font {self.font_pt:g}pt")
        if self.bullets is not None and not self.own_bullets:  # else the build says how each entry was shortened
            parts.append(f"at most {self.bullets} bullets an entry")
        return ", ".join(parts) or "none"
