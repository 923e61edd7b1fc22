"""RenderCV (2.x) in and out: its YAML input (`cv`, `design`, `locale`, `settings`) ↔ a cvgen profile.

RenderCV's sections are a mapping from a title to entries of nine types, told apart by their keys: education
(institution, area), experience (company, position), publication (title, authors), normal (name), one-line (label,
details), bullet, numbered, reversed numbered, and text (a plain string). The import puts a section whose title
cvgen knows (Education, Experience, Publications, Projects, Skills, Patents, Awards...) into that kind when its
entries fit it, and any other into a section of the profile's own with RenderCV's title. What has no place is
named in a note. Markdown stays Markdown: cvgen reads **bold**, *italic* and [label](url) in the same fields.
"""

from __future__ import annotations

import difflib
import json
import re
from datetime import date
from functools import cache
from typing import Any

from cvgen.document.catalog import Catalog, languages
from cvgen.document.items import EntryItem, LineItem, PublicationItem, TextItem
from cvgen.document.kinds import SECTIONS, kind_of
from cvgen.document.richtext_backends import RENDERCV
from cvgen.document.variants import declared
from cvgen.document.view import build_view
from cvgen.formats import networks
from cvgen.profile.model import EMAIL, URL, PartialDate, Profile, parse_date
from cvgen.profile.themes import look
from cvgen.richtext import Span, markdown, plain, read_rendercv, text_of

# RenderCV's themes → cvgen's closest theme (`cvgen themes`); the export maps back.
THEMES: dict[str, str] = {
    "classic": "classic",  # serif, coloured headings
    "sb2nov": "sober",  # serif, black headings over a rule
    "moderncv": "modern",  # sans-serif, name large, accent colour
    "engineeringresumes": "engineering",  # dense, one page
    "engineeringclassic": "engineering",
}

# RenderCV's default page (Page.size) and how it joins a degree and its area (locale.phrases.degree_with_area).
DEFAULT_PAPER = "letter"
DEGREE_WITH_AREA = "DEGREE in AREA"
# RenderCV's font families → cvgen's fonts (`design.font`), where cvgen has the same or the same design.
FONTS: dict[str, str] = {
    **dict.fromkeys(["new computer modern", "latin modern", "latin modern roman", "computer modern"], "latin-modern"),
    **dict.fromkeys(["latin modern sans", "new computer modern sans"], "latin-modern-sans"),
    **dict.fromkeys(["tex gyre heros", "helvetica", "arial", "liberation sans"], "tex-gyre-heros"),
    **dict.fromkeys(["tex gyre termes", "times", "times new roman", "liberation serif"], "tex-gyre-termes"),
    **dict.fromkeys(["tex gyre pagella", "palatino", "palatino linotype"], "tex-gyre-pagella"),
}

# An entry's key that RenderCV (2.3 and 2.8) accepts and does not print: what cvgen has besides RenderCV's fields.
EXTENSION = "cvgen"

# Section titles (compared in lower case, without punctuation) → cvgen's section kind.
KINDS: dict[str, str] = {
    **dict.fromkeys(["education", "studies", "academic background"], "education"),
    **dict.fromkeys(["experience", "work experience", "professional experience", "employment", "work",
                     "research experience"], "experience"),
    **dict.fromkeys(["publications", "papers", "other publications"], "publications"),
    **dict.fromkeys(["highlighted publications", "selected publications"], "highlighted_publications"),
    **dict.fromkeys(["projects", "selected projects", "personal projects"], "projects"),
    **dict.fromkeys(["skills", "technical skills"], "skills"),
    **dict.fromkeys(["patents"], "patents"),
    **dict.fromkeys(["awards", "honors", "awards and honors", "honors and awards", "selected honors",
                     "awards honors"], "awards"),
    **dict.fromkeys(["certifications", "certificates"], "certifications"),
    **dict.fromkeys(["languages"], "languages"),
    **dict.fromkeys(["summary", "about", "about me", "profile"], "summary"),
}


# A section of entries that all have one of these shapes is that section, whatever its title.
_SHAPES = {frozenset({"education"}): "education", frozenset({"experience"}): "experience",
           frozenset({"publication"}): "publications"}


def _known_kind(title: str) -> str | None:
    """The cvgen section a RenderCV title names: by the titles above, or by a heading of cvgen's catalog in
    any language ("Berufserfahrung", "Projets")."""
    normal = " ".join(re.sub(r"[^\w\s]|_", " ", title.lower()).split())
    return KINDS.get(normal) or _catalog_headings().get(normal)


@cache
def _catalog_headings() -> dict[str, str]:
    printed = {"other_publications": "publications", "highlighted_publications": "highlighted_publications",
               "additional": "skills"}
    keys = ["education", "experience", "projects", "awards", "certifications", "languages", "patents", "summary",
            *printed]
    return {Catalog(language).heading(key).lower(): printed.get(key, key) for language in languages()
            for key in keys}


def entry_type(entry: Any) -> str:
    """RenderCV's type of an entry, from its keys (as RenderCV tells them apart)."""
    if isinstance(entry, str):
        return "text"
    if not isinstance(entry, dict):
        return "unknown"
    for kind, keys in (("education", ("institution", "area")), ("experience", ("company", "position")),
                       ("publication", ("title", "authors")), ("one-line", ("label", "details")),
                       ("bullet", ("bullet",)), ("numbered", ("number",)),
                       ("reversed-numbered", ("reversed_number",)), ("normal", ("name",))):
        if all(key in entry for key in keys):
            return kind
    return "unknown"


