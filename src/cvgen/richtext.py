"""Rich text: a run of plain strings, each marked bold, italic, muted or linked.

Views build it; a back end of `richtext_backends` (LaTeX, Markdown, HTML, plain text) escapes it leaf by
leaf, so emphasis and links never become strings built by concatenation of user text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    muted: bool = False  # secondary information: years after a venue, a note in parentheses
    url: str | None = None
    underline: bool = False
    script: str = ""  # "sub" or "super": H~2~O, Al^3+^ (pandoc's Markdown)


Rich = tuple[Span, ...]

# A blank line (spaces allowed) starts a new paragraph, in every text field.
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in PARAGRAPH_BREAK.split(text.strip("\n")) if part.strip()]


def plain(text: str | None) -> Rich:
    return (Span(text),) if text else ()


def styled(rich: Rich, *, bold: bool = False, italic: bool = False, muted: bool = False) -> Rich:
    """The same text with these marks added to every span."""
    return tuple(replace(span, bold=span.bold or bold, italic=span.italic or italic, muted=span.muted or muted)
                 for span in rich)


def join(parts: list[Rich], separator: str = ", ") -> Rich:
    """The parts that are not empty, with `separator` between them."""
    joined: list[Span] = []
    for part in (part for part in parts if part):
        if joined:
            joined.append(Span(separator))
        joined.extend(part)
    return tuple(joined)


def text_of(rich: Rich) -> str:
    return "".join(span.text for span in rich)


_MARKUP_HINTS = ("*", "_", "[", "~", "^")
# Pandoc's sub- and superscripts: H~2~O, Al^3+^ (no space inside; ~~ is not one). Marked with private-use
# characters while markdown-it reads the rest, then turned into spans of their own.
_SCRIPT = re.compile(r"(?<!~)~([^\s~]+)~(?!~)|\^([^\s^]+)\^")
_SCRIPT_MARKS = {"\ue002": "sub", "\ue003": "super"}
_SCRIPT_SPLIT = re.compile("([\ue002\ue003][^\ue002\ue003\ue004]*)\ue004")
_SAFE_LINK = ("http://", "https://", "mailto:")
# Stand-ins for * and _ inside a word of a Latin script, which CommonMark would read as emphasis (a*b*c):
# they stay literal. Not in CJK text, which has no spaces between words: 是**联邦学习**和 is emphasis.
_INTRAWORD = {"*": "\ue000", "_": "\ue001"}


def markdown(text: str) -> Rich:
    """`**bold**`, `*italic*` (or `_italic_`) and `[label](https://...)` as rich text; everything else,
    including `a*b*c`, backslashes and links to anything but a web or mail address, stays as written.

    Parsing is markdown-it's (CommonMark) with only emphasis and links switched on; it is imported only
    for text that could hold markup."""
    if not any(hint in text for hint in _MARKUP_HINTS):
        return plain(text)
    from markdown_it import MarkdownIt

    parser = MarkdownIt("zero").enable(["emphasis", "link"])
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]  # keep the address as written
    parser.normalizeLinkText = lambda link: link  # type: ignore[method-assign]
    latin = "0-9A-Za-z\u00c0-\u024f"
    guarded = re.sub(f"(?<=[{latin}])[*_]+(?=[{latin}])", lambda m: "".join(_INTRAWORD[c] for c in m.group()), text)
    guarded = _SCRIPT.sub(lambda m: ("\ue002" + m.group(1) if m.group(1) else "\ue003" + m.group(2)) + "\ue004", guarded)
    spans: list[Span] = []
    bold = italic = 0
    link: list[str] = []  # the open link's address
    tokens = parser.parseInline(guarded)[0].children or []
    for token in tokens:
        if token.type in ("strong_open", "strong_close"):
            bold += 1 if token.nesting > 0 else -1
        elif token.type in ("em_open", "em_close"):
            italic += 1 if token.nesting > 0 else -1
        elif token.type == "link_open":
            link.append(str(token.attrs.get("href", "")))
            if not link[-1].startswith(_SAFE_LINK):
                spans.append(Span("["))
        elif token.type == "link_close":
            address = link.pop()
            if not address.startswith(_SAFE_LINK):
                spans.append(Span(f"]({address})"))
        else:  # text (and anything else markdown-it hands back): literal
            url = link[-1] if link and link[-1].startswith(_SAFE_LINK) else None
            # A line break inside a paragraph is a space (the renderer trims a span's own edges).
            spans.append(Span(token.content.replace("\n", " "), bold=bold > 0, italic=italic > 0, url=url))
    restore = str.maketrans({value: key for key, value in _INTRAWORD.items()})
    return tuple(Span(text.translate(restore), span.bold, span.italic, span.muted, span.url, script=script)
                 for span in spans for text, script in _scripts(span.text) if text)


def _scripts(text: str) -> list[tuple[str, str]]:
    """`text` cut into (run, "" / "sub" / "super") at the marks that markdown() put around H~2~O's 2."""
    if "\ue004" not in text:
        return [(text, "")]
    return [(part[1:], _SCRIPT_MARKS[part[0]]) if index % 2 else (part, "")
            for index, part in enumerate(_SCRIPT_SPLIT.split(text))]


_ESCAPED = "\\*_[]`"  # what Markdown's backslash escapes (the export writes them for a literal mark)


def read_rendercv(text: str) -> Rich:
    """RenderCV's Markdown as rich text: cvgen's reading, with Markdown's escapes (\\*, \\[) standing aside."""
    marked = re.sub(r"\\([\\*_\[\]`])", lambda found: chr(0xE010 + _ESCAPED.index(found[1])), text)
    return tuple(replace(span, text=re.sub("[\ue010-\ue015]", lambda found: _ESCAPED[ord(found[0]) - 0xE010],
                                           span.text)) for span in markdown(marked))
