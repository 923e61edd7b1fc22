"""RenderCV 2.8 in and out: real and our own RenderCV files import, build, export; the export is valid against
RenderCV 2.8's JSON Schema (a copy of rendercv/rendercv's schema.json, MIT, in tests/data/interop) and accepted
by RenderCV 2.3's validator; import(export(profile)) gives the profile back on every field RenderCV holds."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REAL_WORLD, ROOT, cvgen, needs_real_world, pdf_text
from cvgen.document.richtext_backends import RENDERCV
from cvgen.formats.rendercv import _Import, from_rendercv, to_rendercv
from cvgen.profile.model import Profile
from cvgen.profile.themes import look
from cvgen.richtext import Span, markdown, plain
from test_rendercv_export import VALIDATE, rendercv_python

DATA = ROOT / "tests" / "data" / "interop"
SCHEMA = json.loads((DATA / "rendercv-2.8-schema.json").read_text(encoding="utf-8"))
OURS = DATA / "rendercv-2.8-markdown.yaml"
FILES = [pytest.param(REAL_WORLD / name, marks=needs_real_world, id=name) for name in
         ("rendercv-John_Doe_ClassicTheme_CV.yaml", "rendercv-John_Doe_ModerncvTheme_CV.yaml")] + [
    pytest.param(OURS, id=OURS.name), pytest.param(DATA / "rendercv-every-entry.yaml", id="rendercv-every-entry.yaml")]


def schema_errors(data) -> list[str]:
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return [f"{list(error.path)}: {error.message[:200]}" for error in validator.iter_errors(data)]


def rendercv_2_3_errors(path: Path) -> str:
    checked = subprocess.run([str(rendercv_python()), "-c", VALIDATE, str(path)], capture_output=True, text=True)
    return "" if checked.returncode == 0 else checked.stderr[-3000:]


@pytest.mark.tex
@pytest.mark.parametrize("source", FILES)
def test_a_rendercv_file_imports_builds_and_exports_for_2_8_and_2_3(source, tmp_path):
    result = cvgen("import", "rendercv", str(source), "--out", "cv.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    assert len(notes) == len(set(notes)), notes  # no note twice
    built = cvgen("render", "--variant", "long", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    for version in ("2.8", "2.3"):
        exported = tmp_path / f"CV-{version}.yaml"
        result = cvgen("export", "rendercv", "--rendercv-version", version, "--out", str(exported), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        written = yaml.safe_load(exported.read_text(encoding="utf-8"))
        if version == "2.8":
            assert schema_errors(written) == []
        # the file for 2.8 is one 2.3 reads too while the footer and top note are on and the language English
        if version == "2.3" or not ({"show_footer", "show_top_note"} & set(written["design"]["page"]) or
                                    "custom_connections" in written["cv"] or "locale" in written):
            assert rendercv_2_3_errors(exported) == "", version
    source_data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if "size" not in ((source_data.get("design") or {}).get("page") or {}):
        assert "note: design.page.size is not given: RenderCV's default, US Letter, is used (paper: letter)" in notes
    profile = yaml.safe_load((tmp_path / "cv.yaml").read_text(encoding="utf-8"))
    assert profile["design"]["paper"] == "letter"
    text = " ".join(pdf_text(tmp_path / "out" / "cv.pdf").split())
    assert "](" not in text and "**" not in text  # Markdown is parsed, not printed


@pytest.mark.tex
def test_our_rendercv_2_8_file_keeps_its_design_links_notes_and_contacts_both_ways(tmp_path):
    from pypdf import PdfReader

    result = cvgen("import", "rendercv", str(OURS), "--out", "cv.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[:3] == [
        'note: cv.sections.honors[1] "https://bernstein-conference.de" is a link in a field that cvgen prints '
        'without one; left out',
        'note: design.page.top_margin "0.6in" is a RenderCV design option; left out',
        'note: design.page.bottom_margin "0.6in" is a RenderCV design option; left out']
    profile = yaml.safe_load((tmp_path / "cv.yaml").read_text(encoding="utf-8"))
    assert profile["design"] == {"theme": "classic", "paper": "letter", "margins": "0.75in", "footer": False,
                                 "updated": False, "accent": "#004F90"}
    assert profile["projects"][0] | {} == {
        "name": "OptoFly — closed-loop tracking", "url": "https://github.com/lvogt/optofly", "location": "Remote",
        "description": "Open-source optogenetics rig", "highlights": ["Used in 3 labs"], "start": "2021-01",
        "end": "2023-06"}
    assert profile["publications"][0]["notes"] == ["Cover article"]
    assert profile["contact"]["extra"] == [{"text": "German / EU citizen", "icon": "passport"},
                                           {"text": "Book a call", "url": "https://cal.example.org/lena",
                                            "icon": "calendar-days"}]
    assert profile["experience"][0]["summary"] == "Led the tracking platform of the lab."
    built = cvgen("render", "--variant", "long", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    pdf = tmp_path / "out" / "cv.pdf"
    box = PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter
    text = " ".join(pdf_text(pdf).split())
    for printed in ("OptoFly — closed-loop tracking", "Remote", "Cover article", "German / EU citizen",
                    "Book a call", "Led the tracking platform", "[add email]"):
        assert printed in text, printed
    assert "Curriculum Vitae" not in text  # the footer (name · title · page) is off

    exported = cvgen("export", "rendercv", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    data = yaml.safe_load(exported.stdout)
    cv, sections = data["cv"], data["cv"]["sections"]
    assert cv["phone"] == "+49 170 1234567"
    assert cv["custom_connections"] == [
        {"placeholder": "German / EU citizen", "url": None, "fontawesome_icon": "passport"},
        {"placeholder": "Book a call", "url": "https://cal.example.org/lena", "fontawesome_icon": "calendar-days"}]
    assert sections["Summary"] == ["I build *closed-loop* rigs for flies [add email] and write the **software** "
                                   "that runs them."]
    school = sections["Education"][0]
    assert (school["degree"], school["area"]) == ("PhD", "Neuroscience")
    job = sections["Experience"][0]
    assert (job["position"], job["summary"], job["highlights"]) == (
        "Postdoctoral Researcher", "Led the tracking platform of the lab.",
        ["Built a *real-time* tracker at 500 Hz", "Mentored 4 students"])
    assert sections["Projects"][0]["name"] == "[OptoFly — closed-loop tracking](https://github.com/lvogt/optofly)"
    paper = sections["Publications"][0]
    assert (paper["journal"], paper["summary"], paper["date"]) == ("Current Biology", "Cover article", "2023-03")
    assert sections["Honors"] == [{"bullet": "DAAD scholarship (2019)"}, {"bullet": "Best poster, Bernstein Conference 2021"}]
    assert data["design"] == {"theme": "classic", "page": {
        "size": "us-letter", "left_margin": "0.75in", "right_margin": "0.75in", "show_footer": False,
        "show_top_note": False}, "colors": dict.fromkeys(("name", "headline", "connections", "section_titles",
                                                          "links"), "#004F90")}


@pytest.mark.parametrize(("rich", "written"), [
    (plain("[add email]"), "[add email]"),
    (plain("a*b and 5 * 3"), "a*b and 5 * 3"),
    (plain("*not italic*"), r"\*not italic\*"),
    (plain("[x](https://e.org)"), r"\[x\](https://e.org)"),
    ((Span("OptoFly", url="https://o.org"), Span(" — tracking")), "[OptoFly](https://o.org) — tracking"),
    ((Span("bold ", bold=True), Span("and "), Span("italic", italic=True)), "**bold** and *italic*"),
])
def test_rendercv_markdown_escapes_only_what_markdown_would_read(rich, written):
    assert RENDERCV.rich(rich) == written
    read = _Import([]).linked(written, "cv.name")  # and the import reads it back
    assert read == ("".join(span.text for span in rich).strip(), next((span.url for span in rich if span.url), None))


# ------------------------------------------------------------------ import(export(profile)) == profile

WORD = st.text(st.sampled_from("abcdefgxyzÄé0123 -*_[]()#&%$\\"), min_size=1, max_size=12).map(
    lambda text: " ".join(text.split())).filter(lambda text: any(c.isalnum() for c in text))
NAME = st.text(st.sampled_from("abcdefxyzÄé"), min_size=2, max_size=8).map(str.capitalize)
# Text with cvgen's Markdown: words in bold, italic or neither (cvgen's Markdown has no escapes, so a literal
# mark beside an emphasis cannot be written in it); a one-line field (WORD) takes marks as literal characters.
PLAIN = st.text(st.sampled_from("abcxyzé0123 ()#&%$"), min_size=1, max_size=10).map(
    lambda text: " ".join(text.split())).filter(lambda text: any(c.isalnum() for c in text))
MARKED = st.lists(st.tuples(PLAIN, st.sampled_from(["", "*", "**", "_"])), min_size=1, max_size=3).map(
    lambda parts: " ".join(f"{mark}{word}{mark}" for word, mark in parts))
DATE = st.builds(lambda year, month: f"{year}-{month:02d}" if month else str(year),
                 st.integers(1990, 2030), st.integers(0, 12))
MONTH = st.builds(lambda year, month: f"{year}-{month:02d}", st.integers(1990, 2030), st.integers(1, 12))
SELECT = st.fixed_dictionaries({}, optional={"tags": st.lists(st.sampled_from(["ml", "bio", "web"]), min_size=1,
                                                                         max_size=2, unique=True),
                                         "keep": st.just(True), "priority": st.integers(1, 5)})
PERIOD = st.one_of(st.just({}), st.builds(lambda start: {"start": start}, DATE),
                   st.builds(lambda start, end: {"start": min(start, end), "end": max(start, end)}, MONTH, MONTH),
                   st.builds(lambda start: {"start": start, "end": "present"}, DATE))


def opt(**fields):
    return st.fixed_dictionaries({}, optional=fields)


EDUCATION = st.builds(lambda base, rest, select, period: base | rest | select | period,
                      st.fixed_dictionaries({"institution": WORD, "degree": st.one_of(
                          WORD, st.builds(lambda d, a: f"{d} in {a}", NAME, NAME))}),
                      opt(location=WORD, details=st.lists(MARKED, min_size=1, max_size=2),
                          supervisors=st.lists(NAME, min_size=1, max_size=2)), SELECT, PERIOD)
EXPERIENCE = st.builds(lambda base, rest, select, period: base | rest | select | period,
                       st.fixed_dictionaries({"organization": WORD, "role": WORD}),
                       opt(location=WORD, summary=MARKED, highlights=st.lists(MARKED, min_size=1, max_size=3)),
                       SELECT, PERIOD)
PROJECT = st.builds(lambda base, rest, select, period: base | rest | select | period,
                    st.fixed_dictionaries({"name": WORD}),
                    opt(url=st.just("https://example.org/p"), location=WORD, description=MARKED,
                        technologies=st.lists(NAME, min_size=1, max_size=2),
                        highlights=st.lists(MARKED, min_size=1, max_size=2)), SELECT, PERIOD)
SKILL = st.builds(lambda base, select: base | select,
                  st.fixed_dictionaries({"category": NAME, "items": st.lists(NAME, min_size=1, max_size=3)}), SELECT)
PAPER = st.builds(lambda base, rest, select: base | rest | select,
                  st.fixed_dictionaries({"authors": st.lists(NAME, min_size=0, max_size=2), "title": WORD,
                                         "year": st.integers(1990, 2030)}),
                  opt(venue=WORD, month=st.integers(1, 12), notes=st.lists(NAME, min_size=1, max_size=1),
                      highlight=st.booleans(), links=st.fixed_dictionaries({}, optional={
                          "doi": st.just("10.1000/x1"), "url": st.just("https://example.org/paper"),
                          "code": st.just("https://github.com/a/b")})), SELECT)
DESIGN = opt(theme=st.sampled_from(["classic", "modern", "sober", "engineering"]),
             paper=st.sampled_from(["a4", "letter"]), margins=st.sampled_from(["2cm", "0.75in", "18mm"]),
             footer=st.booleans(), updated=st.booleans(), accent=st.sampled_from(["#1B3A5C", "#AA0000"]))
PROFILES = st.builds(
    lambda owner, rest: {"owner": {"name": owner}} | rest, NAME.map(lambda name: f"{name} Doe"),
    opt(headline=WORD, summary=MARKED, updated=st.just("2026-11"),
        contact=opt(email=st.just("a@example.org"), phone=st.just("+49 170 1234567"), location=WORD,
                    homepage=st.just("https://example.org/"),
                    links=st.just([{"label": "GitHub", "url": "https://github.com/someone"}]),
                    extra=st.lists(st.fixed_dictionaries({"text": WORD}, optional={
                        "url": st.just("https://cal.example.org/x"), "icon": st.just("passport")}), max_size=2)),
        education=st.lists(EDUCATION, min_size=1, max_size=2), experience=st.lists(EXPERIENCE, min_size=1, max_size=2),
        projects=st.lists(PROJECT, min_size=1, max_size=2), skills=st.lists(SKILL, min_size=1, max_size=2),
        publications=st.lists(PAPER, min_size=1, max_size=3), design=DESIGN))


def rich(value):
    """Text fields compared as what they print (cvgen's Markdown and the export's may differ in spelling)."""
    if isinstance(value, str):
        return markdown(" ".join(value.split()))
    if isinstance(value, list):
        return [rich(item) for item in value]
    if isinstance(value, dict):
        return {key: rich(item) for key, item in value.items()}
    return value


@pytest.mark.slow  # a property test at size, as the other round-trip laws (tests/test_roundtrip_property.py)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROFILES)
def test_import_of_the_export_is_the_profile_on_every_field_rendercv_holds(data):
    for index, paper in enumerate(data.get("publications", [])):
        paper["key"] = f"p{index}"
        paper["authors"] = [data["owner"]["name"], *paper["authors"]]
    for extra in data.get("contact", {}).get("extra", []):  # RenderCV needs an icon: the export gives one
        extra.setdefault("icon", "circle-info")
    original = Profile.model_validate(data)
    exported = to_rendercv(original, [])
    assert schema_errors(exported) == []
    again = Profile.model_validate(from_rendercv(yaml.safe_load(yaml.safe_dump(exported, allow_unicode=True)), []))
    for field in ("owner", "headline", "contact", "education", "experience", "projects", "skills"):
        assert rich(getattr(again, field).model_dump() if hasattr(getattr(again, field), "model_dump") else
                    [entry.model_dump() for entry in getattr(again, field)] if isinstance(getattr(again, field), list)
                    else getattr(again, field)) == \
            rich(getattr(original, field).model_dump() if hasattr(getattr(original, field), "model_dump") else
                 [entry.model_dump() for entry in getattr(original, field)] if isinstance(getattr(original, field), list)
                 else getattr(original, field)), field
    assert rich(again.summary) == rich(original.summary)
    papers = sorted(again.publications, key=lambda paper: paper.key)
    for paper, before in zip(papers, original.publications, strict=True):
        expected = before.model_dump() | {"notes": [", ".join(before.notes)] if before.notes else []}
        assert paper.model_dump() == expected
    # the design as the documents see it: theme, paper, margins, footer, 'last updated', accent
    assert look(again.design, None, again.paper) == look(original.design, None, original.paper)


@pytest.mark.tex
@pytest.mark.parametrize("theme", ["classic", "modern", "sober", "engineering"])
def test_every_theme_honours_footer_and_updated_off_and_prints_extra_contact_items(theme, tmp_path):
    from cvgen.document.catalog import Catalog

    profile = {"owner": {"name": "Lena Vogt"}, "updated": "2026-11",
               "contact": {"email": "l@example.org", "extra": [{"text": "German / EU citizen"},
                                                               {"text": "Book a call", "url": "https://cal.example.org/"}]},
               "projects": [{"name": "OptoFly", "location": "Remote", "start": "2021"}]}
    footer = Catalog("en").document("long")  # the footer: name · title · page
    texts = {}
    for switch in (True, False):
        folder = tmp_path / str(switch)
        folder.mkdir()
        design = {"theme": theme} | ({} if switch else {"footer": False, "updated": False})
        (folder / "cv.yaml").write_text(yaml.safe_dump(profile | {"design": design}), encoding="utf-8")
        built = cvgen("render", "--variant", "long", cwd=folder)
        assert built.returncode == 0, built.stderr
        texts[switch] = " ".join(pdf_text(folder / "out" / "cv.pdf").split())
    for text in texts.values():
        assert "German / EU citizen" in text and "Book a call" in text and "Remote" in text
    assert footer in texts[True] and "2026" in texts[True]
    assert footer not in texts[False] and "2026" not in texts[False]


def test_cvgen_only_data_goes_under_the_entry_s_cvgen_key_or_is_named_in_a_note():
    profile = Profile.model_validate({
        "owner": {"name": "Ada Doe"}, "titles": {"experience": "Work"},
        "experience": [{"organization": "Acme", "role": "Engineer", "tags": ["web"], "keep": True, "priority": 2,
                        "supervisors": ["Bob Roe"]}],
        "variants": {"backend": {"tags": ["web"]}}})
    remarks: list[str] = []
    exported = to_rendercv(profile, remarks)
    assert exported["cv"]["sections"]["Work"][0]["cvgen"] == {"tags": ["web"], "priority": 2, "keep": True,
                                                             "supervisors": ["Bob Roe"]}
    assert remarks == ["variants: cvgen's own, with no place in a RenderCV input; left out"]
    assert schema_errors(exported) == []
    again = Profile.model_validate(from_rendercv(exported, []))
    assert again.experience == profile.experience
    assert again.titles == profile.titles  # the heading is the section's name: it travels, no note


@pytest.mark.tex
def test_rendercv_2_3_renders_the_export_with_links_and_brackets_as_written(tmp_path):
    """Not only valid: RenderCV 2.3 typesets cvgen's export (Typst), and its text shows the Markdown read, not
    printed. Typst's icon package, which it would download, is a stand-in of blank boxes (tests/data)."""
    import shutil

    assert cvgen("import", "rendercv", str(OURS), "--out", "cv.yaml", cwd=tmp_path).returncode == 0
    assert cvgen("export", "rendercv", "--rendercv-version", "2.3", "--out", "CV.yaml", cwd=tmp_path).returncode == 0
    shutil.copytree(DATA / "typst-fontawesome", tmp_path / "data" / "typst" / "packages" / "preview" /
                    "fontawesome" / "0.5.0")
    rendercv = rendercv_python().parent / "rendercv"
    rendered = subprocess.run(
        [str(rendercv), "render", "CV.yaml", "--dont-generate-markdown", "--dont-generate-html", "--dont-generate-png"],
        cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),  # the stand-in; no version check on PyPI:
             "https_proxy": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"})  # a closed port
    assert rendered.returncode == 0, rendered.stdout[-2000:]
    [pdf] = (tmp_path / "rendercv_output").glob("*.pdf")
    text = " ".join(pdf_text(pdf).split())
    # (RenderCV 2.3 prints no publication summary, and writes phone numbers in their national form itself)
    for printed in ("OptoFly — closed-loop tracking", "[add email]", "Led the tracking platform", "Mentored 4 students",
                    "PhD", "Neuroscience", "Current Biology", "DAAD scholarship (2019)"):
        assert printed in text, printed
    assert "\\[" not in text and "](" not in text and "**" not in text


