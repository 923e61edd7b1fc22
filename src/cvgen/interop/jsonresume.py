"""JSON Resume (resume.json, schema v1.0.0) out of the profile, and a starting profile out of a resume.json.

The schema has no authors and no highlighted papers; it does allow extra properties on every object, so a
publication carries `authors` and `highlight` there, and its `summary` (which themes print) names the authors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..model import EMAIL, URL, PartialDate, _cmp_key, parse_date
from ..publications import number_publications

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def to_jsonresume(profile) -> dict[str, Any]:
    """The profile as a resume.json document; publications in the PDFs' order (highlighted first)."""
    from ..kinds import SECTIONS

    contact = profile.contact
    basics: dict[str, Any] = {"name": profile.owner.name}
    _put(basics, "label", profile.headline)
    _put(basics, "email", contact.email)
    _put(basics, "phone", contact.phone)
    _put(basics, "url", contact.homepage)
    if contact.location:
        city, _, region = contact.location.partition(", ")
        basics["location"] = {"city": city, **({"region": region} if region else {})}
    if contact.links:
        basics["profiles"] = [{"network": link.label, "url": link.url} for link in contact.links]
    resume: dict[str, Any] = {"$schema": SCHEMA_URL, "basics": basics}
    for key in SECTIONS:  # every kind of section, through its exporter (a test checks that none is forgotten)
        EXPORTS[key](profile, resume)
    meta: dict[str, Any] = {"version": "v1.0.0"}
    _put(meta, "lastModified", str(profile.updated) if profile.updated else None)
    resume["meta"] = meta
    return {key: value for key, value in resume.items() if value}


def _add(resume: dict[str, Any], section: str, entries: list[dict[str, Any]]) -> None:
    resume.setdefault(section, []).extend(entries)


def _out_summary(profile, resume) -> None:
    _put(resume["basics"], "summary", profile.summary)


