"""The documents cvgen builds, as data: which sections in which order, which entries, how many pages.

`long`, `short` and `publications` are built in; a profile's `variants:` may override their fields or
declare new documents (an industry résumé, a list of journal papers...) without copying templates. What a
document does follows from its fields alone, never from its name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cvgen.document.kinds import LONG_SECTIONS
from cvgen.errors import UsageError
from cvgen.profile.model import Variant

if TYPE_CHECKING:
    from cvgen.profile.model import Profile

BUILTIN: dict[str, Variant] = {
    variant.name: variant
    for variant in (
        Variant(name="long", based_on="long", output="cv", template="cv.tex.j2", sections=LONG_SECTIONS),
        Variant(name="short", based_on="short", output="resume", template="resume.tex.j2",
                sections=["summary", "education", "experience", "projects", "highlighted_publications", "awards",
                          "certifications", "languages", "additional"],
                summary="short_summary", publications="highlighted", max_pages=1, compact=True, limits={"awards": 3}),
        Variant(name="publications", based_on="publications", output="publications", template="publications.tex.j2",
                sections=["highlighted_publications", "other_publications"]),
    )
}


def resolve(name: str, spec: Variant, own_sections: list[str] | None = None,
            own: dict[str, Variant] | None = None) -> Variant:
    """A declared variant with every field filled in: what it sets, over the variant it is based on. A long
    document that does not list its sections also prints the profile's own sections (`own_sections`),
    before the last one (additional information). `based_on` names one of the profile's own variants (`own`,
    resolved the same way) when it declares one of that name other than this one, else a built-in one; the
    result's `based_on` is always the built-in variant at the root (whose title the document takes)."""
    own = own or {}
    wanted = spec.based_on
    if wanted and wanted != name and wanted in own:
        base = resolve(wanted, own[wanted], own_sections, own)
        base_name = base.based_on
    else:
        base_name = wanted if wanted in BUILTIN else (name if name in BUILTIN else "long")
        base = BUILTIN[base_name]
        if base_name == "long" and own_sections and "sections" not in spec.model_fields_set:
            base = base.model_copy(update={"sections": [*base.sections[:-1], *own_sections, base.sections[-1]]})
    changes = {field: getattr(spec, field) for field in spec.model_fields_set}
    if spec.design and base.design:  # a design changes its base's field by field, as it does the profile's
        changes["design"] = base.design.model_copy(update=spec.design.model_dump(exclude_unset=True))
    changes["name"] = name
    changes["based_on"] = base_name
    if not spec.output:
        changes["output"] = base.output if name == base_name else name
    return base.model_copy(update=changes)


def base_cycle(name: str, variants: dict[str, Variant]) -> list[str] | None:
    """The chain of `based_on` that leads from the variant `name` back to itself, or None."""
    chain = [name]
    while True:
        spec = variants.get(chain[-1])
        following = spec.based_on if spec else None
        if not following or following == chain[-1] or following not in variants:
            return None
        if following in chain:
            return chain[chain.index(following):] + [following]
        chain.append(following)


def declared(profile: Profile | None) -> dict[str, Variant]:
    """Every variant this profile can build: the built-in ones and one per cover letter (`letter-NAME`),
    overridden or extended by `variants:`."""
    own = list(profile.sections) if profile else []
    variants = {name: resolve(name, Variant(), own) if own else variant for name, variant in BUILTIN.items()}
    letters = letter_variants(profile) if profile else {}
    variants.update(letters)
    for name, spec in (profile.variants.items() if profile else ()):
        letter = spec.letter or (letters[name].letter if name in letters else None)
        variants[name] = over_letter(name, spec, letter_variant(letter, profile)) if letter and profile else \
            resolve(name, spec, own, profile.variants if profile else None)
    return variants


def letter_variant(key: str, profile: Profile) -> Variant:
    """The document of the cover letter `key`: out/letter-KEY.pdf, one page, in the letter's language and design."""
    letter = profile.letters[key]
    return Variant(name=f"letter-{key}", based_on="long", output=f"letter-{key}", template="letter.tex.j2",
                   sections=[], letter=key, max_pages=1, language=letter.language, design=letter.design)


def letter_variants(profile: Profile) -> dict[str, Variant]:
    return {f"letter-{key}": letter_variant(key, profile) for key in profile.letters}


def over_letter(name: str, spec: Variant, base: Variant) -> Variant:
    """A declared variant that prints a letter: what it sets, over the letter's own document."""
    changes = {field: getattr(spec, field) for field in spec.model_fields_set}
    changes["name"] = name
    if not spec.output:
        changes["output"] = name
    return base.model_copy(update=changes)


SUMMARY_CHOICES = ("summary", "short_summary")
# The profile's top-level text that a variant may set for its document (`summary` too, when it is text).
VARIANT_TEXT = ("headline", "short_summary", "research_interests")


def with_variant_text(profile: Profile, variant: Variant) -> Profile:
    """The profile as this document sees it: the headline, summaries and research interests the variant sets
    replace the profile's. A `summary` that is text (not `summary` or `short_summary`) is the summary it prints."""
    changes = {name: getattr(variant, name) for name in VARIANT_TEXT if getattr(variant, name) is not None}
    if variant.summary not in SUMMARY_CHOICES:
        changes.update(summary=variant.summary, short_summary=variant.summary)
    return profile.model_copy(update=changes) if changes else profile


def bundle_parts(variant: Variant, profile: Profile) -> list[Variant]:
    """The documents a bundle puts together, in its order; each named by its variant's name or its file."""
    available = declared(profile)
    by_output = {part.output: part for part in available.values()}
    return [available.get(name) or by_output[name] for name in variant.bundle]


def select(name: str, profile: Profile | None = None, tags: tuple[str, ...] = ()) -> list[Variant]:
    """The variants to build for `--variant NAME` (`all` means every declared one), with `--tag`s added."""
    available = declared(profile)
    if name == "all":
        chosen = list(available.values())
    elif name in available:
        chosen = [available[name]]
    else:
        raise UsageError(f"unknown variant {name!r}; expected one of: all, {', '.join(available)}")
    return [variant.model_copy(update={"tags": [*variant.tags, *tags]}) if tags else variant for variant in chosen]
