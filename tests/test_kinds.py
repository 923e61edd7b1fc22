"""The registry of section kinds: every kind is complete (partial, headings in every catalog, a Profile field, its
place in the long CV, both directions of JSON Resume and RenderCV) and builds."""

from __future__ import annotations

import pytest
import yaml

from conftest import DATA, ROOT, pdf_text
from cvgen.document.catalog import Catalog, languages
from cvgen.document.items import EntryItem
from cvgen.document.kinds import LONG_SECTIONS, OWN, SECTIONS
from cvgen.document.variants import BUILTIN, declared
from cvgen.document.view import build_view
from cvgen.formats.jsonresume import EXPORTS, from_jsonresume, to_jsonresume
from cvgen.formats.rendercv import entry_type, from_rendercv, to_rendercv
from cvgen.profile.model import Profile
from cvgen.typeset.pipeline import build, load_profile

KINDS = list(SECTIONS.values())
EVERYTHING = load_profile(DATA / "everything.yaml")  # an entry of every kind and two sections of its own


@pytest.fixture(scope="module")
def schema() -> dict:
    return Profile.model_json_schema()


@pytest.fixture(scope="module")
def headings() -> dict[str, dict]:
    """Each catalog's own headings (not English by fallback), by language."""
    return {language: yaml.load((ROOT / "src" / "cvgen" / "document" / "catalog" / f"{language}.yaml").read_text(encoding="utf-8"),
                                Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["headings"]
            for language in languages()}


@pytest.mark.parametrize("kind", KINDS, ids=[kind.key for kind in KINDS])
def test_every_kind_is_complete(kind, schema, headings):
    assert (ROOT / "src" / "cvgen" / "templates" / "entries" / f"{kind.partial}.tex.j2").is_file()
    assert [language for language, own in headings.items() if kind.key not in own] == []
    assert kind.attribute in schema["properties"]  # a field of the profile, so in its JSON Schema
    assert (kind.jsonresume == OWN) != (kind.key in EXPORTS), "a JSON Resume exporter, or OWN in the registry"


def test_the_long_cv_lists_every_kind_in_the_registrys_order_and_names_entries_by_their_field():
    """A kind missing from the long CV would never print; an entry named by another field than its kind's
    would be left out by fitting under the wrong name and not found by the RenderCV export."""
    view = build_view(EVERYTHING, declared(EVERYTHING)["long"])
    own = list(EVERYTHING.sections)
    assert [section.key for section in view.sections] == [*LONG_SECTIONS[:-1], *own, "additional"]
    assert [key for key in SECTIONS if key not in LONG_SECTIONS] == ["skills", "hobbies"]  # `additional` prints both
    for section in view.sections:
        attributes = ({"skills", "hobbies", "interests"} if section.key == "additional"  # skills, hobbies, interests
                      else {SECTIONS[section.key].attribute if section.key in SECTIONS else section.key})
        assert {item.id[0] for item in section.items if item.id} <= attributes, section.key


@pytest.fixture(scope="module")
def resume() -> dict:
    return to_jsonresume(EVERYTHING)


@pytest.fixture(scope="module")
def resume_again(resume) -> Profile:
    return Profile.model_validate(from_jsonresume(resume, []))


@pytest.mark.parametrize("kind", KINDS, ids=[kind.key for kind in KINDS])
def test_every_kind_goes_to_json_resume_and_comes_back(kind, resume, resume_again):
    written = resume["basics"].get("summary") if kind.jsonresume == "basics" else \
        resume.get(kind.attribute if kind.jsonresume == OWN else kind.jsonresume)
    assert written, f"nothing in resume.json's {kind.jsonresume}"
    again, original = getattr(resume_again, kind.attribute), getattr(EVERYTHING, kind.attribute)
    if kind.attribute == "publications":  # written in the PDFs' order
        again, original = sorted(again, key=lambda paper: paper.key), sorted(original, key=lambda paper: paper.key)
    assert again == (original.strip() if isinstance(original, str) else original)


@pytest.fixture(scope="module")
def long_cv():
    return build_view(EVERYTHING, declared(EVERYTHING)["long"])


@pytest.fixture(scope="module")
def rendercv() -> dict:
    return to_rendercv(EVERYTHING, [])


@pytest.fixture(scope="module")
def rendercv_again(rendercv) -> dict:
    return from_rendercv(rendercv, [])


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind.long], ids=[kind.key for kind in KINDS if kind.long])
def test_every_kind_goes_to_rendercv_and_comes_back(kind, long_cv, rendercv, rendercv_again):
    """Out: the kind's section, under its heading, in the entry type the registry gives for dated entries. Back:
    its entries as that kind again, or (what RenderCV has no kind for) as a section of the profile's own."""
    [section] = [section for section in long_cv.sections if section.key == kind.key]
    entries = rendercv["cv"]["sections"][section.title]
    if any(isinstance(item, EntryItem) for item in section.items):
        assert {entry_type(entry) for entry in entries} == {kind.rendercv}
    printed = rendercv_again["variants"]["long"]["sections"]
    assert kind.key in printed or any(key in rendercv_again.get("sections", {}) for key in printed), printed


@pytest.mark.tex
def test_every_kind_and_the_profiles_own_sections_reach_the_pdf_under_their_headings(tmp_path):
    """tests/data/everything.yaml has an entry of every kind and two sections of its own; the long CV
    prints every section, in the order of the built-in variant."""
    profile = yaml.safe_load((DATA / "everything.yaml").read_text(encoding="utf-8"))
    assert set(SECTIONS) <= {*profile, "summary", "highlighted_publications", "other_publications", "additional"}
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    [built] = build(path, tmp_path / "out", "long")
    text = pdf_text(built.path)
    order = [key for key in BUILTIN["long"].sections if key != "additional"] + ["outreach", "other", "additional"]
    titles = {key: section["title"] for key, section in profile["sections"].items()}
    headings = [Catalog("en", titles=titles).heading(key) for key in order]
    positions = [text.find(heading) for heading in headings]
    assert -1 not in positions, dict(zip(headings, positions, strict=False))
    assert positions == sorted(positions), " | ".join(f"{h} {p}" for h, p in zip(headings, positions, strict=True))
    assert "Before that, I trained in biophysics." in text  # the summary's second paragraph
