"""Inline markup in text fields: **bold**, *italic*, [label](url); everything else as written."""

from __future__ import annotations

import pytest

from cvgen.richtext import Span, markdown, text_of


def test_bold_italic_and_links_become_marked_spans():
    assert markdown("**big** and *small* at [the lab](https://lab.example.org).") == (
        Span("big", bold=True), Span(" and "), Span("small", italic=True), Span(" at "),
        Span("the lab", url="https://lab.example.org"), Span("."))
    assert markdown("__also__ _this_") == (Span("also", bold=True), Span(" "), Span("this", italic=True))
    assert markdown("[mail me](mailto:a@b.org)") == (Span("mail me", url="mailto:a@b.org"),)


@pytest.mark.parametrize("text", [
    "a*b*c", "2*3*4 = 24", "snake_case_name", "*unclosed", "a [b] c", "[not a link](b)", r"\input{x} \\ \*",
    "[x](javascript:alert(1))", "100% & $5 # ~ ^ {}", "", "plain text",
])
def test_what_is_not_markup_stays_as_written(text):
    assert "".join(span.text for span in markdown(text)) == text
    assert not any(span.bold or span.italic or span.url for span in markdown(text))


def test_markdown_is_not_imported_for_text_without_markup():
    import subprocess
    import sys

    code = "import sys; from cvgen.richtext import markdown; markdown('Plain (text), no marks.'); " \
           "print('markdown_it' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout == "False\n"


def test_a_line_break_inside_a_paragraph_is_a_space_next_to_markup():
    from cvgen.typeset.render import rich

    text = markdown("which I saw on\n[your page](https://a.example) and\n**that**")
    assert text_of(text) == "which I saw on your page and that"
    assert "on \\href" in rich(text)


def test_pandoc_sub_and_superscripts_become_real_ones():
    from cvgen.typeset.render import rich

    assert [(span.text, span.script) for span in markdown("H~2~O and Al^3+^")] == [
        ("H", ""), ("2", "sub"), ("O and Al", ""), ("3+", "super")]
    assert rich(markdown("H~2~O")) == r"H\textsubscript{2}O"
    assert text_of(markdown("~50 people, a ~~b~~ c, 2 ^ 3")) == "~50 people, a ~~b~~ c, 2 ^ 3"  # not markup