def test_an_entry_with_a_misspelt_field_is_named_with_a_did_you_mean(tmp_path):
    source = tmp_path / "CV.yaml"
    source.write_text("cv:\n  name: Alex Rivera\n  sections:\n    experience:\n      - company: Stripe\n"
                      "        positon: Intern\n        start_date: 2024-05\n", encoding="utf-8")
    result = cvgen("import", "rendercv", str(source), cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.splitlines()[0] == (
        'note: cv.sections.experience[0] "{"company": "Stripe", "positon": "Intern", "start_date": "2024-05"}" is '
        "not an entry RenderCV knows (did you mean 'position' for 'positon'?); left out")


def test_an_unreadable_start_names_the_end_it_takes_with_it(tmp_path):
    source = tmp_path / "CV.yaml"
    source.write_text("cv:\n  name: Alex Rivera\n  sections:\n    experience:\n      - company: Stripe\n"
                      "        position: Intern\n        start_date: Fall 2024\n        end_date: present\n",
                      encoding="utf-8")
    result = cvgen("import", "rendercv", str(source), cwd=tmp_path)
    assert result.stderr.splitlines()[:2] == [
        'note: cv.sections.experience[0].start_date "Fall 2024" is not a date cvgen reads (YYYY, YYYY-MM or '
        "YYYY-MM-DD); left out",
        'note: cv.sections.experience[0].end_date "present" ends a period without a start cvgen reads; left out']


def test_the_export_keeps_quotes_and_apostrophes_as_typed():
    """The PDFs print typographic ones; an input for RenderCV keeps the text as its owner typed it."""
    profile = Profile.model_validate({"owner": {"name": "Ada O'Neil"}, "experience": [
        {"organization": "Acme", "role": "Engineer", "highlights": ['Dean\'s list, the "best" one']}],
        "awards": [{"name": "Dean's award", "start": 2020}]})
    exported = to_rendercv(profile, [])
    assert exported["cv"]["sections"]["Awards & Honors"][0]["name"] == "Dean's award"  # written from the view
    assert exported["cv"]["name"] == "Ada O'Neil"
    assert exported["cv"]["sections"]["Experience"][0]["highlights"] == ['Dean\'s list, the "best" one']
