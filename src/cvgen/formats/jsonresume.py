"""JSON Resume (resume.json, schema v1.0.0) out of the profile, and a starting profile out of a resume.json.

The schema has no authors and no highlighted papers; it does allow extra properties on every object, so a
publication carries `authors` and `highlight` there, and its `summary` (which themes print) names the authors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from cvgen.document.catalog import Catalog
from cvgen.document.kinds import OWN, SECTIONS
from cvgen.document.languages import is_country
from cvgen.document.publications import number_publications
from cvgen.formats.networks import address
from cvgen.profile.model import EMAIL, URL, Localized, PartialDate, _cmp_key, parse_date

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def to_jsonresume(profile) -> dict[str, Any]:
    """The profile as a resume.json document; publications in the PDFs' order (highlighted first)."""
    contact = profile.contact
    basics: dict[str, Any] = {"name": profile.owner.name}
    _put(basics, "label", profile.headline)
    _put(basics, "email", contact.email)
    _put(basics, "phone", contact.phone)
    _put(basics, "url", contact.homepage)
    if contact.location or contact.country_code:
        city, _, region = (contact.location or "").partition(", ")
        basics["location"] = _clean({"city": city, "region": region, "countryCode": contact.country_code})
    if contact.links:
        basics["profiles"] = [_clean({"network": link.label, "username": link.username, "url": link.url})
                              for link in contact.links]
    resume: dict[str, Any] = {"$schema": SCHEMA_URL, "basics": basics}
    for key, kind in SECTIONS.items():  # every kind of section, through its exporter (a test checks them all)
        lengths = {name: len(value) for name, value in resume.items() if isinstance(value, list)}
        (_extra(kind.attribute) if kind.jsonresume == OWN else EXPORTS[key])(profile, resume)
        _mark(key, _entries(profile, key), [entry for name, value in resume.items() if isinstance(value, list)
                                            for entry in value[lengths.get(name, 0):]])
    volunteer = profile.sections.get("volunteer")  # what `import jsonresume` made of a `volunteer` list
    if volunteer and volunteer.entries:
        _add(resume, "volunteer", [_period({"organization": entry.subtitle or entry.title,
                                            "position": entry.title if entry.subtitle else None,
                                            "location": entry.location, "url": entry.url,
                                            "summary": entry.note, "highlights": list(entry.highlights),
                                            "cvgen": {"section": "sections.volunteer",
                                                      "entry": entry.model_dump(mode="json", exclude_defaults=True)}},
                                           entry) for entry in volunteer.entries])
    meta: dict[str, Any] = {"version": "v1.0.0"}
    _put(meta, "lastModified", str(profile.updated) if profile.updated else None)
    # The rest of the profile, which JSON Resume has no place for, in cvgen's own form, in `meta` (the schema's
    # place for "any other tooling configuration"; read back by the import).
    own = profile.model_dump(mode="json", exclude_defaults=True, include=set(OWN_FIELDS))
    if profile.owner.aliases:
        own["aliases"] = list(profile.owner.aliases)
    # What `basics` and the interests hold in one language, when the profile gives it in several; and the
    # contact line's further items (`contact.extra`), which `basics` has no place for.
    for field in ("owner", "contact", "headline", "summary", "research_interests", "hobbies"):
        if _has_versions(getattr(profile, field)) or (field == "contact" and profile.contact.extra):
            own[field] = profile.model_dump(mode="json", exclude_defaults=True, include={field})[field]
    _put(meta, "cvgen", own)
    resume["meta"] = meta
    return {key: value for key, value in resume.items() if value}


# Fields of the profile that no part of a resume.json holds: they travel in `meta.cvgen`.
OWN_FIELDS = ("short_summary", "language", "paper", "style", "owner_style", "max_authors", "titles", "phrases",
              "variants", "sections", "updated", "design", "letters", "publication_groups")


def _has_versions(value: Any) -> bool:
    """Whether the value holds text in several languages (model.Localized) anywhere."""
    if isinstance(value, Localized):
        return True
    if isinstance(value, (list, tuple)):
        return any(_has_versions(item) for item in value)
    if hasattr(type(value), "model_fields"):
        return any(_has_versions(getattr(value, name)) for name in type(value).model_fields)
    return False


