"""Phase 3: what one document shows, in order, already grouped and formatted, still as plain text.

Templates only lay out what is here; no LaTeX is produced in this module (escaping happens later, once).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .fit import Layout
from .model import MONTHS, PartialDate, Period, Profile, Publication
from .publications import NumberedPublication, number_publications
from .variants import Variant

SECTION_TITLES = {
    "summary": "Summary",
    "education": "Education",
    "highlighted_publications": "Highlighted Publications",
    "other_publications": "Other Publications",
    "experience": "Research Experience",
    "teaching": "Teaching",
    "reviewing": "Reviewing Service",
    "talks": "Talks",
    "awards": "Awards & Honors",
    "activities": "Activities",
    "additional": "Additional Information",
}


@dataclass(frozen=True)
class Author:
    name: str
    is_owner: bool
    equal: bool
    corresponding: bool


@dataclass(frozen=True)
class PublicationView:
    number: int
    group: str
    key: str
    title: str
    authors: list[Author]
    venue: str  # "NeurIPS 2024"
    notes: list[str]
    links: list[tuple[str, str]]  # (label, url)

    @property
    def has_equal_contribution(self) -> bool:
        return any(author.equal for author in self.authors)


@dataclass(frozen=True)
class Section:
    kind: str
    title: str
    items: list[Any]
    marks: list[int] = field(default_factory=list)  # per item: its position in View.entry_ids, or -1

    @property
    def partial(self) -> str:
        """The template in templates/entries/ that lays out this section's items."""
        return "publications" if self.kind.endswith("_publications") else self.kind


@dataclass
class View:
    variant: Variant
    profile: Profile
    sections: list[Section]
    contact: list[tuple[str, str | None]]  # (text, link)
    updated: str | None
    layout: Any = None  # fit.Layout: how tight the page is set
    entry_ids: list[tuple[str, str | int]] = field(default_factory=list)  # what each \\cvmark number stands for
    more_publications: int = 0  # publications left out of this document
    widest_date: str = ""  # the date column is made as wide as this text
    citations: dict[str, int] = field(default_factory=dict)  # key → number, for papers this document lists


def build_view(profile: Profile, variant: Variant, updated: PartialDate | None = None,
               omit: frozenset[tuple[str, str | int]] = frozenset(), layout: Layout | None = None) -> View:
    """The document `variant` of `profile`, without the entries in `omit` (left out to fit the page)."""
    numbered = number_publications(profile.publications)
    shown = [item for item in numbered if _publication_shown(item, variant)]
    aliases = owner_names(profile)
    sections = []
    entry_ids: list[tuple[str, str | int]] = []
    for kind in variant.sections:
        pairs = _section_items(profile, variant, kind, shown, aliases, omit)
        if pairs:
            marks = []
            for entry_id, _ in pairs:
                marks.append(len(entry_ids) if entry_id else -1)
                if entry_id:
                    entry_ids.append(entry_id)
            sections.append(Section(kind, SECTION_TITLES[kind], [item for _, item in pairs], marks))
    listed = [item for section in sections if section.kind.endswith("_publications") for item in section.items]
    date = profile.updated or updated
    return View(
        variant=variant,
        profile=profile,
        sections=sections,
        layout=layout or Layout(),
        entry_ids=entry_ids,
        contact=_contact(profile),
        updated=date.display() if date else None,
        more_publications=len(numbered) - len(listed),
        citations={item.key: item.number for item in listed},
        widest_date=max(_dates(sections), key=len, default=""),
    )


def _dates(sections: list[Section]) -> list[str]:
    """Every date text printed in a date column, to size that column once for the whole document."""
    dates = []
    for section in sections:
        for item in section.items:
            if isinstance(item, Period):
                dates.append(format_period(item))
            elif hasattr(item, "date") and hasattr(item.date, "display"):
                dates.append(item.date.display())
    return dates


def candidates(profile: Profile, variant: Variant) -> list[tuple[tuple[str, str | int], Any]]:
    """The entries this document shows that fitting may leave out: (id, entry), in document order."""
    numbered = [item for item in number_publications(profile.publications) if _publication_shown(item, variant)]
    found = []
    for group in ("highlighted", "other"):
        if f"{group}_publications" in variant.sections:
            papers = [item for item in numbered if item.group == group][: variant.limits.get(f"{group}_publications")]
            found.extend((("publications", item.publication.key), item.publication) for item in papers)
    for kind in ("education", "experience", "teaching", "talks", "awards", "activities", "skills"):
        section = "additional" if kind == "skills" else kind
        if section in variant.sections:
            found.extend(((kind, index), entry) for index, entry in _visible(profile, variant, kind))
    return found


