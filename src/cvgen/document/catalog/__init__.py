"""Headings and phrases as data: one YAML catalog per language, English as the complete fallback.

Nothing a document prints in words comes from Python code or templates: they ask the catalog by key.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cvgen.document.punctuation import Punctuation, has_cjk, script_language

_FOLDER = Path(__file__).parent


@functools.cache
def _load(language: str) -> dict[str, Any]:
    path = _FOLDER / f"{language}.yaml"
    if not path.exists():
        return {}
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


def languages() -> list[str]:
    return sorted(path.stem for path in _FOLDER.glob("*.yaml"))


def has_catalog(language: str) -> bool:
    return bool(_load(language) or _load(language.split("-")[0]))


@dataclass(frozen=True)
class Catalog:
    """The words of one document: its language's catalog over English, under the profile's own phrases."""

    language: str = "en"
    phrases: dict[str, Any] = field(default_factory=dict)  # the profile's `phrases:`
    titles: dict[str, str] = field(default_factory=dict)  # headings set by the profile and the variant

    def _find(self, group: str, key: str) -> Any:
        own = self.own_phrase(key) if group == "phrases" else None
        if own is not None and not isinstance(own, dict):
            return own
        for language in (self.language, self.language.split("-")[0], "en"):
            value = _load(language).get(group, {}).get(key)
            if value is not None:  # the profile's forms over the catalog's: a partial mapping is filled
                return {**value, **own} if isinstance(value, dict) and own else value
        raise KeyError(f"no {group[:-1]} {key!r} in the catalog")

    def own_phrase(self, key: str) -> Any:
        """The profile's version of phrase `key` for this document's language, or None: a phrase given per
        language (`{en: Thesis, fr: Thèse}`) that has no version in this language is the catalog's."""
        value = self.phrases.get(key)
        versions = per_language(key, value)
        if versions is None:
            return value
        return next((versions[code] for code in (self.language, self.language.split("-")[0]) if code in versions),
                    None)

    def phrase_keys(self) -> list[str]:
        return list(_load("en")["phrases"])

    def check_phrase(self, key: str, value: Any) -> str | None:
        """What is wrong with `value` as the profile's own version of phrase `key` (None: nothing)."""
        english = _load("en")["phrases"][key]
        forms = english if isinstance(english, dict) else {"": english}
        if isinstance(english, dict) and not isinstance(value, dict):
            return f"expected a mapping of forms ({', '.join(english)}), got {type(value).__name__}"
        values = value if isinstance(value, dict) else {"": value}
        for form, text in values.items():
            if form not in forms and key not in ("more_publications", "edition"):  # forms vary by language
                return f"unknown form {form!r}; expected {', '.join(forms)}"
            if not isinstance(text, str):
                return f"expected text, got {type(text).__name__} ({text!r})"
            allowed = {name for _, name, _, _ in string.Formatter().parse(str(forms.get(form, forms.get("other", ""))))
                       if name}
            try:
                fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
                          if name is not None]
            except ValueError:
                return "a { or } without its pair; write {{ or }} for a brace"
            for name, spec, conversion in fields:
                if spec or conversion:  # {date:%Y}, {date:>900000000}: only the value itself is printed
                    written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
                    return f"{written} has a format; only {{name}} placeholders are allowed: write {{{name}}}"
            used = {name for name, _, _ in fields}
            if used - allowed:
                names = ", ".join("{" + name + "}" for name in sorted(allowed)) or "none"
                return f"unknown placeholder {{{sorted(used - allowed)[0]}}}; this phrase has {names}"
        return None

    def heading(self, key: str) -> str:
        """A section's heading: set by the variant or profile (`titles:`), else the catalog's."""
        return self.titles.get(key) or self._find("headings", key)

    def document(self, key: str) -> str:
        return self._find("documents", key)

    def phrase(self, key: str, **values: Any) -> str:
        """`phrase("with", names="A and B")` → "with A and B"; with `count`, the form for that number."""
        found = self._find("phrases", key)
        if isinstance(found, dict) and "count" in values:
            found = found.get(self._plural(values["count"])) or found["other"]
        elif isinstance(found, dict) and "ordinal" in values:  # 1st, 2nd, 3rd: CLDR's ordinal categories
            from babel import Locale

            form = Locale.parse(self.language.replace("-", "_")).ordinal_form(values["ordinal"])
            found = found.get(form) or found["other"]
        return str(found).format(**values)

    def names(self, names: list[str]) -> str:
        """Names as one list in this language: "A and B" (the `and` phrase), and three or more by CLDR's list
        pattern ("A, B, and C", "A、B和C"; Babel is imported only then)."""
        if len(names) <= 2:
            return self.phrase("and").join(names)
        from babel.lists import format_list

        return format_list(names, locale=self.language.replace("-", "_"))

    def _plural(self, count: int) -> str:
        """CLDR's plural category of `count` in this language: one, few, many, other..."""
        if self.language == "en":
            return "one" if count == 1 else "other"
        from babel import Locale

        return Locale.parse(self.language.replace("-", "_")).plural_form(count)

    @functools.cached_property
    def punctuation(self) -> Punctuation:
        """The colon, brackets, list marks and quotation marks of this language (`punctuation:`)."""
        marks = {key: self._find("punctuation", key) for key in Punctuation.__dataclass_fields__}
        return Punctuation(**{**marks, "quotes": tuple(marks["quotes"])})

    def for_text(self, text: str) -> Catalog:
        """The words whose punctuation `text` takes: this document's, except for text in another script
        than the document's: Latin text in a Chinese or Japanese document (an English paper in a Japanese
        CV) keeps English's, and Japanese or Chinese text in a document in Latin script keeps its own."""
        own = bool(self.punctuation.space)  # the document writes spaces between words: a Latin script
        if own == has_cjk(text):
            return Catalog("en") if own is False else Catalog(script_language(text))
        return self

    def currency(self, code: str | None) -> str | None:
        """How this language writes currency `code` as a word after the number ("{amount}円"), if it does
        (the catalog's `currencies:`); None: CLDR's symbol and pattern."""
        for language in (self.language, self.language.split("-")[0]):
            written = _load(language).get("currencies", {}).get(code)
            if written:
                return str(written)
        return None

    def choice(self, key: str, option: str) -> str:
        """One value of a phrase that maps options to words: `choice("patent_status", "granted")`."""
        return self._find("phrases", key)[option]


def per_language(key: str, value: Any) -> dict[str, Any] | None:
    """`value` as {language: version} when the profile gives phrase `key` per language (`{en: Thesis, fr:
    Thèse}`), else None. A mapping of a phrase's own forms (one/other, granted/pending...) is not one."""
    if not isinstance(value, dict) or not value or key not in _load("en")["phrases"]:
        return None
    english = _load("en")["phrases"][key]
    forms = set(english) if isinstance(english, dict) else set()
    forms |= {"zero", "one", "two", "few", "many", "other"} if key in ("more_publications", "edition") else set()
    codes = [code for code in value if isinstance(code, str) and _LANGUAGE.fullmatch(code)]
    return value if len(codes) == len(value) and not forms & set(value) else None


_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
