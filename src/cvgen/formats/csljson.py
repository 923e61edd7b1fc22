"""CSL-JSON in and out: what Zotero, Mendeley and Paperpile export (and citeproc reads) ↔ the profile's publications.

A CSL item's type, container, volume, issue, pages, publisher, editors, edition, ISBN, number, genre, DOI and URL
have their fields in cv.yaml; the place of publication, the abstract and the other CSL variables have none and are
named in notes. What cvgen has and CSL lacks (highlight, notes, equal contribution, code links...) travels in the
item's `custom` object (CSL-JSON 1.0.2's place for it), which the import reads back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from cvgen.document import csl
from cvgen.errors import UsageError
from cvgen.formats import read_json, versions
from cvgen.formats.bibtex import Imported, _key, _plain, _unify
from cvgen.profile import names
from cvgen.profile.model import ARXIV, CSL_TYPES, SHORT_TYPES, Isbn, Links

# CSL types → the type cv.yaml writes: cvgen's short name where one means the same, else the CSL type.
TYPES = {**{csl_type: csl_type for csl_type in CSL_TYPES},
         **{csl_type: short for short, csl_type in SHORT_TYPES.items() if short != "workshop"}}
# CSL variables that hold what a cv.yaml publication holds (read by `_publication`).
_USED = {"id", "citation-key", "type", "title", "author", "editor", "translator", "container-title",
         "container-title-short", "event-title", "event", "event-place", "volume", "issue", "supplement-number", "page",
         "publisher", "publisher-place", "edition", "ISBN", "number", "genre", "issued", "original-date", "DOI", "URL",
         "PMID", "PMCID", "language", "version", "keyword", "note", "status", "custom"}
_CUSTOM = ("highlight", "notes", "equal_contribution", "corresponding", "status", "code", "pdf", "tags",
           "priority", "keep", "venue", "type")


def read_csljson(path: Path, owner: list[str] | None = None) -> Imported:
    """The items of a CSL-JSON file as cv.yaml publications; `owner`: spellings of the owner's name, to unify."""
    items = read_json(path)
    if isinstance(items, dict) and isinstance(items.get("items"), list):  # some tools wrap the list
        items = items["items"]
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise UsageError(f"{path}: expected CSL-JSON: a list of items (objects with type, title, author, issued...)")
    result = Imported()
    for index, item in enumerate(items):
        where = f"[{index}] {item.get('id') or item.get('title') or ''}".rstrip()
        _odd_values(item, where, result.remarks)
        try:
            publication = _publication(item, owner or [], where, result.remarks)
        except ValueError as error:
            result.remarks.append(f"{where}: {error}; left out")
            continue
        result.add(publication, where)
    result.finish()
    return result


_STRUCTURED = {"author", "editor", "translator", "issued", "original-date", "custom", "keyword"}  # the fields read that are not one text


def _odd_values(item: dict[str, Any], where: str, remarks: list[str]) -> None:
    """A note for what the mapping cannot keep of a field that should be one text or number: the values after the
    first of a list (`"ISBN": ["…", "…"]`), and a value that is an object or true/false (`"volume": {…}`)."""
    for key in sorted(set(item) & _USED - _STRUCTURED):
        value = item[key]
        scalar = isinstance(value, (str, int, float)) and not isinstance(value, bool)
        if isinstance(value, list) and value and all(isinstance(part, (str, int, float)) for part in value):
            if len(value) > 1:
                rest = ", ".join(json.dumps(part, ensure_ascii=False) for part in value[1:])
                remarks.append(f"{where}: {key} has {len(value)} values; the first is kept, {rest} left out")
        elif not scalar and value is not None:
            remarks.append(f"{where}: {key} {json.dumps(value, ensure_ascii=False)} is not a text or a number; "
                           "left out")


def _text(value: Any) -> str:
    if isinstance(value, list):  # some exporters write a list of strings (ISBNs, titles)
        value = value[0] if value else ""
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _names(people: Any, where: str, remarks: list[str]) -> list[Any]:
    """The names as cv.yaml writes them, keeping the parts CSL gave (a string that splits into the same parts,
    else the parts)."""
    found: list[Any] = []
    for person in people if isinstance(people, list) else []:
        if not isinstance(person, dict):
            if _text(person):  # CSL wants {family, given}; a plain string is still a name
                found.append(_text(person))
            continue
        parts = names.from_csl(person)
        if parts.get("literal"):
            parts = {"literal": parts["literal"]}
        elif not parts.get("family") and parts.get("given"):  # a name in one part: printed as it is
            parts = {"literal": parts["given"]}
        name = names.from_parts(parts)
        if name:
            found.append(names.written(name))
        for key in set(person) - {*names.CSL.values(), "parse-names", "sequence"}:
            remarks.append(f"{where}: {key} {_text(person[key])!r} of {name} has no place in cv.yaml; left out")
    return found