# The fields of RenderCV's entries, for a did-you-mean when an entry is none of its kinds.
_ENTRY_FIELDS = ("institution", "area", "degree", "company", "position", "title", "authors", "label", "details",
                 "bullet", "number", "reversed_number", "name", "location", "summary", "highlights", "date",
                 "start_date", "end_date", "journal", "doi", "url")


def _misspelt(entry: Any) -> str:
    """`(did you mean 'position' for 'positon'?)` for the keys of an entry RenderCV would not read."""
    if not isinstance(entry, dict):
        return ""
    guesses = [f"'{found[0]}' for '{key}'" for key in entry if key not in _ENTRY_FIELDS
               for found in [difflib.get_close_matches(str(key), _ENTRY_FIELDS, 1)] if found]
    return f" (did you mean {', '.join(guesses)}?)" if guesses else ""


def section_title(key: str) -> str:
    """The heading RenderCV prints for a section key: `selected_honors` → `Selected Honors`."""
    small = {"a", "and", "as", "at", "but", "by", "for", "from", "if", "in", "into", "like", "near", "nor", "of",
             "off", "on", "onto", "or", "over", "so", "than", "that", "to", "upon", "when", "with", "yet"}
    return " ".join(word.capitalize() if word.islower() and word not in small else word
                    for word in key.replace("_", " ").split(" "))


class _Import:
    def __init__(self, remarks: list[str]) -> None:
        self.remarks = remarks
        self.profile: dict[str, Any] = {}
        self.keys: set[str] = set()
        self.degree_with_area = DEGREE_WITH_AREA

    def degree(self, entry: dict[str, Any], where: str) -> str:
        """RenderCV's degree and area as one, as RenderCV prints them (DEGREE in AREA)."""
        degree, area = self.line(entry.get("degree"), f"{where}.degree"), self.line(entry.get("area"), f"{where}.area")
        return self.degree_with_area.replace("DEGREE", degree).replace("AREA", area) if degree and area \
            else degree or area

    def note(self, where: str, value: Any, why: str = "has no place in cv.yaml") -> None:
        if value not in (None, "", [], {}):
            shown = value if isinstance(value, str) else str(value) if isinstance(value, (int, float, date)) and not \
                isinstance(value, bool) else json.dumps(value, ensure_ascii=False, default=str)  # as YAML wrote it
            shown = shown if len(shown) <= 80 else shown[:77] + "…"
            self.remarks.append(f'{where} "{shown}" {why}; left out')

    def linked(self, value: Any, where: str) -> tuple[str, str | None]:
        """A field of one line as RenderCV's Markdown (`[OptoFly](https://…) — tracking`): its text, and the
        address of its link (a second address is named in a note)."""
        rich = read_rendercv(_text(value))
        urls = list(dict.fromkeys(span.url for span in rich if span.url))
        for url in urls[1:]:
            self.note(where, url, "is a second link in one line, which cvgen links to one address")
        return " ".join(text_of(rich).split()), urls[0] if urls else None

    def line(self, value: Any, where: str) -> str:
        """A field of one line without its Markdown; a link's address goes to a note (cvgen links the whole
        field only where it has a `url`)."""
        text, url = self.linked(value, where)
        if url:
            self.note(where, url, "is a link in a field that cvgen prints without one")
        return text

    def rest(self, entry: dict[str, Any], used: set[str], where: str) -> None:
        """A note for every field of `entry` the mapping did not use."""
        for key, value in entry.items():
            if key not in used:
                self.note(f"{where}.{key}", value)

    def date(self, value: Any, where: str) -> str | None:
        if value in (None, ""):
            return None
        if str(value).strip().lower() == "present":
            return "present"
        try:
            return str(parse_date(value if not isinstance(value, str) else value.strip()))
        except ValueError:
            self.note(where, value, "is not a date cvgen reads (YYYY, YYYY-MM or YYYY-MM-DD)")
            return None

    def period(self, target: dict[str, Any], entry: dict[str, Any], where: str, single: str = "start") -> None:
        """start/end from RenderCV's start_date/end_date, or its single `date` (into the field `single`)."""
        start = self.date(entry.get("start_date"), f"{where}.start_date")
        end = self.date(entry.get("end_date"), f"{where}.end_date")
        date = self.date(entry.get("date"), f"{where}.date") if not start else None
        if start == "present":
            start = None
        if start:
            target["start"], target["end"] = start, end
        elif date and date != "present":
            target[single] = date
        elif end and end != "present":
            target["start"] = end
        elif end == "present":  # a period cvgen cannot start: its end is named too, not lost unsaid
            self.note(f"{where}.end_date", entry.get("end_date"), "ends a period without a start cvgen reads")
        if start and entry.get("date"):
            self.note(f"{where}.date", entry.get("date"), "is given besides start_date; start_date is used")


