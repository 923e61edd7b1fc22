"""RenderCV (2.x) in and out: its YAML input (`cv`, `design`, `locale`, `settings`) ↔ a cvgen profile.

RenderCV's sections are a mapping from a title to entries of nine types, told apart by their keys: education
(institution, area), experience (company, position), publication (title, authors), normal (name), one-line (label,
details), bullet, numbered, reversed numbered, and text (a plain string). The import puts a section whose title
cvgen knows (Education, Experience, Publications, Projects, Skills, Patents, Awards...) into that kind when its
entries fit it, and any other into a section of the profile's own with RenderCV's title. What has no place is
named in a note. Markdown stays Markdown: cvgen reads **bold**, *italic* and [label](url) in the same fields.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from typing import Any

from ..model import EMAIL, URL, PartialDate, parse_date
from ..richtext import text_of
from . import networks

# RenderCV's themes → cvgen's closest theme (`cvgen themes`); the export maps back.
THEMES: dict[str, str] = {
    "classic": "classic",  # serif, coloured headings
    "sb2nov": "sober",  # serif, black headings over a rule
    "moderncv": "modern",  # sans-serif, name large, accent colour
    "engineeringresumes": "engineering",  # dense, one page
    "engineeringclassic": "engineering",
}

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
    from ..catalog import Catalog, languages

    printed = {"other_publications": "publications", "highlighted_publications": "highlighted_publications"}
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

    def note(self, where: str, value: Any, why: str = "has no place in cv.yaml") -> None:
        if value not in (None, "", [], {}):
            shown = value if isinstance(value, str) else str(value) if isinstance(value, (int, float, date)) and not \
                isinstance(value, bool) else json.dumps(value, ensure_ascii=False, default=str)  # as YAML wrote it
            shown = shown if len(shown) <= 80 else shown[:77] + "…"
            self.remarks.append(f'{where} "{shown}" {why}; left out')

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
        if start and entry.get("date"):
            self.note(f"{where}.date", entry.get("date"), "is given besides start_date; start_date is used")


def from_rendercv(data: Any, remarks: list[str]) -> dict[str, Any]:
    """A cv.yaml profile (as data) from a RenderCV input; what has no place is listed in `remarks`."""
    if not isinstance(data, dict) or not isinstance(data.get("cv"), dict) or not _text(data["cv"].get("name")):
        raise ValueError("expected a RenderCV input: a mapping with cv.name (and cv.sections)")
    run = _Import(remarks)
    cv = data["cv"]
    _odd_values(run, cv, "cv")
    profile = run.profile
    profile["owner"] = {"name": _text(cv["name"])}
    _put(profile, "headline", _text(cv.get("headline")))
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
    for index, item in enumerate(_items(cv.get("custom_connections"))):  # RenderCV ≥ 2.4
        where = f"cv.custom_connections[{index}]"
        item = item if isinstance(item, dict) else {}
        if URL.fullmatch(_text(item.get("url"))):
            links.append({"label": _text(item.get("placeholder")) or _text(item.get("url")), "url": _text(item["url"])})
            run.rest(item, {"placeholder", "url"}, where)
        else:
            run.rest(item, set(), where)
    _put(contact, "links", links)
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
    from ..model import Profile

    return {key: profile[key] for key in Profile.model_fields if profile.get(key)}


def _section(run: _Import, key: str, entries: list[Any]) -> str:
    """Put a RenderCV section into the profile; the key of the section it is printed as."""
    from ..catalog import Catalog

    title = section_title(key)
    types = {entry_type(entry) for entry in entries}
    where = f"cv.sections.{key}"
    kind = _known_kind(title) or _SHAPES.get(frozenset(types))
    fits = {"education": {"education"}, "experience": {"experience"}, "publications": {"publication"},
            "highlighted_publications": {"publication"},
            "projects": {"normal"}, "skills": {"one-line"}, "summary": {"text"},
            "patents": {"text", "bullet", "numbered", "reversed-numbered", "normal"},
            "awards": {"text", "bullet", "numbered", "reversed-numbered", "normal"},
            "certifications": {"text", "bullet", "numbered", "reversed-numbered", "normal"},
            "languages": {"one-line", "text", "bullet"}}
    if kind and types <= fits[kind]:
        if kind == "summary":
            run.profile["summary"] = "\n\n".join(entry.strip() for entry in entries)
        else:
            highlighted = kind == "highlighted_publications"
            mapped = [_typed(run, "publications" if highlighted else kind, entry, f"{where}[{index}]")
                      for index, entry in enumerate(entries)]
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
    from ..kinds import SECTIONS

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
        mapped = [_custom_entry(run, entry, f"{where}[{index}]") for index, entry in enumerate(entries)]
        section["entries"] = [entry for entry in mapped if entry]
    run.profile.setdefault("sections", {})[own] = section
    return own


def _line(entry: Any) -> str:
    if isinstance(entry, str):
        return entry.strip()
    kind = entry_type(entry)
    if kind == "one-line":
        return f"**{_text(entry['label'])}:** {_text(entry['details'])}"
    return _text(entry.get({"bullet": "bullet", "numbered": "number", "reversed-numbered": "reversed_number"}[kind]))


def _typed(run: _Import, kind: str, entry: Any, where: str) -> dict[str, Any] | None:
    if kind in ("patents", "awards", "certifications") and entry_type(entry) != "normal":
        name = _line(entry)
        return {"patents": {"title": name}, "awards": {"name": name}, "certifications": {"name": name}}[kind]
    if kind == "languages":
        if entry_type(entry) == "one-line":
            return {"language": _text(entry["label"]), "level": _text(entry["details"])}
        return {"language": _line(entry)}
    return {"education": _education, "experience": _experience, "publications": _publication,
            "projects": _project, "skills": _skills, "patents": _named("title"), "awards": _named("name"),
            "certifications": _named("name")}[kind](run, entry, where)


def _education(run: _Import, entry: dict[str, Any], where: str) -> dict[str, Any]:
    area, degree = _text(entry.get("area")), _text(entry.get("degree"))
    school: dict[str, Any] = {"institution": _text(entry.get("institution")),
                              "degree": f"{degree} in {area}" if degree and area else degree or area}
    _put(school, "location", _text(entry.get("location")))
    details = _strings(entry.get("summary")) + _strings(entry.get("highlights"))
    if _text(entry.get("grade")):  # RenderCV ≥ 2.4
        details.append(f"Grade: {_text(entry['grade'])}")
    _put(school, "details", details)
    run.period(school, entry, where)
    run.rest(entry, {"institution", "area", "degree", "location", "summary", "highlights", "grade", "date",
                     "start_date", "end_date"}, where)
    return school


def _experience(run: _Import, entry: dict[str, Any], where: str) -> dict[str, Any]:
    job: dict[str, Any] = {"organization": _text(entry.get("company")), "role": _text(entry.get("position"))}
    _put(job, "location", _text(entry.get("location")))
    _put(job, "highlights", _strings(entry.get("summary")) + _strings(entry.get("highlights")))
    run.period(job, entry, where)
    run.rest(entry, {"company", "position", "location", "summary", "highlights", "date", "start_date", "end_date"},
             where)
    return job


def _linked_name(text: str) -> tuple[str, str | None]:
    """`[FlashInfer](https://github.com/)` → ('FlashInfer', 'https://github.com/'); other text as it is."""
    found = re.fullmatch(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", text)
    return (found.group(1), found.group(2)) if found else (text, None)


def _project(run: _Import, entry: dict[str, Any], where: str) -> dict[str, Any]:
    name, url = _linked_name(_text(entry.get("name")))
    project: dict[str, Any] = {"name": name}
    _put(project, "url", url)
    _put(project, "description", _text(entry.get("summary")))
    _put(project, "highlights", _strings(entry.get("highlights")))
    run.period(project, entry, where)
    run.rest(entry, {"name", "summary", "highlights", "date", "start_date", "end_date"}, where)
    if _text(entry.get("location")):
        run.note(f"{where}.location", entry["location"], "has no place in a project")
    return project


def _custom_entry(run: _Import, entry: Any, where: str) -> dict[str, Any] | None:
    """An entry of a section of the profile's own (None for one RenderCV would not read either, with a note)."""
    kind = entry_type(entry)
    if kind == "unknown" or not isinstance(entry, dict):
        if kind == "unknown":
            run.note(where, entry, "is not an entry RenderCV knows")
            return None
        return {"title": _line(entry)}
    if kind in ("bullet", "numbered", "reversed-numbered", "one-line"):
        return {"title": _line(entry)}
    extra: list[str] = []
    if kind == "education":
        area, degree = _text(entry.get("area")), _text(entry.get("degree"))
        title, subtitle = _text(entry.get("institution")), f"{degree} in {area}" if degree and area else degree or area
        used = {"institution", "area", "degree", "grade"}
        extra = [f"Grade: {_text(entry['grade'])}"] if _text(entry.get("grade")) else []
    elif kind == "experience":
        title, subtitle, used = _text(entry.get("company")), _text(entry.get("position")), {"company", "position"}
    elif kind == "publication":
        title, subtitle = _text(entry.get("title")), ", ".join(_strings(entry.get("authors")))
        used = {"title", "authors"}
    else:
        title, subtitle, used = _text(entry.get("name")), "", {"name"}
    title, url = _linked_name(title)
    custom: dict[str, Any] = {"title": title}
    _put(custom, "subtitle", subtitle)
    _put(custom, "location", _text(entry.get("location")))
    link = _text(entry.get("url"))
    _put(custom, "url", url or (link if URL.fullmatch(link) else None))
    _put(custom, "highlights", _strings(entry.get("summary")) + _strings(entry.get("highlights")) + extra)
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
    title = _text(entry.get("title"))
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
    _put(paper, "venue", _text(entry.get("journal")))
    paper["year"] = parsed.year
    _put(paper, "month", parsed.month)
    links: dict[str, str] = {}
    _put(links, "doi", _text(entry.get("doi")))
    _put(links, "url", _text(entry.get("url")))
    _put(paper, "links", links)
    run.rest(entry, {"title", "authors", "journal", "date", "doi", "url"}, where)
    return paper


