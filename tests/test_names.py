"""Names as data: a string split once by BibTeX's rules, or a mapping of CSL's parts; matched on the parts."""

from __future__ import annotations

import pytest

from cvgen.document import csl
from cvgen.document.view import normalise_name
from cvgen.profile.model import Owner, Publication
from cvgen.profile.names import bibtex, from_parts, from_text, match_key, split, written


@pytest.mark.parametrize(("text", "parts", "printed"), [
    ("Di Carli, Marcelo F.", {"family": "Di Carli", "given": "Marcelo F."}, "Marcelo F. Di Carli"),
    ("Yancy, Clyde W., Jr.", {"family": "Yancy", "given": "Clyde W.", "suffix": "Jr."}, "Clyde W. Yancy Jr."),
    ("Yancy, Jr., Clyde W.", {"family": "Yancy", "given": "Clyde W.", "suffix": "Jr."}, "Clyde W. Yancy Jr."),
    ("Martin Luther King, Jr", {"family": "King", "given": "Martin Luther", "suffix": "Jr"}, "Martin Luther King Jr"),
    ("Ludwig van Beethoven", {"family": "Beethoven", "given": "Ludwig", "particle": "van"}, "Ludwig van Beethoven"),
    ("van der Linden, Anna", {"family": "Linden", "given": "Anna", "particle": "van der"}, "Anna van der Linden"),
    ("{World Health Organization}", {"literal": "World Health Organization"}, "World Health Organization"),
    ("王晓明", {"literal": "王晓明"}, "王晓明"),
    ("Kai Yi", {"family": "Yi", "given": "Kai"}, "Kai Yi"),
])
def test_a_name_written_as_a_string_is_split_by_bibtex_rules(text, parts, printed):
    name = from_text(text)
    assert (name.parts, str(name)) == (parts, printed)
    assert split(text) == parts
    assert split(written(name)) == parts  # written back so that it splits the same


def test_a_name_given_as_parts_keeps_them_and_reaches_the_csl_item():
    paper = Publication.model_validate({
        "key": "a", "title": "T", "year": 2024, "venue": "Circulation",
        "authors": [{"family": "Van Spall", "given": "Harriette G. C."}, "Di Carli, Marcelo F.",
                    {"family": "Goff", "given": "Yves", "particle": "Le"}, "Clyde W. Yancy, Jr."],
        "equal_contribution": ["Marcelo F. Di Carli"]})
    assert [csl.person(name) for name in paper.authors] == [
        {"family": "Van Spall", "given": "Harriette G. C."}, {"family": "Di Carli", "given": "Marcelo F."},
        {"family": "Goff", "given": "Yves", "non-dropping-particle": "Le"},
        {"family": "Yancy", "given": "Clyde W.", "suffix": "Jr."}]
    assert paper.authors[0] == "Harriette G. C. Van Spall"  # cvgen's own style prints the name in reading order
    dumped = paper.model_dump(mode="json")["authors"]
    assert dumped == ["Van Spall, Harriette G. C.", "Di Carli, Marcelo F.", {"family": "Goff", "given": "Yves",
                                                                          "particle": "Le"}, "Clyde W. Yancy, Jr."]
    assert Publication.model_validate(paper.model_dump(mode="json")) == paper


def test_the_owner_is_matched_on_the_parts_whatever_form_each_side_uses():
    owner = Owner.model_validate({"name": "Marcelo F. Di Carli", "aliases": ["Di Carli, M. F.",
                                                                             {"family": "Di Carli", "given": "M"}]})
    assert {normalise_name(name) for name in owner.aliases} == {"m f di carli", "m di carli"}
    assert match_key("Di Carli, Marcelo F.") == match_key(from_parts({"family": "Di Carli", "given": "Marcelo F."}))
    assert match_key("Yancy, Clyde W., Jr.") == match_key("Clyde W. Yancy, Jr") == "clyde w yancy jr"


def test_bibtex_gets_the_parts_back():
    assert bibtex(from_text("Di Carli, Marcelo F.")) == "Di Carli, Marcelo F."
    assert bibtex(from_text("Kai Yi")) == "Kai Yi"
    assert bibtex(from_text("Yancy, Clyde W., Jr.")) == "Yancy, Jr., Clyde W."
    assert bibtex(from_parts({"literal": "World Health Organization"})) == "{World Health Organization}"


@pytest.mark.parametrize(("value", "message"), [
    ({"famly": "Yi", "given": "Kai"}, "unknown part of a name 'famly'; did you mean 'family'?"),
    ({"given": "Kai"}, "a name given as parts needs 'family' (or 'literal': a name printed as it is)"),
    ({"family": ["Yi"]}, "expected text, got a list"),
])
def test_a_wrong_name_mapping_says_what_is_wrong(value, message):
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as error:
        Publication.model_validate({"key": "a", "title": "T", "year": 2024, "authors": [value]})
    assert message in str(error.value)


def test_a_doi_printed_without_an_address_is_a_link_in_every_style():
    from cvgen.document.csl import _spans

    spans = _spans("Circulation. 2023;81(4):410-418. doi:10.1016/j.jacc.2022.11.012", "bold")
    assert [(span.text, span.url) for span in spans if span.url] == [
        ("10.1016/j.jacc.2022.11.012", "https://doi.org/10.1016/j.jacc.2022.11.012")]
    spans = _spans("Nature 627, 873 (2024). https://doi.org/10.1038/s41586-024-07123-4.", "bold")
    assert [span.url for span in spans if span.url] == ["https://doi.org/10.1038/s41586-024-07123-4"]
