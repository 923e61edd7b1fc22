"""The importers on real files other projects publish (`../shared/real-world/`): each file imports, builds, and
loses nothing silently: every value of it is in the imported cv.yaml or named in a note."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import DATA, REAL_WORLD, ROOT, cvgen, needs_real_world

REAL = REAL_WORLD
JSON_RESUMES = ["jsonresume-sample.json", "jsonresume-alfolio-einstein.json", "jsonresume-academicpages-cv.json"]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return cvgen(*args, cwd=cwd)


def leaves(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every non-empty scalar of a JSON or YAML document, with its path (`work[0].highlights[1]`)."""
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in leaves(item, f"{path}.{key}" if path else str(key))]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in leaves(item, f"{path}[{index}]")]
    return [] if value in (None, "") else [(path, value)]


def found(value: Any, profile: dict[str, Any]) -> bool:
    """Whether a value of the source is in the profile: as (part of) a text, or a date at the precision the
    profile keeps it (a publication's year and month)."""
    texts = [" ".join(str(item).split()) for _, item in leaves(profile)]
    wanted = " ".join(str(value).split())
    if any(wanted in text for text in texts):
        return True
    link = re.fullmatch(r"\[(.+)\]\((.+)\)", wanted)  # RenderCV's `[FlashInfer](https://...)`: a name and its url
    if link:
        return all(any(part in text for text in texts) for part in link.groups())
    emphasised = re.fullmatch(r"(\*\*|\*)(.+)\1", wanted)  # RenderCV's `*John Doe*`: the owner, bold in cvgen
    if emphasised:
        return found(emphasised.group(2), profile)
    date = re.fullmatch(r"(\d{4})-(\d{2})(-\d{2})?", wanted)
    if date:
        year, month = int(date.group(1)), int(date.group(2))
        return any(paper.get("year") == year and paper.get("month") == month
                   for paper in profile.get("publications", []))
    return False


def named(path: str, notes: list[str]) -> bool:
    """Whether a note names the value's path, or an object it is in."""
    prefixes = [path[:match.start()] for match in re.finditer(r"[.\[]", path)] + [path]
    return any(re.search(rf"(^|\s){re.escape(prefix)}([\s:.(]|$)", note) for note in notes for prefix in prefixes)


def account(source: Any, profile: dict[str, Any], notes: list[str]) -> tuple[int, int, int, list[str]]:
    """(leaves, found in the profile, only named in a note, lost silently)."""
    total = leaves(source)
    mapped = [path for path, value in total if found(value, profile)]
    noted = [path for path, value in total if path not in mapped and named(path, notes)]
    lost = [f"{path} = {value!r}" for path, value in total if path not in mapped and path not in noted]
    return len(total), len(mapped), len(noted), lost


def imported(format_: str, source_file: Path, folder: Path) -> tuple[Any, dict, list[str]]:
    """`cvgen import FORMAT` of the file into folder/cv.yaml: the file as data, the profile, the notes."""
    result = run("import", format_, str(source_file), "--out", "cv.yaml", cwd=folder)
    assert result.returncode == 0, result.stderr
    notes = [line.removeprefix("note: ") for line in result.stderr.splitlines() if line.startswith("note: ")]
    text = source_file.read_text(encoding="utf-8")
    source = json.loads(text) if format_ == "jsonresume" else yaml.safe_load(text)
    return source, yaml.safe_load((folder / "cv.yaml").read_text(encoding="utf-8")), notes


# The real files when the workspace has them, and always our own fixtures, which take the same import paths.
JSON_RESUME_FILES = [pytest.param(REAL / name, marks=needs_real_world, id=name) for name in JSON_RESUMES] + [
    pytest.param(DATA / "interop" / "resume.json", id="tests/data/interop/resume.json")]


@pytest.mark.tex
@pytest.mark.parametrize("source_file", JSON_RESUME_FILES)
def test_a_real_json_resume_imports_builds_and_loses_nothing_silently(source_file, tmp_path):
    name = source_file.name
    source, profile, notes = imported("jsonresume", source_file, tmp_path)
    read = [f"{where} is the schema's: read, not kept" for where in ("$schema", "meta.version")]  # no note says so
    total, mapped, noted, lost = account(source, profile, [*notes, *read])
    print(f"{name}: {total} values, {mapped} in cv.yaml, {noted} in notes, {len(lost)} lost")
    assert lost == []
    assert mapped > 3 * noted  # most of it has a place
    built = run("render", cwd=tmp_path)
    assert built.returncode == 0, built.stderr