def _entries(profile, key: str) -> list[tuple[str, Any]]:
    """The entries a section's exporter writes, in its order, each with the profile field it comes from."""
    if key == "reviewing":
        return [(f"reviewing.{kind}", venue) for kind in ("conferences", "journals")
                for venue in getattr(profile.reviewing, kind)]
    if key in ("summary", "additional", "skills", "hobbies", "highlighted_publications", "other_publications"):
        return []
    return [(key, entry) for entry in getattr(profile, key)]


def _mark(key: str, models: list[tuple[str, Any]], written: list[dict[str, Any]]) -> None:
    """Each entry written carries the profile's entry, whole and in cvgen's form, as an extra property: the
    import reads it back as it was, and puts it in its own section again."""
    if models and len(models) == len(written):
        for (field, model), entry in zip(models, written, strict=True):
            if "cvgen" not in entry:
                entry["cvgen"] = {"section": field, "entry": model.model_dump(mode="json", exclude_defaults=True)}


def _add(resume: dict[str, Any], section: str, entries: list[dict[str, Any]]) -> None:
    resume.setdefault(section, []).extend(entries)


def _out_summary(profile, resume) -> None:
    _put(resume["basics"], "summary", profile.summary)


def _out_experience(profile, resume) -> None:
    _add(resume, "work", [_period({"name": job.organization, "position": job.role, "location": job.location,
                                   "url": job.url, "summary": job.summary or _supervised(job.supervisors),
                                   "highlights": list(job.highlights)}, job)
                          for job in profile.experience])


def _out_teaching(profile, resume) -> None:
    _add(resume, "work", [_period({"name": course.institution,
                                   "position": ", ".join(filter(None, [course.role, course.course]))}, course)
                          for course in profile.teaching])


def _out_activities(profile, resume) -> None:
    _add(resume, "volunteer", [_period({"organization": activity.name, "summary": activity.note}, activity)
                               for activity in profile.activities])


def _out_reviewing_all(profile, resume) -> None:
    _add(resume, "volunteer", [_reviewing(venue, kind) for kind, venues in (
        ("conference", profile.reviewing.conferences), ("journal", profile.reviewing.journals)) for venue in venues])


def _out_education(profile, resume) -> None:
    _add(resume, "education", [_period(_degree(school), school) for school in profile.education])


def _out_awards(profile, resume) -> None:
    _add(resume, "awards", [_clean({"title": award.name, "date": _date(award.start), "awarder": award.awarder,
                                    "summary": award.note}) for award in profile.awards])


def _out_publications(profile, resume) -> None:
    if "publications" not in resume:  # both groups in one list, highlighted first
        resume["publications"] = [_publication(item.publication)
                                  for item in number_publications(profile.publications)]


def _out_additional(profile, resume) -> None:
    """Skills and interests, each carrying its entry in cvgen's form (tags, keep, priority travel with it);
    research interests and hobbies as interests of their own."""
    _add(resume, "skills", [_clean({"name": group.category, "level": group.level, "keywords": list(group.items),
                                    "cvgen": _own("skills", group)}) for group in profile.skills])
    _add(resume, "interests", ([{"name": "Research", "keywords": list(profile.research_interests)}]
                               if profile.research_interests else []) + [{"name": hobby} for hobby in profile.hobbies]
         + [_clean({"name": interest.name, "keywords": list(interest.keywords), "cvgen": _own("interests", interest)})
            for interest in profile.interests])


def _own(field: str, entry) -> dict[str, Any]:
    return {"section": field, "entry": entry.model_dump(mode="json", exclude_defaults=True)}


def _out_talks(profile, resume) -> None:
    _add(resume, "projects", [_clean({"name": talk.title, "entity": talk.event, "type": "talk",
                                      "startDate": _date(talk.date)}) for talk in profile.talks])


def _out_projects(profile, resume) -> None:
    _add(resume, "projects", [_period({"name": project.name, "description": project.description, "url": project.url,
                                       "keywords": list(project.technologies), "highlights": list(project.highlights)},
                                      project) for project in profile.projects])


