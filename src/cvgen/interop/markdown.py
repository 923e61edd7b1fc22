"""An academicpages (Jekyll) site's publications and CV page, from the same view the PDFs are made from.

`_publications/*.md` get the front matter academicpages reads (title, collection, category, permalink, date,
venue, paperurl, citation); `category` is `highlighted` or `other`, the PDFs' groups. `_pages/cv.md` is the
long CV's sections in order, with the PDFs' numbers and the owner's name in bold.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..entries import publication_item
from ..items import EntryItem, Item, LineItem, PublicationItem, TextItem
from ..publications import number_publications
from ..richtext import Rich, styled, text_of
from ..view import View, build_view, catalog, make_context
from .yamltext import dump


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
                 "permalink": f"/publication/{paper.key}", "date": date, "venue": text_of(paper.source or paper.reference)}
        paperurl = next((url for label, url in paper.links if label in ("PDF", "Page", "DOI", "arXiv")), None)
        if paperurl:
            front["paperurl"] = paperurl
        front["citation"] = _citation(paper)
        body = _publication_line(paper, numbered=False)
        path = folder / f"{date}-{paper.key}.md"
        path.write_text(f"---\n{MARK}{dump(front, inline_leaves=False)}---\n\n{body}\n", encoding="utf-8")
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
    parts = [f"---\n{dump(front, inline_leaves=False)}---\n", "{% include base_path %}\n"]
    if view.updated:
        parts.append(f"*{_md(view.updated)}.*\n")
    for section in view.sections:
        parts.append(f"## {_md(section.title)}\n")
        parts.append("\n".join(_item(item) for item in section.items) + "\n")
        parts += [f"*{_md(note)}*\n" for note in section.footnotes]
    return "\n".join(parts)


def _item(item: Item) -> str:
    """One item of the CV page, whatever its kind: the view's item types are all there is to know."""
    if isinstance(item, TextItem):
        return "\n\n".join(_rich(paragraph) for paragraph in item.paragraphs)
    if isinstance(item, PublicationItem):
        return _publication_line(item, numbered=True)
    if isinstance(item, LineItem):
        return f"* **{_md(item.heading)}:** {_rich(item.text)}"
    assert isinstance(item, EntryItem), item
    head = ", ".join(part for part in (_rich(styled(item.title, bold=True)), _rich(item.subtitle), _md(item.where))
                     if part)
    head += f" ({_md(item.note)})" if item.note else ""
    head += f" ({_md(item.when)})" if item.when else ""
    lines = [f"* {head}"] + [f"  * {_rich(line)}" for line in (*item.details, *item.bullets)]
    return "\n".join(lines)


def _rich(text: Rich) -> str:
    parts = []
    for span in text:
        part = _md(span.text)
        if span.url:
            part = f"[{part}]({span.url})"
        if span.bold:
            part = f"**{part}**"
        if span.italic:
            part = f"*{part}*"
        parts.append(part)
    return "".join(parts)


def _publication_line(paper: PublicationItem, numbered: bool) -> str:
    authors = ", ".join(_author(author) for author in paper.authors)
    notes = "".join(f" **{_md(note)}**." for note in paper.notes)
    links = " ".join(f"[{label}]({url})" for label, url in paper.links)
    start = f"{paper.number}. " if numbered else ""
    return f"{start}{authors}. {_md(paper.title)}. *{_md(text_of(paper.source))}*.{notes} {links}".rstrip()


def _author(author) -> str:
    name = _md(author.name) + ("\\*" if author.equal else "") + ("†" if author.corresponding else "")
    return f"**{name}**" if author.is_owner else name


def _citation(paper: PublicationItem) -> str:
    """The HTML line academicpages prints under 'Recommended citation', owner in bold."""
    authors = ", ".join(f"<b>{html.escape(a.name)}</b>" if a.is_owner else html.escape(a.name) for a in paper.authors)
    return _liquid_safe(f"{authors}. &quot;{html.escape(paper.title)}.&quot; <i>{html.escape(text_of(paper.source))}</i>.")


def _md(text: str) -> str:
    """Plain text as kramdown shows it literally, and that Jekyll's Liquid leaves alone."""
    text = html.escape(text, quote=False)
    return _liquid_safe(re.sub(r"([\\`*_\[\]#|])", r"\\\1", text))


def _liquid_safe(text: str) -> str:
    return text.replace("{", "&#123;").replace("}", "&#125;")
