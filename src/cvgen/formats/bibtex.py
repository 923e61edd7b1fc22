"""BibTeX in and out: Google Scholar, DBLP and al-folio `.bib` files ↔ the profile's publications.

Parsing is bibtexparser 2's; LaTeX is decoded and encoded by pylatexenc (which bibtexparser itself uses).
The fields cvgen has and BibTeX lacks travel in fields BibTeX and biber ignore (`equal_contribution`,
`corresponding`, `cvgen_priority`, `cvgen_keep`), so that export then import gives back the same publications.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cvgen.document.items import normalise_name
from cvgen.errors import Problem
from cvgen.formats import read_source, versions
from cvgen.profile.model import ARXIV, CSL_TYPES, PREPRINT_SERVERS, Links, Publication, Status
from cvgen.profile.names import bibtex as name_in_bibtex
from cvgen.profile.names import from_parts, written

_ARXIV_ID = ARXIV
# The model's preprint servers, DBLP's name for arXiv (CoRR), and the word itself ("Research Square preprint").
_PREPRINT_SERVERS = re.compile(r"\b(" + "|".join(re.escape(name) for name in sorted(PREPRINT_SERVERS, key=len, reverse=True))
                               + r"|corr|preprint)\b", re.IGNORECASE)
_STATUS_NOTE = re.compile(r"under review|submitted|^\s*preprint\s*$", re.IGNORECASE)  # said by status, not notes
_TRUE = {"true", "yes", "1"}
# BibTeX's (and biblatex's) entry types as cvgen's publication types; the rest are "other".
_TYPES = {"article": "article", "inproceedings": "conference", "conference": "conference",
          "incollection": "chapter", "inbook": "chapter", "book": "book", "proceedings": "book",
          "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis", "techreport": "report",
          "report": "report", "software": "software", "dataset": "dataset", "online": "other", "misc": "other",
          "unpublished": "other", "manual": "other", "booklet": "other"}
# The fields the import reads; any other is named in a remark (al-folio's page fields and abstracts too).
_READ = {"author", "editor", "title", "year", "date", "month", "journal", "booktitle", "howpublished", "abbr",
         "publisher", "school", "institution", "organization", "series", "volume", "number", "issue", "pages",
         "edition", "isbn", "type", "pubstate", "note", "award_name", "equal_contribution", "corresponding",
         "selected", "keywords", "cvgen_priority", "cvgen_keep", "url", "html", "website", "pdf", "code", "doi",
         "eprint", "arxiv", "archiveprefix", "eprinttype", "cvgen_type", "address", "location", "translator",
         "language", "langid", "pmid", "pmcid", "shortjournal", "origdate", "origyear", "eventtitle", "venue",
         "version", "supplement", "cvgen_csl_type", "cvgen_versions"}
# The fields read as plain text, each kept as written somewhere in the publication (or named in a note).
_PLAIN_FIELDS = ("journal", "booktitle", "howpublished", "abbr", "publisher", "school", "institution", "organization",
                 "series", "volume", "number", "issue", "pages", "edition", "isbn", "type", "address", "location",
                 "shortjournal", "eventtitle", "venue", "version", "supplement", "pmid", "pmcid")
_VERBATIM = {"url", "html", "website", "pdf", "code", "doi", "eprint", "arxiv", "cvgen_versions"}
ET_AL = "et al."
# al-folio's marks after an author's name, as decoded: `Li*`, `Li$^*$`, `Yi\dag`, `Yi$^{*,\dagger}$`
_MARKED = re.compile(r"\^?[*∗†‡§¶‖][*∗†‡§¶‖^,]*$")
_MARKS = {"*": "equal_contribution", "∗": "equal_contribution", "†": "corresponding"}


@dataclass
class Imported:
    """What a .bib gave: publications as cv.yaml entries, entries it could not read, and remarks."""

    publications: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)  # DOI, arXiv id, title → the key of the paper with it

    def add(self, publication: dict[str, Any], where: str) -> None:
        """A paper read from the file, unless the file had it already (same DOI, arXiv id or title)."""
        duplicate = next((self.seen[k] for k in identities(publication) if k in self.seen), None)
        if duplicate:
            self.remarks.append(f"{where}: the same paper as {duplicate} earlier in the file; imported once")
            return
        self.seen.update((k, publication["key"]) for k in identities(publication))
        self.publications.append(publication)

    def finish(self) -> None:
        """One spelling per person, and a key no other paper has."""
        _consistent_names(self.publications, self.remarks)
        unique_keys(self.publications, set())


def read_bibtex(path: Path, owner: list[str] | None = None) -> Imported:
    """Parse a .bib file into publication entries. `owner`: spellings of the owner's name, to unify them.

    What BibTeX reads is read: an entry is refused only for what BibTeX refuses too (unbalanced braces, fields
    not written `name = value`, a key used twice), or for lacking what a publication needs (title, authors, year)."""
    import bibtexparser
    from bibtexparser import middlewares
    from bibtexparser.model import DuplicateBlockKeyBlock

    text = read_source(path)
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # failures are reported below, with lines
    result = Imported()
    # bibtexparser takes a `}`, `"` or line break right after a backslash for an escaped one, even after `\\`
    # (a LaTeX line break): `{Poem\\}` would never close, and a `\\` at a line's end would shift every line
    # number after it. BibTeX counts braces whatever comes before them, so `\\` is hidden while splitting.
    if _BACKSLASHES not in text:
        text = text.replace("\\\\", _BACKSLASHES)
    undefined: dict[str, str] = {}  # entry key → its undefined macro
    library = bibtexparser.parse_string(text, parse_stack=[
        _keep_first_field(result.remarks), _resolve_macros(undefined),
        middlewares.RemoveEnclosingMiddleware(True), middlewares.MonthIntMiddleware(True),
        middlewares.SeparateCoAuthors()])
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1  # bibtexparser counts from 0
        kind = (block.raw or "").lstrip().split("{", 1)[0].split("(", 1)[0] or "entry"
        if isinstance(block, DuplicateBlockKeyBlock):
            reason = "this key was already used earlier in the file"
        elif "Expected" in getattr(block.error, "abort_reason", ""):
            reason = "its fields must be written `name = {value}` and separated by commas"
        else:
            reason = "unbalanced braces or quotes"
        result.skipped.append(Problem(str(path), line, 1, "", f"cannot read this {kind}: {reason}"))
    decoder = _decoder()
    for entry in library.entries:
        if entry.key in undefined:
            result.skipped.append(Problem(str(path), (entry.start_line or 0) + 1, 1, entry.key, undefined[entry.key]))
            continue
        try:
            publication = _publication(entry, decoder, owner or [], result.remarks)
            Publication.model_validate(publication)
        except _Unusable as error:
            result.skipped.append(Problem(str(path), (entry.start_line or 0) + 1, 1, entry.key, str(error)))
            continue
        except ValidationError as error:  # a value cv.yaml would refuse (an ISBN with a wrong check digit)
            first = error.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"])
            result.skipped.append(Problem(str(path), (entry.start_line or 0) + 1, 1, entry.key,
                                          f"{where}: {first['msg'].removeprefix('Value error, ')}"))
            continue
        result.add(publication, entry.key)
    result.finish()
    result.skipped.sort(key=lambda problem: problem.line)
    return result


def _consistent_names(publications: list[dict[str, Any]], remarks: list[str]) -> None:
    """A name written with initials in one entry ("L. Brandt") and in full in others ("Lena Brandt") is
    written in full everywhere, when the file has one full form for it: a person is one name in the CV."""
    from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

    def parts(name: str) -> tuple[tuple[str, str], bool] | None:
        try:
            split = parse_single_name_into_parts(name)
        except InvalidNameError:
            return None
        given = " ".join(split.first).replace(".", ". ").split()
        if not given or not split.last:
            return None
        initials = all(len(word.rstrip(".")) == 1 for word in given)
        return (given[0][0].casefold(), " ".join([*split.von, *split.last]).casefold()), initials

    full: dict[tuple[str, str], set[str]] = {}
    names = {name for paper in publications for name in paper.get("authors", []) if isinstance(name, str)}
    for name in names:
        found = parts(name)
        if found and not found[1]:
            full.setdefault(found[0], set()).add(name)
    renamed = {}
    for name in sorted(names):
        found = parts(name)
        if found and found[1] and len(full.get(found[0], ())) == 1:
            renamed[name] = next(iter(full[found[0]]))
            remarks.append(f"{name!r} is written {renamed[name]!r}, as elsewhere in the file")
    for paper in publications:
        for field_name in ("authors", "equal_contribution", "corresponding"):
            if field_name in paper:
                kept: list[Any] = []  # a name given as parts (a mapping) is kept as it is
                for name in (renamed.get(name, name) if isinstance(name, str) else name for name in paper[field_name]):
                    if name not in kept:
                        kept.append(name)
                paper[field_name] = kept


class _Unusable(Exception):
    """An entry that parsed but lacks what a publication needs (title, authors, year)."""


_BACKSLASHES = "\0\0"  # stands for `\\` while bibtexparser splits the file: as long, and no backslash


def _unhide(value: Any) -> Any:
    """A field's value with its `\\` back (a name list: each name)."""
    if isinstance(value, list):
        return [_unhide(item) for item in value]
    return value.replace(_BACKSLASHES, "\\\\") if isinstance(value, str) else value


