"""What a section lists (its items, frozen, plain or rich text) and what a kind's view function is given (Context).

Its own module, below the view functions (entries.py), the registry of kinds (kinds.py) and the view that
assembles a document (view.py), which all use these types: data flows from here upward only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cvgen.profile.names import match_key
from cvgen.richtext import Rich

if TYPE_CHECKING:
    from cvgen.document.catalog import Catalog
    from cvgen.document.dates import Dates
    from cvgen.document.publications import NumberedPublication
    from cvgen.profile.model import Profile, Variant

EntryId = tuple[str, "str | int"]


@dataclass(frozen=True, kw_only=True)
class Item:
    """Anything a section lists. `id` names it for fitting (None: never left out on its own)."""

    id: EntryId | None = None
    label: str = ""  # how the build report names it when it is left out
    priority: int = 0
    keep: bool = False
    rank: int = 1  # when fitting, lower ranks are left out first (a view function sets it: education is 2)
    age: tuple[int, int] = (0, 0)  # (year, month) it ended or happened; older goes first


@dataclass(frozen=True, kw_only=True)
class EntryItem(Item):
    """A dated entry: a bold title with its date flush right, an italic second line, details and bullets."""

    title: Rich
    when: str = ""
    subtitle: Rich = ()
    where: str = ""
    note: str = ""
    details: tuple[Rich, ...] = ()
    bullets: tuple[Rich, ...] = ()
    two_lines: bool = False  # in a compact document, the subtitle still goes on a line of its own


@dataclass(frozen=True, kw_only=True)
class LineItem(Item):
    """A labelled line: `Programming: Python, C++`."""

    heading: str
    text: Rich


@dataclass(frozen=True, kw_only=True)
class TextItem(Item):
    """Paragraphs of running text."""

    paragraphs: tuple[Rich, ...]


@dataclass(frozen=True)
class Author:
    name: str
    is_owner: bool
    equal: bool
    corresponding: bool


@dataclass(frozen=True)
class Link:
    """One of a paper's links: its kind (arxiv, doi, pdf, code, url: what exports choose by), the label the
    document's language prints, and the address."""

    kind: str
    label: str
    url: str


@dataclass(frozen=True, kw_only=True)
class PublicationItem(Item):
    number: int  # 0: the document prints no numbers
    group: str
    key: str
    title: str
    authors: tuple[Author, ...]  # shortened to the profile's max_authors ("…" stands for those left out)
    more: str  # "et al." when authors were left out
    separator: str  # between the authors: the paper's own script's (", " for an English paper in a Japanese CV)
    emphasis: str  # how the owner's name stands out: bold, underline or bold-underline
    source: Rich  # cvgen's style: where it appeared ("NeurIPS 2024")
    reference: Rich  # a CSL style: the whole reference as the style formats it (source is then empty)
    notes: tuple[str, ...]
    links: tuple[Link, ...]
    subheading: str = ""  # the first paper under a sub-heading ("Journal Articles", "2024") carries it


@dataclass
class Context:
    """What a kind's view function needs besides its entries."""

    profile: Profile
    variant: Variant
    words: Catalog
    dates: Dates
    owner: set[str]
    publications: list[NumberedPublication]  # those this document lists, in printed order
    citations: dict[str, int] = field(default_factory=dict)  # key → number of the papers this document lists
    subheadings: dict[str, str] = field(default_factory=dict)  # key of a group's first paper → its sub-heading
    style: str = "cvgen"  # how publications are cited (a CSL style's name or .csl path, or cvgen)
    owner_style: str = "bold-underline"
    max_authors: int | None = None
    further: int = 0  # papers the full CV lists that this document leaves out for selection or space
    references: dict[str, Rich] = field(default_factory=dict)  # key → the paper in the CSL style, if one

    def visible(self, entries: list[Any] | tuple[Any, ...], section: str) -> list[tuple[int, Any]]:
        """(index, entry) of the entries that the variant's tags and limits let through."""
        shown = [(index, entry) for index, entry in enumerate(entries) if tag_shown(entry, self.variant)]
        return shown[: self.variant.limits.get(section)]


def tag_shown(entry: Any, variant: Variant) -> bool:
    tags = set(getattr(entry, "tags", ()))
    if tags & set(variant.exclude_tags):
        return False
    return not variant.tags or not tags or bool(tags & set(variant.tags))


def normalise_name(name: str) -> str:
    """Compare names on their parts, without accents, case, dots or extra spaces: 'K. Yi' ~ 'Yi, K' ~ 'k yi'."""
    return match_key(name)


def short_address(url: str) -> str:
    """A web address as printed: `https://www.github.com/kaiyi/` → `github.com/kaiyi`."""
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")