def from_rendercv(data: Any, remarks: list[str]) -> dict[str, Any]:
    """A cv.yaml profile (as data) from a RenderCV input; what has no place is listed in `remarks`."""
    if not isinstance(data, dict) or not isinstance(data.get("cv"), dict) or not _text(data["cv"].get("name")):
        raise ValueError("expected a RenderCV input: a mapping with cv.name (and cv.sections)")
    run = _Import(remarks)
    locale = _mapping(data.get("locale"))
    phrases = _mapping(locale.get("phrases"))
    run.degree_with_area = _text(phrases.get("degree_with_area")) or DEGREE_WITH_AREA
    cv = data["cv"]
    _odd_values(run, cv, "cv")
    profile = run.profile
    profile["owner"] = {"name": run.line(cv["name"], "cv.name")}
    _put(profile, "headline", run.line(cv.get("headline"), "cv.headline"))
    contact: dict[str, Any] = {}
    for field, ours, pattern in (("email", "email", EMAIL), ("phone", "phone", None), ("location", "location", None),
                                 ("website", "homepage", URL)):
        value = _text(cv.get(field))
        if value and pattern and not pattern.fullmatch(value):
            run.note(f"cv.{field}", value, f"is not {'an e-mail' if field == 'email' else 'a web'} address")
        else:
            _put(contact, ours, value)
    links = []
    for index, item in enumerate(_items(cv.get("social_networks"))):
        where = f"cv.social_networks[{index}]"
        if not isinstance(item, dict):
            run.note(where, item, "is not a social network (network and username)")
            continue
        url = networks.address(_text(item.get("network")), _text(item.get("username")))
        if url:
            links.append({"label": networks.canonical(_text(item.get("network"))) or _text(item.get("network")),
                          "url": url})
        else:
            run.note(where, f"{item.get('network')}: {item.get('username')}",
                     "is not a network whose address cvgen knows")
    extra = []
    for index, item in enumerate(_items(cv.get("custom_connections"))):  # RenderCV ≥ 2.4
        where = f"cv.custom_connections[{index}]"
        item = item if isinstance(item, dict) else {"placeholder": item}
        text, url = run.linked(item.get("placeholder"), f"{where}.placeholder")
        url = _text(item.get("url")) or url
        if not URL.fullmatch(url or "https://x.y"):
            run.note(f"{where}.url", url, "is not a web address")
            url = None
        if text or url:
            extra.append({"text": text or url} | ({"url": url} if url else {})
                         | ({"icon": _text(item["fontawesome_icon"])} if _text(item.get("fontawesome_icon")) else {}))
        run.rest(item, {"placeholder", "url", "fontawesome_icon"}, where)
    _put(contact, "links", links)
    _put(contact, "extra", extra)
    _put(profile, "contact", contact)
    run.rest(cv, {"name", "headline", "email", "phone", "location", "website", "social_networks",
                  "custom_connections", "sections"}, "cv")
    if not isinstance(cv.get("sections") or {}, dict):
        raise ValueError("cv.sections must be a mapping from section titles to lists of entries")
    order = [_section(run, str(title), entries if isinstance(entries, list) else [entries])
             for title, entries in (cv.get("sections") or {}).items()]
    if order:  # the long CV prints the sections in RenderCV's order
        profile["variants"] = {"long": {"sections": list(dict.fromkeys(order))}}
    _design(run, data.get("design"))
    _locale(run, data.get("locale"))
    for key in ("settings", "rendercv_settings"):
        for where, value in _leaves(data.get(key), key):
            run.note(where, value, "is a RenderCV setting; cvgen has its own command-line options")
    run.rest(data, {"cv", "design", "locale", "settings", "rendercv_settings"}, "")

    return {key: profile[key] for key in Profile.model_fields if profile.get(key)}


def _section(run: _Import, key: str, entries: list[Any]) -> str:
    """Put a RenderCV section into the profile; the key of the section it is printed as."""
    title = section_title(key)
    types = {entry_type(entry) for entry in entries}
    where = f"cv.sections.{key}"
    kind = _known_kind(title) or _SHAPES.get(frozenset(types))
    fits = {"education": {"education"}, "experience": {"experience"}, "publications": {"publication"},
            "highlighted_publications": {"publication"},
            "projects": {"normal", "bullet"}, "skills": {"one-line"}, "summary": {"text"},
            "patents": {"text", "bullet", "numbered", "reversed-numbered", "normal"},
            "awards": {"text", "bullet", "numbered", "reversed-numbered", "normal"},
            "certifications": {"text", "bullet", "numbered", "reversed-numbered", "normal"},
            "languages": {"one-line", "text", "bullet"}}
    extensions = [entry.get(EXTENSION) if isinstance(entry, dict) else None for entry in entries]
    entries = [{key: value for key, value in entry.items() if key != EXTENSION} if isinstance(entry, dict) else entry
               for entry in entries]
    if kind and types <= fits[kind]:
        if types & {"numbered", "reversed-numbered"}:
            run.remarks.append(f"{where}: cvgen prints {kind} without RenderCV's numbers; the numbering is left out")
        if kind == "summary":
            run.profile["summary"] = "\n\n".join(_markup(entry) for entry in entries)
        else:
            highlighted = kind == "highlighted_publications"
            mapped = [_selecting(run, _typed(run, "publications" if highlighted else kind, entry, f"{where}[{index}]"),
                                 extensions[index], f"{where}[{index}]") for index, entry in enumerate(entries)]
            mapped = [entry | {"highlight": True} if highlighted and entry else entry for entry in mapped]
            run.profile.setdefault("publications" if highlighted else kind, []).extend(
                entry for entry in mapped if entry)
        # the heading it is printed under (papers not highlighted are 'other'), titled as RenderCV did
        printed = {"skills": "additional", "publications": "other_publications"}.get(kind, kind)
        if kind != "summary" and title != Catalog().heading(printed):
            run.profile.setdefault("titles", {})[printed] = title
        return printed
    own = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"
    base, number = own, 2

    while own in run.keys or own in SECTIONS or own in ("sections", "summary"):
        own, number = f"{base}-{number}", number + 1
    run.keys.add(own)
    section: dict[str, Any] = {"title": title}
    if types <= {"text", "bullet", "numbered", "reversed-numbered", "one-line"}:
        section["items"] = [_line(entry) for entry in entries]
        if types & {"numbered", "reversed-numbered"}:
            run.remarks.append(f"{where}: cvgen prints a section of your own as plain lines; the numbering is "
                               "left out")
    else:
        mapped = [_selecting(run, _custom_entry(run, entry, f"{where}[{index}]"), extensions[index], f"{where}[{index}]")
                  for index, entry in enumerate(entries)]
        section["entries"] = [entry for entry in mapped if entry]
    run.profile.setdefault("sections", {})[own] = section
    return own


