"""Escape once, at the template boundary.

Every value a template prints goes through `escape` (the Jinja `finalize` hook calls it) unless it is a
`Latex` string, the marker for LaTeX that cvgen itself wrote. The table maps each of the ten
LaTeX specials and the characters that T1 fonts would turn into something else (ligatures such as `--`,
`<<`, `''`; the straight quotes) so that the PDF's text layer reads back exactly what the profile says.
"""

from __future__ import annotations

import functools
import re
from contextvars import ContextVar

from cvgen.latex.fonts import wrap
from cvgen.richtext import PARAGRAPH_BREAK

# While one document renders: the characters its main font lacks → the fallback family that prints them, and
# each family's short name (\cvfallback{a}{…} in the template's macros). Set by render.render_with_fonts.
FALLBACK: ContextVar[tuple[dict[str, str], dict[str, str]] | None] = ContextVar("FALLBACK", default=None)


class Latex(str):
    """LaTeX written by cvgen itself: printed as it is, never escaped again."""


_TABLE = str.maketrans({
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
    '"': r"\textquotedbl{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "[": "{[}",  # never read as the optional argument of a command before it (\item [x])
    "]": "{]}",
    "\u00a0": "~",
    "\t": " ",
    "\r": "",
})
# Pairs that T1 fonts join into one glyph (-- en dash, ,, low quote); quotes and ` are translated above.
_LIGATURE = re.compile(r"(?<=[-,])(?=[-,])")
_PARAGRAPH = PARAGRAPH_BREAK
# Words this long (URLs, identifiers) get invisible break points so they never run off the page;
# a break there adds no hyphen, so the text layer keeps the word whole.
_LONG_WORD_LENGTH = 30
# ... and so do web addresses and DOIs of any length, only after their / and . (see _ADDRESS_BREAK).
_LONG_WORD = re.compile(f"((?:https?://|www\\.|(?<![\\w/])10\\.\\d{{4,9}}/)\\S+|\\S{{{_LONG_WORD_LENGTH},}})")
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff01-\uff60"


@functools.cache
def _cjk_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A space between CJK letters, a CJK letter, a Latin letter or digit. Compiled when first needed: each
    takes 6 to 10 ms to compile (re maps every character of their ranges), and text without a character from
    U+3040 on (`_may_hold_cjk`), such as every Latin, Greek or Cyrillic profile's, never needs them."""
    return (re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])"),
            re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"),
            re.compile(r"[^\W\u3000-\u9fff\uac00-\ud7af\uf900-\uffef]"))


def _may_hold_cjk(text: str) -> bool:
    """False when no character of `text` comes at or after U+3040, where every range of _CJK starts."""
    return bool(text) and max(text) >= "\u3040"


# The ideographic space (U+3000) prints half an em wide: a full em reads as a column gap to pdftotext, which
# then scrambles the text layer (a name and its headline interleaved); the PDF's metadata keeps it as typed.
_IDEOGRAPHIC_SPACE = "\\texorpdfstring{\\hspace{.5em}}{\u3000}"
_BREAK_EVERY = 12


def escape(text: str) -> Latex:
    """Plain text → LaTeX that prints exactly that text. Blank lines start a new paragraph."""
    if isinstance(text, Latex):
        return text
    paragraphs = _PARAGRAPH.split(str(text).strip("\n"))
    latex = "\\par\n".join(_escape_paragraph(part) for part in paragraphs)
    if not text.isascii() and _may_hold_cjk(text) and _cjk_patterns()[1].search(text) \
            and _cjk_patterns()[2].search(text):
        # CJK is never slanted (xeCJK sets no fake italic), so neither is the rest of a value that holds
        # it: an italic line never prints 特別研究員（DC1） with only "DC1" slanted.
        return Latex(f"{{\\upshape {latex}}}")
    return Latex(latex)


def holds_cjk(text: str) -> bool:
    """Whether `text` has a Chinese, Japanese or Korean letter (not only CJK punctuation)."""
    return _may_hold_cjk(text) and bool(_cjk_patterns()[1].search(text))


def _escape_paragraph(text: str) -> str:
    # re.split with a group alternates: ordinary text, a long word or an address, ordinary text, ...
    parts = _LONG_WORD.split(text.replace("\n", " "))
    return "".join((_address(part) if _ADDRESS.match(part) else _breakable(part)) if index % 2
                   else _escape_run(part) for index, part in enumerate(parts))


def _escape_run(text: str) -> str:
    fallback = FALLBACK.get()
    if fallback and any(character in fallback[0] for character in text):
        return "".join(f"\\cvfallback{{{name}}}{{{_escape_plain(run)}}}" if name else _escape_plain(run)
                       for name, run in wrap(text, *fallback))
    return _escape_plain(text)


def _escape_plain(text: str) -> str:
    escaped = _LIGATURE.sub("{}", text.translate(_TABLE))
    if " " in escaped and _may_hold_cjk(escaped):  # a space typed between CJK words (佐藤 美咲) is kept: xeCJK
        escaped = _cjk_patterns()[0].sub(r"\\ ", escaped)  # drops ordinary ones
    if "\u3000" in escaped:
        escaped = escaped.replace("\u3000", _IDEOGRAPHIC_SPACE)
    # A value ending in - or , may be followed by template text starting with one ("F30.," then ", "):
    # close the run so the two never form a ligature (-- or ,,).
    return escaped + "{}" if escaped.endswith(("-", ",")) else escaped


# After a run of / and . inside a word: where a web address or a DOI may break (https://doi.org/ | 10.1161/ |
# CIRCULATIONAHA. | 122. | 062876), never inside a part, so the text layer keeps it whole and no hyphen is added.
_ADDRESS_BREAK = re.compile(r"(?<=[/.])(?=[^/.])")


def _breakable(word: str) -> str:
    """A long word with invisible break points: after its / and . when it has some (an address, a DOI), else
    (or in a part still as long) every few characters."""
    parts = _ADDRESS_BREAK.split(word)
    pieces = [piece for part in parts for piece in
              ([part] if len(parts) > 1 and len(part) < _LONG_WORD_LENGTH else
               [part[start:start + _BREAK_EVERY] for start in range(0, len(part), _BREAK_EVERY)])]
    return r"\allowbreak{}".join(_escape_run(piece) for piece in pieces)


_ADDRESS = re.compile(r"https?://|www\.|10\.\d{4,9}/")


def _address(word: str) -> str:
    """A web address or DOI (https://doi.org/10.1161/CIRC..., 10.1161/CIRC...), in a link's text or any other:
    breakable only after its / and ., whatever its length, and never hyphenated (TeX hyphenates only a word
    that follows glue: the empty box comes between)."""
    return r"\hbox{}" + _breakable(word)


def escape_url(url: str) -> Latex:
    """A URL as the first argument of `\\href`: percent-encode what would unbalance or end the argument."""
    safe = "".join(f"%{ord(c):02X}" if c in "{}\\^ \"<>|`" or ord(c) < 0x20 else c for c in url)
    return Latex(safe.replace("%", r"\%").replace("#", r"\#"))
