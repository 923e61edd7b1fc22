"""Markdown from the same view the PDFs are made from, through the Markdown back end of the rich text: an
academicpages (Jekyll) site's publications and CV page, or one GitHub profile README (`--flavor plain`).

`_publications/*.md` get the front matter academicpages reads (title, collection, category, permalink, date,
venue, paperurl, citation); `category` is `highlighted` or `other`, the PDFs' groups. `_pages/cv.md` is the
long CV's sections in order, with the PDFs' numbers and the owner's name in bold.
"""

from __future__ import annotations

from pathlib import Path

from cvgen.document.entries import publication_item, source
from cvgen.document.items import EntryItem, Item, LineItem, PublicationItem, TextItem
from cvgen.document.letters import LetterItem
from cvgen.document.publications import number_publications
from cvgen.document.punctuation import Punctuation
from cvgen.document.richtext_backends import (
    HTML_TEXT,
    Markdown,
    entry_head,
    github_text,
    kramdown_text,
    liquid_safe,
    main_link,
    publication_line,
)
from cvgen.document.view import View, build_view, catalog, make_context
from cvgen.formats.yamltext import dump
from cvgen.richtext import Span, join, plain, styled, text_of

KRAMDOWN = Markdown(kramdown_text)  # academicpages: Jekyll's kramdown, Liquid left alone
GITHUB = Markdown(github_text)  # a GitHub profile README


def categories(profile, variant) -> dict[str, str]:
    """What academicpages' _config.yml needs so that its publications page shows the two groups in this order."""
    words = catalog(profile, variant)
    return {group: words.heading(f"{group}_publications") for group in ("highlighted", "other")}

# The first line of every publication page cvgen writes: how a later export knows which pages are its own.
MARK = "# written by cvgen export markdown from cv.yaml; removed when the paper leaves it\n"


def write_markdown(profile, variant, out_dir: Path, updated=None) -> tuple[list[Path], list[Path]]:
    """Write the pages under `out_dir`; returns the files written, in order, and the publication pages of
    an earlier export that are no longer in the profile (a paper removed, or its date or key changed),
    which are deleted. Pages cvgen did not write are left alone."""
    view = build_view(profile, variant, updated)
    context = make_context(profile, variant)
    folder = out_dir / "_publications"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for item in number_publications(profile.publications):
        paper = publication_item(context, item)
        month = item.publication.month or 1
        date = f"{item.publication.year:04d}-{month:02d}-01"
        front = {"title": paper.title, "collection": "publications", "category": paper.group,
                 "permalink": f"/publication/{paper.key}", "date": date, "venue": text_of(source(context, item.publication))}
        paperurl = main_link(paper)
        if paperurl:
            front["paperurl"] = paperurl
        front["citation"] = _citation(paper, view.marks)
        line = KRAMDOWN.rich(publication_line(paper, view.marks))
        path = folder / f"{date}-{paper.key}.md"
        path.write_text(f"---\n{MARK}{dump(front, inline_leaves=False)}---\n\n{line}\n", encoding="utf-8")
        written.append(path)
    removed = [path for path in sorted(folder.glob("*.md")) if path not in written and _ours(path)]
    for path in removed:
        path.unlink()
    pages = out_dir / "_pages"
    pages.mkdir(parents=True, exist_ok=True)
    cv = pages / "cv.md"
    cv.write_text(cv_page(view), encoding="utf-8")
    written.append(cv)
    return written, removed


def _ours(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as stream:
            return stream.readline() == "---\n" and stream.readline() == MARK
    except OSError:
        return False


def cv_page(view: View) -> str:
    front = {"layout": "archive", "title": "CV", "permalink": "/cv/", "author_profile": True,
             "redirect_from": ["/resume"]}
    return f"---\n{dump(front, inline_leaves=False)}---\n" + "\n".join(["{% include base_path %}\n", *body(view, KRAMDOWN)])


def profile_readme(view: View) -> str:
    """A GitHub profile README: the name, headline and contact, then the document's sections."""
    md = GITHUB
    contact = join([(Span(text, url=url),) for text, url in view.contact], view.marks.dot)
    head = [f"# {md.escape(view.owner)}\n", *([f"{md.escape(view.headline)}\n"] if view.headline else []),
            *([f"{md.rich(contact)}\n"] if contact else [])]
    return "\n".join([*head, *body(view, md)])


def body(view: View, md: Markdown) -> list[str]:
    """The document's sections as Markdown: `## Title`, its items, its footnotes in italics."""
    parts = [f"*{md.escape(view.updated)}.*\n"] if view.updated else []
    for section in view.sections:
        parts.append(f"## {md.escape(section.title)}\n")
        items = section.items
        # a list goes on in the next line; a paragraph after it, or a list after a paragraph, after a blank line
        parts.append("".join(("\n" if type(before) is type(item) else "\n\n") + _item(item, view, md)
                             for before, item in zip((items[0], *items), items, strict=False))[1:] + "\n")
        parts += [f"{md.rich(styled(plain(note), italic=True))}\n" for note in section.footnotes]
    return parts


def _item(item: Item, view: View, md: Markdown) -> str:
    """One item of the CV page, whatever its kind: the view's item types are all there is to know."""
    if isinstance(item, TextItem):
        return "\n\n".join(md.rich(paragraph) for paragraph in item.paragraphs)
    if isinstance(item, PublicationItem):
        number = f"{item.number}. " if item.number else "* "
        return number + md.rich(publication_line(item, view.marks))
    if isinstance(item, LineItem):
        return f"* {md.rich(styled(plain(view.marks.label(item.heading).rstrip()), bold=True))} {md.rich(item.text)}"
    if isinstance(item, LetterItem):
        return "\n\n".join(md.rich(paragraph) for paragraph in item.paragraphs)
    assert isinstance(item, EntryItem), item
    lines = [f"* {md.rich(entry_head(item, view.separator, view.marks))}"]
    return "\n".join(lines + [f"  * {md.rich(line)}" for line in (*item.details, *item.bullets)])


def _citation(paper: PublicationItem, marks: Punctuation) -> str:
    """The HTML line academicpages prints under 'Recommended citation', owner in bold."""
    return liquid_safe(HTML_TEXT.rich(publication_line(paper, marks, links=False)))
