"""The registry of section kinds: the one place that names what a section is and how it is handled.

A kind names its section key (the key in cv.yaml and in a variant's `sections:`, and the heading's key
in the phrase catalog), the model of its entries, the view function that turns them into items
(entries.py), the partial that lays them out (templates/entries/<partial>.tex.j2) and, through its items,
how fitting treats them. Adding a kind is a model, a view function, a partial and one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import entries, model
from .view import Context, Item


@dataclass(frozen=True)
class Kind:
    key: str
    model: type | None  # the model of one entry (None: the section is made from several fields)
    items: Callable[[Context, str], list[Item]]
    partial: str
    footnotes: Callable[[Context, str, list[Item]], list[str]] | None = None
    heading: Callable[[Context, str], str] | None = None  # when it is not the catalog's heading of `key`


SECTIONS: dict[str, Kind] = {kind.key: kind for kind in (
    Kind("summary", None, entries.summary, "summary"),
    Kind("education", model.Education, entries.education, "entry"),
    Kind("experience", model.Experience, entries.experience, "entry"),
    Kind("highlighted_publications", model.Publication, entries.publications, "publications",
         entries.publication_footnotes, entries.publications_heading),
    Kind("other_publications", model.Publication, entries.publications, "publications", entries.publication_footnotes,
         entries.publications_heading),
    Kind("teaching", model.Teaching, entries.teaching, "line"),
    Kind("reviewing", model.Reviewing, entries.reviewing, "lines"),
    Kind("talks", model.Talk, entries.talks, "line"),
    Kind("awards", model.Award, entries.awards, "line"),
    Kind("activities", model.Activity, entries.activities, "line"),
    Kind("grants", model.Grant, entries.grants, "entry"),
    Kind("supervision", model.Supervision, entries.supervision, "line"),
    Kind("patents", model.Patent, entries.patents, "entry"),
    Kind("service", model.Service, entries.service, "line"),
    Kind("memberships", model.Membership, entries.memberships, "line"),
    Kind("projects", model.Project, entries.projects, "entry"),
    Kind("certifications", model.Certification, entries.certifications, "line"),
    Kind("languages", model.Language, entries.languages, "inline"),
    Kind("references", model.Reference, entries.references, "entry"),
    Kind("additional", model.SkillGroup, entries.additional, "lines"),
    # Skills and interests as two sections with their own headings, for a variant that lists them.
    Kind("skills", model.SkillGroup, entries.skills, "lines"),
    Kind("hobbies", None, entries.hobbies, "text"),
)}

# A section of the profile's own (`sections:`): its key is the profile's, its heading its `title`.
CUSTOM = Kind("custom", model.CustomEntry, entries.custom, "entry")
CUSTOM_LINES = Kind("custom", None, entries.custom, "text")


def kind_of(key: str, profile: model.Profile) -> Kind:
    """The kind of the section `key`: a built-in one, or a section of the profile's own."""
    if key in SECTIONS:
        return SECTIONS[key]
    return CUSTOM_LINES if profile.sections[key].items else CUSTOM
