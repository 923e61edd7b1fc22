"""The registry of section kinds: every kind is complete (partial, heading, schema, export) and builds."""

from __future__ import annotations

import pytest
import yaml

from conftest import DATA, ROOT, pdf_text
from cvgen.catalog import Catalog
from cvgen.interop.jsonresume import EXPORTS
from cvgen.kinds import SECTIONS
from cvgen.model import Profile
from cvgen.pipeline import build
from cvgen.variants import BUILTIN

KINDS = list(SECTIONS.values())


@pytest.fixture(scope="module")
def schema() -> str:
    return yaml.safe_dump(Profile.model_json_schema())


@pytest.mark.parametrize("kind", KINDS, ids=[kind.key for kind in KINDS])
def test_every_kind_is_complete(kind, schema):
    assert (ROOT / "templates" / "entries" / f"{kind.partial}.tex.j2").is_file()
    assert Catalog("en").heading(kind.key)
    assert kind.key in EXPORTS, "add a JSON Resume exporter (interop/jsonresume.py EXPORTS)"
    if kind.model is not None:  # entries of this model are somewhere in the profile, so in its JSON Schema
        assert kind.model.__name__ in schema


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