def test_the_accounting_sees_a_loss():
    """The check above would catch a value that is neither in the profile nor in a note."""
    source = {"basics": {"name": "A", "location": {"postalCode": "94103", "city": "Paris"}}, "x": [{"y": "z"}]}
    assert account(source, {"owner": {"name": "A"}, "contact": {"location": "Paris"}},
                   ['x[0] "z" has no place']) == (4, 2, 1, ["basics.location.postalCode = '94103'"])


@needs_real_world
def test_what_json_resume_files_hold_goes_where_a_cv_has_room_for_it(tmp_path):
    sample = run("import", "jsonresume", str(REAL / "jsonresume-sample.json"))
    assert sample.returncode == 0, sample.stderr
    profile = yaml.safe_load(sample.stdout)
    assert profile["contact"]["homepage"] == "http://richardhendricks.example.com"
    assert "note: basics.location.postalCode \"CA 94115\" has no place in cv.yaml; left out" in sample.stderr
    job = profile["experience"][0]
    assert job["highlights"][0] == "Awesome compression company"  # the company's description leads the bullets
    assert job["summary"].startswith("Pied Piper is a multi-platform") and len(job["highlights"]) == 4
    assert job["url"] == "http://piedpiper.example.com"  # a field, never a bullet
    assert profile["contact"]["location"] == "San Francisco, California" and profile["contact"]["country_code"] == "US"
    assert profile["contact"]["links"][0]["username"] == "neutralthoughts"
    school = profile["education"][0]
    assert (school["score"], school["url"], school["courses"]) == (
        "4.0", "https://www.ou.edu/", ["DB1101 - Basic SQL", "CS2011 - Java Introduction"])
    assert "details" not in school
    assert profile["projects"][0]["technologies"] == ["GoogleMaps", "Chrome Extension", "Javascript"]
    assert profile["projects"][0]["highlights"][0] == "Won award at AIHacks 2016"
    assert profile["skills"][0] == {"category": "Web Development", "level": "Master",
                                    "items": ["HTML", "CSS", "Javascript"]}
    assert profile["interests"] == [{"name": "Wildlife", "keywords": ["Ferrets", "Unicorns"]}]
    assert (profile["awards"][0]["awarder"], profile["awards"][0]["note"]) == ("Techcrunch", "There is no spoon.")
    volunteer = profile["sections"]["volunteer"]["entries"][0]
    assert volunteer["url"] == "http://coderdojo.example.com/" and volunteer["highlights"][1] == \
        "Awarded 'Teacher of the Month'"
    pages = run("import", "jsonresume", str(REAL / "jsonresume-academicpages-cv.json"))
    profile = yaml.safe_load(pages.stdout)
    assert profile["contact"]["homepage"] == "https://academicpages.github.io"  # `website`, in older files
    assert [school["start"] for school in profile["education"]] == ["2018", "2014", "2012"]  # endDate only
    assert profile["talks"][0] == {"title": "Talk 1 on Relevant Topic in Your Field", "date": "2012-03-01",
                                   "event": "UC San Francisco, Department of Testing, San Francisco, CA, USA"}
    assert profile["teaching"][1] == {"course": "Teaching experience 2", "institution": "University 1, Department",
                                      "role": "Workshop", "start": "2015-01-01"}
    assert profile["publications"][0]["links"] == {"pdf": "https://academicpages.github.io/files/paper1.pdf"}
    assert "note: portfolio[0].description: its HTML (<br/><img src='/images/500x300.png'>) is left out" \
        in pages.stderr


