"""An academicpages (Jekyll) site's publications and CV page, from the same view the PDFs are made from.

`_publications/*.md` get the front matter academicpages reads (title, collection, category, permalink, date,
venue, paperurl, citation); `category` is `highlighted` or `other`, the PDFs' groups. `_pages/cv.md` is the
long CV's sections in order, with the PDFs' numbers and the owner's name in bold.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..publications import number_publications
from ..view import PublicationView, Section, View, build_view, format_period, owner_names, publication_view
from .yamltext import dump

# What academicpages' _config.yml needs so that its publications page shows the two groups in this order.
CATEGORIES = {"highlighted": "Highlighted Publications", "other": "Other Publications"}
# The first line of every publication page cvgen writes: how a later export knows which pages are its own.
MARK = "# written by cvgen export markdown from cv.yaml; removed when the paper leaves it\n"


def write_markdown(profile, variant, out_dir: Path, updated=None) -> tuple[list[Path], list[Path]]:
    """Write the pages under `out_dir`; returns the files written, in order, and the publication pages of
    an earlier export that are no longer in the profile (a paper removed, or its date or key changed),
    which are deleted. Pages cvgen did not write are left alone."""
    aliases = owner_names(profile)
    folder = out_dir / "_publications"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for item in number_publications(profile.publications):
        paper = publication_view(item, aliases)
        month = item.publication.month or 1
        date = f"{item.publication.year:04d}-{month:02d}-01"
        front = {"title": paper.title, "collection": "publications", "category": paper.group,
                 "permalink": f"/publication/{paper.key}", "date": date, "venue": paper.venue}
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
    cv.write_text(cv_page(build_view(profile, variant, updated)), encoding="utf-8")
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
        parts.append(f"*Last updated {_md(view.updated)}.*\n")
    for section in view.sections:
        parts.append(f"## {_md(section.title)}\n")
        parts.append("\n".join(_item(section, item) for item in section.items) + "\n")
    return "\n".join(parts)


def _item(section: Section, item) -> str:
    kind = section.kind
    if kind == "summary":
        return _md(item)
    if kind.endswith("_publications"):
        return _publication_line(item, numbered=True)
    if kind == "reviewing":
        label, venues = item
        return f"* **{_md(label)}:** " + ", ".join(f"{_md(venue)} ({years})" if years else _md(venue)
                                                    for venue, years in venues)
    if kind == "additional":
        label, text = item
        return f"* **{_md(label)}:** {_md(text)}"
    when = f" ({format_period(item)})" if getattr(item, "start", None) else ""
    if kind == "education":
        lines = [f"* **{_md(item.degree)}**, {_md(item.institution)}{when}"]
        if item.thesis:
            lines.append(f"  * Thesis: *{_md(item.thesis.title)}*")
        if item.supervisors:
            lines.append(f"  * Supervisors: {_md(', '.join(item.supervisors))}")
        lines += [f"  * {_md(detail)}" for detail in item.details]
        return "\n".join(lines)
    if kind == "experience":
        lines = [f"* **{_md(item.role)}**, {_md(item.organization)}{when}"]
        lines += [f"  * {_md(point)}" for point in item.highlights]
        return "\n".join(lines)
    if kind == "teaching":
        return f"* {_md(item.role)}, *{_md(item.course)}*, {_md(item.institution)}{when}"
    if kind == "talks":
        event = f", {_md(item.event)}" if item.event else ""
        return f"* {_md(item.title)}{event} ({item.date.display()})"
    note = f": {_md(item.note)}" if getattr(item, "note", None) else ""
    return f"* {_md(item.name)}{note}{when}"  # awards, activities


def _publication_line(paper: PublicationView, numbered: bool) -> str:
    authors = ", ".join(_author(author) for author in paper.authors)
    notes = "".join(f" **{_md(note)}**." for note in paper.notes)
    links = " ".join(f"[{label}]({url})" for label, url in paper.links)
    start = f"{paper.number}. " if numbered else ""
    return f"{start}{authors}. {_md(paper.title)}. *{_md(paper.venue)}*.{notes} {links}".rstrip()


def _author(author) -> str:
    name = _md(author.name) + ("\\*" if author.equal else "") + ("†" if author.corresponding else "")
    return f"**{name}**" if author.is_owner else name


def _citation(paper: PublicationView) -> str:
    """The HTML line academicpages prints under 'Recommended citation', owner in bold."""
    authors = ", ".join(f"<b>{html.escape(a.name)}</b>" if a.is_owner else html.escape(a.name) for a in paper.authors)
    return _liquid_safe(f"{authors}. &quot;{html.escape(paper.title)}.&quot; <i>{html.escape(paper.venue)}</i>.")


def _md(text: str) -> str:
    """Plain text as kramdown shows it literally, and that Jekyll's Liquid leaves alone."""
    text = html.escape(text, quote=False)
    return _liquid_safe(re.sub(r"([\\`*_\[\]#|])", r"\\\1", text))


def _liquid_safe(text: str) -> str:
    return text.replace("{", "&#123;").replace("}", "&#125;")
