"""Escape once, at the template boundary.

Every value a template prints goes through `escape` (the Jinja `finalize` hook calls it) unless it is a
`NoEscape` string, pylatex's marker for LaTeX that cvgen itself wrote. The table maps each of the ten
LaTeX specials and the characters that T1 fonts would turn into something else (ligatures such as `--`,
`<<`, `''`; the straight quotes) so that the PDF's text layer reads back exactly what the profile says.
"""

from __future__ import annotations

import re

from pylatex.utils import NoEscape

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
    "\u00a0": "~",
    "\t": " ",
    "\r": "",
})
# Pairs that T1 fonts join into one glyph (-- en dash, ,, low quote); quotes and ` are translated above.
_LIGATURE = re.compile(r"(?<=[-,])(?=[-,])")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")


def escape(text: str) -> NoEscape:
    """Plain text → LaTeX that prints exactly that text. Blank lines start a new paragraph."""
    if isinstance(text, NoEscape):
        return text
    paragraphs = _PARAGRAPH.split(str(text).strip("\n"))
    escaped = [_LIGATURE.sub("{}", part.translate(_TABLE)).replace("\n", " ") for part in paragraphs]
    return NoEscape("\\par\n".join(escaped))


def escape_url(url: str) -> NoEscape:
    """A URL as the first argument of `\\href`: percent-encode what would unbalance or end the argument."""
    safe = "".join(f"%{ord(c):02X}" if c in "{}\\^ \"<>|`" or ord(c) < 0x20 else c for c in url)
    return NoEscape(safe.replace("%", r"\%").replace("#", r"\#"))