@needs_real_world
@pytest.mark.tex
def test_a_phone_number_given_as_words_builds(tmp_path):
    resume = json.loads((REAL / "jsonresume-sample.json").read_text(encoding="utf-8"))
    resume["basics"]["phone"] = "Upon request"
    resume["education"][0]["gpa"] = "3.9/4.0"
    (tmp_path / "resume.json").write_text(json.dumps(resume), encoding="utf-8")
    result = run("import", "jsonresume", "resume.json", "--out", "cv.yaml", cwd=tmp_path)
    assert result.returncode == 0
    profile = yaml.safe_load((tmp_path / "cv.yaml").read_text(encoding="utf-8"))
    assert profile["contact"]["phone"] == "Upon request" and profile["education"][0]["score"] == "4.0"
    assert "note: education[0].gpa '3.9/4.0': the score is '4.0'; left out" in result.stderr
    built = run("render", "--variant", "short", cwd=tmp_path)
    assert built.returncode == 0, built.stderr


def test_our_resume_json_comes_back_as_the_same_profile(tmp_path):
    """What JSON Resume has no place for travels in extra properties: export then import gives the profile back."""
    from cvgen.typeset.pipeline import load_profile

    assert run("export", "jsonresume", "--out", str(tmp_path / "resume.json")).returncode == 0
    result = run("import", "jsonresume", str(tmp_path / "resume.json"), "--out", str(tmp_path / "cv.yaml"))
    assert result.returncode == 0, result.stderr
    original, again = load_profile(ROOT / "cv.yaml"), load_profile(tmp_path / "cv.yaml")
    for field in type(original).model_fields:
        if field == "publications":  # written in the PDFs' order
            assert sorted(again.publications, key=lambda paper: paper.key) == \
                sorted(original.publications, key=lambda paper: paper.key)
        elif field == "summary":
            assert again.summary == original.summary.strip()
        else:
            assert getattr(again, field) == getattr(original, field), field


RENDERCV = ["rendercv-John_Doe_ClassicTheme_CV.yaml", "rendercv-John_Doe_ModerncvTheme_CV.yaml"]


RENDERCV_FILES = [pytest.param(REAL / name, marks=needs_real_world, id=name) for name in RENDERCV] + [
    pytest.param(DATA / "interop" / "rendercv-every-entry.yaml", id="tests/data/interop/rendercv-every-entry.yaml")]


@pytest.mark.tex
@pytest.mark.parametrize("source_file", RENDERCV_FILES)
def test_a_rendercv_example_imports_and_builds_with_every_section_and_entry_in_cv_pdf(source_file, tmp_path):
    from conftest import pdf_text

    name = source_file.name
    source, profile, notes = imported("rendercv", source_file, tmp_path)
    assert profile.get("language", "en") == "en"  # `english`, as a code (the one value that is translated)
    total, mapped, noted, lost = account(source, profile, [*notes, "locale.language is language"])
    print(f"{name}: {total} values, {mapped} in cv.yaml, {noted} in notes or translated, {len(lost)} lost")
    assert lost == []
    built = run("render", "--variant", "long", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    # compared without spaces and hyphens: lines break anywhere, and pdftotext drops a '-' that ends a line
    text = "".join(pdf_text(tmp_path / "out" / "cv.pdf").replace("-", "").split())

    def printed(markdown: str) -> str:  # what a line of RenderCV's Markdown prints
        plain = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)
        return "".join(re.sub(r"\*\*|\*|-", "", plain).replace("'", "’").split())  # the language's apostrophe

    sections = source["cv"]["sections"]
    titles = {"education": "Education", "experience": "Experience", "projects": "Projects",
              "publications": "Publications"}
    for key, entries in sections.items():
        title = titles.get(key, key.replace("_", " ").title().replace("Rendercv", "RenderCV"))
        assert title.replace(" ", "").upper() in text.upper(), title
        for entry in entries:
            first = entry if isinstance(entry, str) else next(
                entry[field] for field in ("institution", "company", "title", "label", "bullet", "number",
                                           "reversed_number", "name") if field in entry)
            assert printed(first) in text, first
            for line in (entry.get("highlights") or []) if isinstance(entry, dict) else []:
                assert printed(line) in text, line
    if "design" in source:  # the real examples: RenderCV's own order and theme
        upper = text.upper()
        assert upper.index("WELCOMETORENDERCV") < upper.index("EDUCATION") < upper.index("INVITEDTALKS")
        theme = source["design"]["theme"]
        assert profile["design"]["theme"] == {"classic": "classic", "moderncv": "modern"}[theme]
        assert profile["language"] == "en"


