"""Every string a user can write reaches the PDF exactly as written, or is rejected with a clear message.

Hypothesis writes profiles whose fields hold text from every script a TeX engine here can show, the ten
LaTeX specials, backslash sequences, comments, math, unbalanced braces, newlines, tabs and very long
words; each profile is built into a real PDF and the text pypdf reads back must contain the input (white
space removed, Unicode NFC). pypdf rather than pdftotext: poppler joins a line that ends in '-' to the
next one and drops the hyphen, which would blame cvgen for a field that is just "-". `make test` runs a few examples; `make fuzz` runs CVGEN_FUZZ_EXAMPLES of them.
"""

from __future__ import annotations

import os
import tempfile
import types
import typing
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from pypdf import PdfReader

from cvgen.document.variants import BUILTIN
from cvgen.profile import model, names
from cvgen.richtext import markdown, text_of
from cvgen.typeset.pipeline import build

EXAMPLES = int(os.environ.get("CVGEN_FUZZ_EXAMPLES", "6"))

LATIN = "AaZzÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿĀāĂăĄąĆćČčĎďĐđĒēĘęĚěĞğĪīİıŁłŃńŇňŌōŐőŒœŘřŚśŞşŠšŢţŤťŪūŮůŰűŸŹźŻżŽž"
GREEK = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρστυφχψωάέήίόύώ"
CYRILLIC = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
VIETNAMESE = "ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹƠơƯư"
CJK = "易凯李华联邦学习中文标题论文西安大学日本語のテキスト한국어"
PUNCTUATION = "–—‘’“”…•·€£¥©®°±×÷§¶«»¡¿！？，。：；（）"
SPECIALS = "\\{}$&#^_%~'\"`<>|@*+=/!?,.;:()[]-"
PIECES = [r"\input{/etc/passwd}", r"\write18{ls}", r"\def\x{y}", r"\catcode`\%=11", "% comment", "$math$",
          "{", "}", "~", "^^41", "--", "---", "``", "''", "<<", ">>", ",,", "!`", "?`", r"\\", r"\par", r"\end{document}",
          "https://example.org/a_very/long/path?with=query&and#fragment", "x" * 70, "\n", "\t", "\n\n"]

alphabet = st.sampled_from(LATIN + GREEK + CYRILLIC + VIETNAMESE + CJK + PUNCTUATION + SPECIALS + "  0123456789")
fragment = st.one_of(st.text(alphabet, min_size=1, max_size=12), st.sampled_from(PIECES))
text = st.lists(fragment, min_size=1, max_size=8).map("".join).filter(lambda value: value.strip())
one_line = text.map(lambda value: " ".join(value.split("\n")).strip()).filter(bool)  # for single-line fields

# Where generated text goes: every free-text field of every model, found by walking the models, so a field
# added later is covered without editing this test. Single-line fields get `one_line` values (a newline
# there is rejected by validation, tested in tests/data/bad/26-multiline-title.yaml).
NOT_PRINTED = {
    ("owner", "aliases"): "other spellings, used only to recognise the owner in author lists",
    ("publications", "equal_contribution"): "names of authors, shown as a mark on the author",
    ("publications", "corresponding"): "names of authors, shown as a mark on the author",
    ("publications", "venue_short"): "the venue's abbreviation, printed by the CSL styles that ask for it "
                                      "(tests/test_csl_oracle.py)",
    ("publications", "translators"): "printed by CSL styles (tests/test_csl_oracle.py); cvgen's own style has "
                                     "no phrase for them yet",
    ("publication_groups",): "sub-headings printed only in a document grouped by type, and the genres that "
                             "choose papers (tests/test_fields_cvs.py)",
    ("contact", "extra", 0, "icon"): "the name of RenderCV's icon for the item; cvgen prints no icons",
    ("contact", "username"): "a profile link's user name, carried for JSON Resume; the link's address, "
                             "which names it, is what is printed",
    ("variants",): "documents to build, not text",
    ("titles",): "headings by section key (their keys must name sections): tests/test_view.py",
    ("phrases",): "the catalog's words by key: tests/test_view.py",
    ("design",): "how the documents look, not text (the photo is a file): tests/test_themes.py",
}


