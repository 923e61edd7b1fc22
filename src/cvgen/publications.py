"""Highlighted vs other: the one place that groups, orders and numbers publications.

Every document takes its publications from `number_publications`, so a paper has the same group, position
and number in the long CV, the résumé and the publication list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .model import Publication

Group = Literal["highlighted", "other"]


@dataclass(frozen=True)
class NumberedPublication:
    number: int
    group: Group
    publication: Publication


def number_publications(publications: list[Publication] | tuple[Publication, ...]) -> list[NumberedPublication]:
    """Highlighted first, then the others; newest first within each group; ties keep the profile's order.

    Numbers run on across the groups ([1]..[5] highlighted, [6].. other) so that one number means one paper.
    """
    def newest_first(item: tuple[int, Publication]) -> tuple[int, int, int, int]:
        index, publication = item
        return (0 if publication.highlight else 1, -publication.year, -(publication.month or 0), index)

    ordered = sorted(enumerate(publications), key=newest_first)
    return [NumberedPublication(number, "highlighted" if publication.highlight else "other", publication)
            for number, (_, publication) in enumerate(ordered, start=1)]
