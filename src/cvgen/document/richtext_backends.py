"""Rich text out: one tree, one small back end per format, as pybtex splits a style from its backends.

What every format prints alike is decided here once, as rich text (`richtext.Rich`), by key and never by a
translated label: how the owner's name stands out (`author`), what a publication's line holds and in which
order (`publication_parts`), which link is a paper's own page (`main_link`), and an entry's one-line head
(`entry_head`). A back end only writes the marks of its format around escaped text: LaTeX for the PDFs,
Markdown (kramdown for academicpages, GitHub's for a profile README), HTML for the web page, plain text.

Adding a format is one subclass of `Backend` that overrides `escape` and the marks it has; the marks it
lacks leave the text as it is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace
from itertools import groupby

from cvgen.document.items import Author, EntryItem, PublicationItem
from cvgen.document.punctuation import Punctuation
from cvgen.latex.escape import Latex, escape_url, holds_cjk
from cvgen.latex.escape import escape as latex_escape
from cvgen.richtext import Rich, Span, join, plain, read_rendercv, styled, text_of

# ------------------------------------------------------------------------------------ what every format prints

# A paper's own page, best first: the paper itself, then where it is published, then a page about it
# (code is never the paper). Keys of `Link.kind`; the label each language prints is no concern here.
PAPER_LINKS = ("pdf", "arxiv", "doi", "url")


def author(person: Author, emphasis: str) -> Rich:
    """One author: the owner in the document's emphasis (bold, underline or both), then the * and † marks."""
    name = Span(person.name, bold=person.is_owner and "bold" in emphasis,
                underline=person.is_owner and "underline" in emphasis)
    return (name, *((Span("*"),) if person.equal else ()), *((Span("†", script="super"),) if person.corresponding else ()))


def authors(paper: PublicationItem) -> Rich:
    names = [author(person, paper.emphasis) for person in paper.authors]
    return join([*names, plain(paper.more)], paper.separator)


def publication_parts(paper: PublicationItem, marks: Punctuation, links: bool = True) -> tuple[Rich, ...]:
    """A paper as the PDFs print it, in parts a format sets on lines of their own or runs on: cvgen's style
    gives (bold title, authors, source · notes · links); a CSL style (reference as formatted, notes · links)."""
    extras = [*(plain(note) for note in paper.notes),
              *(((Span(link.label, url=link.url),) for link in paper.links) if links else ())]
    meta = join([paper.source, *extras] if not paper.reference else extras, marks.dot)
    if paper.reference:
        return tuple(part for part in (paper.reference, meta) if part)
    return tuple(part for part in (styled(plain(paper.title), bold=True), authors(paper), meta) if part)


def publication_line(paper: PublicationItem, marks: Punctuation, links: bool = True) -> Rich:
    """The parts of a paper run on in one line, each closed by the language's full stop (once)."""
    line: list[Span] = []
    for part in publication_parts(paper, marks, links):
        if line:
            stop = "" if text_of(tuple(line)).rstrip().endswith(marks.list_end) else marks.list_end
            line.append(Span(stop + marks.space))
        line.extend(part)
    return tuple(line)


def main_link(paper: PublicationItem) -> str | None:
    """The address that stands for the paper (academicpages' `paperurl`), chosen by the link's kind."""
    by_kind = {link.kind: link.url for link in paper.links}
    printed = next((span.url for span in paper.reference if span.url), None)
    if printed and "doi" not in by_kind:  # the DOI a CSL style printed (the paper's own DOI link is then left out)
        by_kind["doi"] = printed
    return next((by_kind[kind] for kind in PAPER_LINKS if kind in by_kind), None)


def entry_head(item: EntryItem, separator: str, marks: Punctuation) -> Rich:
    """A dated entry on one line: bold title (note), subtitle, place (date)."""
    title = styled(item.title, bold=True)
    if item.note:
        title += (Span(marks.bracket(item.note)),)
    head = join([title, item.subtitle, plain(item.where)], separator)
    return head + ((Span(marks.bracket(item.when)),) if item.when else ())


