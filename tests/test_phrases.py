"""The profile's own phrases: per language (`{en: …, fr: …}`), a partial mapping of forms filled from the
catalog, and words that depend on the entry (a doctoral thesis, a grant's number) from the catalog."""

from __future__ import annotations

from cvgen.document.catalog import Catalog, per_language
from cvgen.document.languages import localize
from cvgen.document.variants import BUILTIN
from cvgen.document.view import EntryItem, build_view
from cvgen.profile.model import Profile
from cvgen.richtext import text_of

PROFILE = {
    "owner": {"name": "Kai Yi"},
    "education": [
        {"institution": "KAUST", "degree": "Ph.D. in Computer Science", "start": 2019, "end": 2023,
         "thesis": {"title": "Pruning"}},
        {"institution": "KAUST", "degree": "M.S. in Computer Science", "start": 2017, "end": 2019,
         "thesis": {"title": "Sparsity"}}],
    "grants": [{"title": "Federated pruning", "funder": "DFG", "number": "YI 12/3-1", "start": 2022}],
}


def details(language: str, **extra) -> list[str]:
    profile = Profile.model_validate({**PROFILE, "language": language, **extra})
    variant = BUILTIN["long"].model_copy(update={"sections": ["education", "grants"]})
    view = build_view(localize(profile, language)[0], variant)
    return [text_of(line) for section in view.sections for item in section.items if isinstance(item, EntryItem)
            for line in item.details]


def test_a_doctoral_thesis_and_a_grant_number_have_their_languages_words():
    assert details("de") == ["Dissertation: Pruning", "Abschlussarbeit: Sparsity", "Förderkennzeichen: YI 12/3-1"]
    assert details("fr") == ["Thèse\u00a0: Pruning", "Mémoire\u00a0: Sparsity", "Convention n° YI 12/3-1"]
    assert details("en") == ["Thesis: Pruning", "Thesis: Sparsity", "Grant no. YI 12/3-1"]


def test_a_phrase_given_per_language_never_leaks_into_another():
    phrases = {"phrases": {"thesis": {"fr": "Mémoire de master"}, "doctoral_thesis": {"fr": "Thèse de doctorat"},
                           "grant_number": {"de": "FKZ {number}"}}}
    assert details("fr", **phrases)[:2] == ["Thèse de doctorat\u00a0: Pruning", "Mémoire de master\u00a0: Sparsity"]
    assert details("en", **phrases) == ["Thesis: Pruning", "Thesis: Sparsity", "Grant no. YI 12/3-1"]
    assert details("de", **phrases)[2] == "FKZ YI 12/3-1"


def test_a_profiles_own_thesis_phrase_stands_for_the_doctoral_one_too():
    assert details("de", phrases={"thesis": "Arbeit"})[:2] == ["Arbeit: Pruning", "Arbeit: Sparsity"]


def test_a_partial_mapping_of_forms_is_filled_from_the_catalog():
    words = Catalog("en", {"publication_types": {"article": "Papers"}, "more_publications": {"one": "one more"}})
    assert words.choice("publication_types", "article") == "Papers"
    assert words.choice("publication_types", "book") == "Books"
    assert words.phrase("more_publications", count=1) == "one more"
    assert words.phrase("more_publications", count=3) == "3 further publications are listed in the full CV."


def test_forms_are_not_taken_for_languages():
    assert per_language("thesis", {"en": "Thesis", "de": "Arbeit"}) == {"en": "Thesis", "de": "Arbeit"}
    assert per_language("link_labels", {"pdf": "PDF", "doi": "DOI"}) is None
    assert per_language("more_publications", {"one": "x", "other": "y"}) is None
    assert per_language("link_labels", {"en": {"pdf": "PDF"}}) == {"en": {"pdf": "PDF"}}
