"""The engine as a bounded, locked-down subprocess: errors with context, timeouts, no reading outside;
started early, the same."""

from __future__ import annotations

import io
import os
import re

import pytest
from pypdf import PdfReader

from cvgen.errors import BuildError
from cvgen.latex.engine import Engine
from cvgen.typeset.compile import TexError, compile_tex
from cvgen.typeset.processes import start

DOC = "\\documentclass{article}\\begin{document}\n%s\n\\end{document}\n"


def _text(pdf: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


@pytest.mark.tex
def test_a_document_that_asks_for_nothing_more_is_typeset():
    compiled = compile_tex(DOC % "Hello", Engine("pdflatex"), source_date_epoch=0)
    assert compiled.pdf.startswith(b"%PDF") and _text(compiled.pdf) == "Hello 1"
    assert "Rerun to get" not in compiled.log


@pytest.mark.tex
def test_a_second_run_when_the_log_asks_for_it():
    """The first run cannot know the page of the label (it prints ??); the run the log asks for does."""
    compiled = compile_tex(DOC % "\\label{a}See page \\pageref{a}.", Engine("pdflatex"), source_date_epoch=0)
    assert _text(compiled.pdf) == "See page 1. 1"


@pytest.mark.tex
def test_tex_error_gives_first_error_context_and_log_path():
    with pytest.raises(TexError) as caught:
        compile_tex(DOC % "Fine line\n\\undefinedthing here", Engine("pdflatex"), source_date_epoch=0)
    message = str(caught.value)
    assert message.startswith("pdflatex failed: Undefined control sequence.\n")
    assert "l.3 \\undefinedthing" in message
    assert re.search(r"log: /\S+/doc\.log$", message)
    assert caught.value.source == "\\undefinedthing here"


@pytest.mark.tex
def test_a_hanging_engine_is_stopped_at_the_timeout():
    with pytest.raises(BuildError, match=r"^pdflatex did not finish within 2 s and was stopped"):
        compile_tex(DOC % "\\loop\\iftrue\\repeat", Engine("pdflatex"), source_date_epoch=0, timeout=2)


def test_missing_engine_says_what_to_install():
    with pytest.raises(BuildError) as caught:
        compile_tex(DOC % "x", Engine("no-such-latex"), source_date_epoch=0)
    assert str(caught.value).startswith("no-such-latex is not installed. Install TeX Live, for example:\n  apt-get install")


@pytest.mark.tex
@pytest.mark.parametrize("engine", ["pdflatex", "xelatex"])
def test_tex_cannot_read_files_outside_its_build_directory(tmp_path, engine):
    secret = tmp_path / "secret.tex"
    secret.write_text("TOPSECRET")
    tricks = f"visible \\newread\\r\\openin\\r={secret} \\ifeof\\r\\else\\read\\r to\\x \\x\\fi"
    compiled = compile_tex(DOC % tricks, Engine(engine), source_date_epoch=0)
    assert b"TOPSECRET" not in compiled.pdf
    with pytest.raises(TexError):
        compile_tex(DOC % f"\\input{{{secret}}}", Engine(engine), source_date_epoch=0)


@pytest.mark.tex
def test_shell_escape_is_off():
    compiled = compile_tex(DOC % "\\immediate\\write18{touch /tmp/cvgen-pwned}x", Engine("pdflatex"), source_date_epoch=0)
    assert "runsystem(touch /tmp/cvgen-pwned)...disabled" in compiled.log


@pytest.mark.tex
def test_a_precompiled_preamble_gives_the_same_document_faster(shipped_build, private_cache):
    import io

    from pypdf import PdfReader

    tex = (shipped_build / "cv.tex").read_text()
    with_format = compile_tex(tex, Engine("pdflatex"), source_date_epoch=0)
    assert "preloaded format=cvgen-" in with_format.log.splitlines()[0]
    formats = list((private_cache / "formats").glob("cvgen-*.fmt"))
    assert formats
    # kept uncompressed: inflating it was two thirds of an engine's start (preambles._uncompress)
    assert all(kept.read_bytes()[:2] != b"\x1f\x8b" for kept in formats)
    plain = compile_tex(tex, Engine("pdflatex"), source_date_epoch=0, use_format=False)
    assert "preloaded format=pdflatex" in plain.log.splitlines()[0]
    text = [[page.extract_text() for page in PdfReader(io.BytesIO(c.pdf)).pages] for c in (with_format, plain)]
    assert text[0] == text[1]


@pytest.mark.tex
def test_xelatex_loads_an_uncompressed_copy_of_its_own_format(private_cache, monkeypatch):
    import cvgen.typeset.compile as compile_module

    commands = []
    monkeypatch.setattr(compile_module, "start", lambda command, *rest: commands.append(command) or start(command, *rest))
    compiled = compile_tex(DOC % "Grüße", Engine("xelatex"), source_date_epoch=0)
    (copy,) = (private_cache / "formats").glob("xelatex-*.fmt")
    assert copy.read_bytes()[:2] != b"\x1f\x8b"
    assert commands[-1][:2] == ["xelatex", f"-fmt={copy.stem}"]
    plain = compile_tex(DOC % "Grüße", Engine("xelatex"), source_date_epoch=0, use_format=False)
    assert commands[-1][1] != f"-fmt={copy.stem}"
    assert plain.pdf == compiled.pdf


@pytest.mark.tex
def test_only_the_formats_used_last_are_kept(tmp_path, monkeypatch):
    from cvgen.typeset import preambles

    monkeypatch.setenv("CVGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(preambles, "KEPT_FORMATS", 2)
    folder = tmp_path / "formats"
    folder.mkdir(parents=True)
    for age, name in enumerate(["cvgen-old", "cvgen-older"], start=1):
        (folder / f"{name}.fmt").write_bytes(b"")
        os.utime(folder / f"{name}.fmt", (1000 - age, 1000 - age))
    tex = "\\documentclass{article}\n\\begin{document}\nHello\n\\end{document}\n"
    compile_tex(tex, Engine("pdflatex"), source_date_epoch=0)
    (made,) = set(folder.glob("cvgen-*.fmt")) - {folder / "cvgen-old.fmt", folder / "cvgen-older.fmt"}
    os.utime(made, (500, 500))  # made long ago, older than both...
    compile_tex(tex, Engine("pdflatex"), source_date_epoch=0)  # ...and used now
    preambles.prune()
    assert sorted(path.stem for path in folder.glob("cvgen-*.fmt")) == sorted([made.stem, "cvgen-old"])


@pytest.mark.tex
def test_the_copy_of_xelatex_format_is_made_in_each_cache_folder_and_replaces_an_older_one(tmp_path, monkeypatch):
    from cvgen.typeset import preambles

    monkeypatch.setenv("CVGEN_CACHE_DIR", str(tmp_path / "one"))
    older = tmp_path / "one" / "formats" / "xelatex-0123456789abcdef0123.fmt"  # TeX Live's format before an update
    older.parent.mkdir(parents=True)
    older.write_bytes(b"")
    name = preambles.base_format("xelatex")
    assert name and (tmp_path / "one" / "formats" / f"{name}.fmt").is_file() and not older.exists()
    monkeypatch.setenv("CVGEN_CACHE_DIR", str(tmp_path / "two"))  # another cache folder: made there too
    assert preambles.base_format("xelatex") == name and (tmp_path / "two" / "formats" / f"{name}.fmt").is_file()