# Each free-text type has an annotation object of its own (one instance per type, which gives pydantic its
# schemas), which a field's metadata carries.
TYPE_MARKS = (model._InLanguages, model._Plain)
KINDS = {item: kind for alias, kind in ((model.Line, "line"), (model.Numbered, "line"), (model.Text, "text"),
                                        (model.Markup, "markup"), (model.Person, "name"))
         for item in typing.get_args(alias)[1:] if isinstance(item, TYPE_MARKS)}


def _text_kind(annotation, metadata=()) -> str | None:
    """'line', 'text' or 'markup' for cvgen's free-text types (Line, Numbered, Text, Markup), else None."""
    for item in [*metadata, *typing.get_args(annotation)[1:]]:
        if isinstance(item, TYPE_MARKS) and item in KINDS:
            return KINDS[item]
    return None


def _unwrap(annotation):
    """The type inside Optional[...] and Annotated[...]."""
    while typing.get_origin(annotation) in (typing.Union, types.UnionType, typing.Annotated):
        arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
        if typing.get_origin(annotation) is typing.Annotated:
            return annotation
        annotation = arguments[0]
    return annotation


def _is_model(annotation) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def free_text_fields(cls=model.Profile, path=()) -> list[tuple[tuple, str]]:
    """(path, 'line' or 'text') of every free-text field below `cls`; list items are at index 0."""
    found = []
    for name, info in cls.model_fields.items():
        here = path + (name,)
        if here in NOT_PRINTED or (path[:1] + (name,)) in NOT_PRINTED:
            continue
        annotation = _unwrap(info.annotation)
        kind = _text_kind(annotation, info.metadata)
        is_list = typing.get_origin(annotation) is list
        inner = _unwrap(typing.get_args(annotation)[0]) if is_list else annotation
        kind = kind or (_text_kind(inner) if is_list else None)
        if kind:
            found.append((here, kind))
        elif isinstance(inner, type) and issubclass(inner, BaseModel):
            found.extend(free_text_fields(inner, here + ((0,) if is_list else ())))
        elif typing.get_origin(annotation) is dict and _is_model(_unwrap(typing.get_args(annotation)[1])):
            value = _unwrap(typing.get_args(annotation)[1])  # sections of your own: each field in one of its own
            for index, (below, below_kind) in enumerate(free_text_fields(value, ())):
                found.append((here + (f"own{index}",) + below, below_kind))
    return found


FIELDS = free_text_fields()
# What a required field that is not free text holds, by name.
REQUIRED = {"start": 2020, "date": "2023-05-01", "year": 2024, "key": "p", "url": "https://example.org",
            "title": "T"}


def profile_with(values: dict[tuple, str]) -> dict:
    """A valid profile with `values` placed at their paths, and the other required fields filled in."""
    def fill(cls, path):
        data = {}
        for name, info in cls.model_fields.items():
            here = path + (name,)
            annotation = _unwrap(info.annotation)
            is_list = typing.get_origin(annotation) is list
            inner = _unwrap(typing.get_args(annotation)[0]) if is_list else annotation
            if here in values:
                data[name] = [values[here]] if is_list else values[here]
            elif isinstance(inner, type) and issubclass(inner, BaseModel) and any(
                    key[:len(here)] == here for key in values):
                item = fill(inner, here + ((0,) if is_list else ()))
                data[name] = [item] if is_list else item
            elif typing.get_origin(annotation) is dict and any(key[:len(here)] == here for key in values):
                value = _unwrap(typing.get_args(annotation)[1])
                keys = dict.fromkeys(key[len(here)] for key in values if key[:len(here)] == here)
                data[name] = {key: fill(value, here + (key,)) for key in keys}
            elif info.is_required():
                data[name] = REQUIRED.get(name, "x")
        return data

    profile = fill(model.Profile, ())
    for section in profile.get("sections", {}).values():  # a section with nothing in it is not printed
        if not section.get("entries") and not section.get("items"):
            section["items"] = ["filler"]
    publication = profile["publications"][0]
    publication["authors"] = ["Kai Yi", *publication["authors"]]
    publication["highlight"] = True
    return profile


