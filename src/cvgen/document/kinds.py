"""The registry of section kinds: the one place that names what a section is and how every part handles it.

A kind names its section key (the key in a variant's `sections:`, and the heading's key in the phrase
catalogs), the Profile field its entries come from, the view function that turns them into items
(entries.py), the partial that lays them out (templates/entries/<partial>.tex.j2), where a resume.json holds
it and which RenderCV entry type it is exported as. The registry's order is the long CV's default order.
Adding a kind: see "Adding a section kind" in the README; tests/test_kinds.py checks every part of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cvgen.document import entries
from cvgen.document.items import Context, Item

if TYPE_CHECKING:
    from cvgen.profile.model import Profile

# A kind whose entries JSON Resume has no place for: they travel as an extra property named after the Profile
# field, in cvgen's own form (the schema allows extra properties), and `import jsonresume` reads them back.
OWN = "cvgen"


@dataclass(frozen=True)
class Kind:
    key: str
    attribute: str  # the Profile field its entries come from; fitting names an entry (attribute, index)
    items: Callable[[Context, str], list[Item]]
    partial: str
    jsonresume: str  # the resume.json section it is exported to, or OWN
    rendercv: str = "normal"  # the RenderCV entry type of its dated entries (education, experience, normal)
    footnotes: Callable[[Context, str, list[Item]], list[str]] | None = None
    heading: Callable[[Context, str], str] | None = None  # when it is not the catalog's heading of `key`
    long: bool = True  # in the long CV's default order


SECTIONS: dict[str, Kind] = {kind.key: kind for kind in (
    Kind("summary", "summary", entries.summary, "summary", "basics"),
    Kind("education", "education", entries.education, "entry", "education", "education"),
    Kind("highlighted_publications", "publications", entries.publications, "publications", "publications",
         footnotes=entries.publication_footnotes, heading=entries.publications_heading),
    Kind("experience", "experience", entries.experience, "entry", "work", "experience"),
    Kind("other_publications", "publications", entries.publications, "publications", "publications",
         footnotes=entries.publication_footnotes, heading=entries.publications_heading),
    Kind("grants", "grants", entries.grants, "entry", OWN),
    Kind("patents", "patents", entries.patents, "entry", OWN),
    Kind("projects", "projects", entries.projects, "entry", "projects"),
    Kind("teaching", "teaching", entries.teaching, "line", "work"),
    Kind("supervision", "supervision", entries.supervision, "line", OWN),
    Kind("reviewing", "reviewing", entries.reviewing, "lines", "volunteer"),
    Kind("service", "service", entries.service, "line", "volunteer"),
    Kind("talks", "talks", entries.talks, "line", "projects"),
    Kind("awards", "awards", entries.awards, "line", "awards"),
    Kind("memberships", "memberships", entries.memberships, "line", OWN),
    Kind("activities", "activities", entries.activities, "line", "volunteer"),
    Kind("certifications", "certifications", entries.certifications, "line", "certificates"),
    Kind("languages", "languages", entries.languages, "inline", "languages"),
    Kind("references", "references", entries.references, "entry", "references"),
    Kind("additional", "skills", entries.additional, "lines", "skills"),
    # Skills and interests as two sections with their own headings, for a variant that lists them instead of
    # `additional` (which prints both): not in the long CV's order.
    Kind("skills", "skills", entries.skills, "lines", "skills", long=False),
    Kind("hobbies", "hobbies", entries.hobbies, "text", "interests", long=False),
)}

# Every built-in section, in the order of the long CV; a section with nothing in it is not printed.
LONG_SECTIONS = [key for key, kind in SECTIONS.items() if kind.long]

# A section of the profile's own (`sections:`): its key is the profile's, its heading its `title`.
CUSTOM = Kind("custom", "sections", entries.custom, "entry", OWN)
CUSTOM_LINES = Kind("custom", "sections", entries.custom, "text", OWN)


def kind_of(key: str, profile: Profile) -> Kind:
    """The kind of the section `key`: a built-in one, or a section of the profile's own."""
    if key in SECTIONS:
        return SECTIONS[key]
    return CUSTOM_LINES if profile.sections[key].items else CUSTOM
