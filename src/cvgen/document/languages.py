"""One profile, documents in several languages: each document gets the profile with every text in its
language.

A free-text field may be given as a mapping from language codes to texts (model.Localized). A document
in language L takes L's text, else the text in the profile's own `language`, else the first one given,
and counts the fields that fell back. Every version of the owner's name still marks the owner in
author lists, whatever the script.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from cvgen.document.catalog import has_catalog
from cvgen.errors import UsageError
from cvgen.profile.model import Localized, Profile


def localize(profile: Profile, language: str) -> tuple[Profile, list[str]]:
    """The profile with one text per field, in `language`; and the fields that had no text in it, each with
    the language printed instead (`headline (en)`)."""
    fell_back: list[str] = []
    wanted = (language, language.split("-")[0], profile.language, profile.language.split("-")[0])

    def pick(value: Any, path: str) -> Any:
        if isinstance(value, Localized):
            code = next((code for code in wanted if code in value.versions), next(iter(value.versions)))
            if not any(code in value.versions for code in wanted[:2]):
                fell_back.append(f"{path} ({code})")
            return value.versions[code]
        if isinstance(value, BaseModel):
            changes = {name: new for name in type(value).model_fields
                       if (new := pick(old := getattr(value, name), f"{path}.{name}" if path else name)) is not old}
            return value.model_copy(update=changes) if changes else value
        if isinstance(value, list):
            items = [pick(item, f"{path}[{index}]") for index, item in enumerate(value)]
            return items if any(new is not old for new, old in zip(items, value, strict=True)) else value
        if isinstance(value, dict):
            mapped = {key: pick(item, f"{path}.{key}") for key, item in value.items()}
            return mapped if any(mapped[key] is not value[key] for key in value) else value
        return value

    localized = pick(profile, "")
    name = profile.owner.name
    if isinstance(name, Localized):  # 易凯 and Kai Yi both mark the owner
        aliases = [*localized.owner.aliases, *(text for text in name.versions.values() if text != localized.owner.name)]
        localized = localized.model_copy(update={"owner": localized.owner.model_copy(update={"aliases": aliases})})
    return localized, fell_back


def check_language(language: str) -> None:
    """A language CLDR knows (Babel is imported only for languages other than English)."""
    problem = language_problem(language)
    if problem:
        raise UsageError(problem)


def language_problem(language: str) -> str | None:
    """What is wrong with `language` as a document's language, or None: CLDR must know it. A country code
    (`cn`, `jp`, `dk`) gets the country's language as a suggestion."""
    if language == "en":
        return None
    from babel import Locale, UnknownLocaleError
    from babel.languages import get_official_languages

    try:
        Locale.parse(language.replace("-", "_"))
        return None
    except (UnknownLocaleError, ValueError):
        spoken = get_official_languages(language.upper()) if len(language) == 2 else ()
        hint = (f"{language!r} is a country's code; did you mean {spoken[0]!r}?" if spoken else
                "expected a language code such as en, de, fr, zh, ja or pt-BR")
        return f"unknown language {language!r}; {hint}"


def language_notes(language: str, fell_back: list[str]) -> list[str]:
    """What the build report says about a document's language: no catalog, and every field printed in another
    language (at most five named, then how many more)."""
    notes = []
    if not has_catalog(language):
        notes.append(f"no phrase catalog for {language!r}: headings and phrases are in English, dates in {language!r}")
    if fell_back:
        more = f" and {len(fell_back) - 5} more" if len(fell_back) > 5 else ""
        notes.append(f"not given in {language!r}, printed in another language: {', '.join(fell_back[:5])}{more}")
    return notes


def country_name(code: str, language: str) -> str:
    """The name of the country with ISO 3166-1 code `code` in `language`, by CLDR (FR → France, Frankreich);
    the code itself when CLDR has no name for it."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale("en")
    return locale.territories.get(code, code)


def is_country(code: str) -> bool:
    """Whether CLDR names the country with ISO 3166-1 code `code` (ZZ, its "Unknown Region", is none)."""
    return code != "ZZ" and country_name(code, "en") != code