def _out_experience(profile, resume) -> None:
    _add(resume, "work", [_period({"name": job.organization, "position": job.role, "location": job.location,
                                   "summary": _supervised(job.supervisors), "highlights": list(job.highlights)}, job)
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
    _add(resume, "awards", [_clean({"title": award.name, "date": _date(award.start), "summary": award.note})
                            for award in profile.awards])


def _out_publications(profile, resume) -> None:
    if "publications" not in resume:  # both groups in one list, highlighted first
        resume["publications"] = [_publication(item.publication)
                                  for item in number_publications(profile.publications)]


def _out_additional(profile, resume) -> None:
    _add(resume, "skills", [{"name": group.category, "keywords": list(group.items)} for group in profile.skills])
    _add(resume, "interests", ([{"name": "Research", "keywords": list(profile.research_interests)}]
                               if profile.research_interests else []) + [{"name": hobby} for hobby in profile.hobbies])


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


# What each kind of section becomes in a resume.json.
EXPORTS: dict[str, Callable[[Any, dict[str, Any]], None]] = {
    "summary": _out_summary, "education": _out_education, "experience": _out_experience,
    "highlighted_publications": _out_publications, "other_publications": _out_publications, "teaching": _out_teaching,
    "reviewing": _out_reviewing_all, "talks": _out_talks, "awards": _out_awards, "activities": _out_activities,
    "additional": _out_additional, "projects": _out_projects, "certifications": _out_certifications,
    "languages": _out_languages, "references": _out_references, "service": _out_service,
    "grants": _extra("grants"), "supervision": _extra("supervision"), "patents": _extra("patents"),
    "memberships": _extra("memberships"),
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
            "summary": " ".join(notes) or None, "courses": list(school.details) or None}


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
    return _clean({"name": paper.title, "publisher": paper.venue or paper.publisher, "releaseDate": date, "url": url, "summary": summary,
                   "authors": list(paper.authors), "highlight": paper.highlight or None})


# ---------------------------------------------------------------------------------------------- import


def from_jsonresume(resume: Any, remarks: list[str]) -> dict[str, Any]:
    """A cv.yaml profile (as data) from a resume.json; what has no place in a CV profile is listed in `remarks`."""
    if not isinstance(resume, dict) or not isinstance(resume.get("basics"), dict) or not _text(resume["basics"].get("name")):
        raise ValueError("expected a JSON Resume object with basics.name")
    basics = resume["basics"]
    name = _text(basics["name"])
    profile: dict[str, Any] = {"owner": {"name": name}}
    _put(profile, "headline", _text(basics.get("label")))
    contact: dict[str, Any] = {}
    email = _text(basics.get("email"))
    if email and EMAIL.fullmatch(email):
        contact["email"] = email
    elif email:
        remarks.append(f"basics.email {email!r} is not an e-mail address; left out")
    _put(contact, "phone", _text(basics.get("phone")))
    location = basics.get("location") if isinstance(basics.get("location"), dict) else {}
    _put(contact, "location", ", ".join(_text(location.get(part)) for part in ("city", "region", "countryCode")
                                        if _text(location.get(part))))
    _put(contact, "homepage", _url(basics.get("url"), "basics.url", remarks))
    links = []
    for index, item in enumerate(_list(basics.get("profiles"))):
        url = _url(item.get("url"), f"basics.profiles[{index}].url", remarks)
        if not url and not item.get("url"):
            remarks.append(f"basics.profiles[{index}] ({_text(item.get('network'))}) has no url; left out")
        if url:
            links.append({"label": _text(item.get("network")) or _text(item.get("username")) or "Profile", "url": url})
    _put(contact, "links", links)
    _put(profile, "contact", contact)
    _put(profile, "summary", _text(basics.get("summary")))
    interests = _list(resume.get("interests"))
    research = [item for item in interests if re.search(r"research", _text(item.get("name")), re.I)]
    _put(profile, "research_interests", [k for item in research for k in _strings(item.get("keywords"))])
    _put(profile, "education", [_education(item, f"education[{i}]", remarks)
                                for i, item in enumerate(_list(resume.get("education")))])
    _put(profile, "publications", _publications(_list(resume.get("publications")), name, remarks))
    _put(profile, "experience", [_job(item, f"work[{i}]", remarks) for i, item in enumerate(_list(resume.get("work")))])
    talks, activities, projects = [], [], []
    for index, project in enumerate(_list(resume.get("projects"))):
        date = _when(project.get("startDate"), f"projects[{index}].startDate", remarks)
        if _text(project.get("type")).lower() == "talk" and date:
            talks.append(_clean({"title": _text(project.get("name")) or "Talk", "event": _text(project.get("entity")),
                                 "date": date}))
        else:
            projects.append(_span({"name": _text(project.get("name")) or "Project",
                                   "description": _text(project.get("description")),
                                   "url": _url(project.get("url"), f"projects[{index}].url", remarks),
                                   "technologies": _strings(project.get("keywords")),
                                   "highlights": _strings(project.get("highlights"))},
                                  project, f"projects[{index}]", remarks))
    _put(profile, "projects", projects)
    for index, item in enumerate(_list(resume.get("volunteer"))):
        role = ", ".join(part for part in (_text(item.get("position")), _text(item.get("organization"))) if part)
        activities.append(_span({"name": role or "Volunteering", "note": _text(item.get("summary"))},
                                item, f"volunteer[{index}]", remarks))
    _put(profile, "talks", talks)
    awards = [_span({"name": _text(item.get("title")) or "Award", "note": _text(item.get("awarder"))},
                    {"startDate": item.get("date")}, f"awards[{i}]", remarks) for i, item in enumerate(_list(resume.get("awards")))]
    _put(profile, "certifications", [_clean({
        "name": _text(item.get("name")) or "Certificate", "issuer": _text(item.get("issuer")),
        "date": _when(item.get("date"), f"certificates[{i}].date", remarks),
        "url": _url(item.get("url"), f"certificates[{i}].url", remarks)})
        for i, item in enumerate(_list(resume.get("certificates")))])
    _put(profile, "awards", awards)
    _put(profile, "activities", activities)
    skills, loose = [], []
    for item in _list(resume.get("skills")):
        keywords = _strings(item.get("keywords"))
        if keywords:
            skills.append({"category": _text(item.get("name")) or "Skills", "items": keywords})
        elif _text(item.get("name")):
            loose.append(_text(item.get("name")))
    _put(profile, "languages", [_clean({"language": _text(item.get("language")), "level": _text(item.get("fluency"))})
                                for item in _list(resume.get("languages")) if _text(item.get("language"))])
    skills += [{"category": "Skills", "items": loose}] if loose else []
    _put(profile, "skills", skills)
    _put(profile, "hobbies", [_text(item.get("name")) for item in interests if item not in research and _text(item.get("name"))])
    _put(profile, "references", [_clean({"name": _text(item.get("name")) or "Referee",
                                         "quote": str(item.get("reference") or "").strip() or None})
                                 for item in _list(resume.get("references"))])
    for key in ("grants", "supervision", "patents", "memberships"):  # cvgen's own, written by export jsonresume
        _put(profile, key, _list(resume.get(key)))
    return profile


def _text(value: Any) -> str:
    """A one-line string from whatever the resume has there ('' for nothing)."""
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _list(value: Any) -> list[dict[str, Any]]:
    """The objects of a JSON list; anything else there (a stray string or number) is passed over."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _strings(value: Any) -> list[str]:
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


def _span(entry: dict[str, Any], item: dict[str, Any], where: str, remarks: list[str]) -> dict[str, Any]:
    start = _when(item.get("startDate"), f"{where}.startDate", remarks)
    end = _when(item.get("endDate"), f"{where}.endDate", remarks) if start else None
    if start:
        entry["start"] = start
        # A started job with no end date is a current one in JSON Resume.
        entry["end"] = end or ("present" if "endDate" not in item and where.startswith(("work", "volunteer")) else None)
    if end and start and _cmp_key(parse_date(end)) < _cmp_key(parse_date(start)):
        remarks.append(f"{where} ends before it starts; the end date is left out")
        entry["end"] = None
    return _clean(entry)


def _job(item: dict[str, Any], where: str, remarks: list[str]) -> dict[str, Any]:
    highlights = ([_text(item.get("summary"))] if _text(item.get("summary")) else []) + _strings(item.get("highlights"))
    job = {"organization": _text(item.get("name")) or _text(item.get("company")) or "Organization",
           "role": _text(item.get("position")) or "Position", "location": _text(item.get("location")),
           "highlights": highlights}
    return _span(job, item, where, remarks)


def _education(item: dict[str, Any], where: str, remarks: list[str]) -> dict[str, Any]:
    study, area = _text(item.get("studyType")), _text(item.get("area"))
    degree = f"{study} in {area}" if study and area else (study or area or "Studies")
    details = _strings(item.get("courses"))
    if _text(item.get("score")):
        details.append(f"Score: {_text(item.get('score'))}")
    school = {"institution": _text(item.get("institution")) or "Institution", "degree": degree,
              "location": _text(item.get("location")), "details": details}
    return _span(school, item, where, remarks)


def _publications(items: list[dict[str, Any]], owner: str, remarks: list[str]) -> list[dict[str, Any]]:
    papers, keys = [], set()
    for index, item in enumerate(items):
        where = f"publications[{index}]"
        title = _text(item.get("name"))
        date = _when(item.get("releaseDate"), f"{where}.releaseDate", remarks)
        if not title or not date:
            remarks.append(f"{where}: a publication needs a name and a releaseDate; left out")
            continue
        authors = _strings(item.get("authors"))
        if not authors:
            authors = [owner]
            remarks.append(f"{where}: JSON Resume has no authors; {owner} is the only one listed, add the others")
        key = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:4]) or "paper"
        base, number = key, 2
        while key in keys:
            key, number = f"{base}-{number}", number + 1
        keys.add(key)
        year, _, month = date.partition("-")
        paper: dict[str, Any] = {"key": key, "authors": authors, "title": title,
                                 "venue": _text(item.get("publisher")) or "Unpublished", "year": int(year)}
        if month:
            paper["month"] = int(month[:2])
        url = _url(item.get("url"), f"{where}.url", remarks)
        doi = re.match(r"https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)$", url or "")
        arxiv = re.match(r"https?://arxiv\.org/abs/(\d{4}\.\d{4,5}(?:v\d+)?)$", url or "")
        if doi or arxiv or url:
            paper["links"] = {"doi": doi.group(1)} if doi else {"arxiv": arxiv.group(1)} if arxiv else {"url": url}
        if item.get("highlight") is True:
            paper["highlight"] = True
        papers.append(paper)
    return papers