def test_rendercv_social_networks_become_links_and_bad_input_is_refused(tmp_path):
    rendercv = {"cv": {"name": "Ada Lovelace", "social_networks": [
        {"network": "ORCID", "username": "0000-0002-1825-0097"}, {"network": "Google Scholar", "username": "abc123"},
        {"network": "Mastodon", "username": "@ada@sciences.social"}, {"network": "Friendster", "username": "ada"}],
        "sections": {"summary": ["I compute."], "talks": [{"bullet": "On engines"}]}},
        "locale": {"language": "german"}}
    (tmp_path / "cv.yaml").write_text(yaml.safe_dump(rendercv), encoding="utf-8")
    result = run("import", "rendercv", "cv.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    profile = yaml.safe_load(result.stdout)
    assert profile["contact"]["links"] == [
        {"label": "ORCID", "url": "https://orcid.org/0000-0002-1825-0097"},
        {"label": "Google Scholar", "url": "https://scholar.google.com/citations?user=abc123"},
        {"label": "Mastodon", "url": "https://sciences.social/@ada"}]
    assert 'note: cv.social_networks[3] "Friendster: ada" is not a network whose address cvgen knows; left out' \
        in result.stderr
    assert profile["language"] == "de" and profile["summary"] == "I compute."
    assert profile["sections"]["talks-2"] == {"title": "Talks", "items": ["On engines"]}  # 'talks' is cvgen's
    (tmp_path / "bad.yaml").write_text("cv:\n  name: [unclosed\n", encoding="utf-8")
    result = run("import", "rendercv", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("bad.yaml:3:1: YAML syntax error: did not find expected") \
        and "Traceback" not in result.stderr
    (tmp_path / "bad.yaml").write_text("name: Ada\n", encoding="utf-8")
    result = run("import", "rendercv", "bad.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "bad.yaml: expected a RenderCV input: a mapping with cv.name "
                                                     "(and cv.sections)\n")


@pytest.mark.tex
def test_rendercv_sections_are_known_by_cvgen_s_headings_in_any_language_and_by_their_entries(tmp_path):
    """'Ausbildung' and 'Berufserfahrung' are cvgen's German headings; a section of publication entries is
    publications whatever its title; a summary cvgen cannot tell from its title stays a section of its own."""
    result = run("import", "rendercv", str(DATA / "interop" / "rendercv-german.yaml"), "--out", "cv.yaml",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    profile = yaml.safe_load((tmp_path / "cv.yaml").read_text(encoding="utf-8"))
    assert (profile["language"], [entry["institution"] for entry in profile["education"]]) == ("de", ["TU München"])
    assert [entry["organization"] for entry in profile["experience"]] == ["Siemens"]
    assert [entry["name"] for entry in profile["projects"]] == ["Thing"]
    assert profile["publications"] == [{"key": "fast-joins", "authors": ["Max Huber", "Anna Schmidt"],
                                        "title": "Fast joins", "venue": "Proceedings of SIGMOD 2019", "year": 2019,
                                        "month": 6, "links": {"doi": "10.1145/3299869.3300000"}}]
    assert profile["titles"]["other_publications"] == "Veröffentlichungen in Auswahl"
    assert list(profile["sections"]) == ["zusammenfassung"]
    built = run("render", cwd=tmp_path)
    assert built.returncode == 0, built.stderr


@needs_real_world
def test_an_imported_volunteer_list_goes_back_to_json_resume_s_volunteer(tmp_path):
    """JSON Resume's themes print `volunteer`: the section the import made of it is exported there again, and
    a second import gives the same section."""
    assert run("import", "jsonresume", str(REAL / "jsonresume-sample.json"), "--out", "cv.yaml",
               cwd=tmp_path).returncode == 0
    assert run("export", "jsonresume", "--input", "cv.yaml", "--out", "r.json", cwd=tmp_path).returncode == 0
    exported = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [(entry["organization"], entry["position"]) for entry in exported["volunteer"]] == [("CoderDojo", "Teacher")]
    assert run("import", "jsonresume", "r.json", "--out", "again.yaml", cwd=tmp_path).returncode == 0
    first, again = (yaml.safe_load((tmp_path / name).read_text(encoding="utf-8")) for name in ("cv.yaml", "again.yaml"))
    assert again["sections"]["volunteer"] == first["sections"]["volunteer"]


def _same(a: Any) -> Any:
    """A model as plain data for comparing, text in several languages version by version."""
    from cvgen.profile.model import Localized

    if isinstance(a, Localized):
        return {"versions": a.versions}
    if hasattr(type(a), "model_fields"):
        return {name: _same(getattr(a, name)) for name in type(a).model_fields}
    if isinstance(a, dict):
        return {key: _same(value) for key, value in a.items()}
    if isinstance(a, (list, tuple)):
        return [_same(value) for value in a]
    return a


def _through_json_resume(source: Path, tmp_path: Path, name: str) -> tuple[Path, Path, subprocess.CompletedProcess]:
    resume, back = tmp_path / f"{name}.json", tmp_path / f"{name}.yaml"
    assert run("export", "jsonresume", "--input", str(source), "--out", str(resume)).returncode == 0
    result = run("import", "jsonresume", str(resume), "--out", str(back))
    assert result.returncode == 0, result.stderr
    return resume, back, result


def test_a_profile_with_design_tags_variants_and_letters_survives_json_resume_unchanged(tmp_path):
    """import(export(profile)) == profile, and again: cvgen's own data travels in `meta.cvgen` and each entry's
    `cvgen`; nothing is noted, since nothing is lost."""
    from cvgen.typeset.pipeline import load_profile

    source = DATA / "interop" / "roundtrip.yaml"
    resume, back, result = _through_json_resume(source, tmp_path, "first")
    assert "note:" not in result.stderr, result.stderr
    original, again = load_profile(source), load_profile(back)
    assert _same(again) == _same(original)
    document = json.loads(resume.read_text(encoding="utf-8"))
    assert document["meta"]["cvgen"]["design"] == {"theme": "modern", "paper": "letter", "accent": "#0E5484",
                                                   "margins": "2cm"}
    assert document["skills"][0]["cvgen"]["entry"]["tags"] == ["backend"]
    assert "cvgen" not in document  # the profile's own data is in meta, the schema's place for a tool's data
    _, twice, _ = _through_json_resume(back, tmp_path, "second")
    assert _same(load_profile(twice)) == _same(original)


@needs_real_world
def test_the_json_resume_sample_survives_import_export_import_and_keeps_its_shape(tmp_path):
    from cvgen.typeset.pipeline import load_profile

    sample = json.loads((REAL / "jsonresume-sample.json").read_text(encoding="utf-8"))
    first = tmp_path / "first.yaml"
    assert run("import", "jsonresume", str(REAL / "jsonresume-sample.json"), "--out", str(first)).returncode == 0
    resume, back, result = _through_json_resume(first, tmp_path, "again")
    assert "note:" not in result.stderr, result.stderr
    assert _same(load_profile(back)) == _same(load_profile(first))
    exported = json.loads(resume.read_text(encoding="utf-8"))
    basics = exported["basics"]
    assert basics["location"] == {"city": "San Francisco", "region": "California", "countryCode": "US"}
    assert [profile.get("username") for profile in basics["profiles"]] == ["neutralthoughts", "dandymusicnl"]
    school, original_school = exported["education"][0], sample["education"][0]
    for key in ("institution", "url", "area", "studyType", "score", "courses", "startDate", "endDate"):
        assert school[key] == original_school[key], key
    job, original_job = exported["work"][0], sample["work"][0]
    for key in ("name", "position", "url", "summary", "location", "startDate", "endDate"):
        assert job[key] == original_job[key], key
    assert job["highlights"] == [original_job["description"], *original_job["highlights"]]  # no url, no summary
    assert {key: exported["awards"][0][key] for key in sample["awards"][0]} == sample["awards"][0]
    assert [{key: skill[key] for key in ("name", "level", "keywords")} for skill in exported["skills"]] == \
        sample["skills"]
    assert [{key: item[key] for key in ("name", "keywords")} for item in exported["interests"]] == sample["interests"]
