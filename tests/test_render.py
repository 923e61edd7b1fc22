"""The template boundary: rich text escaped leaf by leaf, marks around it, and template mistakes as messages."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from cvgen.errors import UsageError
from cvgen.richtext import Span
from cvgen.typeset.render import _template_problem, environment, rich


def test_rich_text_is_escaped_leaf_by_leaf_and_marked():
    text = (Span("50% & "), Span("\\bold{x}", bold=True), Span(" see ", muted=True),
            Span("a_b", italic=True, url="https://x.org/a_b#c"))
    assert rich(text) == ("50\\% \\& \\textbf{\\textbackslash{}bold\\{x\\}}{\\color{muted}{ see }}"
                          "\\textit{\\href{https://x.org/a_b\\#c}{a\\_b}}")


def test_a_value_printed_by_a_template_is_escaped_once(tmp_path):
    (tmp_path / "t.tex.j2").write_text("<< value >> << mark >>")
    template = environment([tmp_path]).get_template("t.tex.j2")
    assert template.render(value="$x$ {y}", mark=rich((Span("z", bold=True),))) == "\\$x\\$ \\{y\\} \\textbf{z}"


def test_a_mistake_in_a_users_template_names_its_file_and_line(tmp_path):
    (tmp_path / "broken.tex.j2").write_text("line one\n<< item.title + 1 >>\n")
    env = environment([tmp_path])
    with pytest.raises(TypeError) as caught:
        env.get_template("broken.tex.j2").render(item={"title": "x"})
    problem = _template_problem(caught.value)
    assert isinstance(problem, UsageError)
    assert str(problem) == f"{tmp_path}/broken.tex.j2:2: can only concatenate str (not \"int\") to str"


def test_a_mistake_in_cvgens_own_templates_is_a_bug_and_keeps_its_traceback():
    shipped = Path(__file__).parents[1] / "src" / "cvgen" / "templates"
    env = environment([shipped])
    with pytest.raises(jinja2.UndefinedError) as caught:
        env.get_template("entries/entry.tex.j2").render(section=None, view=None)
    assert _template_problem(caught.value) is None
