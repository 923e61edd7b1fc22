"""Phase 3: what one document shows, in order, already grouped and formatted, still as plain text.

Templates only lay out what is here; no LaTeX is produced in this module (escaping happens later, once).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

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
    more_publications: int = 0  # publications left out of this document
    widest_date: str = ""  # the date column is made as wide as this text
    citations: dict[str, int] = field(default_factory=dict)  # key → number, for papers this document lists


def build_view(profile: Profile, variant: Variant, updated: PartialDate | None = None) -> View:
    numbered = number_publications(profile.publications)
    shown = [item for item in numbered if variant.publications == "all" or item.group == "highlighted"]
    aliases = owner_names(profile)
    sections = []
    for kind in variant.sections:
        items = _section_items(profile, variant, kind, shown, aliases)[: variant.limits.get(kind)]
        if items:
            sections.append(Section(kind, SECTION_TITLES[kind], items))
    listed = [item for section in sections if section.kind.endswith("_publications") for item in section.items]
    date = profile.updated or updated
    return View(
        variant=variant,
        profile=profile,
        sections=sections,
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


def _section_items(profile: Profile, variant: Variant, kind: str, shown: list[NumberedPublication],
                   aliases: set[str]) -> list[Any]:
    if kind == "summary":
        text = (profile.short_summary or profile.summary) if variant.publications == "highlighted" else profile.summary
        return [text] if text else []
    if kind.endswith("_publications"):
        group = kind.removesuffix("_publications")
        return [_publication(item, aliases) for item in shown if item.group == group]
    if kind == "reviewing":
        return [(label, [(venue.venue, format_years(venue.years)) for venue in venues])
                for label, venues in (("Conferences", profile.reviewing.conferences),
                                      ("Journals", profile.reviewing.journals)) if venues]
    if kind == "additional":
        lines = [(group.category, ", ".join(group.items)) for group in profile.skills]
        if profile.hobbies:
            lines.append(("Hobbies", ", ".join(profile.hobbies)))
        return lines
    return list(getattr(profile, kind))


def _publication(item: NumberedPublication, aliases: set[str]) -> PublicationView:
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