def _selecting(run: _Import, mapped: dict[str, Any] | None, extension: Any, where: str) -> dict[str, Any] | None:
    """An entry with the fields that cvgen's export put under its `cvgen:` key (tags, keep, priority, supervisors,
    a paper's key and links...): cv.yaml's own fields, checked with the rest of the profile."""
    if not isinstance(extension, dict):
        run.note(f"{where}.{EXTENSION}", extension, "is not a mapping of cv.yaml's fields")
        return mapped
    if mapped is not None:
        mapped.update(extension)
    else:
        run.rest(extension, set(), f"{where}.{EXTENSION}")
    return mapped


def _line(entry: Any) -> str:
    if isinstance(entry, str):
        return _markup(entry)
    kind = entry_type(entry)
    if kind == "one-line":
        return f"**{_text(entry['label'])}:** {_text(entry['details'])}"
    return _text(entry.get({"bullet": "bullet", "numbered": "number", "reversed-numbered": "reversed_number"}[kind]))


def _typed(run: _Import, kind: str, entry: Any, where: str) -> dict[str, Any] | None:
    if kind in ("patents", "awards", "certifications") and entry_type(entry) != "normal":
        if kind == "awards":  # an award has no address
            return {"name": run.line(_line(entry), where)}
        name, url = run.linked(_line(entry), where)
        return {"title" if kind == "patents" else "name": name} | ({"url": url} if url else {})
    if kind == "languages":
        if entry_type(entry) == "one-line":
            return {"language": _text(entry["label"]), "level": _text(entry["details"])}
        return {"language": _line(entry)}
    return {"education": _education, "experience": _experience, "publications": _publication,
            "projects": _project, "skills": _skills, "patents": _named("title"), "awards": _named("name"),
            "certifications": _named("name")}[kind](run, entry, where)


def _education(run: _Import, entry: dict[str, Any], where: str) -> dict[str, Any]:
    school: dict[str, Any] = {"institution": run.line(entry.get("institution"), f"{where}.institution"),
                              "degree": run.degree(entry, where)}
    _put(school, "location", run.line(entry.get("location"), f"{where}.location"))
    details = _markups(entry.get("summary")) + _markups(entry.get("highlights"))
    if _text(entry.get("grade")):  # RenderCV ≥ 2.4
        details.append(f"Grade: {_text(entry['grade'])}")
    _put(school, "details", details)
    run.period(school, entry, where)
    run.rest(entry, {"institution", "area", "degree", "location", "summary", "highlights", "grade", "date",
                     "start_date", "end_date"}, where)
    return school


def _experience(run: _Import, entry: dict[str, Any], where: str) -> dict[str, Any]:
    job: dict[str, Any] = {"organization": run.line(entry.get("company"), f"{where}.company"),
                           "role": run.line(entry.get("position"), f"{where}.position")}
    _put(job, "location", run.line(entry.get("location"), f"{where}.location"))
    _put(job, "summary", _markup(entry.get("summary")))
    _put(job, "highlights", _markups(entry.get("highlights")))
    run.period(job, entry, where)
    run.rest(entry, {"company", "position", "location", "summary", "highlights", "date", "start_date", "end_date"},
             where)
    return job


def _project(run: _Import, entry: dict[str, Any], where: str) -> dict[str, Any]:
    if entry_type(entry) == "bullet":  # a project with only its name
        entry = {"name": entry["bullet"], **{key: value for key, value in entry.items() if key != "bullet"}}
    name, url = run.linked(entry.get("name"), f"{where}.name")
    project: dict[str, Any] = {"name": name}
    _put(project, "url", url)
    _put(project, "location", run.line(entry.get("location"), f"{where}.location"))
    _put(project, "description", _markup(entry.get("summary")))
    _put(project, "highlights", _markups(entry.get("highlights")))
    run.period(project, entry, where)
    run.rest(entry, {"name", "location", "summary", "highlights", "date", "start_date", "end_date"}, where)
    return project


def _custom_entry(run: _Import, entry: Any, where: str) -> dict[str, Any] | None:
    """An entry of a section of the profile's own (None for one RenderCV would not read either, with a note)."""
    kind = entry_type(entry)
    if kind == "unknown" or not isinstance(entry, dict):
        if kind == "unknown":
            run.note(where, entry, "is not an entry RenderCV knows" + _misspelt(entry))
            return None
        return {"title": _line(entry)}
    if kind in ("bullet", "numbered", "reversed-numbered", "one-line"):
        return {"title": _line(entry)}
    extra: list[str] = []
    if kind == "education":
        title, subtitle = _text(entry.get("institution")), run.degree(entry, where)
        used = {"institution", "area", "degree", "grade"}
        extra = [f"Grade: {_text(entry['grade'])}"] if _text(entry.get("grade")) else []
    elif kind == "experience":
        title, subtitle, used = _text(entry.get("company")), _text(entry.get("position")), {"company", "position"}
    elif kind == "publication":
        title, subtitle = _text(entry.get("title")), ", ".join(_strings(entry.get("authors")))
        used = {"title", "authors"}
    else:
        title, subtitle, used = _text(entry.get("name")), "", {"name"}
    title, url = run.linked(title, f"{where}.title")
    custom: dict[str, Any] = {"title": title}
    _put(custom, "subtitle", run.line(subtitle, f"{where}.subtitle"))
    _put(custom, "location", run.line(entry.get("location"), f"{where}.location"))
    link = _text(entry.get("url"))
    _put(custom, "url", url or (link if URL.fullmatch(link) else None))
    _put(custom, "highlights", _markups(entry.get("summary")) + _markups(entry.get("highlights")) + extra)
    run.period(custom, entry, where, single="date")
    run.rest(entry, used | {"location", "summary", "highlights", "date", "start_date", "end_date"}
             | ({"url"} if url or URL.fullmatch(link) else set()), where)
    return custom