def _out_certifications(profile, resume) -> None:
    _add(resume, "certificates", [_clean({"name": item.name, "issuer": item.issuer, "date": _date(item.date),
                                          "url": item.url}) for item in profile.certifications])


def _out_languages(profile, resume) -> None:
    _add(resume, "languages", [_clean({"language": item.language, "fluency": item.level})
                               for item in profile.languages])


def _out_references(profile, resume) -> None:
    _add(resume, "references", [_clean({"name": person.name, "reference": person.quote or ", ".join(
        filter(None, [person.relationship, person.position, person.organization, person.email, person.phone]))})
        for person in profile.references])


def _out_service(profile, resume) -> None:
    _add(resume, "volunteer", [_period({"organization": role.organization, "position": role.role, "url": role.url},
                                       role) for role in profile.service])


def _extra(key: str):
    """What JSON Resume has no place for travels as an extra property of that name (the schema allows it),
    as cvgen's own data: `import jsonresume` reads it back."""
    def export(profile, resume) -> None:
        entries = getattr(profile, key)
        if entries:
            resume[key] = [entry.model_dump(mode="json", exclude_defaults=True) for entry in entries]
    return export


# What each kind of section becomes in a resume.json, unless the registry says JSON Resume has no place for it.
EXPORTS: dict[str, Callable[[Any, dict[str, Any]], None]] = {
    "summary": _out_summary, "education": _out_education, "experience": _out_experience,
    "highlighted_publications": _out_publications, "other_publications": _out_publications, "teaching": _out_teaching,
    "reviewing": _out_reviewing_all, "talks": _out_talks, "awards": _out_awards, "activities": _out_activities,
    "additional": _out_additional, "projects": _out_projects, "certifications": _out_certifications,
    "languages": _out_languages, "references": _out_references, "service": _out_service,
    "skills": lambda profile, resume: None, "hobbies": lambda profile, resume: None,  # written with additional
}


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value:
        target[key] = value


def _clean(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if value not in (None, "", [])}


def _date(date: PartialDate | str | None) -> str | None:
    return str(date) if isinstance(date, PartialDate) else None


def _period(entry: dict[str, Any], period) -> dict[str, Any]:
    entry["startDate"] = _date(period.start)
    entry["endDate"] = _date(period.end)  # 'present' is written as no end date
    return _clean(entry)


def _supervised(names) -> str | None:
    return f"Supervised by {', '.join(names)}." if names else None


def _degree(school) -> dict[str, Any]:
    study, _, area = school.degree.partition(" in ")
    notes = [f"Thesis: {school.thesis.title}"] if school.thesis else []
    notes += [f"Supervised by {', '.join(school.supervisors)}."] if school.supervisors else []
    return {"institution": school.institution, "studyType": study, "area": area or None, "location": school.location,
            "url": school.url, "score": school.score, "courses": list(school.courses) or None,
            "summary": " ".join(notes) or None, "highlights": list(school.details) or None}


def _reviewing(venue, kind: str) -> dict[str, Any]:
    years = sorted(venue.years)
    return _clean({"organization": venue.venue, "position": f"Reviewer ({kind})",
                   "startDate": str(years[0]) if years else None, "endDate": str(years[-1]) if len(years) > 1 else None})


def _publication(paper) -> dict[str, Any]:
    links = paper.links
    url = links.url or (f"https://doi.org/{links.doi}" if links.doi else None) or (
        f"https://arxiv.org/abs/{links.arxiv}" if links.arxiv else None) or links.pdf
    status = {"preprint": "Preprint", "under-review": "Under review"}.get(paper.status)
    summary = ", ".join(paper.authors) + "." + "".join(f" {note}." for note in [status, *paper.notes] if note)
    date = f"{paper.year:04d}-{paper.month:02d}" if paper.month else f"{paper.year:04d}"
    own = {"section": "publications", "entry": paper.model_dump(mode="json", exclude_defaults=True)}
    return _clean({"name": paper.title, "publisher": paper.venue or paper.publisher, "releaseDate": date, "url": url,
                   "summary": summary, "authors": list(paper.authors), "highlight": paper.highlight or None,
                   "cvgen": own})


