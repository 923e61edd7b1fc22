"""The round-trip laws, on profiles and files hypothesis makes up (issue 26):

- `import(export(profile)) == profile` for JSON Resume, CSL-JSON and BibTeX: what the format has a field for
  travels in it, and what is cvgen's own (design, tags, keep, priority, variants, letters, language versions)
  in the format's extension place: JSON Resume's `meta.cvgen` and each entry's `cvgen`, CSL-JSON's `custom`,
  BibTeX's own fields (`keywords`, `cvgen_keep`...);
- the same on the format's own fields alone (the extension place dropped, as another tool may leave the file):
  every field JSON Resume has comes back from that field;
- `export(import(file))` keeps the file's shape where cvgen has the field.

Pure Python, 200 cases each (`CVGEN_FUZZ_EXAMPLES` sets how many): about a minute in all, so in the slow tier.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvgen.formats.bibtex import read_bibtex, write_bibtex
from cvgen.formats.csljson import read_csljson, to_csljson
from cvgen.formats.jsonresume import from_jsonresume, to_jsonresume
from cvgen.profile.model import PREPRINT_SERVERS, Localized, Profile, Publication

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("CVGEN_FUZZ_EXAMPLES", "200"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize="CVGEN_FUZZ_EXAMPLES" not in os.environ,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])

# One word, as people write them: letters of several scripts, digits and the characters LaTeX and Markdown
# treat specially (cvgen escapes them; JSON and BibTeX must carry them as they are).
WORD = st.text(alphabet="abcdefghklmnopqrstuvwxyzéüßøçÅŁ", min_size=2, max_size=9)
SPECIAL = st.sampled_from(["&", "%", "#", "$", "_", "C++", "R&D", "50%", "Zürich", "naïve", "Ω", "3.8/4.0"])
word = st.one_of(WORD, WORD, WORD, SPECIAL)
# A line of text: single spaces (the importers collapse runs of white space), never " in " (the export splits a
# degree there) nor "research" (an interest named so is a research interest).
line = st.lists(word, min_size=1, max_size=4).map(" ".join).filter(
    lambda text: " in " not in f" {text} " and "research" not in text.lower())
title = st.lists(WORD, min_size=1, max_size=3).map(lambda words: " ".join(words).capitalize())
lines = st.lists(line, max_size=3)
url = st.builds(lambda host, path: f"https://{host}.example.org/{path}", WORD.filter(str.isascii).filter(str.isalpha),
                WORD.filter(str.isascii).filter(str.isalpha))
year = st.integers(1990, 2025)


@st.composite
def span(draw, end_needed: bool = False, present: bool = True) -> dict[str, Any]:
    """start and end (or present) in order, as YYYY, YYYY-MM or YYYY-MM-DD."""
    first, last = sorted([draw(year), draw(year)])
    def date(y: int) -> str:
        return draw(st.sampled_from([str(y), f"{y}-{draw(st.integers(1, 12)):02d}", f"{y}-0{draw(st.integers(1, 9))}-1"
                                     f"{draw(st.integers(0, 9))}"]))
    start, end = date(first), date(last)
    end = start if last == first else end  # 2020 does not end in 2020-01
    choices = [end, "present"] if present else [end]
    return {"start": start, "end": draw(st.sampled_from(choices if end_needed else [*choices, None]))}


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, [], {}, "")}


selectable = st.fixed_dictionaries({}, optional={"tags": st.lists(st.sampled_from(["ml", "web", "x.y", "a-b"]),
                                                                   min_size=1, max_size=2, unique=True),
                                                 "keep": st.just(True), "priority": st.integers(-3, 3)})


def entry(fields: dict[str, Any], own: bool) -> Any:
    """An entry's strategy: its fields, and with `own` cvgen's own tags, keep and priority too."""
    return st.tuples(st.fixed_dictionaries(fields), selectable if own else st.just({})).map(
        lambda parts: _clean({**parts[0], **parts[1]}))


def person_name() -> Any:
    return st.tuples(WORD, WORD).map(lambda parts: f"{parts[0].capitalize()} {parts[1].capitalize()}")


def profiles(own: bool) -> Any:
    """cvgen profiles (as data); with `own`, also what only cvgen has (design, variants, letters, tags, keep,
    priority, text in several languages...), else only what JSON Resume has a field for."""
    text = st.one_of(line, st.fixed_dictionaries({"en": line, "de": line})) if own else line
    maybe = lambda strategy: st.one_of(st.none(), strategy)  # noqa: E731
    education = st.tuples(entry({"institution": text, "degree": st.one_of(line, st.tuples(line, line).map(
        " in ".join)), "score": maybe(line), "courses": lines, "url": maybe(url), "details": lines,
        "location": maybe(line)}, own), span(present=False)).map(lambda parts: _clean({**parts[0], **parts[1]}))
    experience = st.tuples(entry({"organization": line, "role": text, "url": maybe(url), "summary": maybe(text),
                                  "highlights": lines, "location": maybe(line)}, own),
                           span(end_needed=True)).map(lambda parts: _clean({**parts[0], **parts[1]}))
    awards = entry({"name": text, "awarder": maybe(line), "note": maybe(line), "start": maybe(year.map(str))}, own)
    skills = entry({"category": line, "level": maybe(line), "items": st.lists(line, min_size=1, max_size=3)}, own)
    interests = entry({"name": line, "keywords": st.lists(line, min_size=1, max_size=3)}, own)
    projects = st.tuples(entry({"name": line, "description": maybe(text), "url": maybe(url), "technologies": lines,
                                "highlights": lines}, own), span(present=False)).map(
        lambda parts: _clean({**parts[0], **parts[1]}))
    link = st.tuples(st.sampled_from(["GitHub", "Mastodon", "Blog"]), WORD.filter(str.isascii).filter(str.isalpha),
                     st.booleans()).map(lambda parts: _clean({
                         "label": parts[0], "url": f"https://example.org/{parts[1]}",
                         "username": parts[1] if parts[2] else None}))
    contact = st.fixed_dictionaries({}, optional={
        "email": WORD.filter(str.isascii).filter(str.isalpha).map(lambda name: f"{name}@example.org"),
        "phone": st.sampled_from(["+49 30 1234567", "(912) 555-4321"]), "homepage": url,
        "location": st.one_of(line, st.tuples(line, line).map(", ".join)),
        "country_code": st.sampled_from(["FR", "US", "IN", "DE"]), "links": st.lists(link, min_size=1, max_size=2)})
    fields: dict[str, Any] = {"owner": st.fixed_dictionaries({"name": person_name()}), "contact": contact}
    optional: dict[str, Any] = {
        "headline": text, "summary": text, "research_interests": st.lists(line, min_size=1, max_size=3),
        "education": st.lists(education, max_size=2), "experience": st.lists(experience, max_size=2),
        "awards": st.lists(awards, max_size=2), "skills": st.lists(skills, max_size=2),
        "interests": st.lists(interests, max_size=2), "hobbies": st.lists(line, min_size=1, max_size=2),
        "projects": st.lists(projects, max_size=2),
        "languages": st.lists(st.fixed_dictionaries({"language": line}, optional={"level": line}), max_size=2),
        "certifications": st.lists(st.fixed_dictionaries({"name": line}, optional={
            "issuer": line, "url": url, "date": year.map(str)}), max_size=2)}
    if own:
        optional |= {
            "language": st.sampled_from(["en", "de", "fr"]), "updated": st.just("2025-01-31"),
            "design": st.fixed_dictionaries({}, optional={
                "theme": st.sampled_from(["classic", "modern", "sober", "engineering"]),
                "paper": st.sampled_from(["a4", "letter"]), "accent": st.just("#0E5484"),
                "font_size": st.sampled_from([10, 10.5, 11]), "margins": st.just("2cm")}).filter(bool),
            "variants": st.dictionaries(st.sampled_from(["long", "backend", "cv-de"]), st.fixed_dictionaries({}, optional={
                "based_on": st.sampled_from(["long", "short"]), "language": st.just("de"),
                "sections": st.lists(st.sampled_from(["education", "experience", "skills", "hobbies"]), min_size=1,
                                     unique=True),
                "group_by": st.sampled_from(["type", "year"]), "numbering": st.sampled_from(["own", "per_group"]),
                "tags": st.just(["web"]), "design": st.just({"paper": "letter"})}), max_size=2),
            "letters": st.dictionaries(st.sampled_from(["acme", "lab"]), st.fixed_dictionaries(
                {"body": line}, optional={"subject": line, "recipient": st.fixed_dictionaries({"name": line})}),
                max_size=1),
            "titles": st.just({"experience": "Work"}), "style": st.sampled_from(["cvgen", "apa"]),
            "publications": st.lists(publications(), max_size=2, unique_by=lambda paper: paper["key"])}
    return st.fixed_dictionaries(fields, optional=optional).map(
        lambda data: {**data, "contact": data["contact"]} if data["contact"] else
        {key: value for key, value in data.items() if key != "contact"})


def publications() -> Any:
    """A publication with the fields every type may have (a venue where the type needs one)."""
    kinds = st.sampled_from(["article", "conference", "chapter", "book", "preprint", "thesis", "report", "other"])

    @st.composite
    def build(draw) -> dict[str, Any]:
        kind = draw(kinds)
        authors = draw(st.lists(person_name(), min_size=1, max_size=4, unique=True))
        paper: dict[str, Any] = {"key": draw(WORD.filter(str.isascii).filter(str.isalpha)) + str(draw(year)),
                                 "authors": authors, "title": draw(title), "year": draw(year), "type": kind}
        optional = {"month": st.integers(1, 12), "volume": st.integers(1, 300).map(str),
                    "issue": st.integers(1, 12).map(str), "pages": st.sampled_from(["1–10", "e1002", "873–880"]),
                    "doi": st.sampled_from(["10.1038/s41586-024-", "10.48550/arXiv."]),  # + the key: one per paper
                    "url": url, "code": url, "highlight": st.just(True), "notes": st.lists(line, min_size=1, max_size=2),
                    "status": st.sampled_from(["published", "under-review"]), "tags": st.just(["ml"]),
                    "keep": st.just(True), "priority": st.integers(1, 3), "publisher": line.filter(
                        lambda text: not set(text.lower().split()) & PREPRINT_SERVERS),
                    "edition": st.sampled_from(["2", "3"]), "genre": st.sampled_from(["Case report", "Editorial"]),
                    "language": st.sampled_from(["en", "fr", "de-CH"]), "translators": st.lists(person_name(),
                                                                                            min_size=1, max_size=2),
                    "event": title, "event_place": st.sampled_from(["Vienna", "Montréal"]),
                    "version": st.sampled_from(["1.2", "2.0.1"]), "supplement": st.just("Suppl 1"),
                    "pmid": st.integers(1, 99999999).map(str), "pmcid": st.integers(1, 9999999).map(lambda n: f"PMC{n}"),
                    "isbn": st.sampled_from(["978-3-16-148410-0", "0-306-40615-2"]), "venue_short": title,
                    "original_year": st.integers(1800, 1990), "number": st.sampled_from(["TR-7", "42"]),
                    "publisher_place": st.sampled_from(["Paris", "New York"]),
                    "arxiv": st.sampled_from(["2405.", "2101."]), "pdf": url,  # + a number from the key
                    "corresponding": st.just(authors[-1:]),
                    "equal_contribution": st.just(authors[:2]) if len(authors) > 1 else st.nothing()}
        for name in draw(st.lists(st.sampled_from(sorted(optional)), unique=True, max_size=9)):
            value = draw(optional[name])
            if name in ("doi", "url", "code", "arxiv", "pdf"):
                paper.setdefault("links", {})[name] = value + paper["key"] if name == "doi" else \
                    f"{value}{zlib.crc32(paper['key'].encode()) % 90000 + 10000}" if name == "arxiv" else value
            else:
                paper[name] = value
        if kind in ("article", "conference", "chapter", "preprint") or draw(st.booleans()):
            # a venue named like a preprint server (Zenodo, OSF) makes a preprint: tested in test_bibtex.py
            paper["venue"] = draw(title.filter(lambda text: not set(text.lower().split()) & PREPRINT_SERVERS)) \
                if kind != "preprint" else "arXiv"
        if kind == "chapter":
            paper["editors"] = [draw(person_name())]
        if kind in ("thesis", "report") and "publisher" not in paper:  # a school, an institution
            paper["publisher"] = draw(title)
        if kind == "preprint":  # a preprint's status is preprint (BibTeX and CSL-JSON importers infer it so)
            paper["status"] = "preprint"
        if "publisher" in paper and paper["publisher"] == paper.get("venue"):  # written once by the importers
            paper["publisher"] += " Press"
        for name in draw(st.lists(st.sampled_from(["title", "venue", "publisher", "notes"]), unique=True, max_size=2)):
            if name in paper:  # text in several languages (the format's own field holds the first)
                other = lambda text: {"en": text, "de": text + " (de)", "zh": text + "，中文"}  # noqa: E731
                paper[name] = [other(note) for note in paper[name]] if name == "notes" else other(paper[name])
        if kind == "report":  # a report's number is its `number` (BibTeX's number field), it has no issue
            paper.pop("issue", None)
        else:  # `number` is a report's (README)
            paper.pop("number", None)
        return paper
    return build()


def same(a: Any, b: Any) -> Any:
    """A model as plain data for comparing, with text in several languages compared version by version."""
    if isinstance(a, Localized):
        return {"versions": a.versions}
    if hasattr(type(a), "model_fields"):
        return {name: same(getattr(a, name), None) for name in type(a).model_fields}
    if isinstance(a, dict):
        return {key: same(value, None) for key, value in a.items()}
    if isinstance(a, (list, tuple)):
        return [same(value, None) for value in a]
    return a


def _jsonish(value: Any) -> Any:
    return json.loads(json.dumps(value))


# ------------------------------------------------------------------------------------------- JSON Resume


@SETTINGS
@given(profiles(own=True))
def test_json_resume_export_then_import_gives_the_same_profile(data):
    profile = Profile.model_validate(data)
    resume = _jsonish(to_jsonresume(profile))
    remarks: list[str] = []
    again = Profile.model_validate(from_jsonresume(resume, remarks))
    assert remarks == []
    for field in Profile.model_fields:
        expected = getattr(profile, field)
        if field == "publications":  # written in the PDFs' order, highlighted first
            expected = sorted(expected, key=lambda paper: paper.key)
            assert same(sorted(again.publications, key=lambda paper: paper.key), None) == same(expected, None)
        else:
            assert same(getattr(again, field), None) == same(expected, None), field


def _schema_check(resume: dict[str, Any]) -> None:
    """The official JSON Resume schema (npm's @jsonresume/schema, installed for the tests by `make node`)."""
    schema_file = Path(__file__).parent / "jsonresume" / "node_modules" / "@jsonresume" / "schema" / "schema.json"
    if not schema_file.is_file():
        return  # test_interop.py checks the shipped profile's export with it, and says to run `make node`
    import jsonschema

    jsonschema.validate(resume, json.loads(schema_file.read_text(encoding="utf-8")))


@settings(SETTINGS, max_examples=max(EXAMPLES // 4, 10))
@given(profiles(own=True))
def test_json_resume_export_with_cvgens_own_data_is_valid_against_the_official_schema(data):
    _schema_check(_jsonish(to_jsonresume(Profile.model_validate(data))))


def _standard_only(value: Any) -> Any:
    """The resume.json as another tool might leave it: without cvgen's extension places (`cvgen` on entries and
    in `meta`)."""
    if isinstance(value, dict):
        return {key: _standard_only(item) for key, item in value.items() if key != "cvgen"}
    if isinstance(value, list):
        return [_standard_only(item) for item in value]
    return value


# What JSON Resume has a field for, by profile field: each comes back from that field alone.
HELD = {"contact": None, "headline": None, "summary": None, "research_interests": None, "hobbies": None,
        "education": ("institution", "degree", "score", "courses", "url", "details", "location", "start", "end"),
        "experience": ("organization", "role", "url", "summary", "highlights", "location", "start", "end"),
        "awards": ("name", "awarder", "note", "start"), "skills": ("category", "level", "items"),
        "interests": ("name", "keywords"), "languages": ("language", "level"),
        "certifications": ("name", "issuer", "url", "date"),
        "projects": ("name", "description", "url", "technologies", "highlights", "start", "end")}


def _held(profile: Profile) -> dict[str, Any]:
    held = {}
    for field, names in HELD.items():
        value = getattr(profile, field)
        held[field] = [{name: getattr(item, name) for name in names} for item in value] if names else value
    return held


@SETTINGS
@given(profiles(own=False))
def test_json_resume_fields_come_back_from_json_resumes_own_fields(data):
    profile = Profile.model_validate(data)
    resume = _standard_only(_jsonish(to_jsonresume(profile)))
    remarks: list[str] = []
    again = Profile.model_validate(from_jsonresume(resume, remarks))
    assert remarks == []
    assert same(_held(again), None) == same(_held(profile), None)


maybe_text = st.one_of(st.none(), line)


@st.composite
def resume_files(draw) -> dict[str, Any]:
    """resume.json files with what cvgen has a field for, as other tools write them."""
    def dates(optional_end: bool = True) -> dict[str, Any]:
        when = draw(span(present=False))
        return _clean({"startDate": when["start"], "endDate": when["end"] if optional_end else when["end"]})
    user = draw(WORD.filter(str.isascii).filter(str.isalpha))
    basics = _clean({"name": draw(person_name()), "label": draw(maybe_text), "summary": draw(maybe_text),
                     "email": f"{user}@example.org", "url": draw(st.one_of(st.none(), url)),
                     "location": _clean({"city": draw(line), "region": draw(maybe_text),
                                         "countryCode": draw(st.sampled_from(["US", "IN", "FR", None]))}),
                     "profiles": [{"network": draw(st.sampled_from(["GitHub", "Blog"])), "username": user,
                                   "url": f"https://example.org/{user}"}] if draw(st.booleans()) else None})
    work = [_clean({"name": draw(line), "position": draw(line), "url": draw(st.one_of(st.none(), url)),
                    "summary": draw(maybe_text), "location": draw(maybe_text),
                    "highlights": draw(lines), **dates()}) for _ in range(draw(st.integers(0, 2)))]
    education = [_clean({"institution": draw(line), "studyType": draw(line), "area": draw(maybe_text),
                         "score": draw(maybe_text), "url": draw(st.one_of(st.none(), url)), "courses": draw(lines),
                         **dates()}) for _ in range(draw(st.integers(0, 2)))]
    awards = [_clean({"title": draw(line), "awarder": draw(maybe_text), "summary": draw(maybe_text),
                      "date": draw(st.one_of(st.none(), year.map(str)))}) for _ in range(draw(st.integers(0, 2)))]
    skills = [_clean({"name": draw(line), "level": draw(maybe_text), "keywords": draw(st.lists(line, min_size=1,
                                                                                              max_size=3))})
              for _ in range(draw(st.integers(0, 2)))]
    interests = [_clean({"name": draw(line), "keywords": draw(lines)}) for _ in range(draw(st.integers(0, 3)))]
    languages = [_clean({"language": draw(line), "fluency": draw(maybe_text)}) for _ in range(draw(st.integers(0, 2)))]
    projects = [_clean({"name": draw(line), "description": draw(maybe_text), "url": draw(st.one_of(st.none(), url)),
                        "keywords": draw(lines), "highlights": draw(lines), **dates()})
                for _ in range(draw(st.integers(0, 2)))]
    return _clean({"basics": basics, "work": work, "education": education, "awards": awards, "skills": skills,
                   "interests": interests, "languages": languages, "projects": projects})


@SETTINGS
@given(resume_files())
def test_json_resume_import_then_export_keeps_the_files_shape(source):
    remarks: list[str] = []
    profile = Profile.model_validate(from_jsonresume(_jsonish(source), remarks))
    assert remarks == []
    back = _standard_only(_jsonish(to_jsonresume(profile)))
    for section, value in source.items():
        if section == "basics":
            for key, item in value.items():
                assert back["basics"][key] == item, key
        elif section == "interests":  # research interests, hobbies, then interests with keywords
            assert sorted(map(json.dumps, back[section])) == sorted(map(json.dumps, value))
        else:
            assert back[section] == value, section
    _schema_check(back)


# ---------------------------------------------------------------------------------------------- CSL-JSON


def _papers(data: list[dict[str, Any]]) -> Profile:
    return Profile.model_validate({"owner": {"name": "Ada Lovelace"}, "publications": data})


def _typed(papers: list[Publication]) -> list[Any]:
    """The papers with their type written out (an import leaves out a type its inference gets right)."""
    return [same(paper.model_copy(update={"type": paper.kind}), None) for paper in papers]


unique_papers = st.lists(publications(), min_size=1, max_size=4, unique_by=lambda paper: paper["key"]).filter(
    lambda papers: len({next(iter(paper["title"].values())) if isinstance(paper["title"], dict) else paper["title"]
                        for paper in papers}) == len(papers))  # the importers take papers of one title for one


@SETTINGS
@given(unique_papers)
def test_csl_json_export_then_import_gives_the_same_publications(tmp_path_factory, data):
    profile = _papers(data)
    path = Path(tmp_path_factory.mktemp("csl")) / "papers.json"
    path.write_text(json.dumps(to_csljson(profile)), encoding="utf-8")
    imported = read_csljson(path)
    assert imported.remarks == []
    back = [Publication.model_validate(paper) for paper in imported.publications]
    assert _typed(back) == _typed(list(profile.publications))


@SETTINGS
@given(unique_papers)
def test_csl_json_import_then_export_keeps_the_files_shape(tmp_path_factory, data):
    """A CSL-JSON file (cvgen's own fields in `custom` left out, as Zotero writes it) comes back with the same
    variables, where cv.yaml has them."""
    items = [{key: value for key, value in item.items() if key != "custom"} for item in to_csljson(_papers(data))]
    path = Path(tmp_path_factory.mktemp("csl")) / "items.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    imported = read_csljson(path)
    again = to_csljson(_papers(imported.publications))
    for item, back in zip(items, again, strict=True):
        assert {key: value for key, value in back.items() if key != "custom"} == item


# ----------------------------------------------------------------------------------------------- BibTeX


@SETTINGS
@given(unique_papers)
def test_bibtex_export_then_import_gives_the_same_publications(tmp_path_factory, data):
    profile = _papers(data)
    path = Path(tmp_path_factory.mktemp("bib")) / "papers.bib"
    path.write_text(write_bibtex(profile), encoding="utf-8")
    imported = read_bibtex(path)
    assert (imported.skipped, imported.remarks) == ([], [])
    back = [Publication.model_validate(paper) for paper in imported.publications]
    assert _typed(back) == _typed(list(profile.publications))


@SETTINGS
@given(unique_papers)
def test_bibtex_import_then_export_keeps_the_files_shape(tmp_path_factory, data):
    """A .bib (cvgen's own fields left out, as another tool writes it) comes back with the same fields."""
    own = re.compile(r"^  (cvgen_\w+|keywords|selected|code|pdf|equal_contribution|corresponding)\s+= .*\n", re.M)
    text = own.sub("", write_bibtex(_papers(data)))
    path = Path(tmp_path_factory.mktemp("bib")) / "papers.bib"
    path.write_text(text, encoding="utf-8")
    imported = read_bibtex(path)
    again = own.sub("", write_bibtex(_papers(imported.publications)))
    for before, after in zip(_fields(text), _fields(again), strict=True):  # what the import infers may be added
        assert {name: after.get(name) for name in before} == before  # (a misc with an arXiv id is a preprint)


def _fields(bib: str) -> list[dict[str, str]]:
    """Each entry's type and fields, whatever their order and alignment."""
    return [{"@": kind, **{name: value.strip() for name, value in re.findall(r"^  (\w+)\s*= (.*?),?$", body, re.M)}}
            for kind, body in re.findall(r"^@(\w+)\{[^,]*,\n(.*?)\n\}", bib, re.M | re.S)]