def _keep_first_field(remarks: list[str]):
    """A bibtexparser middleware for a field given twice in an entry: BibTeX warns and keeps the first; so does it.

    bibtexparser sets such an entry aside as a DuplicateFieldKeyBlock (a failed block) that holds the whole entry;
    the middleware puts the entry back with each field's first value. Field names are compared ignoring case, as
    BibTeX does (bibtexparser would not notice `Year` after `year`)."""
    from bibtexparser.middlewares.middleware import BlockMiddleware
    from bibtexparser.model import DuplicateFieldKeyBlock

    class KeepFirstField(BlockMiddleware):
        def transform_failed_block(self, block, library):
            if isinstance(block, DuplicateFieldKeyBlock):
                return self.transform_entry(block.ignore_error_block, library)
            return block

        def transform_entry(self, entry, library):
            first: dict[str, Any] = {}
            for item in entry.fields:
                name = item.key.lower()
                if name in first:
                    remarks.append(f"{entry.key}: field {name!r} is given twice (lines {first[name].start_line + 1} "
                                   f"and {item.start_line + 1}); the first is kept, as BibTeX does")
                else:
                    first[name] = item
            entry.fields = list(first.values())
            return entry

    return KeepFirstField(allow_inplace_modification=True)


# The macros BibTeX's standard styles define: the months, as their names.
_MONTH_MACROS = {datetime.date(2000, number, 1).strftime("%b").lower(): datetime.date(2000, number, 1).strftime("%B")
                 for number in range(1, 13)}