# ---------------------------------------------------------------------------------------------- import
#
# Every value of the resume.json ends up in the profile or in a note: the importer reads the file through
# `_Tracked` mappings that remember which keys were read, and every non-empty value no mapping read is named in a
# note at the end. A value read and then refused (an address that is not one) is named where it is refused.


def from_jsonresume(resume: Any, remarks: list[str]) -> dict[str, Any]:
    """A cv.yaml profile (as data) from a resume.json; what has no place in a CV profile is listed in `remarks`."""
    if not isinstance(resume, dict) or not isinstance(resume.get("basics"), dict) or not _text(resume["basics"].get("name")):
        raise ValueError("expected a JSON Resume object with basics.name")
    resume = _Tracked(resume, "")
    resume.get("$schema")  # which version of the schema the file follows: nothing to keep
    written = _written_by_cvgen(resume)
    basics = resume.get("basics")
    name = _text(basics.get("name"))
    profile: dict[str, Any] = {"owner": {"name": name}}
    _put(profile, "headline", _text(basics.get("label")))
    profile["contact"] = _contact(basics, remarks)
    _put(profile, "summary", _paragraphs(basics.get("summary")))
    interests = _list(resume.get("interests"))
    research = [item for item in interests if re.search(r"research", _text(item.get("name")), re.I)]
    # `{name: Research, keywords: [...]}` lists them; a research interest without keywords is one itself
    _put(profile, "research_interests", [k for item in research
                                         for k in _strings(item.get("keywords")) or [_text(item.get("name"))]])
    _put(profile, "education", [_education(item, remarks) for item in _list(resume.get("education"))])
    _put(profile, "publications", _publications(_list(resume.get("publications")), name, remarks))
    _put(profile, "experience", [_job(item, remarks) for item in _list(resume.get("work"))])
    talks, projects = [], []
    for project in _list(resume.get("projects")):
        date = _when(project.get("startDate"), project.where("startDate"), remarks)
        if _text(project.get("type")).lower() == "talk" and date:  # how cvgen's export writes a talk
            talks.append(_clean({"title": _text(project.get("name")) or "Talk", "event": _text(project.get("entity")),
                                 "date": date}))
            remarks.append(f"{project.where('type')} {_quoted(project.get('type'))}: imported into talks")
        else:
            projects.append(_project(project, remarks))
            if _text(project.get("type")):
                remarks.append(f"{project.where('type')} {_quoted(project.get('type'))} has no place in cv.yaml; "
                               "left out")
    presentations = [_presentation(item, remarks) for item in _list(resume.get("presentations"))]  # academicpages
    _put(profile, "projects", projects)
    _put(profile, "talks", talks + [talk for talk in presentations if talk])
    _put(profile, "teaching", [_course(item, remarks) for item in _list(resume.get("teaching"))])  # academicpages
    _put(profile, "awards", [_award(item, remarks) for item in _list(resume.get("awards"))])
    _put(profile, "certifications", [_clean({
        "name": _text(item.get("name")) or "Certificate", "issuer": _text(item.get("issuer")),
        "date": _when(item.get("date"), item.where("date"), remarks),
        "url": _url(item.get("url"), item.where("url"), remarks)}) for item in _list(resume.get("certificates"))])
    _put(profile, "languages", [_clean({"language": _text(item.get("language")), "level": _text(item.get("fluency"))})
                                for item in _list(resume.get("languages")) if _text(item.get("language"))])
    _put(profile, "references", [_clean({"name": _text(item.get("name")) or "Referee",
                                         "quote": _paragraphs(item.get("reference"))})
                                 for item in _list(resume.get("references"))])
    _put(profile, "skills", _skills(_list(resume.get("skills"))))
    others = [item for item in interests if item not in research and _text(item.get("name"))]
    _put(profile, "hobbies", [_text(item.get("name")) for item in others if not _strings(item.get("keywords"))])
    _put(profile, "interests", [{"name": _text(item.get("name")), "keywords": _strings(item.get("keywords"))}
                                for item in others if _strings(item.get("keywords"))])
    for key in [kind.attribute for kind in SECTIONS.values() if kind.jsonresume == OWN]:  # written by the export
        _put(profile, key, [item.plain() for item in _list(resume.get(key))])
    sections = {key: section for key, section in (("volunteer", _volunteer(resume, remarks)),
                                                  ("portfolio", _portfolio(resume, remarks))) if section}
    _put(profile, "sections", sections)
    for field, entries in written.items():  # entries of cvgen's export, as they were in the profile
        if field.startswith("sections."):  # a section of the profile's own comes back whole, below
            continue
        if field.startswith("reviewing."):
            profile.setdefault("reviewing", {}).setdefault(field.split(".")[1], []).extend(entries)
        else:
            profile[field] = [*entries, *profile.get(field, [])] if field != "publications" else \
                [*profile.get(field, []), *entries]
    meta = resume.get("meta")
    if isinstance(meta, _Tracked):
        meta.get("version")  # the schema's version: nothing to keep
        updated = _when(meta.get("lastModified"), meta.where("lastModified"), remarks)
        _put(profile, "updated", updated)
    # What cvgen's export keeps in its own form: in meta.cvgen (at the top level in files of earlier versions).
    own = meta.get("cvgen") if isinstance(meta, _Tracked) and "cvgen" in meta else resume.get("cvgen")
    if isinstance(own, _Tracked):
        own = own.plain()
        if own.get("aliases"):
            profile["owner"]["aliases"] = own.pop("aliases")
        profile.update({key: value for key, value in own.items() if key != "sections"})
        _put(profile, "sections", {**(own.get("sections") or {}), **profile.get("sections", {})})
    remarks += _unread(resume)
    return {key: value for key, value in profile.items() if value}


