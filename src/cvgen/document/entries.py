"""Each kind's view function: a profile's entries of that kind → the items a document shows.

A function takes the build's Context and the section key, and returns frozen items (items.py) that carry
their id, label and fitting data; no LaTeX and no English words here (those come from the catalog).
"""

from __future__ import annotations

import re
from typing import Any

from cvgen.document.catalog import Catalog
from cvgen.document.csl import Person, locale
from cvgen.document.csl import references as csl_references
from cvgen.document.items import (
    Author,
    Context,
    EntryItem,
    Item,
    LineItem,
    Link,
    PublicationItem,
    TextItem,
    normalise_name,
    short_address,
)
from cvgen.document.money import money
from cvgen.document.publications import NumberedPublication
from cvgen.document.punctuation import Punctuation
from cvgen.profile.model import PartialDate, Period, Publication
from cvgen.richtext import Rich, Span, join, markdown, paragraphs, plain, styled, text_of


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
    return {"id": (kind, index), "label": label(kind, index, text), "priority": getattr(entry, "priority", 0),
            "keep": getattr(entry, "keep", False), "rank": rank, "age": age(entry)}


def when(context: Context, entry: Period) -> str:
    return context.dates.period(entry.start, entry.end)


def _joined(context: Context, parts: list[Rich]) -> Rich:
    """The parts that are not empty, with the language's separator between them (", "; "，" in Chinese)."""
    return join(parts, context.words.phrase("separator"))


def _names(context: Context, phrase: str, names: list[str]) -> str:
    """`supervised by A and B` (the phrase), or nothing without names."""
    return context.words.phrase(phrase, names=context.words.names(names)) if names else ""


# ------------------------------------------------------------------------------------------------ kinds


def summary(context: Context, section: str) -> list[Item]:
    """The summary the variant asks for; then, unless the document is compact, the research interests."""
    profile = context.profile
    text = (profile.short_summary or profile.summary) if context.variant.summary == "short_summary" else profile.summary
    items: list[Item] = []
    if text:
        items.append(TextItem(paragraphs=tuple(markdown(part) for part in paragraphs(text))))
    if profile.research_interests and not context.variant.compact:
        items.append(LineItem(heading=context.words.phrase("research_interests"),
                              text=plain(context.words.punctuation.listing(profile.research_interests))))
    return items



def education(context: Context, section: str) -> list[Item]:
    items: list[Item] = []
    words = context.words
    marks = words.punctuation
    for index, school in context.visible(context.profile.education, section):
        details: list[Rich] = []
        if school.thesis:
            thesis = school.thesis
            line: list[Span] = [Span(marks.label(words.phrase(_thesis_phrase(words, school.degree)))),
                                Span(thesis.title, italic=True)]
            if thesis.year:
                line.append(Span(marks.bracket(str(thesis.year))))
            if thesis.note:
                line.append(Span(marks.list_separator + thesis.note))
            if thesis.url:
                line += [Span(marks.space),
                         Span(marks.open_square + words.phrase("link") + marks.close_square, url=thesis.url)]
            details.append(tuple(line))
        if school.research_interests:
            details.append(plain(marks.label(words.phrase("research_interests"))
                                 + words.phrase("separator").join(school.research_interests)))
        compact = context.variant.compact
        # A compact document prints no details; there the grade, courses and the profile's own lines are bullets.
        own = tuple(plain(marks.label(words.phrase(phrase)) + text) for phrase, text in (
            ("score", school.score), ("courses", words.phrase("separator").join(school.courses))) if text)
        own += tuple(markdown(line) for line in school.details)
        details += [] if compact else own
        supervisors = _names(context, "supervised_by", school.supervisors)  # never "with": a supervisor is not a peer
        items.append(EntryItem(
            title=_linked(school.institution, school.url), when=when(context, school), two_lines=True,
            subtitle=_joined(context, [styled(plain(school.degree), italic=True), plain(supervisors),
                                       _web(school.url)]),
            where="" if compact else school.location or "",
            details=tuple(details), bullets=own if compact else (),
            **fitting("education", index, school, school.institution, rank=2)))
    return items


