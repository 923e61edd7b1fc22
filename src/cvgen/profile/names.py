"""A person's name as data: the parts CSL-JSON names (family, given, particles, suffix, or a literal name).

A profile gives a name as a mapping of those parts, or as a string, which is split once here by BibTeX's rules
("von Last, Jr, First", "von Last, First", "First von Last"; bibtexparser's splitting): "Di Carli, Marcelo F.",
"Yancy, Jr., Clyde W." and "Ludwig van Beethoven" work as written. Every later phase sees the parts: the CSL
formatter, the owner's matching, the exports. A `Name` is still a string (the name in reading order, as cvgen's
own style prints it), so lists of names compare and print as before.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any

# The parts in cv.yaml, and their CSL-JSON names.
PARTS = ("family", "given", "particle", "dropping_particle", "suffix", "literal")
CSL = {"family": "family", "given": "given", "particle": "non-dropping-particle",
       "dropping_particle": "dropping-particle", "suffix": "suffix", "literal": "literal"}
# What follows a name after a comma in cvgen's older spelling "Martin Luther King, Jr" (BibTeX would read it
# as the given name "Jr"): a generational suffix.
_SUFFIX = re.compile(r"(jr|sr|jun|sen|[ivx]{1,4}|\d(st|nd|rd|th))\.?", re.IGNORECASE)


class Name(str):
    """A name: as a string, the name in reading order ("Marcelo F. Di Carli", "Clyde W. Yancy Jr."); `parts`
    has its parts by cv.yaml's keys; `mapping` says that the profile gave the parts (written back as a mapping)."""

    parts: dict[str, str]
    mapping: bool

    def __new__(cls, text: str, parts: dict[str, str], mapping: bool = False) -> Name:
        name = super().__new__(cls, text)
        name.parts = parts
        name.mapping = mapping
        return name

    def __reduce__(self):  # kept by pickling and deep copies
        return (Name, (str(self), self.parts, self.mapping))


def split(text: str) -> dict[str, str]:
    """The parts of a name written as a string, by BibTeX's rules; a name in braces ({World Health
    Organization}), in one word (Plato, 王晓明) or unreadable is a literal name."""
    from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

    text = " ".join(text.split())
    pieces = [piece.strip() for piece in text.split(",")]
    suffix = ""
    if len(pieces) == 2 and _SUFFIX.fullmatch(pieces[1]):  # "Martin Luther King, Jr"
        text, suffix = pieces[0], pieces[1]
    elif len(pieces) == 3 and _SUFFIX.fullmatch(pieces[2]) and not _SUFFIX.fullmatch(pieces[1]):
        text = f"{pieces[0]}, {pieces[2]}, {pieces[1]}"  # "Yancy, Clyde W., Jr.", as reference managers write it
    if _braced(text):
        return {"literal": text[1:-1]}
    if len(text.split()) < 2 and "," not in text:
        return {"literal": text}
    try:
        found = parse_single_name_into_parts(text)
    except InvalidNameError:
        return {"literal": text}
    parts = {"family": " ".join(found.last), "given": " ".join(found.first), "particle": " ".join(found.von),
             "suffix": suffix or " ".join(found.jr)}
    parts = {key: value.replace("{", "").replace("}", "") for key, value in parts.items() if value}
    return parts if parts.get("family") else {"literal": text}


def _braced(text: str) -> bool:
    """Whether the whole name is one group in braces: {World Health Organization}."""
    return text.startswith("{") and text.endswith("}") and "}" not in text[1:-1] and "{" not in text[1:-1]


def reading_order(parts: dict[str, str]) -> str:
    """"Marcelo F. Di Carli", "Clyde W. Yancy Jr.", or the literal name."""
    if parts.get("literal"):
        return parts["literal"]
    return " ".join(parts[key] for key in ("given", "dropping_particle", "particle", "family", "suffix")
                    if parts.get(key))


def from_text(text: str) -> Name:
    """A name given as a string; a name without a comma or braces prints as written."""
    parts = split(text)
    return Name(reading_order(parts) if "," in text or _braced(text) else text, parts)


def from_parts(parts: dict[str, str]) -> Name:
    """A name given as its parts (cv.yaml's keys)."""
    kept = {key: " ".join(parts[key].split()) for key in PARTS if parts.get(key, "").strip()}
    return Name(reading_order(kept), kept, mapping=True)


def from_csl(person: dict[str, Any]) -> dict[str, str]:
    """A CSL-JSON name's parts by cv.yaml's keys (strings only)."""
    return {key: " ".join(str(person[csl]).split()) for key, csl in CSL.items()
            if isinstance(person.get(csl), (str, int)) and str(person[csl]).strip()}


def parts_of(name: str) -> dict[str, str]:
    """The parts of any name: a Name's own, a plain string's by splitting it."""
    return name.parts if isinstance(name, Name) else split(name)


def csl(name: str) -> dict[str, str]:
    """A name as CSL-JSON writes it."""
    return {CSL[key]: value for key, value in parts_of(name).items()}


def written(name: Name) -> str | dict[str, str]:
    """How the profile writes a name back: the string when splitting it gives the same parts, else the parts."""
    text = str(name)
    if split(text) == name.parts:
        return text
    parts = name.parts
    if parts.get("suffix"):  # "Martin Luther King, Jr"
        text = reading_order({key: value for key, value in parts.items() if key != "suffix"}) + ", " + parts["suffix"]
        if split(text) == parts:
            return text
    inverted = ", ".join(part for part in (" ".join(p for p in (parts.get("particle"), parts.get("family")) if p),
                                           parts.get("suffix"), parts.get("given")) if part)
    if not parts.get("dropping_particle") and not parts.get("literal") and split(inverted) == parts:
        return inverted
    if list(parts) == ["literal"] and split("{" + parts["literal"] + "}") == parts:
        return "{" + parts["literal"] + "}"
    return dict(parts)


def match_key(name: str) -> str:
    """What the owner's name is matched on: the parts in reading order without accents, case, dots or extra
    spaces, so "K. Yi", "Yi, K." and {family: Yi, given: K} are one name."""
    return _folded(reading_order(parts_of(name)))


@functools.lru_cache(maxsize=4096)  # a long publication list names the same co-authors hundreds of times
def _folded(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.sub(r"[.\s]+", " ", plain).casefold().split())


def bibtex(name: str, encode: Callable[[str], str] = str) -> str:
    """A name as BibTeX reads it back: "von Last, Jr, First", or a literal name in braces when it has spaces;
    `encode` turns each part's text into LaTeX."""
    parts = parts_of(name)
    if not parts.get("suffix") and split(reading_order(parts)) == parts:  # "Kai Yi", "Ludwig van Beethoven"
        return encode(reading_order(parts))
    parts = {key: encode(value) for key, value in parts.items()}
    if parts.get("literal"):
        return "{" + parts["literal"] + "}" if " " in parts["literal"] else parts["literal"]
    last = " ".join(p for p in (parts.get("particle"), parts.get("family")) if p)
    if " " in parts["family"] and not parts.get("particle") and any(word[:1].islower() for word in parts["family"].split()):
        last = "{" + parts["family"] + "}"  # "de la Tour" as one family name, no particle
    given = " ".join(p for p in (parts.get("given"), parts.get("dropping_particle")) if p)
    return ", ".join(p for p in (last, parts.get("suffix"), given) if p)
