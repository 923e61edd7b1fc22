"""Every importer, on documents hypothesis makes up (values of every JSON type where a text is expected, lists
where one value is, nesting): each value of the source is in the imported profile or named in a note."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvgen.formats.csljson import read_csljson
from cvgen.formats.jsonresume import from_jsonresume
from test_real_imports import account

EXAMPLES = int(os.environ.get("CVGEN_FUZZ_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize="CVGEN_FUZZ_EXAMPLES" not in os.environ,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéü ", min_size=3, max_size=12).map(str.strip).filter(
    lambda text: len(text) >= 3)
# What a person or another tool may write where a text belongs.
odd = st.one_of(words, st.booleans(), st.none(), st.integers(1, 99), st.lists(words, max_size=2))
texts = st.lists(st.one_of(words, words, st.booleans(), st.none(), st.lists(words, max_size=2)), max_size=4)
dates = st.sampled_from(["2019", "2020-05", "2021-03-04", "someday"])

jobs = st.fixed_dictionaries({"name": words, "position": odd, "startDate": dates},
                             optional={"summary": odd, "highlights": st.one_of(texts, words), "url": odd})
resumes = st.fixed_dictionaries(
    {"basics": st.fixed_dictionaries({"name": words}, optional={"label": odd, "summary": odd, "email": odd})},
    optional={"work": st.lists(jobs, max_size=3),
              "skills": st.lists(st.fixed_dictionaries({"name": words}, optional={"keywords": texts,
                                                                                  "level": odd}), max_size=3),
              "interests": st.lists(st.fixed_dictionaries({"name": words}, optional={"keywords": texts}), max_size=3),
              "languages": st.lists(st.fixed_dictionaries({"language": words}, optional={"fluency": odd}), max_size=2)})


@SETTINGS
@given(resumes)
def test_json_resume_import_keeps_or_names_every_value(resume):
    remarks: list[str] = []
    profile = from_jsonresume(json.loads(json.dumps(resume)), remarks)
    *_, lost = account(resume, profile, remarks)
    assert lost == []


items = st.fixed_dictionaries(
    {"id": words, "type": st.sampled_from(["article-journal", "book", "chapter", "paper-conference"]), "title": words,
     "author": st.lists(st.fixed_dictionaries({"family": words, "given": words}), min_size=1, max_size=3),
     "issued": st.just({"date-parts": [[2020, 5]]})},
    optional={"container-title": odd, "volume": odd, "issue": odd, "page": odd, "publisher": odd, "ISBN": odd,
              "DOI": odd, "edition": odd})


@SETTINGS
@given(st.lists(items, min_size=1, max_size=3, unique_by=lambda item: item["id"]))
def test_csl_json_import_keeps_or_names_every_value(tmp_path_factory, library):
    path = Path(tmp_path_factory.mktemp("csl")) / "items.json"
    path.write_text(json.dumps(library), encoding="utf-8")
    imported = read_csljson(path)
    texts = " | ".join(" ".join(str(value).split()) for paper in imported.publications for value in _leaves(paper))
    for index, item in enumerate(library):
        for field, value in item.items():
            if field in ("id", "type", "issued", "author"):
                continue
            kept = [" ".join(str(part).split()) for part in _leaves(value)]
            named = any(note.lower().startswith(f"[{index}] {item['id']}: {field} ".lower()) for note in imported.remarks)
            assert named or all(part in texts for part in kept), (field, value, imported.remarks)


def _leaves(value):
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [] if value in (None, "") else [value]


experience = st.fixed_dictionaries({"company": words, "position": odd},
                                   optional={"start_date": st.sampled_from(["2019-01", "2020"]), "location": odd,
                                             "highlights": st.one_of(texts, words), "summary": odd})
education = st.fixed_dictionaries({"institution": words, "area": odd}, optional={"degree": odd, "highlights": texts})
normal = st.fixed_dictionaries({"name": words}, optional={"summary": odd, "highlights": texts, "location": odd,
                                                          "date": st.sampled_from(["2021", "2022-03"])})
rendercv_sections = st.dictionaries(
    st.sampled_from(["experience", "education", "projects", "Awards", "Skills", "Misc"]),
    st.one_of(st.lists(experience, min_size=1, max_size=2), st.lists(education, min_size=1, max_size=2),
              st.lists(normal, min_size=1, max_size=2), st.lists(words, min_size=1, max_size=2),
              st.lists(st.fixed_dictionaries({"label": words, "details": odd}), min_size=1, max_size=2),
              st.lists(st.fixed_dictionaries({"bullet": words}), min_size=1, max_size=2)),
    max_size=4)
rendercv_files = st.fixed_dictionaries({"cv": st.fixed_dictionaries(
    {"name": words}, optional={"location": odd, "headline": odd, "sections": rendercv_sections})})


@SETTINGS
@given(rendercv_files)
def test_rendercv_import_keeps_or_names_every_value(source):
    from cvgen.formats.rendercv import from_rendercv

    remarks: list[str] = []
    profile = from_rendercv(json.loads(json.dumps(source)), remarks)
    *_, lost = account(source, profile, [*remarks, "locale.language is language"])
    assert lost == []


bib_fields = st.dictionaries(
    st.sampled_from(["journal", "booktitle", "volume", "number", "pages", "publisher", "note", "abstract", "keywords",
                     "address", "month", "series", "edition", "howpublished", "school", "language", "location",
                     "langid", "pmid", "pmcid", "shortjournal", "eventtitle", "venue", "version", "supplement"]),
    st.one_of(words, st.sampled_from(["jan", "sept", "Spring", "12", "3--7"])), max_size=6)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["article", "inproceedings", "book", "misc", "techreport"]), bib_fields),
                min_size=1, max_size=3))
def test_bibtex_import_keeps_or_names_every_value(tmp_path_factory, entries):
    from cvgen.formats.bibtex import read_bibtex

    path = Path(tmp_path_factory.mktemp("bib")) / "papers.bib"
    path.write_text("".join(
        f"@{kind}{{k{index}, title={{Title {index}}}, author={{Lovelace, Ada}}, year={{2020}},\n"
        + "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items()) + "}\n"
        for index, (kind, fields) in enumerate(entries)), encoding="utf-8")
    imported = read_bibtex(path)
    assert imported.skipped == []
    papers = {paper["key"]: paper for paper in imported.publications}
    for index, (_, fields) in enumerate(entries):
        texts = " | ".join(str(value) for value in _leaves(papers[f"k{index}"]))
        for name, value in fields.items():
            named = any(note.startswith(f"k{index}: ") and (name in note or repr(value) in note)
                        for note in imported.remarks)
            written = " ".join(value.replace("--", "–").split())
            kept = (written in texts or (name == "month" and "month" in papers[f"k{index}"])
                    or (name == "keywords" and written.replace(" ", "-") in texts))  # a tag has no spaces
            assert kept or named, (name, value, papers[f"k{index}"], imported.remarks)
