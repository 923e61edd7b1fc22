"""Each kind's view function: a profile's entries of that kind → the items a document shows.

A function takes the build's Context and the section key, and returns frozen items (view.py) that carry
their id, label and fitting data; no LaTeX and no English words here (those come from the catalog).
"""

from __future__ import annotations

from typing import Any

from .model import PartialDate, Period
from .publications import NumberedPublication
from .richtext import Rich, Span, join, plain, styled
from .view import Author, Context, EntryItem, Item, LineItem, PublicationItem, TextItem, normalise_name


def label(kind: str, key: str | int, text: str) -> str:
    """How the build report names an entry it left out: `awards[2] (Zeng Xianzi Scholarship)`."""
    where = f"{kind}[{key}]" if isinstance(key, int) else f"publication {key}"
    return f"{where} ({text if len(text) <= 48 else text[:45] + '...'})"


def age(entry: Any) -> tuple[int, int]:
    """(year, month) an entry ended, or happened; ongoing entries are the newest."""
    for attribute in ("end", "date", "start"):
        date = getattr(entry, attribute, None)
        if date == "present":
            return (9999, 12)
        if isinstance(date, PartialDate):
            return (date.year, date.month)
    return (0, 0)


def fitting(kind: str, index: int, entry: Any, text: str, rank: int = 1) -> dict[str, Any]:
    """The Item fields that let fitting leave this entry out, and name it when it does."""
    return {"id": (kind, index), "label": label(kind, index, text), "priority": entry.priority,
            "keep": entry.keep, "rank": rank, "age": age(entry)}


def when(context: Context, entry: Period) -> str:
    return context.dates.period(entry.start, entry.end)


def _names(context: Context, phrase: str, names: list[str]) -> str:
    """`supervised by A and B` (the phrase), or nothing without names."""
    joined = f" {context.words.phrase('and')} ".join(names)
    return context.words.phrase(phrase, names=joined) if names else ""


# ------------------------------------------------------------------------------------------------ kinds


def summary(context: Context, section: str) -> list[Item]:
    """The summary the variant asks for; then, unless the document is compact, the research interests."""
    profile = context.profile
    text = (profile.short_summary or profile.summary) if context.variant.summary == "short_summary" else profile.summary
    items: list[Item] = []
    if text:
        items.append(TextItem(paragraphs=tuple(plain(part.strip()) for part in _paragraphs(text))))
    if profile.research_interests and not context.variant.compact:
        items.append(LineItem(heading=context.words.phrase("research_interests"),
                              text=plain("; ".join(profile.research_interests) + ".")))
    return items


def _paragraphs(text: str) -> list[str]:
    import re

    return [part for part in re.split(r"\n[ \t]*\n\s*", text.strip("\n")) if part.strip()]


def education(context: Context, section: str) -> list[Item]:
    items: list[Item] = []
    words = context.words
    for index, school in context.visible(context.profile.education, section):
        details: list[Rich] = []
        if school.thesis:
            thesis = school.thesis
            line: list[Span] = [Span(words.phrase("thesis") + ": "), Span(thesis.title, italic=True)]
            if thesis.year:
                line.append(Span(f" ({thesis.year})"))
            if thesis.note:
                line.append(Span(f"; {thesis.note}"))
            if thesis.url:
                line += [Span(" "), Span(f"[{words.phrase('link')}]", url=thesis.url)]
            details.append(tuple(line))
        if school.research_interests:
            details.append(plain(f"{words.phrase('research_interests')}: {', '.join(school.research_interests)}"))
        details += [plain(line) for line in school.details]
        compact = context.variant.compact
        supervisors = _names(context, "with" if compact else "supervised_by", school.supervisors)
        items.append(EntryItem(
            title=plain(school.institution), when=when(context, school), two_lines=True,
            subtitle=join([styled(plain(school.degree), italic=True), plain(supervisors)]),
            where="" if compact else school.location or "",
            details=tuple(details), **fitting("education", index, school, school.institution, rank=2)))
    return items


def experience(context: Context, section: str) -> list[Item]:
    items: list[Item] = []
    for index, job in context.visible(context.profile.experience, section):
        bullets = [plain(line) for line in job.highlights]
        numbers = sorted(context.citations[key] for key in job.publications if key in context.citations)
        if bullets and numbers:  # the papers that came out of it: ([21], [22], [23])
            bullets[-1] += (Span(" (" + ", ".join(f"[{number}]" for number in numbers) + ")"),)
        items.append(EntryItem(
            title=plain(job.organization), when=when(context, job),
            subtitle=join([styled(plain(job.role), italic=True),
                           plain("" if context.variant.compact else _names(context, "with", job.supervisors))]),
            where=job.location or "", bullets=tuple(bullets),
            **fitting("experience", index, job, job.organization)))
    return items