class _Undefined(Exception):
    def __init__(self, name: str):
        self.name = name


def _resolve_macros(undefined: dict[str, str]):
    """A bibtexparser middleware that resolves a field's value as BibTeX does: `@string` macros and the month
    macros by name (case-insensitively), and `#` concatenation of quoted, braced, numeric and macro parts
    (`ieee # " Trans. on " # {Robotics}`). An undefined macro makes its entry unreadable, as BibTeX reports it;
    a month that is no macro (`month = sept`) stays text, for the month rule to read or name."""
    from bibtexparser.middlewares.middleware import LibraryMiddleware

    class ResolveMacros(LibraryMiddleware):
        def transform(self, library):
            strings: dict[str, str] = {}
            for key, string in library.strings_dict.items():  # in file order: a string may use earlier ones
                try:
                    strings[key.lower()] = _concatenated(string.value, strings)
                except _Undefined:
                    strings[key.lower()] = string.value
            for entry in library.entries:
                for item in entry.fields:
                    if not isinstance(item.value, str):
                        continue
                    try:
                        item.value = _concatenated(item.value, strings)
                    except _Undefined as error:
                        if item.key.lower() != "month":
                            undefined.setdefault(entry.key, f"{item.key}: undefined macro {error.name!r} (define "
                                                            "it with @string, or write the text in braces)")
            return library

    return ResolveMacros(allow_inplace_modification=True)


def _concatenated(value: str, strings: dict[str, str]) -> str:
    """The value of a field as BibTeX reads it, enclosed in braces (for RemoveEnclosingMiddleware)."""
    parts, depth, quoted, start = [], 0, False, 0
    for position, character in enumerate(value):
        if character == "{":
            depth += 1
        elif character == "}":
            depth -= 1
        elif character == '"' and depth == 0:
            quoted = not quoted
        elif character == "#" and depth == 0 and not quoted:
            parts.append(value[start:position].strip())
            start = position + 1
    parts.append(value[start:].strip())
    if len(parts) == 1 and (value[:1] in '{"' or value.strip().isdigit()):
        return value  # the common case: one braced, quoted or numeric value
    texts = []
    for part in parts:
        if part[:1] in '{"' and part[-1:] == ("}" if part[0] == "{" else '"'):
            texts.append(part[1:-1])
        elif part.isdigit():
            texts.append(part)
        elif part.lower() in strings:
            resolved = strings[part.lower()]
            texts.append(resolved[1:-1] if resolved[:1] in '{"' else resolved)
        elif part.lower() in _MONTH_MACROS:
            texts.append(_MONTH_MACROS[part.lower()])
        else:
            raise _Undefined(part)
    return "{" + "".join(texts) + "}"


def _month(value: Any) -> int | None:
    """A month as a number: 1..12, or a month's English name or abbreviation (`sept`, `Sept.`)."""
    if isinstance(value, int):
        return value if 1 <= value <= 12 else None
    word = str(value).strip().rstrip(".").lower()
    if len(word) >= 3:
        for number in range(1, 13):
            if datetime.date(2000, number, 1).strftime("%B").lower().startswith(word):
                return number
    return None