def _visible(profile: Profile, variant: Variant, kind: str) -> list[tuple[int, Any]]:
    """(index, entry) of the entries of `kind` that the variant's tags and limits let through."""
    section = "additional" if kind == "skills" else kind
    entries = [(index, entry) for index, entry in enumerate(getattr(profile, kind)) if _tag_shown(entry, variant)]
    return entries[: variant.limits.get(section)]


def _tag_shown(entry: Any, variant: Variant) -> bool:
    tags = set(getattr(entry, "tags", ()))
    if tags & set(variant.exclude_tags):
        return False
    return not variant.tags or not tags or bool(tags & set(variant.tags))


def _publication_shown(item: NumberedPublication, variant: Variant) -> bool:
    paper = item.publication
    return ((variant.publications == "all" or item.group == "highlighted")
            and (not variant.status or paper.status in variant.status)
            and (variant.since is None or paper.year >= variant.since)
            and (variant.until is None or paper.year <= variant.until)
            and _tag_shown(paper, variant))


def _section_items(profile: Profile, variant: Variant, kind: str, shown: list[NumberedPublication],
                   aliases: set[str], omit: frozenset = frozenset()) -> list[tuple[Any, Any]]:
    """(entry id or None, item) for each item of the section; the id is what fitting may leave out."""
    if kind == "summary":
        text = (profile.short_summary or profile.summary) if variant.publications == "highlighted" else profile.summary
        return [(None, text)] if text else []
    if kind.endswith("_publications"):
        group = kind.removesuffix("_publications")
        papers = [item for item in shown if item.group == group][: variant.limits.get(kind)]
        return [(("publications", item.publication.key), publication_view(item, aliases)) for item in papers
                if ("publications", item.publication.key) not in omit]
    if kind == "reviewing":
        return [(None, (label, [(venue.venue, format_years(venue.years)) for venue in venues]))
                for label, venues in (("Conferences", profile.reviewing.conferences),
                                      ("Journals", profile.reviewing.journals)) if venues]
    if kind == "additional":
        lines = [(("skills", index), (group.category, ", ".join(group.items)))
                 for index, group in _visible(profile, variant, "skills") if ("skills", index) not in omit]
        if profile.hobbies:
            lines.append((None, ("Hobbies", ", ".join(profile.hobbies))))
        return lines
    return [((kind, index), entry) for index, entry in _visible(profile, variant, kind) if (kind, index) not in omit]


def publication_view(item: NumberedPublication, aliases: set[str]) -> PublicationView:
    paper: Publication = item.publication
    authors = [Author(name, normalise_name(name) in aliases, name in paper.equal_contribution,
                      name in paper.corresponding) for name in paper.authors]
    venue = paper.venue if paper.venue.endswith(str(paper.year)) else f"{paper.venue} {paper.year}"
    if paper.status == "under-review":
        venue = f"Under review at {venue}" if paper.venue.lower() != "under review" else f"Under review, {paper.year}"
    links = paper.links
    found = [("arXiv", f"https://arxiv.org/abs/{links.arxiv}" if links.arxiv else None),
             ("DOI", f"https://doi.org/{links.doi}" if links.doi else None),
             ("PDF", links.pdf), ("Code", links.code), ("Page", links.url)]
    return PublicationView(item.number, item.group, paper.key, paper.title, authors, venue, list(paper.notes),
                           [(label, url) for label, url in found if url])


def _contact(profile: Profile) -> list[tuple[str, str | None]]:
    contact = profile.contact
    items: list[tuple[str, str | None]] = []
    if contact.location:
        items.append((contact.location, None))
    if contact.email:
        items.append((contact.email, f"mailto:{contact.email}"))
    if contact.phone:
        items.append((contact.phone, None))
    if contact.homepage:
        items.append((re.sub(r"^https?://(www\.)?", "", contact.homepage).rstrip("/"), contact.homepage))
    items.extend((link.label, link.url) for link in contact.links)
    return items


def format_period(entry: Period) -> str:
    """`Dec 2021 – Present`, `2016 – 2018`, `Jun 2019`; an en dash between, as typeset CVs do."""
    if entry.start is None:
        return ""
    if entry.end is None:
        return entry.start.display()
    end = "Present" if entry.end == "present" else entry.end.display()
    if entry.end != "present" and entry.start == entry.end:
        return end
    if entry.end != "present" and entry.start.year == entry.end.year and entry.start.month and not entry.start.day:
        return f"{MONTHS[entry.start.month - 1]} – {end}"  # Feb – May 2022
    return f"{entry.start.display()} – {end}"


def format_years(years: list[int]) -> str:
    """[2022, 2023, 2024, 2026] → `2022–2024, 2026`."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs)


def normalise_name(name: str) -> str:
    """Compare names without accents, case, dots or extra spaces: 'K. Yi' ~ 'k yi'."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.sub(r"[.\s]+", " ", plain).casefold().split())


def owner_names(profile: Profile) -> set[str]:
    return {normalise_name(name) for name in [profile.owner.name, *profile.owner.aliases]}
