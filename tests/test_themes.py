"""Themes: data that is complete and valid, the design a document gets (theme < profile < variant), the
`cvgen themes` listing, and the guarantees every theme keeps on real PDFs: the résumé on one page, a clean
text layer with the owner's name first, the same bytes from a rebuild elsewhere, pdflatex, xelatex and CJK."""

from __future__ import annotations

import re
import struct
import subprocess
import typing
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import CVGEN, ROOT, pdf_text
from cvgen.document.variants import resolve, select
from cvgen.latex.engine import Engine
from cvgen.profile import themes
from cvgen.profile.model import Design, Variant
from cvgen.typeset.fit import ladder
from cvgen.typeset.pipeline import build, load_profile
from pdflayout import Word, chroma_in

THEMES = themes.names()


def test_four_themes_the_default_first():
    assert THEMES[0] == "classic" and set(THEMES) == {"classic", "modern", "sober", "engineering"}


@pytest.mark.parametrize("theme", THEMES)
def test_each_theme_is_complete_and_valid(theme):
    data = themes._load(theme)
    assert themes.description(theme).strip()
    Design(**data["design"])  # every default is a value a profile could write
    assert set(data["design"]) == {"accent", "font", "font_size", "margins", "header"}
    assert set(data["style"]) == set(themes._load("classic")["style"])


def test_every_font_of_the_model_has_names_for_both_engines():
    assert set(typing.get_args(typing.get_args(Design.model_fields["font"].annotation)[0])) == set(themes.FONTS)


def test_the_variant_changes_the_profiles_design_field_by_field_over_the_theme():
    profile = Design(theme="modern", accent="#112233", paper="letter")
    variant = Design(accent="#445566", font_size=11)
    look = themes.look(profile, variant, paper="a4")
    assert (look.theme, look.accent, look.font, look.font_size, look.paper, look.header) == (
        "modern", "445566", "tex-gyre-heros", 11, "letter", "left")
    assert look.class_pt == 11
    assert themes.look(None, None, paper="letter").paper == "letter"  # the profile's top-level paper
    assert themes.look(None, None).theme == "classic"


def test_a_theme_keeps_its_font_whatever_the_script():
    """Palatino stays Palatino: characters it lacks get a fallback font each (tests/test_scripts.py)."""
    look = themes.look(Design(theme="sober"), None)
    assert look.font_name(Engine("pdflatex")) == look.font_name(Engine("xelatex")) == "TeX Gyre Pagella"
    assert look.font_name(Engine("xelatex", other_scripts=True)) == "TeX Gyre Pagella"


def test_cvgen_themes_lists_each_with_its_description():
    listed = subprocess.run([*CVGEN, "themes"], capture_output=True, text=True, check=True).stdout.splitlines()
    assert [line.split()[0] for line in listed] == list(THEMES)
    assert all(themes.description(theme) in line for theme, line in zip(THEMES, listed, strict=True))


def with_theme(profile_text: str, theme: str) -> str:
    return profile_text + f"\ndesign:\n  theme: {theme}\n"


@pytest.fixture(scope="module", params=THEMES)
def shipped(request, tmp_path_factory) -> tuple[str, Path]:
    theme = request.param
    folder = tmp_path_factory.mktemp(f"shipped-{theme}")
    (folder / "cv.yaml").write_text(with_theme((ROOT / "cv.yaml").read_text(encoding="utf-8"), theme), encoding="utf-8")
    built = build(folder / "cv.yaml", folder / "out", use_cache=False)
    assert {document.engine for document in built} == {"pdflatex"}
    return theme, folder


def clean(text: str) -> bool:
    """No icon (private use), ligature or replacement characters."""
    return not any(0xE000 <= ord(c) <= 0xF8FF or 0xFB00 <= ord(c) <= 0xFB06 or c == "\ufffd" for c in text)


@pytest.mark.tex
def test_every_theme_keeps_the_resume_on_one_page_and_a_clean_text_layer(shipped):
    theme, folder = shipped
    assert len(PdfReader(folder / "out" / "resume.pdf").pages) == 1
    for name in ("cv", "resume", "publications"):
        text = pdf_text(folder / "out" / f"{name}.pdf")
        assert text.startswith("Kai Yi"), (theme, name, text[:40])
        assert clean(text) and "Peter Richtárik" in text
    assert "Efficient" in pdf_text(folder / "out" / "cv.pdf")  # ligatures extract as letters