def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, SpecialsTextSpec, get_default_latex_context_db

    logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)
    context = get_default_latex_context_db()
    # \ell is 'l' because the CV fonts have no ℓ; ^ and ~ written for BibTeX's sake are the characters again;
    # \ddag is ‡ (pylatexenc drops it); a bare & ('Methuen & Co', which BibTeX passes on) is the character.
    context.add_context_category("cvgen", prepend=True, macros=[
        MacroTextSpec("textasciicircum", "^"), MacroTextSpec("textasciitilde", "~"), MacroTextSpec("ell", "l"),
        MacroTextSpec("ddag", "‡"), MacroTextSpec("ddagger", "‡")], specials=[SpecialsTextSpec("&", "&")])
    converter = LatexNodes2Text(math_mode="text", latex_context=context)

    def decode(value: str) -> str:
        return " ".join(converter.latex_to_text(value).split())

    return decode


def _publication(entry, decode, owner: list[str], remarks: list[str]) -> dict[str, Any]:
    fields = {name.lower(): _unhide(item.value) for name, item in entry.fields_dict.items()}

    def text(name: str) -> str:
        value = fields.get(name)
        if not isinstance(value, str):
            return ""
        if name in _VERBATIM:  # addresses are not LaTeX: only the escapes written for BibTeX's sake are undone
            return re.sub(r"\\([%&#_$~])", r"\1", value).strip()
        return decode(value)

    title = text("title")
    if not title:
        raise _Unusable("has no title")
    names = fields.get("author") or fields.get("editor")
    if not names:
        raise _Unusable("has no author")
    authors: list[str] = []
    marked: dict[str, list[str]] = {"equal_contribution": [], "corresponding": []}
    for parts in _people(names, entry.key, remarks):
        name, marks = _name(parts, decode)
        authors.append(_unify(name, owner))
        for mark in marks:
            if mark in _MARKS:
                marked[_MARKS[mark]].append(authors[-1])
            else:
                remarks.append(f"{entry.key}: the mark {mark!r} after {name} is left out: cv.yaml has only * "
                               f"(equal contribution) and † (corresponding author)")
    if owner and owner[0] not in authors:  # aggregators mix up people of the same name
        remarks.append(f"{entry.key}: {owner[0]} is not among its authors; check that it is yours")
    year_match = re.search(r"\d{4}", text("year") or text("date"))
    if not year_match:
        raise _Unusable("has no year")
    if text("year") and text("year") != year_match.group():  # `2019--2020`, `2019a`: cv.yaml has one year
        remarks.append(f"{entry.key}: year {text('year')!r} is kept as {year_match.group()}")
    links = _links(fields, text, entry.key, remarks)
    entry_type = entry.entry_type.lower()
    container = text("journal") or text("booktitle")
    pubstate = text("pubstate").lower()
    note = text("note")
    # A preprint server by its name as written (bioRxiv, SSRN, CoRR): "arXiv preprint arXiv:2501.18980" is arXiv.
    server = next((found.group() if found.group().lower() != "preprint" else value
                   for value in (container, text("howpublished"), text("publisher"))
                   if (found := _PREPRINT_SERVERS.search(value))), "")
    status: Status = "published"
    if pubstate in {"submitted", "underreview", "under review"} or re.search(r"under review|submitted", note, re.I):
        status = "under-review"
    typed = text("cvgen_type") in _ENTRY_TYPES  # cvgen's export says the type: nothing to infer
    kind = text("cvgen_type") if typed else _TYPES.get(entry_type, "other")
    said = any(re.fullmatch(r"\s*preprint\s*", part, re.I) for part in note.split(";"))  # Zotero's note
    if status == "published" and (pubstate in {"prepublished", "preprint"} or not typed and (server or said or (
            not container and links.get("arxiv") and kind in ("article", "other")))):
        status = "preprint"
    if status == "preprint" and kind in ("article", "other") and not typed:
        kind = "preprint"
    elif kind == "conference" and "workshop" in container.lower():
        kind = "workshop"
    # The server's name as written (bioRxiv, SSRN, CoRR): a preprint's venue; arXiv when only its id says so.
    howpublished = text("howpublished") if not re.match(r"https?://|\\url", text("howpublished")) else ""
    venue = text("abbr") or server or container or howpublished or (
        "arXiv" if kind == "preprint" and links.get("arxiv") else "")
    if kind in ("book", "thesis", "report") and not text("booktitle"):
        venue = text("series")
        if container and container != venue:  # a @book's journal: BibTeX's styles print none either
            field_name = "journal" if text("journal") else "booktitle"
            remarks.append(f"{entry.key}: {field_name} {container!r} has no place in a {kind}; left out")
    publisher = text("publisher") or text("school") or text("institution") or text("organization")
    if not venue and kind in ("article", "conference", "workshop", "chapter"):  # BibTeX only warns
        remarks.append(f"{entry.key}: has no journal, booktitle or other venue; imported as 'other' until you "
                       f"write one")
        kind = "other"
    publication: dict[str, Any] = {"key": _key(entry.key), "authors": authors, "title": title}
    if venue:
        publication["venue"] = venue
    publication["year"] = int(year_match.group())
    genre = text("type") or ("Master's thesis" if entry_type == "mastersthesis" else "")
    details = {"volume": text("volume"), ("number" if kind == "report" else "issue"): text("number") or text("issue"),
               "pages": text("pages"), "publisher": publisher if publisher != venue else "",
               "editors": [_unify(editor, []) for editor in _editors(fields, entry.key, decode, remarks)],
               "edition": text("edition"), "isbn": text("isbn"), "genre": genre,
               # what reference managers add (biblatex's names where BibTeX has none)
               "publisher_place": text("address") or text("location"), "language": _language(text("langid")
                                                                                              or text("language")),
               "translators": [_name(parts, decode)[0] for parts in _people(fields["translator"], entry.key, remarks)]
               if fields.get("translator") else [],
               "venue_short": text("shortjournal"), "event": text("eventtitle"), "event_place": text("venue"),
               "version": text("version"), "supplement": text("supplement"),
               "pmid": text("pmid") if text("pmid").isdigit() else "",
               "pmcid": text("pmcid") if re.fullmatch(r"PMC\d+", text("pmcid")) else "",
               "original_year": int(found.group()) if (found := re.search(r"\d{4}", text("origdate")
                                                                          or text("origyear"))) else None}
    for name, kept in (("langid", details["language"]), ("language", details["language"]), ("pmid", details["pmid"]),
                       ("pmcid", details["pmcid"])):  # what these fields hold when it is not what cv.yaml reads
        if text(name) and not kept:
            remarks.append(f"{entry.key}: {name} {text(name)!r} is not one cv.yaml reads; left out")
    publication.update({name: value for name, value in details.items() if value})
    if Publication.model_construct(**publication, status=status).kind != kind:  # only what inference gets wrong
        publication["type"] = kind
    if text("cvgen_csl_type") in CSL_TYPES and CSL_TYPES[text("cvgen_csl_type")] == kind:  # written by cvgen
        publication["type"] = text("cvgen_csl_type")
    unused = sorted(set(fields) - _READ)
    if text("abbr") and container and container != venue:  # al-folio's short name is the venue
        unused.insert(0, f"{'journal' if text('journal') else 'booktitle'} {container!r}")
    if unused:
        remarks.append(f"{entry.key}: has no place in cv.yaml for {', '.join(unused)}")
    month = fields.get("month")
    if month not in (None, "") and _month(month) is None:
        remarks.append(f"{entry.key}: month {month!r} is not a month; left out")
    elif month not in (None, ""):
        publication["month"] = _month(month)
    if status != "published":
        publication["status"] = status
    notes = [part.strip() for part in note.split(";") if part.strip() and not _STATUS_NOTE.search(part)]
    notes += [text("award_name")] if text("award_name") else []
    if notes:
        publication["notes"] = notes
    for name in ("equal_contribution", "corresponding"):  # cvgen's own fields, then al-folio's marks
        listed = [_unify(" ".join(part.strip() for part in decode(person).split()), owner)
                  for person in re.split(r"\s+and\s+", fields.get(name, "")) if person.strip()]
        listed = [person for person in dict.fromkeys(listed + marked[name]) if person in authors]
        if listed:
            publication[name] = listed
    if links:
        publication["links"] = links
    if text("selected").lower() in _TRUE:
        publication["highlight"] = True
    tags = [tag.strip().replace(" ", "-") for tag in re.split(r"[,;]", text("keywords")) if tag.strip()]
    refused = [tag for tag in tags if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.+-]*", tag)]
    if refused:
        remarks.append(f"{entry.key}: keywords {', '.join(map(repr, refused))} are not tags cv.yaml takes (ASCII "
                       "letters, digits, . _ + -); left out")
    tags = [tag for tag in tags if tag not in refused]
    if tags:
        publication["tags"] = tags
    if re.fullmatch(r"-?\d+", text("cvgen_priority")) and int(text("cvgen_priority")):
        publication["priority"] = int(text("cvgen_priority"))
    if text("cvgen_keep").lower() in _TRUE:
        publication["keep"] = True
    try:  # the texts given in several languages, as cvgen's export wrote them
        given = json.loads(text("cvgen_versions") or "{}")
    except ValueError:
        given = None
    if isinstance(given, dict):
        publication.update(given)
    else:
        remarks.append(f"{entry.key}: cvgen_versions is not cvgen's; left out")
    kept = " | ".join(str(value) for value in publication.values())
    for name in _PLAIN_FIELDS:  # read, but an entry of this type has no room for it (a journal and a booktitle)
        value = text(name)
        if value and value not in kept and not any(remark.startswith(f"{entry.key}: ") and f"{name} {value!r}" in remark
                                                   for remark in remarks):
            remarks.append(f"{entry.key}: {name} {value!r} has no place in cv.yaml beside the rest; left out")
    return publication


