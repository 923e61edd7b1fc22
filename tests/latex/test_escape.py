"""The escaping table, checked by hand-picked cases and by TeX-free properties."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from cvgen.latex.escape import Latex, escape, escape_url

SPECIALS = "\\{}$&#^_%~"


def test_all_ten_specials():
    assert escape(SPECIALS) == (r"\textbackslash{}\{\}\$\&\#\textasciicircum{}\_\%\textasciitilde{}")


def test_ligatures_and_quotes_are_kept_literal():
    assert escape("a--b ,,c !`") == "a-{}-b ,{},c !\\textasciigrave{}"
    assert escape("no\u00a0break") == "no~break"
    assert escape("'x' \"y\" <z>") == (r"\textquotesingle{}x\textquotesingle{} \textquotedbl{}y\textquotedbl{} "
                                       r"\textless{}z\textgreater{}")


def test_brackets_cannot_become_an_optional_argument():
    assert escape("[x]") == "{[}x{]}"


def test_newlines_join_lines_and_blank_lines_make_paragraphs():
    assert escape("one\ntwo\n\nthree\n") == "one two\\par\nthree"


def test_trusted_latex_passes_unchanged():
    assert escape(Latex(r"\textbf{x}")) == r"\textbf{x}"


def test_url_for_href():
    assert escape_url("https://a.org/x_y?p=1%202#f~{}") == r"https://a.org/x_y?p=1\%202\#f~\%7B\%7D"


@given(st.text().map(lambda text: text.replace("\u00a0", " ")))
@example("http://0")  # a web address: its empty box before it (found by a CI run)
def test_no_unescaped_special_survives(text):
    """Outside cvgen's own commands, no special character is left with its TeX meaning."""
    out = escape(text)
    if out.startswith("{\\upshape ") and out.endswith("}"):  # a value that mixes CJK and Latin: upright
        out = out[len("{\\upshape "):-1]
    stripped = (out.replace("\\texorpdfstring{\\hspace{.5em}}{\u3000}", "").replace(r"\textbackslash{}", "").replace(r"\textasciicircum{}", "")
                .replace(r"\textasciitilde{}", "").replace(r"\textquotesingle{}", "").replace(r"\textquotedbl{}", "")
                .replace(r"\textasciigrave{}", "").replace(r"\textless{}", "").replace(r"\textgreater{}", "")
                .replace(r"\textbar{}", "").replace(r"\allowbreak{}", "").replace(r"\hbox{}", "").replace("{[}", "").replace("{]}", "").replace("\\par\n", "").replace("-{}", "-").replace(",{}", ","))
    for special in "{}$&#_%":
        stripped = stripped.replace("\\" + special, "")
    assert not set(stripped) & set(SPECIALS)


def test_a_value_ending_in_a_ligature_character_cannot_join_the_text_after_it():
    """'F30.,' followed by the template's ', ' printed „ (found by the property test)."""
    assert escape("F30.,") == "F30.,{}"
    assert escape("x-") == "x-{}"
    assert escape("a--b") == "a-{}-b"


def test_an_address_or_doi_breaks_only_after_its_slashes_and_dots():
    """Whatever its length, in a link's text or any other: never inside a part, never hyphenated (the empty box
    keeps TeX from hyphenating the word after a space)."""
    assert escape("https://doi.org/10.1161/CIRCULATIONAHA.122.062876") == (
        r"\hbox{}https://\allowbreak{}doi.\allowbreak{}org/\allowbreak{}10.\allowbreak{}1161/\allowbreak{}"
        r"CIRCULATIONAHA.\allowbreak{}122.\allowbreak{}062876")
    assert escape("10.1000/a_b") == r"\hbox{}10.\allowbreak{}1000/\allowbreak{}a\_b"  # a DOI printed alone
    assert escape("see https://example.org/a-very-long-path.") == (
        r"see \hbox{}https://\allowbreak{}example.\allowbreak{}org/\allowbreak{}a-very-long-path.")
    assert escape("DOI") == "DOI" and escape("github.com/kaiyi") == "github.com/kaiyi"  # a label, a short address
    assert escape("x" * 30) == r"\allowbreak{}".join(["x" * 12, "x" * 12, "x" * 6])  # a long word: every 12
