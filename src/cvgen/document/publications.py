"""Highlighted vs other: the one place that groups, orders and numbers publications.

Every document takes its publications from `number_publications`, so a paper has the same group, position
and number in the long CV, the résumé and the publication list.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from cvgen.profile.model import SHORT_TYPES, Publication

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


# The order of sub-headings when a document groups its publications by type: cvgen's short types, and the CSL
# types that are not just one of them, each beside its kin (a review after the articles, an encyclopedia entry
# after the chapters).
TYPE_ORDER = ("article", "review", "article-magazine", "article-newspaper", "conference", "workshop", "chapter",
              "entry-encyclopedia", "entry-dictionary", "entry", "book", "review-book", "preprint", "thesis", "report",
              "software", "dataset", "patent", "standard", "speech", "manuscript", "post", "post-weblog", "webpage",
              "motion_picture", "broadcast", "interview", "personal_communication", "legal_case", "legislation", "map",
              "graphic", "song", "document", "pamphlet", "performance", "event", "other")


def type_group(paper: Publication) -> str:
    """The sub-heading a paper goes under when grouped by type: its CSL type, unless that is just the CSL type of
    its short type (article-journal is article, paper-conference is conference), else its short type."""
    if paper.type is None or paper.type in SHORT_TYPES or (paper.kind != "other" and SHORT_TYPES[paper.kind] == paper.type):
        return paper.kind
    return paper.type


def group_publications(listed: list[NumberedPublication], group_by: str, custom: Sequence[Any] = ()
                       ) -> list[tuple[str, list[NumberedPublication]]]:
    """The listed papers under their sub-headings, in printed order: (group, papers) pairs.

    highlight: highlighted, then other (numbers run on); type: the `custom` groups (model.PublicationGroup,
    keyed "group:N") in their order, then one group per type (`type_group`) in TYPE_ORDER for the papers in none; year: one
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
    chosen: dict[str, list[NumberedPublication]] = {f"group:{index}": [] for index in range(len(custom))}
    rest: list[NumberedPublication] = []
    for item in listed:
        index = next((index for how in ("genre", "tag", "type", "kind") for index, group in enumerate(custom)
                      if group.holds(item.publication, how)), None)
        (chosen[f"group:{index}"] if index is not None else rest).append(item)
    return [(key, sorted(items, key=newest)) for key, items in chosen.items() if items] + [
        (kind, sorted((item for item in rest if type_group(item.publication) == kind), key=newest))
        for kind in TYPE_ORDER if any(type_group(item.publication) == kind for item in rest)]


def renumber(groups: list[tuple[str, list[NumberedPublication]]], numbering: str
             ) -> list[tuple[str, list[NumberedPublication]]]:
    """shared: the numbers of `number_publications`, the same in every document; own: 1..N in printed order;
    per_group: 1..N within each group; none: 0 (no number is printed)."""
    if numbering == "shared":
        return groups
    count = itertools.count(1)
    renumbered = []
    for group, items in groups:
        if numbering == "per_group":
            count = itertools.count(1)
        renumbered.append((group, [NumberedPublication(0 if numbering == "none" else next(count), item.group,
                                                       item.publication) for item in items]))
    return renumbered