def _publication(item: dict[str, Any], owner: list[str], where: str, remarks: list[str]) -> dict[str, Any]:
    title = _text(item.get("title"))
    if not title:
        raise ValueError("has no title")
    authors = [_unify(name, owner) for name in _names(item.get("author"), where, remarks)]
    editors = _names(item.get("editor"), where, remarks)
    if not authors and not editors:  # an edited volume has editors only
        raise ValueError("has no author")
    if owner and owner[0] not in authors:
        remarks.append(f"{where}: {owner[0]} is not among its authors; check that it is yours")
    issued: dict[str, Any] = item["issued"] if isinstance(item.get("issued"), dict) else {}
    parts = issued.get("date-parts") or [[]]
    first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []
    year_text = str(first[0]) if first else _text(issued.get("raw") or issued.get("literal"))
    year = re.search(r"\d{4}", year_text)
    if not year:
        raise ValueError("has no year (issued)")
    custom: dict[str, Any] = item["custom"] if isinstance(item.get("custom"), dict) else {}
    ours = isinstance(custom.get("cvgen"), dict)  # written by cvgen's export
    own: dict[str, Any] = custom["cvgen"] if ours else {}
    csl_type = _text(item.get("type"))
    kind = TYPES.get(csl_type)
    if csl_type and not kind:
        remarks.append(f"{where}: CSL type {csl_type!r} is not one cv.yaml has; its type is 'other'")
    paper: dict[str, Any] = {"key": _item_key(item, authors, year.group(), title),
                             **({"authors": authors} if authors else {}), "title": title}
    if own.get("type") or not ours:  # a type cvgen infers stays inferred
        paper["type"] = own.get("type") or kind or "other"
    venue = _text(item.get("container-title"))
    event = _text(item.get("event-title")) or _text(item.get("event"))
    if not venue and csl_type in ("paper-conference", "speech"):
        venue = event
    links: dict[str, str] = {}
    for name, value in (("doi", re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", _text(item.get("DOI")), flags=re.I)),
                        ("url", _text(item.get("URL")))):
        arxiv = re.search(r"arxiv\.org/(?:abs|pdf)/" + ARXIV.pattern, value)
        doi = re.match(r"https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)$", value)
        if arxiv:
            links["arxiv"] = re.sub(r"v\d+$", "", arxiv.group(1))
        elif doi:
            links.setdefault("doi", doi.group(1))
        elif value:
            links.setdefault(name, value)
    number, note = _text(item.get("number")), str(item.get("note") or "")
    for source in (number, note, _text(item.get("publisher"))):  # Zotero: number 'arXiv:2405.14852', or in Extra
        found = re.search(r"arxiv[:\s]*" + ARXIV.pattern, source, re.I)
        if found and "arxiv" not in links:
            links["arxiv"] = re.sub(r"v\d+$", "", found.group(1))
    if number and re.fullmatch(r"arxiv[:\s]*" + ARXIV.pattern, number, re.I):
        number = ""
    publisher = _text(item.get("publisher"))
    if paper.get("type", kind) == "preprint":  # the server is the venue of a preprint: arXiv, bioRxiv...
        venue = own.get("venue") or venue or publisher or ("arXiv" if "arxiv" in links else "")
        publisher = "" if venue == publisher else publisher
    if len(first) > 1 and not (str(first[1]).isdigit() and 1 <= int(first[1]) <= 12):
        remarks.append(f"{where}: month {first[1]!r} of issued is not 1 to 12; left out")
    fields: tuple[tuple[str, Any], ...] = (("venue", own.get("venue") or venue), ("year", int(year.group())),
                        ("month", int(first[1]) if len(first) > 1 and str(first[1]).isdigit()
                         and 1 <= int(first[1]) <= 12 else None),
                        ("volume", _text(item.get("volume"))), ("issue", _text(item.get("issue"))),
                        ("pages", re.sub(r"(?<=\w)-{1,2}(?=\w)", "–", _text(item.get("page")))), ("publisher", publisher),
                        ("editors", editors), ("edition", _text(item.get("edition"))), ("number", number),
                        ("genre", _text(item.get("genre"))),
                        ("translators", _names(item.get("translator"), where, remarks)),
                        ("language", _text(item.get("language"))),
                        ("venue_short", _text(item.get("container-title-short"))),
                        ("event", event if event != venue else ""), ("event_place", _text(item.get("event-place"))),
                        ("publisher_place", _text(item.get("publisher-place"))),
                        ("supplement", _text(item.get("supplement-number"))), ("version", _text(item.get("version"))),
                        ("pmid", _text(item.get("PMID"))), ("pmcid", _text(item.get("PMCID"))),
                        ("original_year", _year(item.get("original-date"))))
    checks = {"language": r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", "pmid": r"\d{1,9}", "pmcid": r"PMC\d{1,9}"}
    for name, value in fields:
        if value and name in checks and not re.fullmatch(checks[name], str(value)):
            remarks.append(f"{where}: {name} {value!r} is not in the form cv.yaml expects; left out")
        elif value:
            paper[name] = value
    isbn = _text(item.get("ISBN")).split(" ")[0].split(",")[0]
    if isbn:
        try:
            paper["isbn"] = TypeAdapter(Isbn).validate_python(isbn)
        except ValidationError:
            remarks.append(f"{where}: ISBN {_text(item.get('ISBN'))!r} is not an ISBN; left out")
    status = _text(item.get("status")).lower()
    if own.get("status"):
        paper["status"] = own["status"]
    elif re.search(r"under review|submitted", status):
        paper["status"] = "under-review"
    elif status:
        remarks.append(f"{where}: status {status!r} has no place in cv.yaml; left out")
    if paper.get("type") == "preprint" and "status" not in paper and not ours:  # cvgen's export says its status
        paper["status"] = "preprint"
    links.update({name: own[name] for name in ("code", "pdf", "arxiv") if own.get(name)})
    for name, value in list(links.items()):
        try:
            Links.model_validate({name: value})
        except ValidationError:
            remarks.append(f"{where}: {name} {value!r} is not a valid {name}; left out")
            del links[name]
    if links:
        paper["links"] = links
    keywords = own.get("tags") or [re.sub(r"[^A-Za-z0-9_.+]+", "-", tag).strip("-") for tag in re.split(
        r"[,;]", _text(item.get("keyword"))) if tag.strip()]
    keywords = [tag for tag in keywords if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.+-]*", tag)]
    if keywords:
        paper["tags"] = keywords
    for name in ("notes", "equal_contribution", "corresponding", "highlight", "priority", "keep"):
        if own.get(name):
            paper[name] = own[name]
    if isinstance(own.get("versions"), dict):  # the texts given in several languages, as cvgen wrote them
        paper.update(own["versions"])
    rest = re.sub(r"(?im)^\s*(arxiv|citation key)\s*:.*$", "", note).strip()
    if rest and not ours:
        remarks.append(f"{where}: note {' '.join(rest.split())[:80]!r} has no place in cv.yaml; left out")
    for name in sorted(set(item) - _USED):
        if item[name] not in (None, "", [], {}):
            shown = json.dumps(item[name], ensure_ascii=False)
            remarks.append(f"{where}: {name} {shown if len(shown) <= 60 else shown[:57] + '…'} has no place in "
                           "cv.yaml; left out")
    return paper


def _year(date: Any) -> int | None:
    """The year of a CSL date ({date-parts: [[1751]]} or {raw: ...}), or None."""
    if not isinstance(date, dict):
        return None
    parts = date.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        found = re.fullmatch(r"-?\d{1,4}", str(parts[0][0]))
    else:
        found = re.search(r"\d{4}", _text(date.get("raw") or date.get("literal")))
    return int(found.group()) if found else None


def _item_key(item: dict[str, Any], authors: list[Any], year: str, title: str) -> str:
    """The item's citation key, or its id when it is one; else as Better BibTeX makes them: yi2024federated."""
    for name in ("citation-key", "id"):
        if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,39}", _text(item.get(name))):
            return _text(item.get(name))
    first = names.parts_of(authors[0]) if authors and isinstance(authors[0], str) else authors[0] if authors else {}
    family = _plain(first.get("family") or first.get("literal", "")).split()[-1:]
    words = [word for word in _plain(title).split() if len(word) > 3][:1]
    return _key("".join([*family, year, *words]))


# ---------------------------------------------------------------------------------------------- export


def to_csljson(profile) -> list[dict[str, Any]]:
    """Every publication as a CSL-JSON item, in the profile's order."""
    items = []
    for paper in profile.publications:
        item: dict[str, Any] = {"id": paper.key, "citation-key": paper.key,
                                **csl.item(paper, paper.csl_type)}
        if paper.authors:
            item["author"] = [csl.person(name) for name in paper.authors]
        if paper.links.arxiv and not paper.number:  # as Zotero writes it; beside a number, in `custom`
            item["number"] = f"arXiv:{paper.links.arxiv}"
        url = paper.links.url or (f"https://arxiv.org/abs/{paper.links.arxiv}" if paper.links.arxiv else None)
        if url:
            item["URL"] = url
        if paper.status == "under-review":
            item["status"] = "under review"
        item["issued"] = {"date-parts": [[paper.year, paper.month] if paper.month else [paper.year]]}
        own = {name: value for name, value in paper.model_dump(mode="json", exclude_defaults=True).items()
               if name in _CUSTOM}
        own |= {name: getattr(paper.links, name) for name in ("code", "pdf") if getattr(paper.links, name)}
        if paper.links.arxiv and paper.number:
            own["arxiv"] = paper.links.arxiv
        if versions(paper):  # text in several languages: CSL has one text per variable
            own["versions"] = versions(paper)
        if paper.kind == "preprint" and paper.venue:
            own["venue"] = paper.venue
        item["custom"] = {"cvgen": own}  # also says that cvgen wrote the item
        items.append(item)
    return items


