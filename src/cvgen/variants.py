"""The built-in documents, as data: which sections, in which order, which publications, how many pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .errors import UsageError


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


def select(name: str) -> list[Variant]:
    """The variants to build for `--variant NAME` (`all` means every built-in one)."""
    if name == "all":
        return list(BUILTIN.values())
    if name not in BUILTIN:
        raise UsageError(f"unknown variant {name!r}; expected one of: all, {', '.join(BUILTIN)}")
    return [BUILTIN[name]]
