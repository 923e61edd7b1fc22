"""Engines started before the profile is read (both engines): the same PDF, errors reported as from an
ordinary run, log lines those of doc.tex, and nothing left behind."""

from __future__ import annotations

import re

import pytest

from conftest import waiting_engines
from cvgen.latex.engine import Engine
from cvgen.typeset.compile import TexError, compile_tex
from cvgen.typeset.preambles import preamble_name
from cvgen.typeset.prestart import Prestarted

pytestmark = pytest.mark.tex  # every test here runs a TeX engine or reads a PDF with poppler

# An engine started before its document: the same PDF, errors reported as from an ordinary run, no leftovers.
LINED = "\\documentclass{article}\n\\usepackage{lmodern}\n\\begin{document}\n%s\n\\end{document}\n"
FONTSPEC = "\\documentclass{article}\n\\usepackage{fontspec}\n\\setmainfont{CMU Serif}\n\\begin{document}\n%s\n\\end{document}\n"
ENGINES = {"pdflatex": LINED, "xelatex": FONTSPEC}


def _prestarted_on(tex: str, key: str, engine: str = "pdflatex") -> Prestarted:
    """Engines waiting on the preamble of `tex` (kept by an ordinary compile first), as a later build gets them."""
    compile_tex(tex, Engine(engine), source_date_epoch=0)
    Prestarted(key).remember([(preamble_name(tex, Engine(engine), 0) or "", engine, 0)])
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


@pytest.mark.parametrize("engine", ENGINES)
def test_an_engine_started_early_on_a_small_document_gives_the_same_pdf(engine):
    tex = ENGINES[engine] % "Hello, early engine"
    ordinary = compile_tex(tex, Engine(engine), source_date_epoch=0)
    with _prestarted_on(tex, f"small-{engine}", engine) as prestarted:
        assert [waiting.engine for waiting in prestarted.waiting] == [engine]
        early = compile_tex(tex, Engine(engine), source_date_epoch=0, prestarted=prestarted)
        assert prestarted.waiting == []  # taken
    assert "(./body.tex" in early.log
    assert early.pdf == ordinary.pdf
    assert waiting_engines() == []


@pytest.mark.parametrize("engine", ENGINES)
def test_lines_in_the_log_of_an_early_started_run_are_those_of_doc_tex(engine):
    tex = ENGINES[engine] % "Text\n\n\\hbox to 2\\textwidth{wide}"
    ordinary = compile_tex(tex, Engine(engine), source_date_epoch=0)
    with _prestarted_on(tex, f"lines-{engine}", engine) as prestarted:
        early = compile_tex(tex, Engine(engine), source_date_epoch=0, prestarted=prestarted)
    assert "(./body.tex" in early.log
    reported = [re.findall(r"full \\hbox .* detected at line (\d+)", c.log) for c in (ordinary, early)]
    assert reported[0] == reported[1] == [str(tex.split("\n").index("\\hbox to 2\\textwidth{wide}") + 1)]


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
    Prestarted("error").remember([(preamble_name(tex, Engine("pdflatex"), 0) or "", "pdflatex", 0)])
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


def test_engines_for_every_document_start_one_after_another(monkeypatch):
    """Loading a preamble takes a core: with one to spare, each engine starts when the one before it waits."""
    from cvgen.typeset import prestart

    monkeypatch.setattr(prestart, "engines_to_prestart", lambda: 1)
    texts = [LINED.replace("lmodern", package) % "In turn" for package in ("lmodern", "microtype", "array")]
    for tex in texts:
        compile_tex(tex, Engine("pdflatex"), source_date_epoch=0)
    names = [preamble_name(tex, Engine("pdflatex"), 0) or "" for tex in texts]
    Prestarted("in-turn").remember([(name, "pdflatex", 0) for name in names])
    with Prestarted("in-turn", every=True) as prestarted:
        assert [waiting.name for waiting in prestarted.waiting] == names[:1]  # the others wait their turn
        assert prestarted._turns is not None
        prestarted._turns.join(60)
        assert [waiting.name for waiting in prestarted.waiting] == names
        assert all(waiting.process.poll() is None for waiting in prestarted.waiting)
        compiled = [compile_tex(tex, Engine("pdflatex"), source_date_epoch=0, prestarted=prestarted) for tex in texts]
        assert prestarted.waiting == []  # all three taken
    assert all("(./body.tex" in each.log for each in compiled)
    assert waiting_engines() == []


def test_an_engine_not_started_yet_starts_when_its_document_asks(monkeypatch):
    from cvgen.typeset import prestart

    monkeypatch.setattr(prestart, "engines_to_prestart", lambda: 1)
    texts = [LINED.replace("lmodern", package) % "Asked" for package in ("lmodern", "microtype")]
    for tex in texts:
        compile_tex(tex, Engine("pdflatex"), source_date_epoch=0)
    names = [preamble_name(tex, Engine("pdflatex"), 0) or "" for tex in texts]
    Prestarted("asked").remember([(name, "pdflatex", 0) for name in names])
    with Prestarted("asked", every=True) as prestarted:
        second = compile_tex(texts[1], Engine("pdflatex"), source_date_epoch=0, prestarted=prestarted)
        assert [waiting.name for waiting in prestarted.waiting] == names[:1]  # the first still waits
    assert "(./body.tex" in second.log
    assert second.pdf == compile_tex(texts[1], Engine("pdflatex"), source_date_epoch=0).pdf
    assert waiting_engines() == []


def test_a_document_asking_for_an_engine_that_is_being_started_in_turn_gets_it(monkeypatch):
    """The engine taken from the queue and not yet among the waiting ones was found by neither: its document
    ran the ordinary way (about one full test run in twenty, on another test)."""
    import threading

    from cvgen.typeset import prestart

    monkeypatch.setattr(prestart, "engines_to_prestart", lambda: 1)
    texts = [LINED.replace("lmodern", package) % "Race" for package in ("lmodern", "microtype")]
    for tex in texts:
        compile_tex(tex, Engine("pdflatex"), source_date_epoch=0)
    names = [preamble_name(tex, Engine("pdflatex"), 0) or "" for tex in texts]
    starting, go = threading.Event(), threading.Event()
    original = prestart.WaitingEngine.__init__

    def held(self, name, *rest, **options):
        if name == names[1]:  # the second, started in turn: held until its document has asked for it
            starting.set()
            go.wait(10)
        original(self, name, *rest, **options)

    monkeypatch.setattr(prestart.WaitingEngine, "__init__", held)
    Prestarted("race").remember([(name, "pdflatex", 0) for name in names])
    with Prestarted("race", every=True) as prestarted:
        assert starting.wait(30)
        taken: list = []
        asking = threading.Thread(target=lambda: taken.append(prestarted.take(names[1])))
        asking.start()
        asking.join(0.3)  # it asks while the engine is being started
        go.set()
        asking.join(30)
        assert taken and taken[0] is not None and taken[0].name == names[1]
        taken[0].stop()
    assert waiting_engines() == []