# ------------------------------------------------------------------------------------------------ back ends


class Backend:
    """Rich text in one format: each span's text escaped, then its marks put around it, innermost first."""

    def escape(self, text: str) -> str:
        return text

    def link(self, text: str, url: str) -> str:
        return text

    def muted(self, text: str) -> str:
        return text

    def script(self, text: str, kind: str) -> str:  # kind: "sub" or "super"
        return text

    def underline(self, text: str) -> str:
        return text

    def italic(self, text: str) -> str:
        return text

    def bold(self, text: str) -> str:
        return text

    def marked(self, span: Span) -> str:
        text = self.escape(span.text)
        if span.url:
            text = self.link(text, span.url)
        if span.muted:
            text = self.muted(text)
        if span.script:
            text = self.script(text, span.script)
        if span.underline:
            text = self.underline(text)
        if span.italic:
            text = self.italic(text)
        if span.bold:
            text = self.bold(text)
        return text

    def rich(self, text: Rich) -> str:
        return "".join(self.marked(span) for span in text)


def merged(text: Rich) -> Rich:
    """Neighbouring spans with the same marks as one: `**Kai** **Yi**`, never `**Kai****Yi**`."""
    return tuple(replace(spans[0], text="".join(span.text for span in spans))
                 for spans in (list(group) for _, group in groupby(text, key=lambda span: replace(span, text=""))))


class LaTeX(Backend):
    """The PDFs' LaTeX (render.py's `rich` filter)."""

    def escape(self, text: str) -> str:
        return latex_escape(text)

    def link(self, text: str, url: str) -> str:
        return f"\\href{{{escape_url(url)}}}{{{text}}}"

    def muted(self, text: str) -> str:  # xcolor ignores the spaces after its command: the text keeps its own in a group
        return f"{{\\color{{muted}}{{{text}}}}}"

    def script(self, text: str, kind: str) -> str:  # H~2~O, Al^3+^
        return f"\\text{kind}script{{{text}}}"

    def underline(self, text: str) -> str:
        return f"\\cvunderline{{{text}}}"  # base.tex.j2: unbroken, the rule clear of the next line

    def italic(self, text: str) -> str:
        return f"\\textit{{{text}}}"

    def bold(self, text: str) -> str:
        return f"\\textbf{{{text}}}"

    def rich(self, text: Rich) -> Latex:
        return Latex(super().rich(_upright_cjk(text)))


def _upright_cjk(text: Rich) -> Rich:
    """Each italic run that holds CJK set upright, as CJK itself always is, so *Ga^3+^ドープ* never slants
    "Ga" alone."""
    runs = (list(run) for _, run in groupby(text, key=lambda span: span.italic))
    return tuple(replace(span, italic=False) if span.italic and holds_cjk(text_of(tuple(run))) else span
                 for run in runs for span in run)


def kramdown_text(text: str) -> str:
    """Plain text as kramdown shows it literally, and that Jekyll's Liquid leaves alone (academicpages)."""
    text = html.escape(text, quote=False)
    return liquid_safe(re.sub(r"([\\`*_\[\]#|])", r"\\\1", text))


def liquid_safe(text: str) -> str:
    return text.replace("{", "&#123;").replace("}", "&#125;")


def github_text(text: str) -> str:
    """Plain text as GitHub's Markdown shows it literally (CommonMark escapes; no HTML, no strike-through)."""
    return re.sub(r"([\\`*_\[\]#|<>~])", r"\\\1", text)