def _skills(run: _Import, entry: dict[str, Any], where: str) -> dict[str, Any]:
    items = [item.strip() for item in re.split(r",(?![^()]*\))", _text(entry.get("details"))) if item.strip()]
    run.rest(entry, {"label", "details"}, where)
    return {"category": _text(entry.get("label")), "items": items}


def _named(field: str):
    """A normal entry (name, date, summary) as a patent, an award or a certification."""
    def mapped(run: _Import, entry: dict[str, Any], where: str) -> dict[str, Any]:
        name, url = _linked_name(_text(entry.get("name")))
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
    if not isinstance(design, dict):
        return
    theme = _text(design.get("theme"))
    closest = THEMES.get(theme)
    if closest:
        run.profile["design"] = {"theme": closest}
        if closest != theme:
            run.remarks.append(f"design.theme {theme!r} is cvgen's theme {closest!r}, the closest (`cvgen themes` "
                               "lists them)")
    elif theme:
        run.remarks.append(f"design.theme {theme!r}: a theme cvgen has no counterpart for; `cvgen themes` lists "
                           "cvgen's")
    page: dict[str, Any] = design["page"] if isinstance(design.get("page"), dict) else {}
    size = {"a4": "a4", "us-letter": "letter", "letter": "letter"}.get(_text(page.get("size")).lower())
    if size:
        run.profile.setdefault("design", {})["paper"] = size
    rest = {key: value for key, value in design.items() if key != "theme"}
    if size:
        rest["page"] = {key: value for key, value in page.items() if key != "size"}
    for where, value in _leaves(rest, "design"):
        run.note(where, value, "is a RenderCV design option")


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