def _editors(fields: dict[str, Any], key: str, decode, remarks: list[str]) -> list[str]:
    """The editors of a book or proceedings (when the entry has authors too: else they are its authors)."""
    if not fields.get("author") or not fields.get("editor"):
        return []
    return [_name(parts, decode)[0] for parts in _people(fields["editor"], key, remarks)]


def _people(names: list[str], key: str, remarks: list[str]):
    """An author list's names as NameParts, BibTeX's way.

    A name with more commas than 'von Last, Jr, First' has, or one ending in a comma, is still read, as BibTeX
    reads it (it complains only when a style prints the name); 'A. Li, E. Brown, and K. Yi', names separated
    by commas instead of 'and', is read as the names it lists."""
    from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

    people = []
    for name in names:
        try:
            people.append(parse_single_name_into_parts(name))
            continue
        except InvalidNameError as error:
            reason = error.reason.lower()  # too many commas, or one at the end
        pieces = [piece.strip() for piece in re.split(r",(?![^{]*})", name) if piece.strip()]
        if len(pieces) > 1 and all(len(piece.split()) > 1 for piece in pieces):
            people += [parse_single_name_into_parts(piece, strict=False) for piece in pieces]
            remarks.append(f"{key}: {name!r} separates names with commas; read as {len(pieces)} authors "
                           f"(BibTeX wants 'and' between them)")
        else:
            people.append(parse_single_name_into_parts(name, strict=False))
            remarks.append(f"{key}: author {name!r}: {reason}; check how it was read")
    return people