# A doctorate, in the languages of the catalogs: its thesis is a "Dissertation" in German, a "thèse" in French.
_DOCTORAL = re.compile(r"\b(ph\.?\s?d|d\.?\s?phil|dr\.|doct|doktor|dottor|doutor|promo(tion|tie))|博士|박사|доктор|кандидат",
                       re.IGNORECASE)


def _thesis_phrase(words: Catalog, degree: str) -> str:
    """The catalog's word for the thesis of this degree; a profile's own `thesis` phrase stands for both."""
    doctoral = bool(_DOCTORAL.search(degree))
    own_thesis = words.own_phrase("thesis") is not None and words.own_phrase("doctoral_thesis") is None
    return "doctoral_thesis" if doctoral and not own_thesis else "thesis"


def experience(context: Context, section: str) -> list[Item]:
    items: list[Item] = []
    for index, job in context.visible(context.profile.experience, section):
        bullets = [markdown(line) for line in job.highlights]
        numbers = sorted(context.citations[key] for key in job.publications if key in context.citations)
        if bullets and numbers:  # the papers that came out of it, by their numbers: [21, 22, 23]
            cited = ",\u00a0".join(str(number) for number in numbers)  # no line break inside the brackets
            bullets[-1] += (Span(f"\u00a0[{cited}]", muted=True),)  # nor before them: never alone on a line
        compact = context.variant.compact
        summary = (markdown(job.summary),) if job.summary else ()  # a compact document leads the bullets with it
        items.append(EntryItem(
            title=_linked(job.organization, job.url), when=when(context, job),
            subtitle=_joined(context, [styled(plain(job.role), italic=True),
                           plain("" if compact else _names(context, "with", job.supervisors)), _web(job.url)]),
            where=job.location or "", details=() if compact else summary,
            bullets=(summary if compact else ()) + tuple(bullets),
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
    return [EntryItem(**_titled_note(award.name, award.note, context.words.punctuation), when=when(context, award),
                      subtitle=plain(award.awarder), **fitting("awards", index, award, award.name))
            for index, award in context.visible(context.profile.awards, section)]


def activities(context: Context, section: str) -> list[Item]:
    return [EntryItem(**_titled_note(activity.name, activity.note, context.words.punctuation), when=when(context, activity),
                      **fitting("activities", index, activity, activity.name))
            for index, activity in context.visible(context.profile.activities, section)]


def _titled_note(title: str, note: str | None, marks: Punctuation) -> dict[str, Any]:
    """A title and its note, which templates print in brackets: a note written in brackets loses its own, and
    a title that ends in a bracket takes the note inside it, `Hackathon (Software Edition; 1st of 68 teams)`,
    never two brackets in a row."""
    note = (note or "").strip()
    if note[:1] in ("(", marks.open) and note[-1:] in (")", marks.close):
        note = note[1:-1].strip()
    closing = title.rstrip()[-1:]
    if note and closing in (")", marks.close):
        return {"title": (Span(title.rstrip()[:-1] + marks.list_separator), Span(note, muted=True), Span(closing)),
                "note": ""}
    return {"title": plain(title), "note": note}


def reviewing(context: Context, section: str) -> list[Item]:
    reviewing = context.profile.reviewing
    marks = context.words.punctuation
    items: list[Item] = []
    for phrase, venues in (("conferences", reviewing.conferences), ("journals", reviewing.journals)):
        if venues:
            parts = [(Span(venue.venue),) + ((Span(marks.bracket(context.dates.years(venue.years)), muted=True),)
                                             if venue.years else ()) for venue in venues]
            items.append(LineItem(heading=context.words.phrase(phrase), text=join(parts, marks.list_separator)))
    return items


def additional(context: Context, section: str) -> list[Item]:
    """Skills, one line per group (its level in brackets after the category), then hobbies (with the interests
    that have no keywords), then each interest with keywords on a line of its own."""
    separator = context.words.phrase("separator")
    items: list[Item] = [
        LineItem(heading=group.category + (context.words.punctuation.bracket(group.level) if group.level else ""),
                 text=plain(separator.join(group.items)), **fitting("skills", index, group, group.category, rank=2))  # kept like degrees
        for index, group in context.visible(context.profile.skills, section)]
    interests = context.visible(context.profile.interests, section)
    hobbies = [*context.profile.hobbies, *(interest.name for _, interest in interests if not interest.keywords)]
    if hobbies:
        items.append(LineItem(heading=context.words.phrase("hobbies"), text=plain(separator.join(hobbies)),
                              **fitting("hobbies", 0, hobbies, context.words.phrase("hobbies"), rank=0)))
    return items + [LineItem(heading=interest.name, text=plain(separator.join(interest.keywords)),
                             **fitting("interests", index, interest, interest.name))
                    for index, interest in interests if interest.keywords]


def skills(context: Context, section: str) -> list[Item]:
    """Skills alone, one line per group, under their own heading (`additional` prints them with hobbies)."""
    return [item for item in additional(context, section) if item.id and item.id[0] == "skills"]


def hobbies(context: Context, section: str) -> list[Item]:
    """Hobbies and interests outside work, on one line under their own heading; then each interest with keywords
    on a line of its own (`Music: choir, piano`)."""
    words = context.words
    interests = context.visible(context.profile.interests, section)
    hobbies = [*context.profile.hobbies, *(interest.name for _, interest in interests if not interest.keywords)]
    items: list[Item] = [TextItem(paragraphs=(plain(words.phrase("separator").join(hobbies)),),  # the first to go
                                  **fitting("hobbies", 0, hobbies, words.phrase("hobbies"), rank=0))] if hobbies else []
    return items + [TextItem(paragraphs=((Span(words.punctuation.label(interest.name), bold=True),
                                          Span(words.phrase("separator").join(interest.keywords))),),
                             **fitting("interests", index, interest, interest.name))
                    for index, interest in interests if interest.keywords]


def grants(context: Context, section: str) -> list[Item]:
    items: list[Item] = []
    for index, grant in context.visible(context.profile.grants, section):
        amount = "" if grant.amount is None else money(grant.amount, grant.currency, context.dates.language,
                                                       context.words.currency(grant.currency))
        number = context.words.phrase("grant_number", number=grant.number) if grant.number else ""
        details = [plain(line) for line in (number, _names(context, "co_investigators", grant.co_investigators))
                   if line]
        items.append(EntryItem(
            title=_linked(grant.title, grant.url), when=when(context, grant),
            subtitle=_joined(context, [styled(plain(grant.funder), italic=True), plain(grant.role), _web(grant.url)]),
            where=amount,
            details=tuple(details), bullets=tuple(markdown(line) for line in grant.highlights),
            **fitting("grants", index, grant, grant.title)))
    return items


def supervision(context: Context, section: str) -> list[Item]:
    items: list[Item] = []
    for index, person in context.visible(context.profile.supervision, section):
        subtitle = _joined(context, [plain(person.degree), styled(plain(person.thesis), italic=True),
                         plain(_names(context, "co_supervisors", person.co_supervisors))])
        items.append(EntryItem(
            title=plain(person.name), subtitle=subtitle, when=when(context, person),
            note=context.words.phrase("now", position=person.now) if person.now else "",
            **fitting("supervision", index, person, person.name)))
    return items


def patents(context: Context, section: str) -> list[Item]:
    items: list[Item] = []
    for index, patent in context.visible(context.profile.patents, section):
        inventors = _joined(context, [styled(plain(name), bold=normalise_name(name) in context.owner) for name in patent.inventors])
        status = context.words.choice("patent_status", patent.status) if patent.status else ""
        items.append(EntryItem(
            title=_linked(patent.title, patent.url), when=context.dates.date(patent.date) if patent.date else "",
            subtitle=_joined(context, [plain(patent.number), plain(status), _web(patent.url)]),
            details=(inventors,) if inventors else (),
            **fitting("patents", index, patent, patent.title)))
    return items


def service(context: Context, section: str) -> list[Item]:
    return [EntryItem(title=_linked(role.role, role.url), subtitle=_joined(context, [plain(role.organization),
                                                                                   _web(role.url)]),
                      when=when(context, role),
                      **fitting("service", index, role, role.role))
            for index, role in context.visible(context.profile.service, section)]


def memberships(context: Context, section: str) -> list[Item]:
    # A membership with a start and no end is one you still hold: `2016 – Present`, not a bare `2016`.
    return [EntryItem(title=plain(member.organization), subtitle=plain(member.role),
                      when=context.dates.period(member.start, member.end or "present"),
                      **fitting("memberships", index, member, member.organization))
            for index, member in context.visible(context.profile.memberships, section)]


def projects(context: Context, section: str) -> list[Item]:
    items: list[Item] = []
    for index, project in context.visible(context.profile.projects, section):
        technologies = context.words.phrase("separator").join(project.technologies)
        items.append(EntryItem(
            title=_linked(project.name, project.url), when=when(context, project), where=project.location or "",
            subtitle=_joined(context, [styled(plain(technologies), italic=True), _web(project.url)]),
            details=(markdown(project.description),) if project.description else (),
            # a compact document prints no details: there the description leads the bullets
            bullets=tuple(markdown(line) for line in ([project.description] if project.description and
                                                       context.variant.compact else []) + project.highlights),
            **fitting("projects", index, project, project.name)))
    return items


def certifications(context: Context, section: str) -> list[Item]:
    return [EntryItem(title=_linked(item.name, item.url), subtitle=_joined(context, [plain(item.issuer), _web(item.url)]),
                      when=context.dates.date(item.date) if item.date else "",
                      **fitting("certifications", index, item, item.name))
            for index, item in context.visible(context.profile.certifications, section)]


def languages(context: Context, section: str) -> list[Item]:
    return [EntryItem(title=plain(item.language), note=item.level or "",
                      **fitting("languages", index, item, item.language))
            for index, item in context.visible(context.profile.languages, section)]


def references(context: Context, section: str) -> list[Item]:
    items: list[Item] = []
    for index, person in context.visible(context.profile.references, section):
        email: Rich = (Span(person.email, url=f"mailto:{person.email}"),) if person.email else ()
        reach = join([email, plain(person.phone)], context.words.punctuation.dot)
        quote = " ".join(person.quote.split()) if person.quote else None  # one italic line, whatever its breaks
        details = [line for line in (reach, styled(plain(quote), italic=True)) if line]
        items.append(EntryItem(
            title=plain(person.name), subtitle=_joined(context, [plain(person.position), plain(person.organization)]),
            note=person.relationship or "", details=tuple(details),
            **fitting("references", index, person, person.name)))
    return items


def custom(context: Context, section: str) -> list[Item]:
    """A section of the profile's own `sections:`: dated entries, or plain lines."""
    own = context.profile.sections[section]
    if own.items:
        return [TextItem(paragraphs=(markdown(line),), **fitting(section, index, own, line))
                for index, line in context.visible(own.items, section)]
    items: list[Item] = []
    for index, entry in context.visible(own.entries, section):
        date = context.dates.date(entry.date) if entry.date else when(context, entry)
        items.append(EntryItem(
            title=_linked(entry.title, entry.url), when=date,
            subtitle=_joined(context, [styled(plain(entry.subtitle), italic=True), _web(entry.url)]),
            where=entry.location or "", note=entry.note or "",
            bullets=tuple(markdown(line) for line in entry.highlights),
            **fitting(section, index, entry, entry.title)))
    return items


def _linked(text: str, url: str | None) -> Rich:
    return (Span(text, url=url),)


def _web(url: str | None) -> Rich:
    """A web address printed as short text (`github.com/x/y`), linked: it survives on paper and in the text an
    applicant-tracking system reads, where a linked title alone loses it."""
    return (Span(short_address(url), url=url),) if url else ()


# ------------------------------------------------------------------------------------------ publications


def publications(context: Context, section: str) -> list[Item]:
    # One run of the CSL processor for the whole list, asked by its first section only.
    if context.style != "cvgen" and section == _publication_sections(context)[0]:
        papers = [item.publication for item in context.publications]
        found = csl_references(context.style, csl_language(context), [_cited(context, paper) for paper in papers],
                               context.owner_style)
        context.references.update((paper.key, reference) for paper, reference in zip(papers, found, strict=True))
    """The papers of one group (highlighted_publications, other_publications), as numbered for every document;
    grouped by type, year or none, all of them under the first publications section, with sub-headings."""
    if context.variant.group_by == "highlight":
        group = section.removesuffix("_publications")
        return [publication_item(context, item) for item in context.publications if item.group == group]
    if section != _publication_sections(context)[0]:
        return []
    return [publication_item(context, item, context.subheadings.get(item.publication.key, ""))
            for item in context.publications]


def publications_heading(context: Context, section: str) -> str:
    """"Publications" over one list: grouped by type, year or none, or when nothing is highlighted (no
    "Other Publications" without a first group)."""
    alone = (section == "other_publications" and section not in context.words.titles
             and not any(item.group == "highlighted" for item in context.publications))
    return context.words.heading(section if context.variant.group_by == "highlight" and not alone else "publications")


def _publication_sections(context: Context) -> list[str]:
    return [key for key in context.variant.sections if key.endswith("_publications")]


def publication_footnotes(context: Context, section: str, items: list[Item]) -> list[str]:
    notes = []
    last_group = _publication_sections(context)[-1 if context.variant.group_by == "highlight" else 0]
    if section == last_group and context.further:
        notes.append(context.words.phrase("more_publications", count=context.further))
    authors = [author for item in items if isinstance(item, PublicationItem) for author in item.authors]
    if any(author.equal for author in authors):
        notes.append("* " + context.words.phrase("equal_contribution"))
    if any(author.corresponding for author in authors):
        notes.append("† " + context.words.phrase("corresponding_author"))
    return notes


def publication_item(context: Context, item: NumberedPublication, subheading: str = "") -> PublicationItem:
    paper = item.publication
    _, _, shown, et_al, _ = cited = _cited(context, paper)
    own = context.words.for_text(paper.title + "".join(paper.authors))  # an English paper in a Japanese CV
    links = paper.links
    found = [("arxiv", f"https://arxiv.org/abs/{links.arxiv}" if links.arxiv else None),
             ("doi", f"https://doi.org/{links.doi}" if links.doi else None),
             ("pdf", links.pdf), ("code", links.code), ("url", links.url)]
    reference: Rich = ()
    if context.style != "cvgen":  # formatted with the whole list (publications), else now
        reference = context.references.get(paper.key) or csl_references(
            context.style, csl_language(context), [cited], context.owner_style)[0]
    if links.doi and links.doi in text_of(reference):  # the style printed it: no second "DOI" after it
        found = [(name, url) for name, url in found if name != "doi"]
    return PublicationItem(
        id=("publications", paper.key), label=label("publications", paper.key, paper.title),
        priority=paper.priority, keep=paper.keep, rank=1 if paper.highlight else 0, age=(paper.year, paper.month or 0),
        number=item.number, group=item.group, key=paper.key, title=paper.title,
        authors=tuple(Author(person.name, person.owner, "*" in person.marks, "†" in person.marks) for person in shown),
        more=et_al, separator=own.phrase("separator"), emphasis=context.owner_style, source=() if reference else source(context, paper),
        reference=reference, notes=tuple(paper.notes), subheading=subheading,
        links=tuple(Link(name, context.words.choice("link_labels", name), url) for name, url in found if url))


def _cited(context: Context, paper: Publication) -> tuple[Publication, str, list[Person], str, tuple[str, ...]]:
    """What a CSL style is given of a paper: the paper, its kind, the authors shown, "et al." (in the paper's
    own language) when some were left out, and the owner's names among its editors and translators."""
    shown, more = _authors(context, paper)
    et_al = context.words.for_text(paper.title + "".join(paper.authors)).phrase("et_al") if more else ""
    return paper, paper.kind, shown, et_al, _owner_among(context, paper)


def _owner_among(context: Context, paper: Publication) -> tuple[str, ...]:
    """The owner's names among the paper's editors and translators, as written: emphasised like an author."""
    return tuple(name for name in [*paper.editors, *paper.translators] if normalise_name(name) in context.owner)


def _authors(context: Context, paper: Publication) -> tuple[list[Person], bool]:
    """The authors a paper shows (the owner and the marked ones known), and whether some were left out."""
    equal = {normalise_name(name) for name in paper.equal_contribution}
    corresponding = {normalise_name(name) for name in paper.corresponding}
    keys = [normalise_name(name) for name in paper.authors]
    return shorten([Person(name, key in context.owner, ("*" if key in equal else "") + ("†" if key in corresponding else ""))
                    for name, key in zip(paper.authors, keys, strict=True)], context.max_authors)


def csl_language(context: Context) -> str | None:
    """The CSL locale of the document (csl.locale)."""
    return locale(context.variant.language or context.profile.language)


def shorten(authors: list[Person], most: int | None) -> tuple[list[Person], bool]:
    """At most `most` authors, always with the owner: the first ones, then "…" and the owner when the owner
    comes later; and whether any were left out (the list then ends in "et al.")."""
    if most is None or len(authors) <= most:
        return authors, False
    owner = next((index for index, person in enumerate(authors) if person.owner), None)
    if owner is None or owner < most:
        return authors[:most], True
    return [*authors[: max(most - 1, 1)], Person("…"), authors[owner]], owner < len(authors) - 1


def _people(context: Context, phrase: str, names: list[str], **values: Any) -> Rich:
    """The phrase naming these editors or translators ("A and B (eds.)"), the owner among them emphasised as in
    an author list (on one line); nothing without names."""
    if not names:
        return ()
    text = context.words.phrase(phrase, names=context.words.names(names), **values)
    owners = sorted({str(name) for name in names if normalise_name(name) in context.owner}, key=len, reverse=True)
    if not owners:
        return plain(text)
    style = context.owner_style
    pieces = re.split("(" + "|".join(re.escape(name) for name in owners) + ")", text)
    return tuple(Span(piece.replace(" ", "\u00a0"), bold=style != "underline", underline=style != "bold")
                 if index % 2 else Span(piece) for index, piece in enumerate(pieces) if piece)


def _edition(context: Context, edition: str | None) -> str | None:
    """"3rd ed." for an edition given as a number; an edition given in words ("Revised edition") as written."""
    if not edition or not edition.isdigit():
        return edition
    return context.words.phrase("edition", edition=edition, ordinal=int(edition))


def source(context: Context, paper: Publication) -> Rich:
    """Where a paper appeared, in cvgen's own style: "*NeurIPS 2024*", "*Nature* 627(8004):873–880, 2024",
    "In *Book*, A. Editor (ed.), 1–20, Publisher, 2020", "PhD thesis, University, 2019"."""
    words = context.words
    venue, year = paper.venue or "", str(paper.year)
    if paper.status == "under-review":
        dated = venue if venue.endswith(year) else f"{venue} {year}"
        return styled(plain(words.phrase("under_review_at", venue=dated) if venue.lower() != "under review"
                            else words.phrase("under_review", year=paper.year)), italic=True)
    issue = " ".join(part for part in (paper.issue, paper.supplement) if part)
    numbers = (paper.volume or "") + (f"({issue})" if issue else "")
    numbers += (":" if numbers and paper.pages else "") + (paper.pages or "")
    if venue and not numbers and not (paper.editors or paper.publisher or paper.genre or paper.edition or paper.isbn
                                      or paper.event or paper.event_place or paper.version):
        return styled(plain(venue if venue.endswith(year) else f"{venue} {year}"), italic=True)
    chapter = paper.kind == "chapter" and bool(venue)  # its pages follow the book's editors
    head: Rich = styled(plain(venue), italic=True) + ((Span(" " + numbers),) if numbers and venue and not chapter
                                                      else ())
    if chapter:
        head = (Span(words.phrase("in") + " "), *head)
    parts = [head,
             _people(context, "edited_by", paper.editors, count=len(paper.editors)),
             _people(context, "translated_by", paper.translators),
             plain(" ".join(part for part in (paper.genre, paper.number) if part) or None),
             plain(numbers if not venue or chapter else None),
             plain(" ".join(part for part in (paper.event, paper.event_place) if part) or None),
             plain(paper.version),
             plain(paper.publisher_place),
             plain(paper.publisher if paper.publisher != venue else None),
             plain(_edition(context, paper.edition)),
             plain(year if not venue.endswith(year) else None),
             plain(words.phrase("isbn", isbn=paper.isbn) if paper.isbn else None)]
    return _joined(context, parts)