def _strings(value: Any) -> list[str]:
    """The strings of a list (a lone string is a list of one)."""
    value = [value] if isinstance(value, str) else value
    return [_text(item) for item in value if _text(item)] if isinstance(value, list) else []


def _items(value: Any) -> list[Any]:
    """The entries of a list RenderCV expects (a lone entry is a list of one)."""
    return value if isinstance(value, list) else [value] if value else []


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value:
        target[key] = value


# ---------------------------------------------------------------------------------------------- export
#
# The long CV as RenderCV 2.3 reads it: the sections of cvgen's long CV in its order, with its headings, the
# highlighted and the other publications as two sections, the owner in bold. Education, experience and
# publications become RenderCV's entries of those types; other sections are written as the CV prints them
# (normal entries with their dates as printed, one-line entries, text).


def to_rendercv(profile, remarks: list[str]) -> dict[str, Any]:
    from ..items import EntryItem, LineItem, PublicationItem, TextItem
    from ..kinds import kind_of
    from ..model import Profile
    from ..variants import declared
    from ..view import build_view

    assert isinstance(profile, Profile)
    view = build_view(profile, declared(profile)["long"])
    contact = profile.contact
    cv: dict[str, Any] = {"name": profile.owner.name}
    if profile.headline:
        remarks.append(f"headline {profile.headline!r}: RenderCV 2.3 has no field for it; left out")
    _put(cv, "location", contact.location)
    _put(cv, "email", contact.email)
    if contact.phone and re.fullmatch(r"\+?[\d\s().-]{6,}", contact.phone):
        cv["phone"] = "tel:" + re.sub(r"[\s().]", "", contact.phone).replace("-", "")
    elif contact.phone:
        remarks.append(f"contact.phone {contact.phone!r} is not a phone number RenderCV accepts; left out")
    _put(cv, "website", contact.homepage)
    social = []
    for link in contact.links:
        found = networks.username(link.url)
        if found:
            social.append({"network": found[0], "username": found[1]})
        else:
            remarks.append(f"contact.links: {link.label} ({link.url}) is on no network RenderCV knows; left out")
    _put(cv, "social_networks", social)
    papers = {paper.key: paper for paper in profile.publications}
    sections: dict[str, list[Any]] = {}
    for section in view.sections:
        entries: list[Any] = []
        dated = {"education": _out_education, "experience": _out_experience}.get(
            kind_of(section.key, profile).rendercv, _out_normal)
        for item in section.items:
            source = _source(profile, item.id)
            if isinstance(item, PublicationItem):
                entries.append(_out_publication(item, papers[item.key]))
            elif isinstance(item, EntryItem):
                entries.append(dated(source, item))
            elif isinstance(item, LineItem):
                entries.append({"label": item.heading, "details": _markdown(item.text)})
            elif isinstance(item, TextItem):
                entries += [" ".join(_markdown(paragraph).split()) for paragraph in item.paragraphs]
        if section.footnotes:
            entries += [footnote for footnote in section.footnotes if isinstance(entries[0], str)]
        if entries:
            sections[section.title] = _one_type(entries)
    cv["sections"] = sections
    ours = getattr(getattr(profile, "design", None), "theme", None) or "classic"  # `design:`, where cvgen has it
    theme = next((theirs for theirs, closest in THEMES.items() if closest == ours), "classic")
    return {"cv": cv, "design": {"theme": theme}, "locale": {"language": profile.language.split("-")[0]}}