def _name(parts, decode) -> tuple[Any, list[str]]:
    """NameParts → 'First von Last, Jr' and the marks after it (al-folio's `Li*`, `Yi$^\\dagger$`), accents decoded;
    a braced corporate name stays whole."""
    if parts.last == ["others"] and not parts.first:
        return ET_AL, []
    marks: list[str] = []

    def words(part: list[str]) -> str:
        kept = []
        for word in (decode(word) for word in part):
            found = _MARKED.search(word)
            if found:
                marks.extend(mark for mark in found.group() if mark not in "^,")
                word = word[:found.start()]
            if word:
                kept.append(word)
        return " ".join(kept)

    first, von, last, jr = (words(part) for part in (parts.first, parts.von, parts.last, parts.jr))
    if len(parts.last) == 1 and parts.last[0].startswith("{") and not (first or von or jr):
        return written(from_parts({"literal": last})), marks
    # written so that cv.yaml splits it into the same parts: "Di Carli, Marcelo F." when BibTeX said so
    return written(from_parts({"given": first, "particle": von, "family": last, "suffix": jr})), marks


# biblatex's langid names as BCP 47 codes (the common ones); a code already is one.
_LANGIDS = {"english": "en", "american": "en-US", "british": "en-GB", "french": "fr", "german": "de", "ngerman": "de",
            "spanish": "es", "italian": "it", "dutch": "nl", "portuguese": "pt", "polish": "pl", "russian": "ru",
            "turkish": "tr", "japanese": "ja", "chinese": "zh", "korean": "ko"}


def _language(value: str) -> str:
    code = _LANGIDS.get(value.strip().lower(), value.strip())
    return code if re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", code) else ""


def _unify(name: Any, owner: list[str]) -> Any:
    """Write the owner the way the profile does: 'K. Yi', 'kai yi' and 'K Yi' become 'Kai Yi'.

    A spelling the PDFs would bold (the same comparison) is the owner; so is an initial for the first name."""
    if isinstance(name, dict):  # given as parts
        return owner[0] if owner and any(normalise_name(from_parts(name)) == normalise_name(spelling)
                                         for spelling in owner) else name
    if any(normalise_name(name) == normalise_name(spelling) for spelling in owner):
        return owner[0]
    if owner:
        words, main = normalise_name(name).split(), normalise_name(owner[0]).split()
        if len(words) >= 2 and len(main) >= 2 and words[-1] == main[-1] and words[0][0] == main[0][0] \
                and (len(words[0]) == 1 or words[0] == main[0]):
            return owner[0]
    return name