class _Tracked(dict):
    """A JSON object that remembers which of its keys were read (with `get`), and where it is in the file."""

    def __init__(self, data: dict[str, Any], path: str, read: set[str] | None = None) -> None:
        super().__init__(data)
        self.path, self.read = path, read if read is not None else set()

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, default: Any = None) -> Any:
        where = self.where(key)
        self.read.add(where)
        return _track(super().get(key, default), where, self.read)

    def plain(self) -> dict[str, Any]:
        """The object as plain data (all of it read)."""
        self.read.add("*" + self.path)
        return dict(self)


def _track(value: Any, where: str, read: set[str]) -> Any:
    if isinstance(value, dict):
        return _Tracked(value, where, read)
    if isinstance(value, list):
        return [_track(item, f"{where}[{index}]", read) for index, item in enumerate(value)]
    return value


def _unread(root: _Tracked) -> list[str]:
    """A note for every value no mapping read (a list of strings is read with its key)."""
    notes: list[str] = []

    def walk(value: Any, where: str, read: bool) -> None:
        if "*" + where in root.read:  # taken whole
            return
        read = read or where in root.read
        if isinstance(value, dict):  # an object read is not all its keys read
            for key, item in value.items():
                walk(item, f"{where}.{key}" if where else key, False)
        elif isinstance(value, list):  # a list read whole is a list of texts: nothing in it is a list or object
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]", read and not isinstance(item, (dict, list)))
        elif read and (isinstance(value, bool) and not where.endswith(".highlight")
                       or value is None and where.endswith("]")):  # JSON Resume's values are texts
            notes.append(f"{where} {_quoted(value)} is not a text; left out")
        elif value not in (None, "") and not read:
            notes.append(f"{where} {_quoted(value)} has no place in cv.yaml; left out")

    walk(dict(root), "", False)
    return notes


def _quoted(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:76] + '…"'