class Markdown(Backend):
    """CommonMark. Underline has no mark of its own there: it is bold, so the owner still stands out; muted
    text is plain. `escape` is the flavour's: kramdown's for academicpages, GitHub's for a profile README."""

    def __init__(self, escape: Callable[[str], str] = github_text) -> None:
        self._escape = escape

    def escape(self, text: str) -> str:
        return self._escape(text)

    def link(self, text: str, url: str) -> str:
        return f"[{text}]({url.replace(' ', '%20').replace(')', '%29')})"

    def script(self, text: str, kind: str) -> str:
        return f"<{kind[:3]}>{text}</{kind[:3]}>"

    def italic(self, text: str) -> str:
        return f"*{text}*"

    def bold(self, text: str) -> str:
        return f"**{text}**"

    def marked(self, span: Span) -> str:
        """Spaces at a span's edges go outside its marks: `** Kai**` would not be bold in CommonMark."""
        core = span.text.strip()
        if not core:
            return self.escape(span.text)
        start = span.text[: len(span.text) - len(span.text.lstrip())]
        end = span.text[len(span.text.rstrip()):]
        return start + super().marked(replace(span, text=core)) + end

    def rich(self, text: Rich) -> str:
        return super().rich(merged(tuple(replace(span, bold=span.bold or span.underline, underline=False)
                                         for span in text)))


class HTML(Backend):
    """HTML for the web page: the marks as elements, muted text in a class the page's stylesheet greys."""

    def escape(self, text: str) -> str:
        return html.escape(text, quote=False)

    def link(self, text: str, url: str) -> str:
        return f'<a href="{html.escape(url)}">{text}</a>'

    def muted(self, text: str) -> str:
        return f'<span class="muted">{text}</span>'

    def script(self, text: str, kind: str) -> str:
        return f"<{kind[:3]}>{text}</{kind[:3]}>"

    def underline(self, text: str) -> str:
        return f"<u>{text}</u>"

    def italic(self, text: str) -> str:
        return f"<em>{text}</em>"

    def bold(self, text: str) -> str:
        return f"<strong>{text}</strong>"

    def rich(self, text: Rich) -> str:
        return super().rich(merged(text))


class Plain(Backend):
    """Plain text: the words only, and a link's address after its text when the text does not show it."""

    def link(self, text: str, url: str) -> str:
        shown = re.sub(r"^(https?://(www\.)?|mailto:)", "", url).rstrip("/")
        return text if shown in text else f"{text} <{url}>"

    def rich(self, text: Rich) -> str:
        return super().rich(merged(text))


class RenderCVMarkdown(Backend):
    """RenderCV's Markdown: **bold**, *italic*, [text](url); a character is escaped only where Markdown would
    otherwise read it as a mark (`[add email]` stays as it is). A link holds its marked runs whole."""

    def rich(self, text: Rich) -> str:
        out = []
        for url, linked in groupby(text, key=lambda span: span.url):
            runs = [(bold, italic, "".join(span.text for span in spans))
                    for (bold, italic), spans in groupby(linked, key=lambda span: (span.bold, span.italic))]
            inner = "".join(_rendercv_marked(run, bold, italic, bool(url)) for bold, italic, run in runs)
            out.append(f"[{inner}]({url})" if url else inner)
        return "".join(out).strip()


def _rendercv_marked(text: str, bold: bool, italic: bool, linked: bool) -> str:
    core = text.strip()
    mark = "*" * (2 * bold + italic)
    return text.replace(core, f"{mark}{_rendercv_escaped(core, linked)}{mark}", 1) if core and mark \
        else _rendercv_escaped(text, linked)


def _rendercv_escaped(text: str, linked: bool) -> str:
    """As it is, unless Markdown would read a mark in it, or a backslash escaping what follows."""
    read = read_rendercv(text)
    if text_of(read) == text and not any(span.bold or span.italic or span.url for span in read) and \
            not re.search(r"\\(?=[\\*_\[\]`]|$)", text) and not (linked and re.search(r"[\[\]]", text)):
        return text
    return re.sub(r"([\\*_\[\]`])", r"\\\1", text)


LATEX = LaTeX()
HTML_TEXT = HTML()
PLAIN = Plain()
RENDERCV = RenderCVMarkdown()
