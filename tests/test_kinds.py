"""The registry of section kinds: every kind is complete (partial, heading, schema, export) and builds."""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT, pdf_text
from cvgen.catalog import Catalog
from cvgen.interop.jsonresume import EXPORTS
from cvgen.kinds import SECTIONS
from cvgen.model import Profile
from cvgen.pipeline import build
from cvgen.variants import BUILTIN

KINDS = list(SECTIONS.values())


@pytest.mark.parametrize("kind", KINDS, ids=[kind.key for kind in KINDS])
def test_every_kind_is_complete(kind):
    assert (ROOT / "templates" / "entries" / f"{kind.partial}.tex.j2").is_file()
    assert Catalog("en").heading(kind.key)
    assert kind.key in EXPORTS, "add a JSON Resume exporter (interop/jsonresume.py EXPORTS)"
    if kind.model is not None:  # entries of this model are somewhere in the profile, so in its JSON Schema
        schema = yaml.safe_dump(Profile.model_json_schema())
        assert kind.model.__name__ in schema


def test_every_kind_reaches_the_pdf_under_its_heading(tmp_path):
    profile = yaml.safe_load((ROOT / "cv.yaml").read_text(encoding="utf-8"))
    variant = BUILTIN["long"].model_copy(update={"sections": list(SECTIONS)})
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    [built] = build(path, tmp_path / "out", [variant])
    text = pdf_text(built.path)
    headings = [Catalog("en", titles=profile.get("titles", {})).heading(key) for key in SECTIONS]
    positions = [text.find(heading) for heading in headings]
    assert -1 not in positions, dict(zip(headings, positions, strict=False))
    assert positions == sorted(positions)
