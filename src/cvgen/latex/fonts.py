"""Which installed font prints each character: the theme's font where it has the glyph, else a fallback
font, character by character (xelatex), so one Greek letter or a rupee sign never changes a whole
document's font.

What a font holds is read from fontconfig (`fc-list FAMILY charset`), the same fonts xelatex finds, so a
newly installed font is seen and a font is never blamed for a glyph it has. The fallback families come from
Debian packages that the Makefile's TEX_PACKAGES installs (fonts-cmu, fonts-dejavu-core, fonts-noto-cjk).
"""

from __future__ import annotations

import functools
import subprocess
import unicodedata
from itertools import groupby

from cvgen.latex.engine import CJK_FORMS, Engine, is_cjk

# In order of preference: the look closest to the theme's first (CMU for Greek, Cyrillic and Vietnamese),
# then the broad DejaVu families (₹, ₇, ⁺, Ⅱ, ―), then Noto CJK for what only it has (①).
_SERIF = ("CMU Serif", "DejaVu Serif", "DejaVu Sans", "Noto Serif CJK {region}", "Noto Sans CJK {region}")
_SANS = ("CMU Sans Serif", "DejaVu Sans", "DejaVu Serif", "Noto Sans CJK {region}")


@functools.cache
def charset(family: str) -> frozenset[str]:
    """Every character the regular face of `family` has, as fontconfig lists it (empty: not installed)."""
    try:
        found = subprocess.run(["fc-list", f"{family}:style=Regular", "charset"], capture_output=True, text=True,
                               timeout=30, stdin=subprocess.DEVNULL).stdout
        if not found.strip():
            found = subprocess.run(["fc-list", family, "charset"], capture_output=True, text=True, timeout=30,
                                   stdin=subprocess.DEVNULL).stdout
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    characters: set[str] = set()
    for line in found.splitlines():
        for part in line.split("=", 1)[-1].split():
            low, _, high = part.partition("-")
            try:
                characters.update(chr(code) for code in range(int(low, 16), int(high or low, 16) + 1))
            except ValueError:
                continue
    return frozenset(characters)


def fallbacks(text: str, font: str, engine: Engine, sans: bool) -> dict[str, str]:
    """For each character of `text` that `font` lacks (and xeCJK does not set): the first fallback family
    that has it. A character no font has is left out: the build reports it."""
    if engine.name == "pdflatex":
        return {}
    main = charset(font)
    if not main:  # fontconfig cannot tell: leave every character to the main font, as before
        return {}
    families = [family.format(region=engine.region) for family in (_SANS if sans else _SERIF)]
    chosen = {}
    for character in set(text) - main:
        if unicodedata.category(character)[0] in "CZ" or (engine.cjk and (is_cjk(character) or character in CJK_FORMS)):
            continue
        family = next((family for family in families if family != font and character in charset(family)), None)
        if family:
            chosen[character] = family
    return chosen


def wrap(text: str, fallback: dict[str, str], names: dict[str, str]) -> list[tuple[str | None, str]]:
    """`text` cut into runs: (None, run) in the main font, (command name, run) in a fallback font."""
    return [(names[fallback[run[0]]] if run[0] in fallback else None, "".join(run))
            for _, run in ((key, list(group)) for key, group in groupby(text, key=fallback.get))]
