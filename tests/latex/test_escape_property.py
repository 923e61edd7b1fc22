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
import unicodedata
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from cvgen.pipeline import build
from cvgen.variants import BUILTIN

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

# Where each generated string goes: one field of each kind of entry. Single-line fields get `one_line`
# values (a newline there is rejected by validation, tested in tests/data/bad/26-multiline-title.yaml).
MULTI_LINE = {"summary"}
FIELDS = {
    "headline": lambda v: {"headline": v},
    "summary": lambda v: {"summary": v},
    "education": lambda v: {"education": [{"institution": v, "degree": "D", "start": 2020}]},
    "publication": lambda v: {"publications": [{"key": "p", "authors": ["A", v], "title": v, "venue": v,
                                                "year": 2024, "notes": [v], "highlight": True}]},
    "experience": lambda v: {"experience": [{"organization": "O", "role": v, "start": 2021, "highlights": [v]}]},
    "talk": lambda v: {"talks": [{"title": v, "date": "2023-05-01"}]},
    "award": lambda v: {"awards": [{"name": v, "start": 2019}]},
    "skill": lambda v: {"skills": [{"category": "C", "items": [v]}]},
}


def squeeze(value: str) -> str:
    return "".join(unicodedata.normalize("NFC", value).split())


def build_and_read(values: dict[str, str]) -> str:
    profile: dict = {"owner": {"name": "Kai Yi"}}
    for field, value in values.items():
        profile.update(FIELDS[field](value))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cv.yaml"
        path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
        build(path, Path(folder) / "out", [BUILTIN["long"]])
        return "".join(page.extract_text() for page in PdfReader(Path(folder) / "out" / "cv.pdf").pages)


@settings(max_examples=EXAMPLES, deadline=None, derandomize="CVGEN_FUZZ_EXAMPLES" not in os.environ,
          suppress_health_check=[HealthCheck.too_slow], database=None)
@given(st.fixed_dictionaries({field: text if field in MULTI_LINE else one_line for field in FIELDS}))
@example({field: "-" for field in FIELDS})
@example({field: PIECES[index % len(PIECES)].strip() + " Ünïcødé 易 Ω ж ễ" for index, field in enumerate(FIELDS)})
def test_text_reaches_the_pdf_exactly(values):
    extracted = squeeze(build_and_read(values))
    for field, value in values.items():
        assert squeeze(value) in extracted, (field, value)
