"""Phase 3: what one document shows, in order, already grouped and formatted, still as plain text.

Templates only lay out what is here, and they receive nothing else: no LaTeX is produced in this module
(escaping happens later, once), and every word comes from the phrase catalog. Each section's items come
from its kind's view function (`kinds.py`); every item says how fitting may treat it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cvgen.document.catalog import Catalog
from cvgen.document.dates import Dates
from cvgen.document.items import Context, EntryId, EntryItem, Item, normalise_name, short_address, tag_shown
from cvgen.document.kinds import kind_of
from cvgen.document.languages import country_name
from cvgen.document.layout import Layout
from cvgen.document.letters import letter_item
from cvgen.document.publications import NumberedPublication, group_publications, number_publications, renumber
from cvgen.document.punctuation import Punctuation
from cvgen.document.variants import declared
from cvgen.profile.themes import Look, look
from cvgen.richtext import Span, text_of

if TYPE_CHECKING:
    from cvgen.profile.model import PartialDate, Profile, Variant


@dataclass(frozen=True)
class Section:
    key: str  # the section key: education, highlighted_publications, ...
    title: str
    partial: str  # templates/entries/<partial>.tex.j2 lays it out
    items: tuple[Item, ...]
    marks: tuple[int, ...]  # per item: its position in View.entry_ids, or -1
    footnotes: tuple[str, ...] = ()  # "* equal contribution", "2 further publications are listed..."


@dataclass(frozen=True)
class View:
    """Everything a template may print."""

    variant: Variant
    title: str  # the document's title
    owner: str
    headline: str | None
    keywords: str  # the PDF's keywords: research interests
    paper: str  # a4 or letter
    design: Look  # theme, colour, font, sizes: what the profile and the variant chose over the theme's own
    compact: bool
    contact: tuple[tuple[str, str | None], ...]  # (text, link)
    updated: str | None  # "Updated Nov 2026"
    sections: tuple[Section, ...]
    layout: Layout = Layout()
    entry_ids: tuple[EntryId, ...] = ()  # what each \cvmark number stands for
    dates: tuple[str, ...] = ()  # every date text of the date column, which is made as wide as the widest
    separator: str = ", "  # between the parts of a line, in the document's language ("，" in Chinese)
    marks: Punctuation = Punctuation()  # the language's colon, brackets, list marks and quotation marks

    def items(self) -> list[Item]:
        """Every item of the document, in order: what fitting may leave out."""
        return [item for section in self.sections for item in section.items]

    def text(self) -> str:
        """Every string the document prints (the engine is chosen to typeset all of them)."""
        return "\n".join(_strings(self))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _strings(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, (type, Layout, Look)):
        return [text for field in dataclasses.fields(value) if field.name != "variant"
                for text in _strings(getattr(value, field.name))]
    return []


def language_of(profile: Profile, variant: Variant) -> str:
    return variant.language or profile.language


def catalog(profile: Profile, variant: Variant) -> Catalog:
    own = {key: section.title for key, section in profile.sections.items()}
    return Catalog(language_of(profile, variant), dict(profile.phrases), {**own, **profile.titles, **variant.titles})


def build_view(profile: Profile, variant: Variant, updated: PartialDate | None = None,
               omit: frozenset[EntryId] = frozenset(), layout: Layout | None = None, typeset: bool = True) -> View:
    """The document `variant` of `profile`, without the items in `omit` (left out to fit the page); with
    typographic quotes and apostrophes unless `typeset` is False (an input for another tool keeps them as typed)."""
    context = make_context(profile, variant, omit)
    words, dates = context.words, context.dates
    sections: list[Section] = []
    entry_ids: list[EntryId] = []
    for key in variant.sections:
        kind = kind_of(key, profile)
        items = [_shortened(item, layout) for item in kind.items(context, key) if item.id not in omit]
        if not items:
            continue
        marks = []
        for item in items:
            marks.append(len(entry_ids) if item.id else -1)
            if item.id:
                entry_ids.append(item.id)
        title = kind.heading(context, key) if kind.heading else words.heading(key)
        sections.append(Section(key, title, kind.partial, tuple(items), tuple(marks),
                                tuple(kind.footnotes(context, key, items)) if kind.footnotes else ()))
    date = profile.updated or updated
    if variant.letter:  # a cover letter: its one section
        subject = profile.letters[variant.letter].subject or ""
        sections.append(Section("letter", subject, "letter", (letter_item(context, variant.letter, date),), (-1,)))
    design = look(profile.design, variant.design, profile.paper)
    view = View(
        variant=variant,
        title=variant.title or words.document("letter" if variant.letter else variant.based_on or variant.name),
        owner=profile.owner.name,
        headline=profile.headline,
        keywords=", ".join(profile.research_interests),
        paper=design.paper,
        design=design,
        compact=variant.compact,
        contact=_contact(profile, dates.language, words.phrase("separator")),
        updated=words.phrase("updated", date=dates.date(date)) if date and design.updated else None,
        sections=tuple(sections),
        layout=layout or Layout(),
        entry_ids=tuple(entry_ids),
        dates=tuple(dict.fromkeys(item.when for item in _dated(sections) if item.when)),
        separator=words.phrase("separator"),
        marks=words.punctuation,
    )
    return typographic(view, words) if typeset else view


def _shortened(item: Item, layout: Layout | None) -> Item:
    """The entry with its first bullets only (`layout.bullets_of` it), when fitting shortens long entries."""
    most = layout.bullets_of(item.id) if layout is not None and isinstance(item, EntryItem) else None
    if most is None or not isinstance(item, EntryItem) or len(item.bullets) <= most:
        return item
    return dataclasses.replace(item, bullets=item.bullets[:most])


# What the typographic pass leaves as written: addresses, keys, what cvgen made itself, the date column.
_AS_WRITTEN = frozenset({"variant", "design", "layout", "contact", "links", "url", "key", "id", "label", "partial",
                         "emphasis", "group", "entry_ids", "paper", "dates", "when", "marks", "separator"})


def typographic(value: Any, words: Catalog) -> Any:
    """`value` (a View, or any part of one) with the straight quotes and apostrophes of its text turned into
    the language's typographic ones; text in Latin script in a Chinese or Japanese document keeps English's."""
    if isinstance(value, str):
        return words.for_text(value).punctuation.smarten(value)
    if isinstance(value, tuple) and value and all(isinstance(span, Span) for span in value):  # rich text
        marks = words.for_text(text_of(value)).punctuation
        spans, before = [], ""
        for span in value:
            smart = marks.smarten(span.text, before)
            spans.append(span if smart == span.text else dataclasses.replace(span, text=smart))
            before += span.text
        return tuple(spans) if any(new is not old for new, old in zip(spans, value, strict=True)) else value
    if isinstance(value, tuple):
        items = tuple(typographic(item, words) for item in value)
        return items if any(new is not old for new, old in zip(items, value, strict=True)) else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {field.name: new for field in dataclasses.fields(value) if field.name not in _AS_WRITTEN
                   and (new := typographic(old := getattr(value, field.name), words)) is not old}
        return dataclasses.replace(value, **changes) if changes else value
    return value


def make_context(profile: Profile, variant: Variant, omit: frozenset[EntryId] = frozenset()) -> Context:
    words = catalog(profile, variant)
    numbering = variant.numbering or ("shared" if variant.group_by == "highlight" else "own")
    custom = profile.publication_groups if variant.publication_groups is None else variant.publication_groups
    groups = renumber(group_publications(listed_publications(profile, variant, omit), variant.group_by,
                                         custom if variant.group_by == "type" else ()), numbering)
    listed = [item for _, items in groups for item in items]
    dates = Dates(language_of(profile, variant), words.phrase("present"))
    subheadings = {} if variant.group_by == "highlight" else {
        items[0].publication.key: str(custom[int(group[6:])].title) if group.startswith("group:")
        else _subheading(words, variant.group_by, group) for group, items in groups}
    return Context(profile, variant, words, dates, owner_names(profile), listed,
                   {item.publication.key: item.number for item in listed if item.number}, subheadings,
                   variant.style or profile.style, variant.owner_style or profile.owner_style,
                   variant.max_authors or profile.max_authors, further_publications(profile, variant, listed))


def _subheading(words: Catalog, group_by: str, group: str) -> str:
    """A group's sub-heading: the type's name from the catalog, the year, or none for one list."""
    return {"type": lambda: words.choice("publication_types", group), "year": lambda: group}.get(group_by, str)()


def _dated(sections: list[Section]) -> list[EntryItem]:
    return [item for section in sections for item in section.items if isinstance(item, EntryItem)]


def listed_publications(profile: Profile, variant: Variant, omit: frozenset[EntryId] = frozenset()
                        ) -> list[NumberedPublication]:
    """The papers this document lists, numbered once for all documents (see publications.py)."""
    listed = []
    for group in ("highlighted", "other"):
        section = f"{group}_publications"
        if section in variant.sections:
            papers = [item for item in number_publications(profile.publications)
                      if item.group == group and publication_shown(item, variant)]
            listed += [item for item in papers[: variant.limits.get(section)]
                       if ("publications", item.publication.key) not in omit]
    return listed


def further_publications(profile: Profile, variant: Variant, listed: list[NumberedPublication]) -> int:
    """How many papers the full CV (the `long` document) lists that this document leaves out for selection or
    space (`publications: highlighted`, `limits`, fitting), among those its tags, status, since and until let
    through: what those leave out is left out on purpose, and the reader is not told of it. None when the
    variant says so (`further_publications: false`) or when this document is the full CV."""
    full = declared(profile)["long"]
    if not variant.further_publications or variant.output == full.output:
        return 0
    printed = {item.publication.key for item in listed}
    return sum(1 for item in listed_publications(profile, full)
               if item.publication.key not in printed and publication_shown(item, variant, selected=False))


def publication_shown(item: NumberedPublication, variant: Variant, selected: bool = True) -> bool:
    """Whether the variant lists the paper: its selection (`publications`, unless `selected` is False), status,
    years and tags let it through."""
    paper = item.publication
    return ((variant.publications == "all" or item.group == "highlighted" or not selected)
            and (not variant.status or paper.status in variant.status)
            and (variant.since is None or paper.year >= variant.since)
            and (variant.until is None or paper.year <= variant.until)
            and tag_shown(paper, variant))


def _contact(profile: Profile, language: str, separator: str) -> tuple[tuple[str, str | None], ...]:
    contact = profile.contact
    items: list[tuple[str, str | None]] = []
    location = contact.location or ""
    if contact.country_code:  # its name in the document's language, unless the location names the country
        # (in that language or in English)
        country = country_name(contact.country_code, language)
        named = {country.casefold(), country_name(contact.country_code, "en").casefold()}
        if not any(name in location.casefold() for name in named) and not location.endswith(contact.country_code):
            location = separator.join(part for part in (location, country) if part)
    if location:
        items.append((location, None))
    if contact.email:
        items.append((contact.email, f"mailto:{contact.email}"))
    if contact.phone:
        items.append((contact.phone, None))
    if contact.homepage:
        items.append((short_address(contact.homepage), contact.homepage))
    # The address, not the label: it survives on paper and in the text an applicant-tracking system reads.
    items.extend((short_address(link.url), link.url) for link in contact.links)
    items.extend((item.text, item.url) for item in contact.extra)
    return tuple(items)


def owner_names(profile: Profile) -> set[str]:
    return {normalise_name(name) for name in [profile.owner.name, *profile.owner.aliases]}