def _one_type(entries: list[Any]) -> list[Any]:
    """A RenderCV section holds entries of one type: a mixed one (a summary with its research interests line)
    becomes text."""
    if len({entry_type(entry) for entry in entries}) == 1:
        return entries
    return [entry if isinstance(entry, str) else f"**{entry['label']}:** {entry['details']}"
            if entry_type(entry) == "one-line" else _text(entry.get("name")) for entry in entries]


def _markdown(rich) -> str:
    """Rich text as RenderCV's Markdown."""
    parts = []
    for span in rich:
        text = re.sub(r"([*_\[\]`\\])", r"\\\1", span.text)
        stripped = text.strip()
        if stripped and (span.bold or span.italic):
            mark = "**" if span.bold else "*"
            text = text.replace(stripped, f"{mark}{stripped}{mark}", 1)
        if span.url:
            text = f"[{text}]({span.url})"
        parts.append(text)
    return "".join(parts).strip()


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
    return {"date": item.when} if item.when else {}


def _out_education(school, item) -> dict[str, Any]:
    out: dict[str, Any] = {"institution": school.institution, "area": school.degree, **_dates(school, item)}
    _put(out, "location", school.location)
    # the subtitle is the degree, then who supervised it
    highlights = [_markdown(item.subtitle[1:]).lstrip(", ")] if school.supervisors else []
    _put(out, "highlights", highlights + [_markdown(line) for line in item.details])
    return out


def _out_experience(job, item) -> dict[str, Any]:
    out: dict[str, Any] = {"company": job.organization, "position": _markdown(item.subtitle), **_dates(job, item)}
    _put(out, "location", job.location)
    _put(out, "highlights", [_markdown(line) for line in item.bullets])
    return out


def _out_normal(entry, item) -> dict[str, Any]:
    out: dict[str, Any] = {"name": _markdown(item.title), **_dates(entry, item)}
    _put(out, "location", item.where)
    summary = " ".join(part for part in (_markdown(item.subtitle), f"({item.note})" if item.note else "") if part)
    _put(out, "summary", summary)
    _put(out, "highlights", [_markdown(line) for line in (*item.details, *item.bullets)])
    return out


def _out_publication(item, paper) -> dict[str, Any]:
    authors = [f"**{author.name}**" if author.is_owner else author.name for author in item.authors]
    out: dict[str, Any] = {"title": paper.title, "authors": authors,
                           "date": f"{paper.year}-{paper.month:02d}" if paper.month else str(paper.year)}
    journal = ", ".join(part for part in (text_of(item.source) or paper.venue or "", *item.notes) if part)
    _put(out, "journal", journal)
    _put(out, "doi", paper.links.doi)
    url = paper.links.url or (f"https://arxiv.org/abs/{paper.links.arxiv}" if paper.links.arxiv else None) \
        or paper.links.pdf
    _put(out, "url", url)
    return out