def teaching(context: Context, section: str) -> list[Item]:
    return [EntryItem(title=styled(plain(course.course), bold=True), subtitle=plain(course.institution),
                      note=course.role or "", when=when(context, course),
                      **fitting("teaching", index, course, course.course))
            for index, course in context.visible(context.profile.teaching, section)]


def talks(context: Context, section: str) -> list[Item]:
    return [EntryItem(title=plain(talk.title), subtitle=styled(plain(talk.event), italic=True),
                      when=context.dates.date(talk.date), **fitting("talks", index, talk, talk.title))
            for index, talk in context.visible(context.profile.talks, section)]


def awards(context: Context, section: str) -> list[Item]:
    return [EntryItem(title=plain(award.name), note=award.note or "", when=when(context, award),
                      **fitting("awards", index, award, award.name))
            for index, award in context.visible(context.profile.awards, section)]


def activities(context: Context, section: str) -> list[Item]:
    return [EntryItem(title=plain(activity.name), note=activity.note or "", when=when(context, activity),
                      **fitting("activities", index, activity, activity.name))
            for index, activity in context.visible(context.profile.activities, section)]


def reviewing(context: Context, section: str) -> list[Item]:
    reviewing = context.profile.reviewing
    items: list[Item] = []
    for phrase, venues in (("conferences", reviewing.conferences), ("journals", reviewing.journals)):
        if venues:
            parts = [(Span(venue.venue),) + ((Span(f" ({context.dates.years(venue.years)})", muted=True),)
                                             if venue.years else ()) for venue in venues]
            items.append(LineItem(heading=context.words.phrase(phrase), text=join(parts, "; ")))
    return items


def additional(context: Context, section: str) -> list[Item]:
    """Skills, one line per group, then hobbies."""
    items: list[Item] = [
        LineItem(heading=group.category, text=plain(", ".join(group.items)),
                 **fitting("skills", index, group, group.category))
        for index, group in context.visible(context.profile.skills, section)]
    if context.profile.hobbies:
        items.append(LineItem(heading=context.words.phrase("hobbies"), text=plain(", ".join(context.profile.hobbies))))
    return items


# ------------------------------------------------------------------------------------------ publications


def publications(context: Context, section: str) -> list[Item]:
    """The papers of one group (highlighted_publications, other_publications), as numbered for every document."""
    group = section.removesuffix("_publications")
    return [publication_item(context, item) for item in context.publications if item.group == group]


def publication_footnotes(context: Context, section: str, items: list[Item]) -> list[str]:
    notes = []
    last_group = [key for key in context.variant.sections if key.endswith("_publications")][-1]
    more = len(context.profile.publications) - len(context.publications)
    if section == last_group and more:
        notes.append(context.words.phrase("more_publications", count=more))
    if any(author.equal for item in items if isinstance(item, PublicationItem) for author in item.authors):
        notes.append("* " + context.words.phrase("equal_contribution"))
    return notes


def publication_item(context: Context, item: NumberedPublication) -> PublicationItem:
    paper = item.publication
    authors = tuple(Author(name, normalise_name(name) in context.owner, name in paper.equal_contribution,
                           name in paper.corresponding) for name in paper.authors)
    venue = paper.venue if paper.venue.endswith(str(paper.year)) else f"{paper.venue} {paper.year}"
    if paper.status == "under-review":
        venue = (context.words.phrase("under_review_at", venue=venue) if paper.venue.lower() != "under review"
                 else context.words.phrase("under_review", year=paper.year))
    links = paper.links
    found = [("arxiv", f"https://arxiv.org/abs/{links.arxiv}" if links.arxiv else None),
             ("doi", f"https://doi.org/{links.doi}" if links.doi else None),
             ("pdf", links.pdf), ("code", links.code), ("url", links.url)]
    return PublicationItem(
        id=("publications", paper.key), label=label("publications", paper.key, paper.title),
        priority=paper.priority, keep=paper.keep, rank=1 if paper.highlight else 0, age=(paper.year, paper.month or 0),
        number=item.number, group=item.group, key=paper.key, title=paper.title, authors=authors, venue=venue,
        notes=tuple(paper.notes),
        links=tuple((context.words.choice("link_labels", name), url) for name, url in found if url))
