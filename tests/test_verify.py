"""Reading the engine's log and the PDF: pages, fill, marks, missing glyphs, overfull lines."""

from __future__ import annotations

import pytest

from cvgen.latex.engine import Engine
from cvgen.typeset.compile import compile_tex
from cvgen.typeset.verify import describe_character, missing_characters, over_budget, page_count, read_report

LOG = """Missing character: There is no 😀 (U+1F600) in font CMU Serif/OT:script=latn;!
Missing character: There is no 😀 (U+1F600) in font CMU Serif/OT:script=latn;!
Overfull \\hbox (17.8pt too wide) in paragraph at lines 3--4
Overfull \\hbox (0.4pt too wide) in paragraph at lines 9--9
cvgen-mark:0:1:3000000
cvgen-mark:1:1:2000000
cvgen-mark:-1:1:1000000
cvgen-fill: 500.0pt of 600.0pt, baselineskip 12.0pt
"""


def test_missing_glyphs_are_listed_once_each_with_their_font():
    assert missing_characters(LOG) == [("😀", "CMU Serif/OT:script=latn;")]
    assert describe_character("😀") == "'😀' (U+1F600 GRINNING FACE)"


@pytest.mark.tex
def test_the_report_reads_pages_fill_marks_and_overfull_lines():
    pdf = compile_tex("\\documentclass{article}\\begin{document}\nx\\newpage y\n\\end{document}\n",
                      Engine("pdflatex"), source_date_epoch=0).pdf
    report = read_report(pdf, LOG, [("awards", 0), ("awards", 1)])  # no page count in this log: pypdf counts
    assert (report.pages, report.used, report.goal, report.line) == (2, 500.0, 600.0, 12.0)
    assert [(entry, page) for entry, page, _ in report.marks] == [(("awards", 0), 1), (("awards", 1), 1), (None, 1)]
    assert report.warnings == ["1 overfull line(s), the widest by 17.8pt"]  # under a point is not worth it
    assert report.overflow(1) == 500.0 and report.overflow(2) == 0.0
    assert round(report.room_left_lines()) == 8
    assert str(over_budget("resume.pdf", report, 1, "Trim it.")) == (
        "resume.pdf: the content takes 2 pages but the budget is 1; it is over by about 42 lines (500pt). Trim it.")


@pytest.mark.tex
@pytest.mark.parametrize("engine", ["pdflatex", "xelatex"])
def test_the_page_count_is_the_one_the_engine_wrote_in_its_log(engine):
    compiled = compile_tex("\\documentclass{article}\\begin{document}\nx\\newpage y\\newpage z\n\\end{document}\n",
                           Engine(engine), source_date_epoch=0)
    assert page_count(compiled.pdf, compiled.log) == page_count(compiled.pdf) == 3
    assert read_report(b"not read", compiled.log).pages == 3  # the log says it: the PDF is not parsed
