"""The documents cvgen builds, as data: which sections in which order, which entries, how many pages.

`long`, `short` and `publications` are built in; a profile's `variants:` may override their fields or
declare new documents (an industry résumé, a list of journal papers...) without copying templates.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .errors import UsageError

if TYPE_CHECKING:
    from .model import Profile


@dataclass(frozen=True)
class Variant:
    name: str
    output: str  # file stem in out/: cv → out/cv.pdf
    template: str
    title: str  # the PDF's subject and the document's heading
    sections: tuple[str, ...]
    publications: Literal["highlighted", "all"] = "all"
    max_pages: int | None = None
    compact: bool = False  # tighter layout, fewer details (the résumé)
    limits: dict[str, int] = field(default_factory=dict)  # section → most items shown (the first ones)
    status: tuple[str, ...] = ()  # publication statuses shown; () means all
    since: int | None = None
    until: int | None = None
    tags: tuple[str, ...] = ()  # entries shown: untagged ones and those with one of these tags
    exclude_tags: tuple[str, ...] = ()


BUILTIN: dict[str, Variant] = {
    variant.name: variant
    for variant in (
        Variant("long", "cv", "cv.tex.j2", "Curriculum Vitae",
                ("summary", "education", "highlighted_publications", "experience", "other_publications",
                 "teaching", "reviewing", "talks", "awards", "activities", "additional")),
        Variant("short", "resume", "resume.tex.j2", "Résumé",
                ("summary", "education", "experience", "highlighted_publications", "awards", "additional"),
                publications="highlighted", max_pages=1, compact=True, limits={"awards": 3}),
        Variant("publications", "publications", "publications.tex.j2", "Publications",
                ("highlighted_publications", "other_publications")),
    )
}


def declared(profile: Profile | None) -> dict[str, Variant]:
    """Every variant this profile can build: the built-in ones, overridden or extended by `variants:`."""
    variants = dict(BUILTIN)
    for name, spec in (profile.variants.items() if profile else ()):
        base_name = spec.based_on or (name if name in BUILTIN else "long")
        base = BUILTIN[base_name]
        changes = {key: tuple(value) if isinstance(value, list) else value
                   for key, value in spec.model_dump(exclude_none=True, exclude={"based_on"}).items()}
        changes.setdefault("output", base.output if name == base_name else name)
        variants[name] = dataclasses.replace(base, name=name, **changes)
    return variants


def select(name: str, profile: Profile | None = None, tags: tuple[str, ...] = ()) -> list[Variant]:
    """The variants to build for `--variant NAME` (`all` means every declared one), with `--tag`s added."""
    available = declared(profile)
    if name == "all":
        chosen = list(available.values())
    elif name in available:
        chosen = [available[name]]
    else:
        raise UsageError(f"unknown variant {name!r}; expected one of: all, {', '.join(available)}")
    return [dataclasses.replace(variant, tags=variant.tags + tuple(tags)) if tags else variant for variant in chosen]