@pytest.mark.tex
def test_every_theme_gives_the_same_bytes_when_built_elsewhere(shipped, tmp_path):
    theme, folder = shipped
    (tmp_path / "cv.yaml").write_bytes((folder / "cv.yaml").read_bytes())
    profile = load_profile(tmp_path / "cv.yaml")
    build(tmp_path / "cv.yaml", tmp_path / "out", select("short", profile), use_cache=False)
    assert (tmp_path / "out" / "resume.pdf").read_bytes() == (folder / "out" / "resume.pdf").read_bytes()


@pytest.mark.tex
@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_with_xelatex_greek_cyrillic_and_cjk(theme, tmp_path):
    text = with_theme((ROOT / "src" / "cvgen" / "starters" / "industry.yaml").read_text(encoding="utf-8"), theme)
    text = text.replace("Senior Software Engineer · Distributed Systems", "Ingénieur · Μηχανικός · Инженер")
    (tmp_path / "cv.yaml").write_text(text, encoding="utf-8")
    profile = load_profile(tmp_path / "cv.yaml")
    chosen = [resolve("zh", Variant(based_on="short", language="zh")), *select("short", profile)]
    built = {document.name: document for document in build(tmp_path / "cv.yaml", tmp_path / "out", chosen)}
    assert all(document.engine == "xelatex" and document.pages == 1 for document in built.values())
    for name in ("zh", "resume"):
        text = pdf_text(tmp_path / "out" / f"{name}.pdf")
        assert text.startswith("Sam Example") and "Μηχανικός" in text and "Инженер" in text and clean(text)
    assert "工作经历" in pdf_text(tmp_path / "out" / "zh.pdf")


@pytest.mark.tex
@pytest.mark.parametrize("theme", THEMES)
def test_the_industry_starter_builds_in_every_theme(theme, tmp_path):
    subprocess.run([*CVGEN, "init", "--kind", "industry"], cwd=tmp_path, check=True, capture_output=True)
    (tmp_path / "cv.yaml").write_text(with_theme((tmp_path / "cv.yaml").read_text(encoding="utf-8"), theme),
                                      encoding="utf-8")
    built = build(tmp_path / "cv.yaml", tmp_path / "out", use_cache=False)
    assert [document.pages for document in built if document.name == "short"] == [1]
    assert pdf_text(tmp_path / "out" / "cv.pdf").startswith("Sam Example")


def tiny_png(path: Path, grey: int = 128) -> None:
    """A 2×2 grey PNG, written by hand (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes([grey] * 6) for _ in range(2))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.mark.tex
def test_a_photo_is_printed_beside_the_name_and_a_new_photo_rebuilds(tmp_path):
    tiny_png(tmp_path / "me.png")
    text = with_theme((ROOT / "src" / "cvgen" / "starters" / "industry.yaml").read_text(encoding="utf-8"), "modern")
    (tmp_path / "cv.yaml").write_text(text + "  photo: me.png\n", encoding="utf-8")
    profile = load_profile(tmp_path / "cv.yaml")
    [built] = build(tmp_path / "cv.yaml", tmp_path / "out", select("short", profile))
    page = PdfReader(built.path).pages[0]
    assert len(page.images) == 1 and built.pages == 1
    assert pdf_text(built.path).startswith("Sam Example")
    tiny_png(tmp_path / "me.png", grey=64)
    [again] = build(tmp_path / "cv.yaml", tmp_path / "out", select("short", profile))
    assert again.runs == 1  # the unchanged profile with a new photo is built again, not taken from the cache


@pytest.mark.tex
def test_sober_is_black_and_white_and_the_others_have_their_accent(shipped):
    theme, folder = shipped
    page = Word("", 0, 0, 594, 840)  # all of an A4 page, in points
    for name in ("cv", "resume"):
        chroma = chroma_in(folder / "out" / f"{name}.pdf", page)
        assert chroma < 30 if theme == "sober" else chroma > 60, (theme, name, chroma)


@pytest.mark.tex
def test_fitting_stays_within_the_themes_own_font_size(tmp_path):
    assert [rung.font_pt for rung in ladder(11)[-2:]] == [10.5, 10]
    text = (ROOT / "cv.yaml").read_text(encoding="utf-8") + "\ndesign: {theme: modern, font_size: 11}\n"
    (tmp_path / "cv.yaml").write_text(text, encoding="utf-8")
    [built] = build(tmp_path / "cv.yaml", tmp_path / "out", select("short", load_profile(tmp_path / "cv.yaml")))
    assert built.pages == 1
    sizes = [float(size) for note in built.notes for size in re.findall(r"font ([\d.]+)pt", note)]
    assert all(size >= 10 for size in sizes), built.notes