def _publication(run: _Import, entry: dict[str, Any], where: str) -> dict[str, Any] | None:
    owner = run.profile["owner"]
    authors = []
    for name in _strings(entry.get("authors")):
        plain = re.sub(r"^(\*\*|\*|__|_)(.+)\1$", r"\2", name)  # RenderCV marks the owner with Markdown
        if plain != name and plain != owner["name"] and plain not in owner.setdefault("aliases", []):
            owner["aliases"].append(plain)
        authors.append(plain)
    if not owner.get("aliases"):
        owner.pop("aliases", None)
    title, url = run.linked(entry.get("title"), f"{where}.title")
    date = run.date(entry.get("date"), f"{where}.date")
    if not authors or not date or date == "present":
        run.note(where, title, "has no authors or no date, which a publication needs")
        return None
    parsed = parse_date(date)
    key = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:4]) or "paper"
    base, number = key, 2
    while key in run.keys:
        key, number = f"{base}-{number}", number + 1
    run.keys.add(key)
    paper: dict[str, Any] = {"key": key, "authors": authors, "title": title}
    _put(paper, "venue", run.line(entry.get("journal"), f"{where}.journal"))
    paper["year"] = parsed.year
    _put(paper, "month", parsed.month)
    _put(paper, "notes", [run.line(entry.get("summary"), f"{where}.summary")] if _text(entry.get("summary")) else [])
    links: dict[str, str] = {}
    _put(links, "doi", _text(entry.get("doi")))
    _put(links, "url", _text(entry.get("url")) or url)
    _put(paper, "links", links)
    run.rest(entry, {"title", "authors", "journal", "date", "doi", "url", "summary"}, where)
    return paper


def _skills(run: _Import, entry: dict[str, Any], where: str) -> dict[str, Any]:
    details = run.line(entry.get("details"), f"{where}.details")
    items = [item.strip() for item in re.split(r",(?![^()]*\))", details) if item.strip()]
    run.rest(entry, {"label", "details"}, where)
    return {"category": run.line(entry.get("label"), f"{where}.label"), "items": items}


def _named(field: str):
    """A normal entry (name, date, summary) as a patent, an award or a certification."""
    def mapped(run: _Import, entry: dict[str, Any], where: str) -> dict[str, Any]:
        name, url = run.linked(entry.get("name"), f"{where}.name")
        item: dict[str, Any] = {field: name}
        if field == "title" or url:  # a patent or a certification
            _put(item, "url", url)
            _put(item, "date", run.date(entry.get("date") or entry.get("start_date"), f"{where}.date"))
            if item.get("date") == "present":
                del item["date"]
            used = {"name", "date", "start_date"}
        else:
            _put(item, "note", _text(entry.get("summary")))
            run.period(item, entry, where)
            used = {"name", "summary", "date", "start_date", "end_date"}
        run.rest(entry, used, where)
        return item
    return mapped


def _design(run: _Import, design: Any) -> None:
    """RenderCV's design, where cvgen's `design:` has the option: theme, page size (RenderCV's default when none
    is given: US Letter, said in a note), left and right margins, footer and top note, colour and font."""
    design = design if isinstance(design, dict) else {}
    ours: dict[str, Any] = {}
    used: set[str] = set()
    theme = _text(design.get("theme"))
    closest = THEMES.get(theme)
    if closest:
        ours["theme"] = closest
        if closest != theme:
            run.remarks.append(f"design.theme {theme!r} is cvgen's theme {closest!r}, the closest (`cvgen themes` "
                               "lists them)")
    elif theme:
        run.remarks.append(f"design.theme {theme!r}: a theme cvgen has no counterpart for; `cvgen themes` lists "
                           "cvgen's")
    used.add("theme")
    page: dict[str, Any] = design["page"] if isinstance(design.get("page"), dict) else {}
    size = _text(page.get("size")).lower()
    paper = {"a4": "a4", "us-letter": "letter", "letter": "letter"}.get(size)
    ours["paper"] = paper or DEFAULT_PAPER
    if not size:
        run.remarks.append("design.page.size is not given: RenderCV's default, US Letter, is used (paper: letter)")
    if paper:
        used.add("page.size")
    left, right = _text(page.get("left_margin")), _text(page.get("right_margin"))
    if left and (left == right or not right) and _margin(left):
        ours["margins"] = _margin(left)
        used |= {"page.left_margin", "page.right_margin"}
    for theirs, mine in (("show_footer", "footer"), ("show_page_numbering", "footer"),  # 2.8, 2.3
                         ("show_top_note", "updated"), ("show_last_updated_date", "updated")):
        if isinstance(page.get(theirs), bool):
            ours[mine] = page[theirs] and ours.get(mine, True)
            used.add(f"page.{theirs}")
    colors = design["colors"] if isinstance(design.get("colors"), dict) else {}
    accent = _hex(colors.get("name")) or _hex(colors.get("section_titles"))
    if accent:
        ours["accent"] = accent
        used |= {f"colors.{key}" for key in ("name", "section_titles") if _hex(colors.get(key)) == accent}
    typography = design["typography"] if isinstance(design.get("typography"), dict) else {}
    families = typography.get("font_family")
    families = families if isinstance(families, dict) else {"body": families}
    font = FONTS.get(_text(families.get("body")).lower())
    if font:
        ours["font"] = font
        used |= {"typography.font_family", "typography.font_family.body"}
    sizes = _mapping(typography.get("font_size"))
    body = re.fullmatch(r"([0-9.]+)pt", _text(sizes.get("body")))
    if body and 9 <= float(body.group(1)) <= 12:
        ours["font_size"] = float(body.group(1))
        used.add("typography.font_size.body")
    run.profile["design"] = ours
    for where, value in _leaves(design, "design"):
        if where.removeprefix("design.") not in used:
            run.note(where, value, "is a RenderCV design option")


