"""Highlighted vs other: the one place that groups, orders and numbers publications.

Every document takes its publications from `number_publications`, so a paper has the same group, position
and number in the long CV, the résumé and the publication list.
"""

from __future__ import annotations

import itertools
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


# The order of sub-headings when a document groups its publications by type.
TYPE_ORDER = ("article", "conference", "workshop", "chapter", "book", "preprint", "thesis", "report", "software",
              "dataset", "other")


def group_publications(listed: list[NumberedPublication], group_by: str) -> list[tuple[str, list[NumberedPublication]]]:
    """The listed papers under their sub-headings, in printed order: (group, papers) pairs.

    highlight: highlighted, then other (numbers run on); type: one group per type in TYPE_ORDER; year: one
    group per year, newest first; none: one group "all". Within a type or a year, newest first."""
    if group_by == "highlight":
        return [(group, [item for item in listed if item.group == group]) for group in ("highlighted", "other")
                if any(item.group == group for item in listed)]

    def newest(item: NumberedPublication) -> tuple[int, int]:
        return (-item.publication.year, -(item.publication.month or 0))

    if group_by == "none":
        return [("all", sorted(listed, key=newest))] if listed else []
    if group_by == "year":
        years = sorted({item.publication.year for item in listed}, reverse=True)
        return [(str(year), sorted((item for item in listed if item.publication.year == year), key=newest))
                for year in years]
    return [(kind, sorted((item for item in listed if item.publication.kind == kind), key=newest))
            for kind in TYPE_ORDER if any(item.publication.kind == kind for item in listed)]


def renumber(groups: list[tuple[str, list[NumberedPublication]]], numbering: str
             ) -> list[tuple[str, list[NumberedPublication]]]:
    """shared: the numbers of `number_publications`, the same in every document; own: 1..N in printed order;
    none: 0 (no number is printed)."""
    if numbering == "shared":
        return groups
    count = itertools.count(1)
    return [(group, [NumberedPublication(next(count) if numbering == "own" else 0, item.group, item.publication)
                     for item in items]) for group, items in groups]
