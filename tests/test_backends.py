"""One rich-text tree, several back ends: each format writes the same spans with its own marks, and what every
format prints alike (the owner's emphasis, a paper's line, the paper's own link) is decided once, by key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import DATA
from conftest import cvgen as run
from cvgen.document.catalog import Catalog
from cvgen.document.items import Author, Link, PublicationItem
from cvgen.document.punctuation import Punctuation
from cvgen.document.richtext_backends import HTML_TEXT, LATEX, PLAIN, Markdown, main_link, publication_line
from cvgen.richtext import Span

TREE = (Span("Kai Yi", bold=True, underline=True), Span(", "), Span("Nature", italic=True),
        Span(" 2024", muted=True), Span(" H"), Span("2", script="sub"), Span("O & "),
        Span("code", url="https://github.com/k/x"))


def test_every_back_end_writes_the_same_tree_with_its_own_marks():
    assert LATEX.rich(TREE) == (r"\textbf{\cvunderline{Kai Yi}}, \textit{Nature}{\color{muted}{ 2024}} H"
                                r"\textsubscript{2}O \& \href{https://github.com/k/x}{code}")
    assert Markdown().rich(TREE) == "**Kai Yi**, *Nature* 2024 H<sub>2</sub>O & [code](https://github.com/k/x)"
    assert HTML_TEXT.rich(TREE) == ('<strong><u>Kai Yi</u></strong>, <em>Nature</em><span class="muted"> 2024</span>'
                                    ' H<sub>2</sub>O &amp; <a href="https://github.com/k/x">code</a>')
    assert PLAIN.rich(TREE) == "Kai Yi, Nature 2024 H2O & code <https://github.com/k/x>"


def test_markdown_keeps_spaces_outside_its_marks_and_joins_neighbouring_spans():
    tree = (Span("Kai ", bold=True), Span("Yi", underline=True), Span(" and "), Span(" *x* ", italic=True))
    assert Markdown().rich(tree) == r"**Kai Yi** and  *\*x\** "


def _paper(links: tuple[Link, ...], reference: tuple[Span, ...] = ()) -> PublicationItem:
    return PublicationItem(number=1, group="other", key="k", title="T", more="", separator=", ",
                           authors=(Author("Kai Yi", True, False, False), Author("B", False, True, True)),
                           emphasis="bold-underline", source=() if reference else (Span("ICLR 2024", italic=True),),
                           reference=reference, notes=("Oral",), links=links)


@pytest.mark.parametrize("language", ["en", "de", "zh", "fr"])
def test_the_paper_s_own_link_is_chosen_by_its_kind_in_every_language(language):
    words = Catalog(language, {}, {})
    links = tuple(Link(kind, words.choice("link_labels", kind), f"https://x/{kind}") for kind in ("code", "url", "doi"))
    assert main_link(_paper(links)) == "https://x/doi"
    assert main_link(_paper(links[:2])) == "https://x/url"  # a page about the paper, never its code
    assert main_link(_paper(links[:1])) is None
    printed = (Span("Yi, K. (2024). T. "), Span("https://doi.org/1", url="https://doi.org/1"))
    assert main_link(_paper((), printed)) == "https://doi.org/1"  # a DOI that the style printed


def test_a_paper_s_line_is_the_same_in_every_format():
    paper = _paper((Link("pdf", "PDF", "https://x/p.pdf"),))
    line = publication_line(paper, Punctuation())
    assert Markdown().rich(line) == "**T**. **Kai Yi**, B\\*<sup>†</sup>. *ICLR 2024* · Oral · [PDF](https://x/p.pdf)"
    assert PLAIN.rich(line) == "T. Kai Yi, B*†. ICLR 2024 · Oral · PDF <https://x/p.pdf>"
    chinese = Punctuation(list_end="。", space="")
    assert PLAIN.rich(publication_line(paper, chinese, links=False)) == "T。Kai Yi, B*†。ICLR 2024 · Oral"


@pytest.mark.node  # citeproc-js formats CSL styles
def test_markdown_export_under_a_csl_style_in_german(tmp_path: Path):
    """APA in a German CV: the owner in bold, the catalog's German headings, the style's italics as `*…*`,
    no empty venue, and the paper's own page found although German labels it `Seite`."""
    profile = yaml.safe_load((DATA / "bibliography.yaml").read_text(encoding="utf-8"))
    profile["language"] = "de"
    profile["variants"] = {"long": {"style": "apa"}}
    profile["publications"][0]["links"]["url"] = "https://example.org/escrt"
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    result = run("export", "markdown", "--input", str(path), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    cv = (tmp_path / "site" / "_pages" / "cv.md").read_text(encoding="utf-8")
    words = Catalog("de", {}, {})
    assert re.findall(r"^## (.+)$", cv, re.MULTILINE) == [words.heading("highlighted_publications"),
                                                         words.heading("other_publications")]
    nature = next(line for line in cv.splitlines() if "ESCRT-III" in line)
    assert nature.startswith("1. Brandt, L.\\*, **Weißenborn, K.**\\*")
    assert "*Nature*, *627*(8004), 873–880" in nature and "**." not in cv
    assert f"[{words.choice('link_labels', 'url')}](https://example.org/escrt)" in nature
    page = (tmp_path / "site" / "_publications" / "2024-03-01-nature-2024.md").read_text(encoding="utf-8")
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["paperurl"] == "https://doi.org/10.1038/s41586-024-07123-4"  # a DOI before a page about it
    assert front["venue"].startswith("Nature") and "<strong><u>Weißenborn, K.</u></strong>" in front["citation"]
