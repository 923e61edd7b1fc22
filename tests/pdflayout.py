"""Reading a built PDF's layout back: its lines of words with their boxes (pdftotext -bbox-layout), the fonts
of a word (pypdf), and the colours inside a box (pdftoppm at 72 dpi, one pixel per point)."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Line:
    page: int
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def lines(pdf: Path) -> list[Line]:
    """Every line of the PDF, page by page, as pdftotext groups them."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout
    found = []
    for page, text in enumerate(layout.split("<page ")[1:], start=1):
        for line in re.findall(r"<line[^>]*>(.*?)</line>", text, re.DOTALL):
            words = tuple(Word(html.unescape(w[4]), *map(float, w[:4])) for w in _WORD.findall(line))
            if words:
                found.append(Line(page, words))
    return found


def same_row(lines_: list[Line], word: Word, page: int) -> list[Word]:
    """The words of the page whose boxes share a baseline band with `word` (pdftotext may split a row)."""
    middle = (word.y0 + word.y1) / 2
    return [other for line in lines_ if line.page == page for other in line.words
            if other.y0 < middle < other.y1]


def fonts_of(pdf: Path, text: str, page: int = 0) -> set[str]:
    """The base fonts of the pieces of text on `page` that contain `text`."""
    found: set[str] = set()

    def visit(piece, _cm, _tm, font, _size):
        if text in piece and font:
            found.add(str(font.get("/BaseFont")))

    PdfReader(pdf).pages[page].extract_text(visitor_text=visit)
    return found


def chroma_in(pdf: Path, word: Word, page: int = 1) -> int:
    """How coloured the ink inside a word's box is: the largest max(r,g,b) − min(r,g,b) of its dark pixels
    (0 for black or grey text)."""
    ppm = subprocess.run(["pdftoppm", "-r", "72", "-f", str(page), "-l", str(page), "-singlefile", str(pdf)],
                         capture_output=True, check=True).stdout
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", ppm)
    assert header
    width, pixels = int(header.group(1)), ppm[header.end():]
    chroma = 0
    for y in range(int(word.y0), int(word.y1) + 1):
        for x in range(int(word.x0), int(word.x1) + 1):
            r, g, b = pixels[3 * (y * width + x): 3 * (y * width + x) + 3]
            if min(r, g, b) < 160:
                chroma = max(chroma, max(r, g, b) - min(r, g, b))
    return chroma


_LENGTH = {"cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0, "pt": 72 / 72.27, "bp": 1.0}


def empty_lines_at_foot(pdf: Path, tex: str, page: int = -1) -> float:
    """How many lines (of the body's leading: the commonest distance between two lines of the page) stay empty
    between the last line of text on `page` and the bottom margin, as the PDF shows it. The bottom margin is the
    one the document's .tex sets (`\\cvbottommargin`, scaled by fitting's `\\newgeometry`)."""
    size = re.search(r"\\setlength\{\\cvbottommargin\}\{([\d.]+)(cm|mm|in|pt|bp)\}", tex)
    assert size, "no \\cvbottommargin in the .tex"
    scale = re.search(r"\\newgeometry\{[^}]*bottom=([\d.]*)\\cvbottommargin", tex)
    bottom = float(size.group(1)) * _LENGTH[size.group(2)] * (float(scale.group(1) or 1) if scale else 1.0)
    reader = PdfReader(pdf)
    number = len(reader.pages) if page == -1 else page
    height = float(reader.pages[number - 1].mediabox.height)
    foot = height - bottom
    rows = sorted({round(max(word.y1 for word in line.words), 1) for line in lines(pdf) if line.page == number
                   and min(word.y0 for word in line.words) < foot})  # below the margin: a footer
    gaps = [round(b - a, 1) for a, b in zip(rows, rows[1:], strict=False) if b - a > 2]
    leading = max(set(gaps), key=gaps.count)
    return (foot - rows[-1]) / leading