def _written_by_cvgen(resume: _Tracked) -> dict[str, list[dict[str, Any]]]:
    """The entries that carry the profile's own entry (`cvgen: {section, entry}`), by profile field; the other
    mappings pass over them (`_list`)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for name, value in dict(resume).items():
        for index, item in enumerate(value if isinstance(value, list) else []):
            own = item.get("cvgen") if isinstance(item, dict) else None
            if isinstance(own, dict) and isinstance(own.get("section"), str) and isinstance(own.get("entry"), dict):
                resume.read.add(f"*{name}[{index}]")
                found.setdefault(own["section"], []).append(own["entry"])
    return found


def _contact(basics: _Tracked, remarks: list[str]) -> dict[str, Any]:
    contact: dict[str, Any] = {}
    email = _text(basics.get("email"))
    if email and EMAIL.fullmatch(email):
        contact["email"] = email
    elif email:
        remarks.append(f"basics.email {email!r} is not an e-mail address; left out")
    _put(contact, "phone", _text(basics.get("phone")))
    location = basics.get("location") if isinstance(basics.get("location"), dict) else {}
    country = _text(location.get("countryCode"))
    code = country.upper() if re.fullmatch(r"[A-Za-z]{2}", country) else ""  # ISO 3166-1 alpha-2, its own field
    if code:
        code = code if is_country(code) else ""
    _put(contact, "location", ", ".join(_text(location.get(part)) for part in ("city", "region")
                                        if _text(location.get(part))) or None)
    _put(contact, "country_code", code)
    if country and not code:
        remarks.append(f"basics.location.countryCode {country!r} is not a country's two-letter code; left out")
    _put(contact, "homepage", _url(basics.get("url"), "basics.url", remarks)
         or _url(basics.get("website"), "basics.website", remarks))  # `website` in files older than v1.0.0
    links = []
    for item in _list(basics.get("profiles")):
        network, user = _text(item.get("network")), _text(item.get("username"))
        given = _url(item.get("url"), item.where("url"), remarks)
        built = address(network, user) if user else None
        # a url that does not name the person ("https://www.twitter.com") gives way to the one built from the username
        url = given if given and (not built or user.lower().lstrip("@") in given.lower()) else built or given
        if given and url != given:
            remarks.append(f"{item.where('url')} {given!r} does not name {user!r}; the link is {url}")
        if url:
            links.append(_clean({"label": network or user or "Profile", "url": url, "username": user}))
        elif not item.get("url"):
            remarks.append(f"{item.path} ({network or user}) has no url, and none can be made from its username; "
                           "left out")
    _put(contact, "links", links)
    return contact


def _paragraphs(value: Any) -> str | None:
    """Text that may span paragraphs, with its line breaks kept (a blank line starts a paragraph)."""
    text = str(value).strip() if isinstance(value, str) else _text(value)
    return text or None


def _text(value: Any) -> str:
    """A one-line string from whatever the resume has there ('' for nothing; a list of texts where one belongs is
    kept as one text, its parts separated by semicolons; true/false is no text, and named in a note)."""
    if isinstance(value, list) and value and all(isinstance(item, (str, int, float)) and not isinstance(item, bool)
                                                  for item in value):
        return "; ".join(text for item in value if (text := _text(item)))
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _list(value: Any) -> list[_Tracked]:
    """The objects of a JSON list; anything else there (a stray string or number) is passed over, with a note
    at the end (it was not read)."""
    return [item for item in value if isinstance(item, _Tracked) and not _is_cvgens(item)] \
        if isinstance(value, list) else []


def _is_cvgens(item: dict[str, Any]) -> bool:
    own = dict.get(item, "cvgen")
    return isinstance(own, dict) and "section" in own and "entry" in own


def _strings(value: Any) -> list[str]:
    """The texts of a list; a lone text where a list belongs (`"highlights": "Led the team"`) is a list of one."""
    if isinstance(value, str):
        value = [value]
    return [_text(item) for item in value if _text(item)] if isinstance(value, list) else []


def _url(value: Any, where: str, remarks: list[str]) -> str | None:
    url = _text(value)
    if url and not URL.fullmatch(url):
        remarks.append(f"{where} {url!r} is not a web address (http...); left out")
        return None
    return url or None


def _when(value: Any, where: str, remarks: list[str]) -> str | None:
    text = _text(value)
    if not text:
        return None
    try:
        return str(parse_date(text[:10]))
    except ValueError:
        remarks.append(f"{where} {text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD); left out")
        return None


def _span(entry: dict[str, Any], item: _Tracked, remarks: list[str], current: bool = False) -> dict[str, Any]:
    """`entry` with the item's startDate and endDate. An item with only an end date (a degree given by its
    graduation year) is dated by it; with `current`, a started item with no endDate is ongoing."""
    start = _when(item.get("startDate"), item.where("startDate"), remarks)
    end = _when(item.get("endDate"), item.where("endDate"), remarks)
    if start:
        entry["start"] = start
        entry["end"] = end or ("present" if current and "endDate" not in item else None)
        if end and _cmp_key(parse_date(end)) < _cmp_key(parse_date(start)):
            remarks.append(f"{item.path} ends ({end}) before it starts ({start}); the end date is left out")
            entry["end"] = None
    elif end:
        entry["start"] = end
    return _clean(entry)


def _job(item: _Tracked, remarks: list[str]) -> dict[str, Any]:
    """A job: its summary and url in fields of their own; the company's description, which cvgen has no field
    for, leads the bullets."""
    highlights = [_text(item.get("description"))] if _text(item.get("description")) else []
    highlights += _strings(item.get("highlights"))
    job = {"organization": _text(item.get("name")) or _text(item.get("company")) or "Organization",
           "role": _text(item.get("position")) or "Position", "location": _text(item.get("location")),
           "url": _url(item.get("url"), item.where("url"), remarks), "summary": _paragraphs(item.get("summary")),
           "highlights": highlights}
    return _span(job, item, remarks, current=True)


def _education(item: _Tracked, remarks: list[str]) -> dict[str, Any]:
    study, area = _text(item.get("studyType")), _text(item.get("area"))
    degree = f"{study} in {area}" if study and area else (study or area or "Studies")
    score, gpa = _text(item.get("score")), _text(item.get("gpa"))  # `gpa`: some files' own name for it
    if score and gpa and score != gpa:
        remarks.append(f"{item.where('gpa')} {gpa!r}: the score is {score!r}; left out")
    school = {"institution": _text(item.get("institution")) or "Institution", "degree": degree,
              "location": _text(item.get("location")), "score": score or gpa,
              "courses": _strings(item.get("courses")), "url": _url(item.get("url"), item.where("url"), remarks),
              "details": _strings(item.get("highlights"))}
    return _span(school, item, remarks)


def _project(item: _Tracked, remarks: list[str]) -> dict[str, Any]:
    description, summary = _text(item.get("description")), _text(item.get("summary"))  # al-folio writes summary
    project = {"name": _text(item.get("name")) or "Project", "description": description or summary,
               "url": _url(item.get("url"), item.where("url"), remarks),
               "technologies": _strings(item.get("keywords")),
               "highlights": ([summary] if description and summary else []) + _strings(item.get("highlights"))}
    return _span(project, item, remarks)


def _award(item: _Tracked, remarks: list[str]) -> dict[str, Any]:
    date = _when(item.get("date"), item.where("date"), remarks)
    return _clean({"name": _text(item.get("title")) or "Award", "awarder": _text(item.get("awarder")),
                   "note": _text(item.get("summary")), "start": date})


def _presentation(item: _Tracked, remarks: list[str]) -> dict[str, Any] | None:
    """academicpages' `presentations`: a talk, its event and place."""
    date = _when(item.get("date"), item.where("date"), remarks)
    if not date:
        remarks.append(f"{item.path} has no date; a talk needs one, left out")
        return None
    event = ", ".join(part for part in (_text(item.get("event")), _text(item.get("location"))) if part)
    return _clean({"title": _text(item.get("name")) or "Talk", "event": event, "date": date})