def _plain(text: str) -> str:
    """Lower case, no accents, no punctuation: the form titles and names are compared in."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


def _links(fields: dict[str, Any], text, key: str, remarks: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    arxiv = text("arxiv") or (text("eprint") if text("archiveprefix").lower() in {"arxiv", ""} else "")
    for source in (arxiv, text("journal"), text("url"), text("note")):
        match = _ARXIV_ID.search(source or "")
        if match and (source is arxiv or "arxiv" in source.lower()):
            found["arxiv"] = match.group(1)
            break
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", text("doi"), flags=re.I)
    if doi:
        found["doi"] = doi
    for ours, theirs in (("pdf", ("pdf",)), ("code", ("code",)), ("url", ("html", "website", "url"))):
        for name in theirs:
            value = text(name)
            if not value or (name == "url" and re.search(r"arxiv\.org/abs/|doi\.org/", value)):
                continue
            if re.match(r"https?://", value):
                found[ours] = value
                break
            remarks.append(f"{key}: {name} {value!r} is not a web address (http...); left out")
    for name, value in list(found.items()):
        try:
            Links.model_validate({name: value})
        except ValidationError:
            remarks.append(f"{key}: {name} {value!r} is not a valid {name}; left out")
            del found[name]
    return found


def _key(bib_key: str) -> str:
    key = re.sub(r"[^A-Za-z0-9_.:-]+", "-", bib_key).strip("-._:")
    return key or "paper"


def unique_keys(publications: list[dict[str, Any]], taken: set[str]) -> None:
    """Give every imported paper a key no other paper has: pv-tuning, pv-tuning-2..."""
    for publication in publications:
        key, number = publication["key"], 2
        while key in taken:
            key, number = f"{publication['key']}-{number}", number + 1
        publication["key"] = key
        taken.add(key)


def identities(publication: dict[str, Any]) -> list[str]:
    """What makes two entries the same paper: DOI, arXiv id (without version), then the title."""
    links = publication.get("links") or {}
    found = []
    if links.get("doi"):
        found.append("doi:" + links["doi"].lower())
    if links.get("arxiv"):
        found.append("arxiv:" + re.sub(r"v\d+$", "", links["arxiv"]))
    title = publication["title"]  # a title in several languages: its first version
    found.append("title:" + _plain(next(iter(title.values())) if isinstance(title, dict) else title).replace(" ", ""))
    return found


# ---------------------------------------------------------------------------------------------- export


def write_bibtex(profile) -> str:
    """Every publication as a BibTeX entry that bibtex and biber accept, in the profile's order."""
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)
    from pylatexenc.latexencode import RULE_DICT, UnicodeToLatexConversionRule, get_builtin_conversion_rules

    keep_ligatures = UnicodeToLatexConversionRule(RULE_DICT, {code: chr(code) for code in range(0xFB00, 0xFB07)})
    encoder = UnicodeToLatexEncoder(conversion_rules=[keep_ligatures, *get_builtin_conversion_rules("defaults")],
                                    non_ascii_only=False, replacement_latex_protection="braces-all",
                                    unknown_char_policy="keep")

    def encode(value: str) -> str:
        return encoder.unicode_to_latex(value)

    entries = [f"% {len(profile.publications)} publications of {profile.owner.name}, written by cvgen.\n"]
    for paper in profile.publications:
        fields: list[tuple[str, str]] = []
        fields.append(("author", " and ".join(_bib_name(name, encode) for name in paper.authors)))
        fields.append(("title", "{" + encode(paper.title) + "}"))  # braced twice: styles keep its capitals
        kind, place = _ENTRY_TYPES[paper.kind]
        if paper.kind == "thesis" and re.search(r"master", paper.genre or "", re.I):
            kind = "mastersthesis"
        if paper.kind in ("thesis", "report") and not paper.publisher:  # BibTeX needs the school or institution
            kind = "misc"
        # A paper the import would take for a preprint (an arXiv id, a preprint server's name) says it is not one.
        taken_for_preprint = paper.kind != "preprint" and (any(
            _PREPRINT_SERVERS.search(value or "") for value in (paper.venue, paper.publisher)) or bool(
            paper.links.arxiv and _TYPES.get(kind) in ("article", "other")
            and not (paper.venue and place in ("journal", "booktitle"))))
        if _TYPES.get(kind) != paper.kind or taken_for_preprint:  # @misc for a report...: the type in a field
            fields.append(("cvgen_type", paper.kind))
        if paper.type and paper.type not in _ENTRY_TYPES:  # a CSL type (review, entry-encyclopedia...) too
            fields.append(("cvgen_csl_type", paper.type))
        if paper.venue:
            fields.append((place, encode(paper.venue)))
        people = " and ".join(_bib_name(name, encode) for name in paper.editors)
        issuer = {"thesis": "school", "report": "institution"}.get(paper.kind, "publisher")
        for name, value in (("editor", people), ("volume", paper.volume),
                            ("number", paper.number if paper.kind == "report" else paper.issue),
                            ("pages", (paper.pages or "").replace("–", "--")), (issuer, paper.publisher),
                            ("edition", paper.edition), ("isbn", paper.isbn), ("type", paper.genre),
                            ("translator", " and ".join(_bib_name(name, encode) for name in paper.translators)),
                            ("address", paper.publisher_place), ("langid", paper.language),
                            ("shortjournal", paper.venue_short), ("eventtitle", paper.event),
                            ("venue", paper.event_place), ("version", paper.version),
                            ("supplement", paper.supplement), ("pmid", paper.pmid), ("pmcid", paper.pmcid),
                            ("origdate", str(paper.original_year) if paper.original_year else None)):
            if value:
                fields.append((name, value if name in ("editor", "translator") else encode(value)))
        fields.append(("year", str(paper.year)))
        if paper.month:
            fields.append(("month", datetime.date(2000, paper.month, 1).strftime("%b").lower()))  # jan..dec macros
        if paper.status == "preprint":
            fields.append(("pubstate", "prepublished"))
        elif paper.status == "under-review":
            fields.append(("pubstate", "submitted"))
        if paper.notes:
            fields.append(("note", encode("; ".join(paper.notes))))
        links = paper.links
        if links.doi:
            fields.append(("doi", _address(links.doi)))
        if links.arxiv:
            fields += [("eprint", links.arxiv), ("archiveprefix", "arXiv"), ("arxiv", links.arxiv)]
        for name, value in (("url", links.url), ("pdf", links.pdf), ("code", links.code)):
            if value:
                fields.append((name, _address(value)))
        if paper.highlight:
            fields.append(("selected", "true"))
        if paper.tags:
            fields.append(("keywords", ", ".join(paper.tags)))
        for name in ("equal_contribution", "corresponding"):
            if getattr(paper, name):
                fields.append((name, " and ".join(_bib_name(person, encode) for person in getattr(paper, name))))
        if paper.priority:
            fields.append(("cvgen_priority", str(paper.priority)))
        if paper.keep:
            fields.append(("cvgen_keep", "true"))
        if versions(paper):  # text in several languages: BibTeX has one text per field
            fields.append(("cvgen_versions", _safe_json(versions(paper))))
        width = max(len(name) for name, _ in fields)
        body = ",\n".join(f"  {name:<{width}} = {value if name == 'month' else '{' + value + '}'}"
                          for name, value in fields)
        entries.append(f"@{kind}{{{paper.key},\n{body}\n}}\n")
    return "\n".join(entries)


