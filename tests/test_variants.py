"""The documents as data: a declared variant takes the fields it sets over the one it is based on."""

from __future__ import annotations

import pytest

from cvgen.errors import UsageError
from cvgen.model import Profile, Variant
from cvgen.variants import BUILTIN, declared, resolve, select


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