# Straight quotes become the language's typographic ones (tests/test_punctuation.py), which may depend on
# the script of the text around them: here every quotation mark counts as the same mark.
QUOTES = str.maketrans(dict.fromkeys("'\"“”‘’「」『』„‚«»", "'"))


def squeeze(value: str) -> str:
    return "".join(unicodedata.normalize("NFC", value).split()).translate(QUOTES)


def build_and_read(values: dict[tuple, str]) -> str:
    """The text of the long CV and of a long CV that uses `short_summary` (as the résumé does)."""
    profile = profile_with(values)
    every_section = [*BUILTIN["long"].sections, *profile.get("sections", {})]
    long = BUILTIN["long"].model_copy(update={"sections": every_section})
    with_short_summary = long.model_copy(update={"name": "check", "output": "check", "summary": "short_summary"})
    # Every cover letter of the profile too (one per letter field here), without its page budget.
    letters = [model.Variant(name=f"letter-{key}", output=f"letter-{key}", template="letter.tex.j2", letter=key)
               for key in profile.get("letters", {})]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cv.yaml"
        path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
        build(path, Path(folder) / "out", [long, with_short_summary, *letters])
        return "".join(page.extract_text() for name in ("cv", "check", *(letter.output for letter in letters))
                       for page in PdfReader(Path(folder) / "out" / f"{name}.pdf").pages)


def test_every_free_text_field_is_covered():
    paths = {".".join(str(part) for part in path) for path, _ in FIELDS}
    assert {"owner.name", "headline", "summary", "short_summary", "contact.phone", "contact.location",
            "contact.links.0.label", "education.0.thesis.title", "publications.0.title", "experience.0.highlights",
            "reviewing.conferences.0.venue", "skills.0.items", "hobbies"} <= paths
    assert len(FIELDS) >= 75, len(FIELDS)


def values_for(texts: list[str], lines: list[str]) -> dict[tuple, str]:
    """Field i gets a marker `Fi.` then one of the generated strings, so each field is found on its own."""
    return {path: f"F{index}." + (lines if kind in ("line", "name") else texts)[index % 3]
            for index, (path, kind) in enumerate(FIELDS)}


def printed(path: tuple, value: str) -> str:
    """What the PDF must show for `value`: itself; in a Markup field, its text without the markup (the
    markup itself is tested in tests/test_richtext.py); in a name, the name in reading order. A contact link
    prints its address, not its label."""
    if path[:2] == ("contact", "links") and path[-1] == "label":
        return ""
    if dict(FIELDS)[path] == "name":  # a name is printed in reading order ("Di Carli, Marcelo F." → "Marcelo F. Di Carli")
        return str(names.from_text(value))
    return text_of(markdown(value)) if dict(FIELDS)[path] == "markup" else value


@pytest.mark.tex
@settings(max_examples=EXAMPLES, deadline=None, derandomize="CVGEN_FUZZ_EXAMPLES" not in os.environ,
          suppress_health_check=[HealthCheck.too_slow], database=None)
@given(st.lists(text, min_size=3, max_size=3), st.lists(one_line, min_size=3, max_size=3))
@example(["-"] * 3, ["-"] * 3)
@example([PIECES[i].strip() + " Ünïcødé 易 Ω ж ễ" for i in range(3)],
         [PIECES[i].strip() + " Ünïcødé 易 Ω ж ễ" or "x" for i in range(3, 6)])
@example(["Upon request"] * 3, ["Upon request", "a*b*c", "**not** [a](b) _c_"])
def test_text_reaches_the_pdf_exactly(texts, lines):
    values = values_for(texts, lines)
    extracted = squeeze(build_and_read(values))
    missing = {".".join(map(str, path)): value for path, value in values.items()
               if squeeze(printed(path, value)) not in extracted}
    assert not missing, missing
