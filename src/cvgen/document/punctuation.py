"""Punctuation by a language's tradition: the marks a catalog's `punctuation:` group gives, and the straight
quotes and apostrophes typed in a profile turned into that language's typographic ones.

The rule set is small and deliberate (as smartypants does for English, with each language's marks): a
straight apostrophe between letters is an apostrophe (d'histoire → d’histoire); a straight quote after a
space, a bracket or at the start opens, any other closes. French gets a no-break space inside « » and before
`: ; ! ?` where the profile typed an ordinary one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Punctuation:
    colon: str = ":"  # after a label ("Thesis:"; French "Thèse :" with a no-break space; "学位論文：")
    space: str = " "  # between words and before a bracket after a word; none in Chinese and Japanese
    list_separator: str = "; "  # between the items of a list
    list_end: str = "."  # after its last item
    open: str = "("
    close: str = ")"
    open_square: str = "["
    close_square: str = "]"
    quotes: tuple[str, str, str, str] = ("“", "”", "‘", "’")  # double open, close; single open, close
    apostrophe: str = "’"
    dot: str = " · "  # between short items on one line

    def label(self, heading: str) -> str:
        """`Thesis: ` — a label and what follows it before its text."""
        return f"{heading}{self.colon}{self.space}"

    def bracket(self, text: str) -> str:
        """` (text)` after a word: `Japanese (native)`, `日本語（母語）`."""
        return f"{self.space}{self.open}{text}{self.close}"

    def listing(self, items: list[str]) -> str:
        """`a; b; c.` — a list's items, each one a phrase of its own."""
        return self.list_separator.join(items) + (self.list_end if items else "")

    def smarten(self, text: str, before: str = "") -> str:
        """`text` with its straight quotes and apostrophes as this language writes them; `before` is the text
        printed just before it (a quote after it opens or closes by what precedes it)."""
        if "'" not in text and '"' not in text and not (self.colon.startswith("\u00a0") and _FRENCH_SPACE.search(text)):
            return text
        characters = []
        previous = before[-1:] or " "
        inside = {"'": False, '"': False}  # a quote of this kind is open (CJK text has no space to tell)
        for index, character in enumerate(text):
            following = text[index + 1:index + 2]
            if character in inside:
                double = character == '"'
                if not double and _is_word(previous) and _is_word(following) and not has_cjk(previous + following):
                    characters.append(self.apostrophe)
                    previous = character
                    continue
                opens = _opens(previous) or (has_cjk(previous) and not inside[character])
                inside[character] = opens
                character = self.quotes[(0 if opens else 1) + (0 if double else 2)]
            characters.append(character)
            previous = text[index]
        smart = "".join(characters)
        if self.colon.startswith("\u00a0"):  # French: no-break spaces where the profile typed ordinary ones
            smart = _FRENCH_SPACE.sub("\u00a0", smart)
            smart = smart.replace("«\u00a0\u00a0", "«\u00a0").replace("\u00a0\u00a0»", "\u00a0»")
        return smart


# An ordinary space before : ; ! ? » (followed by a space or the end, so "10 :30" or URLs stay), or after «.
_FRENCH_SPACE = re.compile(r" (?=[:;!?»](?:\s|$))|(?<=«) ")


def _is_word(character: str) -> bool:
    return bool(character) and unicodedata.category(character)[0] in "LN"


def _opens(previous: str) -> bool:
    """A quote after a space, an opening bracket or a dash opens."""
    return previous.isspace() or previous in "([{‘“«„‚-–—/" or unicodedata.category(previous) == "Ps"


def has_cjk(text: str) -> bool:
    """Whether `text` holds any Chinese, Japanese or Korean character (its own punctuation included)."""
    return any(unicodedata.east_asian_width(character) in ("W", "F") and not character.isspace()
               for character in text)


def script_language(text: str) -> str:
    """The language whose punctuation CJK `text` takes: Japanese with kana, Korean with Hangul, else Chinese."""
    names = {unicodedata.name(character, "?").split()[0] for character in text}
    return "ja" if names & {"HIRAGANA", "KATAKANA"} else "ko" if "HANGUL" in names else "zh"