def _course(item: _Tracked, remarks: list[str]) -> dict[str, Any]:
    """academicpages' `teaching`: course, institution, role and a date."""
    return _clean({"course": _text(item.get("course")) or "Course", "institution": _text(item.get("institution"))
                   or "Institution", "role": _text(item.get("role")),
                   "start": _when(item.get("date"), item.where("date"), remarks)})


def _skills(items: list[_Tracked]) -> list[dict[str, Any]]:
    skills, loose = [], []
    for item in items:
        name, level, keywords = _text(item.get("name")), _text(item.get("level")), _strings(item.get("keywords"))
        if keywords:
            skills.append(_clean({"category": name or level or Catalog().heading("skills"),
                                  "level": level if name else None, "items": keywords}))
        elif name:
            loose.append(f"{name} ({level})" if level else name)
    return skills + ([{"category": Catalog().heading("skills"), "items": loose}] if loose else [])


def _volunteer(resume: _Tracked, remarks: list[str]) -> dict[str, Any] | None:
    """`volunteer` as a section of the profile's own (titled by the file's key), since no kind of cvgen's has
    its highlights, places and addresses."""
    entries = []
    for item in _list(resume.get("volunteer")):
        position, organization = _text(item.get("position")), _text(item.get("organization"))
        entry = {"title": position or organization or "Volunteer", "subtitle": organization if position else None,
                 "location": _text(item.get("location")), "url": _url(item.get("url"), item.where("url"), remarks),
                 "highlights": ([_text(item.get("summary"))] if _text(item.get("summary")) else [])
                 + _strings(item.get("highlights"))}
        entries.append(_span(entry, item, remarks))
    return {"title": "Volunteer", "entries": entries} if entries else None


