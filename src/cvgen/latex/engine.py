"""Which TeX engine can typeset a document: pdflatex when every character is one it knows, else xelatex.

pdflatex is about twice as fast as xelatex here, but it only knows the characters that the font encodings
we load (T1, TS1, OT1, OMS) declare in their `.dfu` files; those files are read from the installed TeX Live,
so the answer is the engine's own. Anything else (CJK, Greek, Cyrillic, ...) goes to xelatex with
CMU Serif and, for CJK, xeCJK with Noto CJK.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cvgen.paths import cache_folder

# Only the font encodings' own files: utf8enc.dfu's entries are built from other glyphs (… becomes three
# periods, U+3008 becomes U+27E8), which would change the text layer.
_DFU_FILES = ("t1enc.dfu", "ts1enc.dfu", "ot1enc.dfu", "omsenc.dfu")
_DECLARED = re.compile(r"\\DeclareUnicodeCharacter\{([0-9A-Fa-f]{4,6})\}\{(.*)", re.MULTILINE)


def engine_env(build_dir: Path, source_date_epoch: int) -> dict[str, str]:
    """The environment every engine run gets: TeX may read and write only inside `build_dir` (and read its
    own files), shell escape is off, dates come from the profile, and formats from cvgen's cache."""
    formats = cache_folder() / "formats"
    return {**os.environ, "openin_any": "p", "openout_any": "p", "shell_escape": "f",
            "TEXMFOUTPUT": str(build_dir), "SOURCE_DATE_EPOCH": str(source_date_epoch), "FORCE_SOURCE_DATE": "1",
            "max_print_line": "10000", "TEXFORMATS": f"{formats}:"}


# The Noto CJK family whose glyph shapes follow each language's conventions (漢字 differ between them).
_CJK_REGION = {"ja": "JP", "ko": "KR", "zh-Hant": "TC", "zh-TW": "TC", "zh-HK": "HK"}


@dataclass(frozen=True)
class Engine:
    name: str  # the command: pdflatex or xelatex
    cjk: bool = False  # load xeCJK with Noto CJK
    region: str = "SC"  # which Noto CJK: SC (simplified Chinese), TC, HK, JP or KR
    other_scripts: bool = False  # characters beyond Latin and CJK (Greek, Cyrillic...): those the theme's
                                 # font lacks get a fallback font each (latex/fonts.py)


@functools.cache
def pdflatex_characters() -> frozenset[str]:
    """Every non-ASCII character pdflatex's utf8 input knows with the encodings cvgen loads."""
    try:
        found = subprocess.run(["kpsewhich", *_DFU_FILES], capture_output=True, text=True, timeout=30,
                               stdin=subprocess.DEVNULL).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    characters = set()
    for path in found:
        with open(path, encoding="latin-1") as handle:
            for code, command in _DECLARED.findall(handle.read()):
                if command.startswith("\\"):  # not U+FB01 → "fi": the letters, not the character
                    characters.add(chr(int(code, 16)))
    return frozenset(characters)


def is_cjk(character: str) -> bool:
    return unicodedata.east_asian_width(character) in ("W", "F") and unicodedata.category(character).startswith(("L", "P", "S", "N"))


# Characters of ambiguous width that a CJK document sets in its CJK font, as CJK (no space beside kanji, so
# 材料科学Ⅱ reads as typed): the IME's dash ― and the Roman numerals Ⅰ–Ⅻ, ⅰ–ⅻ, all in Noto CJK. (Its circled
# digits extract as the dingbats ➀: ①–⑳ stay with a fallback font, and base.tex.j2 gives them no space
# beside CJK either.) base.tex.j2 declares the same characters to xeCJK (a test checks that they agree).
CJK_FORMS = frozenset("\u2015" + "".join(chr(code) for code in [*range(0x2160, 0x216C), *range(0x2170, 0x217C)]))


# Latin-1 and Latin Extended-A letters and the usual typographic marks: all in T1/TS1 (tests check this
# against the installed .dfu files), so the common case needs no look-up.
_SURELY_PDFLATEX = frozenset(chr(code) for code in range(0xA0, 0x180)) - set("ĦħĸĿŀŉŦŧſ") | set("’‘“”–—€•·")


def choose_engine(text: str, language: str = "en") -> Engine:
    """The fastest engine that can typeset every character of `text` (a document's text, in `language`)."""
    unusual = {c for c in text if not (" " <= c <= "~" or c in "\n\t")} - _SURELY_PDFLATEX
    if not unusual or unusual <= pdflatex_characters():
        return Engine("pdflatex")
    region = _CJK_REGION.get(language) or _CJK_REGION.get(language.split("-")[0], "SC")
    other_scripts = any(_beyond_latin(c) for c in unusual)
    return Engine("xelatex", cjk=any(is_cjk(c) for c in unusual), region=region, other_scripts=other_scripts)


def _beyond_latin(character: str) -> bool:
    """A letter of a script other than Latin and CJK (Greek, Cyrillic, Arabic...)."""
    return (unicodedata.category(character).startswith("L") and not is_cjk(character)
            and not unicodedata.name(character, "").startswith("LATIN"))
