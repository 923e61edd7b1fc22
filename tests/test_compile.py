"""The engine as a bounded, locked-down subprocess: errors with context, timeouts, no reading outside;
started early, the same."""

from __future__ import annotations

import re

import pytest

from cvgen.compile import Prestarted, TexError, compile_tex, format_name
from cvgen.errors import BuildError
from cvgen.latex.engine import Engine
from conftest import waiting_engines

DOC = "\\documentclass{article}\\begin{document}\n%s\n\\end{document}\n"


def test_one_run_when_nothing_asks_for_another():
    compiled = compile_tex(DOC % "Hello", Engine("pdflatex"), source_date_epoch=0)
    assert compiled.pdf.startswith(b"%PDF")
    assert compiled.runs == 1


def test_a_second_run_when_the_log_asks_for_it():
    compiled = compile_tex(DOC % "\\label{a}See page \\pageref{a}.", Engine("pdflatex"), source_date_epoch=0)
    assert compiled.runs == 2


def test_tex_error_gives_first_error_context_and_log_path():
    with pytest.raises(TexError) as caught:
        compile_tex(DOC % "Fine line\n\\undefinedthing here", Engine("pdflatex"), source_date_epoch=0)
    message = str(caught.value)
    assert message.startswith("pdflatex failed: Undefined control sequence.\n")
    assert "l.3 \\undefinedthing" in message
    assert re.search(r"log: /\S+/doc\.log$", message)
    assert caught.value.source == "\\undefinedthing here"


def test_a_hanging_engine_is_stopped_at_the_timeout():
    with pytest.raises(BuildError, match=r"^pdflatex did not finish within 2 s and was stopped"):
        compile_tex(DOC % "\\loop\\iftrue\\repeat", Engine("pdflatex"), source_date_epoch=0, timeout=2)


def test_missing_engine_says_what_to_install():
    with pytest.raises(BuildError) as caught:
        compile_tex(DOC % "x", Engine("no-such-latex"), source_date_epoch=0)
    assert str(caught.value).startswith("no-such-latex is not installed. Install TeX Live, for example:\n  apt-get install")


@pytest.mark.parametrize("engine", ["pdflatex", "xelatex"])
def test_tex_cannot_read_files_outside_its_build_directory(tmp_path, engine):
    secret = tmp_path / "secret.tex"
    secret.write_text("TOPSECRET")
    tricks = f"visible \\newread\\r\\openin\\r={secret} \\ifeof\\r\\else\\read\\r to\\x \\x\\fi"
    compiled = compile_tex(DOC % tricks, Engine(engine), source_date_epoch=0)
    assert b"TOPSECRET" not in compiled.pdf
    with pytest.raises(TexError):
        compile_tex(DOC % f"\\input{{{secret}}}", Engine(engine), source_date_epoch=0)


def test_shell_escape_is_off():
    compiled = compile_tex(DOC % "\\immediate\\write18{touch /tmp/cvgen-pwned}x", Engine("pdflatex"), source_date_epoch=0)
    assert "runsystem(touch /tmp/cvgen-pwned)...disabled" in compiled.log


def test_a_precompiled_preamble_gives_the_same_document_faster(shipped_build, private_cache):
    from pypdf import PdfReader
    import io

    tex = (shipped_build / "cv.tex").read_text()
    with_format = compile_tex(tex, Engine("pdflatex"), source_date_epoch=0)
    assert "preloaded format=cvgen-" in with_format.log.splitlines()[0]
    assert list((private_cache / "formats").glob("cvgen-*.fmt"))
    plain = compile_tex(tex, Engine("pdflatex"), source_date_epoch=0, use_format=False)
    assert "preloaded format=pdflatex" in plain.log.splitlines()[0]
    text = [[page.extract_text() for page in PdfReader(io.BytesIO(c.pdf)).pages] for c in (with_format, plain)]
    assert text[0] == text[1]


# An engine started before its document: the same PDF, errors reported as from an ordinary run, no leftovers.
LINED = "\\documentclass{article}\n\\usepackage{lmodern}\n\\begin{document}\n%s\n\\end{document}\n"


def _prestarted_on(tex: str, key: str) -> Prestarted:
    """Engines waiting on the format of `tex` (made by an ordinary compile first), as a later build gets them."""
    compile_tex(tex, Engine("pdflatex"), source_date_epoch=0)
    Prestarted(key).remember([(format_name(tex, Engine("pdflatex"), 0), 0)])
    return Prestarted(key)


def test_an_engine_started_early_gives_the_same_pdf(shipped_build):
    tex = (shipped_build / "resume.tex").read_text()
    ordinary = compile_tex(tex, Engine("pdflatex"), source_date_epoch=0)
    with _prestarted_on(tex, "same-pdf") as prestarted:
        assert len(prestarted.waiting) == 1
        early = compile_tex(tex, Engine("pdflatex"), source_date_epoch=0, prestarted=prestarted)
        assert prestarted.waiting == []  # taken
    assert "(./body.tex" in early.log and "(./body.tex" not in ordinary.log
    assert early.pdf == ordinary.pdf
    assert early.runs == 1


def test_lines_in_the_log_of_an_early_started_run_are_those_of_doc_tex():
    tex = LINED % "Text\n\n\\hbox to 2\\textwidth{wide}"
    ordinary = compile_tex(tex, Engine("pdflatex"), source_date_epoch=0)
    with _prestarted_on(tex, "lines") as prestarted:
        early = compile_tex(tex, Engine("pdflatex"), source_date_epoch=0, prestarted=prestarted)
    assert "(./body.tex" in early.log
    reported = [re.findall(r"full \\hbox .* detected at line (\d+)", c.log) for c in (ordinary, early)]
    assert reported[0] == reported[1] == ["6"]


def test_an_engine_started_on_another_preamble_is_stopped_unused():
    tex = LINED % "Hello"
    with _prestarted_on(tex, "wrong-guess") as prestarted:
        waiting = prestarted.waiting[0]
        other = compile_tex((LINED % "Hello").replace("lmodern", "microtype"), Engine("pdflatex"),
                            source_date_epoch=0, prestarted=prestarted)
        assert "(./body.tex" not in other.log
        assert waiting.process.poll() is None  # still waiting
    assert waiting.process.poll() is not None
    assert not waiting.build_dir.exists()
    assert waiting_engines() == []


def test_an_error_in_an_early_started_run_is_reported_as_from_doc_tex():
    tex = LINED % "Fine line\n\\undefinedthing here"
    with pytest.raises(TexError) as ordinary:
        compile_tex(tex, Engine("pdflatex"), source_date_epoch=0)
    Prestarted("error").remember([(format_name(tex, Engine("pdflatex"), 0), 0)])
    with Prestarted("error") as prestarted, pytest.raises(TexError) as early:
        compile_tex(tex, Engine("pdflatex"), source_date_epoch=0, prestarted=prestarted)
    assert str(early.value).replace(str(early.value.log_path), "LOG") == \
        str(ordinary.value).replace(str(ordinary.value.log_path), "LOG")
    assert early.value.source == "\\undefinedthing here"
    assert waiting_engines() == []


def test_a_broken_format_falls_back_to_an_ordinary_run():
    tex = LINED % "Still built"
    with _prestarted_on(tex, "broken") as prestarted:
        prestarted.waiting[0].process.kill()  # as if the format could not be loaded
        prestarted.waiting[0].process.wait()
        compiled = compile_tex(tex, Engine("pdflatex"), source_date_epoch=0, prestarted=prestarted)
    assert "(./doc.tex" in compiled.log
    assert compiled.pdf.startswith(b"%PDF")