def _margin(value: str) -> str | None:
    """A margin in a unit cvgen's `design.margins` takes (cm, mm, in, pt), as written."""
    return value if re.fullmatch(r"[0-9]+(\.[0-9]+)?(cm|mm|in|pt)", value) else None


def _hex(value: Any) -> str | None:
    """A colour as `#RRGGBB`, from RenderCV's `rgb(0, 79, 144)` or `#004f90`."""
    text = _text(value).lower().replace(" ", "")
    found = re.fullmatch(r"rgb\((\d+),(\d+),(\d+)\)", text)
    if found and all(int(part) < 256 for part in found.groups()):
        return "#" + "".join(f"{int(part):02X}" for part in found.groups())
    return text.upper().replace("#", "#", 1) if re.fullmatch(r"#[0-9a-f]{6}", text) else None


def _locale(run: _Import, locale: Any) -> None:
    if not isinstance(locale, dict):
        return
    language = _text(locale.get("language"))
    code = _language_code(language) if language else None
    if code:
        run.profile["language"] = code
    elif language:
        run.note("locale.language", language, "is not a language cvgen can name")
    for where, value in _leaves({key: value for key, value in locale.items() if key != "language"}, "locale"):
        run.note(where, value, "is a RenderCV phrase; cvgen takes its words from its catalog (`phrases:` changes them)")