def _portfolio(resume: _Tracked, remarks: list[str]) -> dict[str, Any] | None:
    """academicpages' `portfolio`, as a section of the profile's own; the HTML in descriptions is left out."""
    entries = []
    for item in _list(resume.get("portfolio")):
        description = str(item.get("description") or "")
        tags = re.findall(r"<[^>]*>", description)
        if tags:
            remarks.append(f"{item.where('description')}: its HTML ({''.join(tags)}) is left out")
        text = _text(re.sub(r"<[^>]*>", " ", description))
        entries.append(_clean({"title": _text(item.get("name")) or "Portfolio",
                               "date": _when(item.get("date"), item.where("date"), remarks),
                               "url": _url(item.get("url"), item.where("url"), remarks),
                               "highlights": [text] if text else []}))
    return {"title": "Portfolio", "entries": entries} if entries else None


def _publications(items: list[_Tracked], owner: str, remarks: list[str]) -> list[dict[str, Any]]:
    papers, keys = [], set()
    for item in items:
        where = item.path
        title = _text(item.get("name"))
        date = _when(item.get("releaseDate"), item.where("releaseDate"), remarks)
        if not title or not date:
            remarks.append(f"{where}: a publication needs a name and a releaseDate; left out")
            item.plain()  # named in this note as a whole
            continue
        authors = _strings(item.get("authors"))
        summary = _paragraphs(item.get("summary"))
        if not authors:
            authors = [owner]
            remarks.append(f"{where}: JSON Resume has no authors; {owner} is the only one listed, add the others")
        if summary and not summary.startswith(", ".join(authors) + "."):  # cvgen's export writes the authors there
            remarks.append(f"{where}.summary {_quoted(summary)} has no place in cv.yaml (a publication has no "
                           "abstract); left out")
        key = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:4]) or "paper"
        base, number = key, 2
        while key in keys:
            key, number = f"{base}-{number}", number + 1
        keys.add(key)
        year, _, month = date.partition("-")
        paper: dict[str, Any] = {"key": key, "authors": authors, "title": title}
        _put(paper, "venue", _text(item.get("publisher")))  # none: its type is inferred as 'other'
        paper["year"] = int(year)
        if month:
            paper["month"] = int(month[:2])
        links: dict[str, str] = {}
        for field in ("url", "website"):  # academicpages writes `website`, the paper's PDF
            url = _url(item.get(field), item.where(field), remarks) or ""
            doi = re.match(r"https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)$", url)
            arxiv = re.match(r"https?://arxiv\.org/abs/(\d{4}\.\d{4,5}(?:v\d+)?)$", url)
            if doi:
                links.setdefault("doi", doi.group(1))
            elif arxiv:
                links.setdefault("arxiv", arxiv.group(1))
            elif url:
                links.setdefault("pdf" if url.lower().endswith(".pdf") else "url", url)
        _put(paper, "links", links)
        if item.get("highlight") is True:
            paper["highlight"] = True
        papers.append(paper)
    return papers