def _safe_json(data: Any) -> str:
    """JSON whose strings keep only ASCII letters, digits and spaces, every other character as a \\u escape: no
    brace, %, backslash sequence or non-ASCII letter that BibTeX, biber or the import's decoding would read."""
    def plain(match: re.Match) -> str:
        text = json.loads(match.group())
        units = text.encode("utf-16-be")
        escaped = "".join(chr(code) if chr(code).isascii() and (chr(code).isalnum() or chr(code) == " ")
                          else f"\\u{code:04x}" for code in (int.from_bytes(units[i:i + 2], "big")
                                                                 for i in range(0, len(units), 2)))
        return f'"{escaped}"'
    return re.sub(r'"(?:[^"\\]|\\.)*"', plain, json.dumps(data, ensure_ascii=True, separators=(",", ":")))


def _address(value: str) -> str:
    """A URL or DOI as a .bib field: `%` would start a comment in the .bbl; unbalanced braces break the file."""
    value = value.replace("%", r"\%")
    depth = 0
    for character in value:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            break
    return value if depth == 0 else value.replace("{", "%7B").replace("}", "%7D")


# cvgen's types as BibTeX entry types, with the field their venue goes in.
_ENTRY_TYPES = {"article": ("article", "journal"), "conference": ("inproceedings", "booktitle"),
                "workshop": ("inproceedings", "booktitle"), "chapter": ("incollection", "booktitle"),
                "book": ("book", "series"), "thesis": ("phdthesis", "series"), "report": ("techreport", "series"),
                "preprint": ("misc", "howpublished"), "software": ("misc", "howpublished"),
                "dataset": ("misc", "howpublished"), "other": ("misc", "howpublished")}


def _bib_name(name: str, encode) -> str:
    """A profile name as BibTeX reads it back, from its parts: 'Martin Luther King, Jr' → 'King, Jr, Martin Luther'."""
    if name == ET_AL:
        return "others"
    return name_in_bibtex(name, encode)