def _language_code(language: str) -> str | None:
    """A BCP 47 code from RenderCV's language: a code (2.3: `en`) or an English name (2.8: `english`)."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(language.replace("-", "_"))).replace("_", "-")
    except (ValueError, UnknownLocaleError):
        pass
    names = {name.lower(): code for code, name in Locale("en").languages.items() if "_" not in code}
    return names.get(language.lower())


def _leaves(value: Any, where: str) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, f"{where}.{key}")]
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        return [leaf for index, item in enumerate(value) for leaf in _leaves(item, f"{where}[{index}]")]
    return [] if value in (None, "", []) else [(where, value)]


# RenderCV's fields that hold a list (of texts, or of entries); every other field holds one text, number or date.
_LIST_FIELDS = {"highlights", "authors", "social_networks", "custom_connections"}


def _odd_values(run: _Import, value: Any, where: str, key: str = "") -> None:
    """A note for each value of a type RenderCV does not have there, which the mapping would pass over: true/false,
    a list where one text belongs, a list inside a list (`sections` holds lists of entries; the other lists,
    texts or mappings)."""
    if isinstance(value, dict):
        for name, item in value.items():
            if name == EXTENSION:
                continue
            if name == "sections" and isinstance(item, dict):
                for title, entries in item.items():
                    for index, entry in enumerate(entries if isinstance(entries, list) else []):
                        _odd_values(run, entry, f"{where}.sections.{title}[{index}]")
            else:
                _odd_values(run, item, f"{where}.{name}", str(name))
    elif isinstance(value, list) and key in _LIST_FIELDS:
        for index, item in enumerate(value):
            if isinstance(item, (list, bool)):
                run.note(f"{where}[{index}]", item, "is not a text")
            elif isinstance(item, dict):
                _odd_values(run, item, f"{where}[{index}]")
    elif isinstance(value, (list, bool)):
        run.note(where, value, "is not a text")


def _text(value: Any) -> str:
    if isinstance(value, PartialDate):
        return str(value)
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _markup(value: Any) -> str:
    """A field of RenderCV's Markdown as cvgen's (which has no backslash escapes: `\\[` is `[`)."""
    return re.sub(r"\\([\\*_\[\]`])", r"\1", _text(value))


def _markups(value: Any) -> list[str]:
    return [_markup(item) for item in _strings(value)]


def _strings(value: Any) -> list[str]:
    """The strings of a list (a lone string is a list of one)."""
    value = [value] if isinstance(value, str) else value
    return [_text(item) for item in value if _text(item)] if isinstance(value, list) else []


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[Any]:
    """The entries of a list RenderCV expects (a lone entry is a list of one)."""
    return value if isinstance(value, list) else [value] if value else []


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value:
        target[key] = value


# ---------------------------------------------------------------------------------------------- export
#
# The long CV as RenderCV 2.8 reads it (and 2.3 with `version="2.3"`; the file for 2.8 is one 2.3 reads too while
# the footer and the top note are on and the language is English): the sections of cvgen's long CV in its order,
# with its headings, the highlighted and the other publications as two sections, the owner in bold. Education,
# experience, publications, projects and skills are written field by field; what cvgen has besides RenderCV's
# fields goes under the entry's `cvgen:` key, which RenderCV accepts and does not print. Other sections are
# written as the CV prints them (normal entries with their dates as printed, one-line entries, text).

VERSIONS = ("2.8", "2.3")
# RenderCV 2.8's languages (locale.language), by their English names; 2.3 takes an ISO 639-1 code.
LANGUAGES_2_8 = ("arabic", "danish", "dutch", "english", "french", "german", "hebrew", "hindi", "hungarian",
                 "indonesian", "italian", "japanese", "korean", "mandarin chinese", "norwegian bokmål",
                 "norwegian nynorsk", "persian", "portuguese", "russian", "spanish", "turkish", "vietnamese")


def to_rendercv(profile, remarks: list[str], version: str = "2.8") -> dict[str, Any]:
    assert isinstance(profile, Profile) and version in VERSIONS
    view = build_view(profile, declared(profile)["long"], typeset=False)  # Dean's stays as typed
    contact = profile.contact
    cv: dict[str, Any] = {"name": RENDERCV.rich(plain(profile.owner.name))}
    _put(cv, "headline", _line_out(profile.headline))
    if profile.headline and version == "2.3":
        remarks.append(f"headline {profile.headline!r}: RenderCV 2.3 accepts it but does not print it")
    _put(cv, "location", contact.location)
    _put(cv, "email", contact.email)
    if contact.phone and re.fullmatch(r"\+[1-9][\d\s().-]{5,}", contact.phone):
        cv["phone"] = contact.phone  # as written: international, which RenderCV reads (it prints it as E.164 says)
    elif contact.phone:
        remarks.append(f"contact.phone {contact.phone!r} is not an international number (+country code), which "
                       "RenderCV needs; left out")
    _put(cv, "website", contact.homepage)
    social = []
    for link in contact.links:
        found = networks.username(link.url)
        if found:
            social.append({"network": found[0], "username": found[1]})
        else:
            remarks.append(f"contact.links: {link.label} ({link.url}) is on no network RenderCV knows; left out")
    _put(cv, "social_networks", social)
    connections = [{"placeholder": _line_out(item.text), "url": item.url, "fontawesome_icon": item.icon or "circle-info"}
                   for item in contact.extra]
    if version == "2.8":
        _put(cv, "custom_connections", connections)
    for extra in contact.extra if version != "2.8" else []:
        remarks.append(f"contact.extra {extra.text!r}: RenderCV 2.3 has no custom connections; left out")
    papers = {paper.key: paper for paper in profile.publications}
    sections: dict[str, list[Any]] = {}
    for section in view.sections:
        entries: list[Any] = []
        dated = {"education": _out_education, "experience": _out_experience}.get(kind_of(section.key, profile).rendercv)
        for item in section.items:
            source = _source(profile, item.id)
            if isinstance(item, PublicationItem):
                entries.append(_out_publication(item, papers[item.key]))
            elif isinstance(item, EntryItem):
                entries.append((dated or _OUT.get(type(source).__name__, _out_normal))(source, item))
            elif isinstance(item, LineItem):
                entries.append(_out_skill(source) if type(source).__name__ == "SkillGroup" else
                               {"label": item.heading, "details": RENDERCV.rich(item.text)})
            elif isinstance(item, TextItem):
                entries += [" ".join(RENDERCV.rich(paragraph).split()) for paragraph in item.paragraphs]
        if section.footnotes:
            entries += [footnote for footnote in section.footnotes if isinstance(entries[0], str)]
        if entries:
            sections[section.title] = _one_type(entries)
    cv["sections"] = sections
    # (`titles` travel: the long CV's headings are the sections' names)
    for field in ("variants", "letters", "phrases", "publication_groups"):
        if getattr(profile, field):
            remarks.append(f"{field}: cvgen's own, with no place in a RenderCV input; left out")
    data: dict[str, Any] = {"cv": cv, "design": _out_design(profile, version, remarks)}
    language = profile.language.split("-")[0]
    if language != "en":  # English is RenderCV's default; 2.8 and 2.3 name it differently
        from babel import Locale

        name = Locale("en").languages.get(language, "").lower()
        if version == "2.3":
            data["locale"] = {"language": language}
        elif name in LANGUAGES_2_8:
            data["locale"] = {"language": name}
        else:
            remarks.append(f"language {profile.language!r}: RenderCV 2.8 has no locale for it; left out")
    return data


def _out_design(profile, version: str, remarks: list[str]) -> dict[str, Any]:
    """cvgen's design as RenderCV's: the closest theme, the page size (always: RenderCV's default is US Letter),
    left and right margins, footer and top note when off; in 2.8 also the accent colour and the font."""
    chosen = profile.design
    design = look(chosen, None, profile.paper)
    ours = design.theme
    out: dict[str, Any] = {"theme": next((theirs for theirs, closest in THEMES.items() if closest == ours), "classic")}
    page: dict[str, Any] = {"size": {"a4": "a4", "letter": "us-letter"}[design.paper]}
    if chosen and chosen.margins:
        page["left_margin"] = page["right_margin"] = chosen.margins
        if version == "2.3":  # its header stops on unequal margins ("cannot multiply dictionary with integer")
            page["top_margin"] = page["bottom_margin"] = chosen.margins
            remarks.append(f"design.margins '{chosen.margins}': RenderCV 2.3 typesets only equal margins on all "
                           "four sides; its top and bottom margins are set to it too")
    names = {"2.8": ("show_footer", "show_top_note"), "2.3": ("show_page_numbering", "show_last_updated_date")}
    for value, name in zip((design.footer, design.updated), names[version], strict=True):
        if not value:
            page[name] = False
    out["page"] = page
    written = set()
    if chosen and chosen.accent and version == "2.8":
        out["colors"] = dict.fromkeys(("name", "headline", "connections", "section_titles", "links"), chosen.accent)
        written.add("accent")
    if chosen and chosen.font == "latin-modern" and version == "2.8":  # the one font both have
        out["typography"] = {"font_family": "New Computer Modern"}
        written.add("font")
    for name in ("accent", "font", "font_size", "header", "photo"):
        if chosen and getattr(chosen, name) and name not in written:
            remarks.append(f"design.{name} {getattr(chosen, name)!r}: RenderCV {version} has no such option here; "
                           "left out")
    return out


def _one_type(entries: list[Any]) -> list[Any]:
    """A RenderCV section holds entries of one type: a mixed one (a summary with its research interests line)
    becomes text; one of names alone (an award without a date), bullets, as RenderCV's bullet entries come in."""
    if all(isinstance(entry, dict) and set(entry) == {"name"} for entry in entries):  # names alone: bullets
        return [{"bullet": entry["name"]} for entry in entries]
    if len({entry_type(entry) for entry in entries}) == 1:
        return entries
    return [entry if isinstance(entry, str) else f"**{entry['label']}:** {entry['details']}"
            if entry_type(entry) == "one-line" else _text(entry.get("name")) for entry in entries]


def _md(text: str | None) -> str:
    """A field of cvgen's Markdown as RenderCV's."""
    return RENDERCV.rich(markdown(text)) if text else ""


def _line_out(text: str | None) -> str:
    """A field of one line (literal in cvgen) as RenderCV's Markdown."""
    return RENDERCV.rich(plain(text)) if text else ""


def _source(profile, entry_id) -> Any:
    """The profile's entry a view item was made from (None for a line made of several)."""
    if not entry_id or not isinstance(entry_id[1], int):
        return None
    key, index = entry_id
    entries = profile.sections[key].entries if key in profile.sections else getattr(profile, key, None)
    return entries[index] if isinstance(entries, list) and index < len(entries) else None


def _dates(entry, item) -> dict[str, Any]:
    """RenderCV's dates of an entry: start_date and end_date, or date; as printed when cvgen has no date."""
    start, end, date = (getattr(entry, name, None) for name in ("start", "end", "date"))
    if start and end:
        return {"start_date": str(start), "end_date": str(end)}
    if start or date:
        return {"date": str(start or date)}
    return {"date": item.when} if item is not None and item.when else {}


def _extension(entry, out: dict[str, Any], written: set[str]) -> dict[str, Any]:
    """`out` with the entry's fields that RenderCV has no place for under `cvgen:` (as cv.yaml writes them)."""
    rest = entry.model_dump(mode="json", exclude_defaults=True, exclude=written | {"start", "end", "date"})
    if rest:
        out[EXTENSION] = rest
    return out


def _out_education(school, item) -> dict[str, Any]:
    pattern = re.escape(DEGREE_WITH_AREA).replace("DEGREE", "(?P<degree>.+?)").replace("AREA", "(?P<area>.+)")
    split = re.fullmatch(pattern, school.degree)
    out: dict[str, Any] = {"institution": _line_out(school.institution),
                           "area": _line_out(split["area"] if split else school.degree), **_dates(school, None)}
    if split:
        out["degree"] = _line_out(split["degree"])
    _put(out, "location", _line_out(school.location))
    _put(out, "highlights", [_md(line) for line in school.details])
    return _extension(school, out, {"institution", "degree", "location", "details"})


def _out_experience(job, item) -> dict[str, Any]:
    out: dict[str, Any] = {"company": _line_out(job.organization), "position": _line_out(job.role),
                           **_dates(job, None)}
    _put(out, "location", _line_out(job.location))
    _put(out, "summary", _md(job.summary))
    _put(out, "highlights", [_md(line) for line in job.highlights])
    return _extension(job, out, {"organization", "role", "location", "summary", "highlights"})


def _out_project(project, item) -> dict[str, Any]:
    out: dict[str, Any] = {"name": RENDERCV.rich((Span(project.name, url=project.url),)),
                           **_dates(project, None)}
    _put(out, "location", _line_out(project.location))
    _put(out, "summary", _md(project.description))
    _put(out, "highlights", [_md(line) for line in project.highlights])
    return _extension(project, out, {"name", "url", "location", "description", "highlights"})


def _out_custom(entry, item) -> dict[str, Any]:
    out: dict[str, Any] = {"name": RENDERCV.rich((Span(entry.title, url=entry.url),)), **_dates(entry, None)}
    _put(out, "location", _line_out(entry.location))
    _put(out, "highlights", [_md(line) for line in entry.highlights])
    return _extension(entry, out, {"title", "url", "location", "highlights"})


def _out_normal(entry, item) -> dict[str, Any]:
    """An entry of a kind RenderCV has no type for: as the CV prints it."""
    out: dict[str, Any] = {"name": RENDERCV.rich(item.title), **_dates(entry, item)}
    _put(out, "location", item.where)
    summary = " ".join(part for part in (RENDERCV.rich(item.subtitle), f"({item.note})" if item.note else "")
                       if part)
    _put(out, "summary", summary)
    _put(out, "highlights", [RENDERCV.rich(line) for line in (*item.details, *item.bullets)])
    return out


def _out_skill(group) -> dict[str, Any]:
    out = {"label": _line_out(group.category), "details": _line_out(", ".join(group.items))}
    return _extension(group, out, {"category", "items"})


_OUT = {"Project": _out_project, "CustomEntry": _out_custom}  # normal entries written field by field


def _out_publication(item, paper) -> dict[str, Any]:
    authors = [f"**{_line_out(author.name)}**" if author.is_owner else _line_out(author.name)
               for author in item.authors]
    out: dict[str, Any] = {"title": _line_out(paper.title), "authors": authors,
                           "date": f"{paper.year}-{paper.month:02d}" if paper.month else str(paper.year)}
    _put(out, "journal", _line_out(paper.venue))
    _put(out, "summary", _line_out(", ".join(paper.notes)))
    _put(out, "doi", paper.links.doi)
    url = paper.links.url or (f"https://arxiv.org/abs/{paper.links.arxiv}" if paper.links.arxiv else None) \
        or paper.links.pdf
    _put(out, "url", url)
    return _extension(paper, out, {"authors", "title", "venue", "year", "month", "notes", "highlight"}
                      | ({"links"} if paper.links.model_dump(exclude_defaults=True).keys() <= {"doi", "url"} else set()))
