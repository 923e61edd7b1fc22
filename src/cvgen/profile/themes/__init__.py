"""Themes as data: one YAML file per theme beside this module, read by the one base template.

A theme gives the defaults of the design options a profile or a variant may change (`design:`: accent,
font, font size, margins, header) and the style values base.tex.j2 draws with (heading rule, name size...).
The entry partials are shared by every theme, so a fix to one reaches all of them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import yaml

if TYPE_CHECKING:
    from cvgen.latex.engine import Engine

_FOLDER = Path(__file__).parent
DEFAULT = "classic"

# Each font family: what pdflatex loads (a package of TeX Live), what xelatex loads (a system font through
# fontspec; the same design, so a document looks alike whichever engine it needs), and the family closest
# to it for letters beyond Latin (no longer loaded as the main font: latex/fonts.py picks a fallback font
# per character the main font lacks).
FONTS: dict[str, tuple[str, str, str]] = {
    "latin-modern": ("Latin Modern Roman", "CMU Serif", "CMU Serif"),
    "latin-modern-sans": ("Latin Modern Sans", "CMU Sans Serif", "CMU Sans Serif"),
    "tex-gyre-heros": ("TeX Gyre Heros", "TeX Gyre Heros", "CMU Sans Serif"),
    "tex-gyre-termes": ("TeX Gyre Termes", "TeX Gyre Termes", "CMU Serif"),
    "tex-gyre-pagella": ("TeX Gyre Pagella", "TeX Gyre Pagella", "CMU Serif"),
}

SANS_FONTS = frozenset({"latin-modern-sans", "tex-gyre-heros"})


@functools.cache
def _load(name: str) -> dict[str, Any]:
    text = (_FOLDER / f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.cache
def names() -> tuple[str, ...]:
    """The shipped themes, the default first."""
    found = sorted(path.stem for path in _FOLDER.glob("*.yaml"))
    return (DEFAULT, *[name for name in found if name != DEFAULT])


def description(name: str) -> str:
    return str(_load(name)["description"])


@dataclass(frozen=True)
class Look:
    """A document's design: its theme's values under the profile's `design:`, under the variant's."""

    theme: str = DEFAULT
    accent: str = "1B3A5C"  # hex digits, without the #
    font: str = "latin-modern"
    font_size: float = 10
    paper: str = "a4"
    margins: str = "2cm"
    header: str = "centered"
    footer: bool = True  # the page footer
    updated: bool = True  # the "last updated" line
    photo_source: str | None = None  # the photo's path as the profile gives it (relative to cv.yaml)
    style: dict[str, Any] = field(default_factory=dict)

    @property
    def photo(self) -> str | None:
        """The photo's file name beside the document's .tex, where the engine reads it."""
        return "photo" + Path(self.photo_source).suffix.lower() if self.photo_source else None

    @property
    def class_pt(self) -> int:
        """The size option of the document class (10, 11 or 12pt); other sizes are set on top of it."""
        return 12 if self.font_size >= 12 else 11 if self.font_size >= 11 else 10

    def font_name(self, engine: Engine) -> str:
        """The font this document is set in with `engine`."""
        if engine.name == "pdflatex":
            return FONTS[self.font][0]
        return FONTS[self.font][1]  # characters it lacks: a fallback font each (latex/fonts.py)


class Chosen(Protocol):
    """A profile's or a variant's `design:` (model.Design, which validates theme names against this module,
    so this module does not import it): the options it sets, as attributes."""

    @property
    def model_fields_set(self) -> set[str]: ...


def look(profile_design: Chosen | None, variant_design: Chosen | None, paper: str = "a4") -> Look:
    """The design of one document: the variant's `design:` over the profile's, field by field, over the
    theme's defaults. `design.paper` wins over the profile's top-level `paper`."""
    chosen: dict[str, Any] = {}
    for design in (profile_design, variant_design):
        if design is not None:
            chosen.update({name: getattr(design, name) for name in design.model_fields_set
                           if getattr(design, name) is not None})
    theme = chosen.pop("theme", DEFAULT)
    data = _load(theme)
    values = {"paper": paper, **data["design"], **chosen}
    return Look(theme=theme, accent=str(values["accent"]).lstrip("#").upper(), font=values["font"],
                font_size=float(values["font_size"]), paper=values["paper"], margins=str(values["margins"]),
                header=values["header"], footer=values.get("footer", True), updated=values.get("updated", True),
                photo_source=chosen.get("photo"), style=dict(data["style"]))
