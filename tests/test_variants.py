"""The documents as data: a declared variant takes the fields it sets over the one it is based on."""

from __future__ import annotations

import pytest

from cvgen.document.variants import BUILTIN, declared, resolve, select
from cvgen.errors import UsageError
from cvgen.profile.model import Profile, Variant


def test_a_declared_variant_keeps_what_it_sets_and_inherits_the_rest():
    industry = resolve("industry", Variant(based_on="short", max_pages=2, titles={"experience": "Work"}))
    assert (industry.name, industry.based_on, industry.output, industry.max_pages) == ("industry", "short", "industry", 2)
    assert industry.sections == BUILTIN["short"].sections and industry.summary == "short_summary"
    assert industry.titles == {"experience": "Work"}


def test_overriding_a_builtin_keeps_its_output_and_a_new_one_defaults_to_long():
    short = resolve("short", Variant(limits={"awards": 2}))
    assert (short.output, short.max_pages, short.limits) == ("resume", 1, {"awards": 2})
    grant = resolve("grant", Variant())
    assert (grant.based_on, grant.output, grant.template) == ("long", "grant", "cv.tex.j2")


def test_the_long_documents_print_the_profiles_own_sections_before_additional_information():
    profile = Profile.model_validate({"owner": {"name": "A"}, "sections": {"outreach": {"title": "Outreach",
                                                                                     "items": ["Open day"]}}})
    variants = declared(profile)
    assert variants["long"].sections[-2:] == ["outreach", "additional"]
    assert "outreach" not in variants["short"].sections


def test_select_adds_tags_and_names_the_choices_when_unknown():
    [short] = select("short", None, ("pruning",))
    assert short.tags == ["pruning"]
    assert [variant.name for variant in select("all")] == ["long", "short", "publications"]
    with pytest.raises(UsageError, match=r"^unknown variant 'poster'; expected one of: all, long, short, publications$"):
        select("poster")


# `based_on: NAME` starts from the profile's own variant NAME when it declares one: every field that one sets
# is inherited, one test per field.
OWN_LONG = {"group_by": "type", "numbering": "per_group", "sections": ["education", "other_publications"],
            "style": "apa", "titles": {"education": "Studies"}, "publications": "highlighted", "max_pages": 4,
            "limits": {"awards": 2}, "owner_style": "bold", "max_authors": 3, "since": 2010,
            "tags": ["history"], "exclude_tags": ["draft"], "compact": True, "headline": "Historian",
            "language": "de", "summary": "short_summary", "status": ["published"], "until": 2024,
            "title": "Lebenslauf", "template": "resume.tex.j2", "design": {"theme": "sober"}, "research_interests": ["Archives"],
            "short_summary": "Short.", "publication_groups": [{"title": "Books", "types": ["book"]}]}


def _declared(variants: dict) -> dict:
    return declared(Profile.model_validate({"owner": {"name": "A"}, "variants": variants}))


@pytest.mark.parametrize("field", sorted(OWN_LONG))
def test_based_on_inherits_each_field_of_the_profiles_own_variant(field):
    variants = _declared({"long": {field: OWN_LONG[field]}, "cv-en": {"based_on": "long", "language": "en"}
                          if field != "language" else {"based_on": "long"}})
    assert getattr(variants["cv-en"], field) == getattr(variants["long"], field)
    assert getattr(variants["cv-en"], field) != getattr(BUILTIN["long"], field)  # not the built-in's


def test_based_on_keeps_the_section_order_and_what_the_variant_sets_wins():
    variants = _declared({"long": {"sections": ["talks", "education"], "group_by": "year"},
                          "cv-en": {"based_on": "long", "group_by": "none"}})
    assert variants["cv-en"].sections == ["talks", "education"]
    assert (variants["cv-en"].group_by, variants["cv-en"].based_on, variants["cv-en"].output) == ("none", "long", "cv-en")


def test_based_on_merges_the_design_field_by_field_and_follows_a_chain():
    variants = _declared({"grant": {"based_on": "short", "design": {"theme": "modern", "paper": "letter"}},
                          "grant-de": {"based_on": "grant", "language": "de", "design": {"paper": "a4"}},
                          "grant-fr": {"based_on": "grant-de", "language": "fr"}})
    assert (variants["grant-de"].design.theme, variants["grant-de"].design.paper) == ("modern", "a4")
    assert variants["grant-fr"].design == variants["grant-de"].design
    assert variants["grant-fr"].based_on == "short" and variants["grant-fr"].max_pages == 1  # the root's title


def test_a_variant_based_on_its_own_name_starts_from_the_builtin():
    variants = _declared({"short": {"based_on": "short", "max_pages": 2}})
    assert variants["short"].max_pages == 2 and variants["short"].sections == BUILTIN["short"].sections


def test_a_circle_of_based_on_and_an_unknown_base_are_located_errors(tmp_path):
    from conftest import cvgen

    profile = tmp_path / "cv.yaml"
    profile.write_text("owner: {name: Ada}\nvariants:\n  a: {based_on: b}\n  b: {based_on: a}\n"
                       "  c: {based_on: lnog}\n", encoding="utf-8")
    result = cvgen("validate", "--input", str(profile))
    assert (result.returncode, result.stderr.splitlines()) == (2, [
        f"{profile}:3:17: variants.a.based_on: variants based on each other in a circle: a → b → a",
        f"{profile}:4:17: variants.b.based_on: variants based on each other in a circle: b → a → b",
        f"{profile}:5:17: variants.c.based_on: unknown variant 'lnog'; did you mean 'long'?"])
