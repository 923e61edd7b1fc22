"""`cvgen export html` (the CV as web pages) and `export markdown --flavor plain` (a GitHub profile README):
the PDF's sections in order under the catalog's headings, the owner emphasised, accessible and self-contained,
checked by reading the HTML back and, where Chromium is installed, in a real browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from conftest import DATA, ROOT, pdf_text
from conftest import cvgen as run
from cvgen.document.variants import declared
from cvgen.document.view import build_view
from cvgen.formats.webpage import WEB_FONTS
from cvgen.profile.themes import look, names
from cvgen.typeset.pipeline import load_profile

ENGINEER = DATA / "engineer-web.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium): the web pages are "
    "checked by reading their HTML only, not in a browser")


class Page(HTMLParser):
    """What the accessibility checks need of a page: its headings, links, language and JSON-LD."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.scripts: list[tuple[str, str]] = []  # (type, content)
        self.sources: list[str] = []  # what the page would load (nothing: it is self-contained)
        self.lang = ""
        self.times: list[str] = []
        self._open: list[list] = []  # the heading, link or script being read: [tag, attrs, text]
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang") or ""
        if "src" in attrs or tag == "link":  # an image, a script, a stylesheet or a font
            self.sources.append(attrs.get("src") or attrs.get("href") or "")
        if tag == "time":
            self.times.append(attrs.get("datetime", ""))
        if re.fullmatch(r"h[1-6]|a|script", tag):
            self._open.append([tag, attrs, ""])

    def handle_data(self, data):
        for element in self._open:
            element[2] += data

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            tag, attrs, text = self._open.pop()
            if tag == "a":
                self.links.append((attrs.get("href", ""), text.strip()))
            elif tag == "script":
                self.scripts.append((attrs.get("type", ""), text))
            else:
                self.headings.append((int(tag[1]), " ".join(text.split())))


def _export(profile: Path, out: Path) -> dict[str, str]:
    result = run("export", "html", "--input", str(profile), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(out.glob("*.html"))}


@pytest.mark.parametrize("profile", [ROOT / "cv.yaml", ENGINEER], ids=["shipped", "engineer"])
def test_each_document_is_an_accessible_self_contained_page_with_the_pdf_s_sections(profile, tmp_path):
    out = tmp_path / "site" / "nested"  # --out makes its folders
    pages = _export(profile, out)
    model = load_profile(profile)
    documents = {name: variant for name, variant in declared(model).items() if not variant.letter and not variant.bundle
                 and build_view(model, variant).sections}  # the engineer has no papers: no publication list
    assert set(pages) == {variant.output for variant in documents.values()}
    for variant in documents.values():
        page = Page(pages[variant.output])
        view = build_view(model, variant)
        assert page.lang == (variant.language or model.language)
        assert [level for level, _ in page.headings].count(1) == 1 and page.headings[0] == (1, model.owner.name)
        levels = [level for level, _ in page.headings]
        assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False)), levels
        assert [text for level, text in page.headings if level == 2] == [section.title for section in view.sections]
        assert page.links and all(text for _, text in page.links)  # every link says where it goes
        assert page.sources == [] and not re.search(r"@import|url\(|https?://[^\"]*\.(css|js|woff2?)\b",
                                                    pages[variant.output])
        (kind, text), = page.scripts
        person = json.loads(text)
        assert (kind, person["@type"], person["name"]) == ("application/ld+json", "Person", model.owner.name)
        dated = [item for section in view.sections if section.partial != "inline" for item in section.items
                 if getattr(item, "when", "") and 0 < item.age[0] < 9999]  # ended or happened
        assert len(page.times) == len(dated) and all(re.fullmatch(r"\d{4}(-\d{2})?", when) for when in page.times)
        style = re.search(r"<style>(.*)</style>", pages[variant.output], re.DOTALL)
        assert style and "@media print" in style[1] and "&#" not in style[1] and "&amp;" not in style[1]  # CSS as written


def test_the_owner_is_emphasised_and_text_is_escaped_once(tmp_path):
    profile = yaml.safe_load((ROOT / "cv.yaml").read_text(encoding="utf-8"))
    profile["owner"] = {"name": "Kai <Yi> & Co", "aliases": ["Kai Yi"]}  # as the papers spell it
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    pages = _export(path, tmp_path / "out")
    assert "<h1>Kai &lt;Yi&gt; &amp; Co</h1>" in pages["cv"]
    assert "<strong><u>Kai Yi</u></strong>" in pages["cv"]  # the PDFs' bold-underline
    assert '"name": "Kai \\u003cYi\\u003e \\u0026 Co"' in pages["cv"]  # cannot close the JSON-LD's <script>


def test_the_page_is_in_the_document_s_language_with_the_catalog_s_headings(tmp_path):
    profile = yaml.safe_load(ENGINEER.read_text(encoding="utf-8"))
    profile["language"] = "de"
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    page = Page(_export(path, tmp_path / "out")["cv"])
    assert page.lang == "de"
    assert "Berufserfahrung" in [text for level, text in page.headings if level == 2]


@pytest.mark.parametrize("theme", names())
def test_each_theme_s_page_has_its_accent_font_and_heading_rule(theme, tmp_path):
    profile = yaml.safe_load(ENGINEER.read_text(encoding="utf-8"))
    profile["design"] = {"theme": theme}
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    page = _export(path, tmp_path / "out")["cv"]
    design = look(load_profile(path).design, None)
    assert f"--accent: #{design.accent};" in page and f"--font: {WEB_FONTS[design.font]};" in page
    assert ("h2::after" in page) == (design.style["heading_rule"] == "beside")
    assert ("border-bottom: 1px solid var(--rule)" in page) == (design.style["heading_rule"] == "below")


def test_one_variant_only_and_an_unknown_one(tmp_path):
    assert set(_export_one(tmp_path, "short")) == {"resume"}
    result = run("export", "html", "--variant", "nope", "--out", str(tmp_path / "x"))
    assert (result.returncode, result.stderr) == (2, "unknown variant 'nope'; expected one of: all, long, short, "
                                                     "publications\n")


def test_a_document_the_profile_has_nothing_for_gets_no_page(tmp_path):
    """As its PDF is not built: a profile without papers has no publication list, on paper or on the web."""
    (tmp_path / "cv.yaml").write_text("owner: {name: Ana Lima}\nexperience:\n  - {organization: Acme, role: Engineer, "
                                      "start: 2024}\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "publications.html").write_text("an earlier export's page", encoding="utf-8")
    result = run("export", "html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "out/publications.html: skipped: the profile has nothing for this document" in result.stderr
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["cv.html", "resume.html"]


def _export_one(tmp_path: Path, variant: str) -> list[str]:
    result = run("export", "html", "--variant", variant, "--out", str(tmp_path / "one"))
    assert result.returncode == 0, result.stderr
    return [path.stem for path in (tmp_path / "one").glob("*.html")]


@pytest.mark.tex
def test_the_long_cv_page_has_every_heading_of_the_pdf_in_its_order(tmp_path, shipped_build):
    page = Page(_export(ROOT / "cv.yaml", tmp_path)["cv"])
    pdf = pdf_text(shipped_build / "cv.pdf").upper()
    headings = [text.upper() for level, text in page.headings if level == 2]
    positions = [pdf.index(heading) for heading in headings]  # each one is in the PDF...
    assert positions == sorted(positions)  # ... in the same order


def test_a_github_profile_readme_of_the_long_cv(tmp_path):
    out = tmp_path / "profile" / "repo"
    result = run("export", "markdown", "--flavor", "plain", "--input", str(ENGINEER), "--out", str(out))
    assert (result.returncode, result.stderr) == (0, f"wrote {out / 'README.md'}\n")
    readme = (out / "README.md").read_text(encoding="utf-8")
    model = load_profile(ENGINEER)
    view = build_view(model, declared(model)["long"])
    assert readme.startswith("# Priya Raman\n\nSoftware Engineer · Distributed Systems & Backend\n\n")
    assert re.findall(r"^## (.+)$", readme, re.MULTILINE) == [section.title for section in view.sections]
    assert "[github.com/priyaraman/raftkv](https://github.com/priyaraman/raftkv)" in readme
    assert "Databases \\<& Compilers\\>" in readme  # GitHub would read <&...> as HTML
    assert "{% include" not in readme and "&amp;" not in readme and "---" not in readme  # no Jekyll in it
    assert "* **Languages:** Go, Rust" in readme
    rendered = MarkdownIt("commonmark").render(readme)  # as GitHub reads it (CommonMark, which GFM extends)
    assert rendered.count("<h2>") == len(view.sections) and "<li><strong>Languages:</strong> Go, Rust" in rendered
    assert "Databases &lt;&amp; Compilers&gt;" in rendered


@needs_chromium
@pytest.mark.browser
@pytest.mark.parametrize("profile", [ROOT / "cv.yaml", ENGINEER], ids=["shipped", "engineer"])
def test_chromium_opens_the_page_without_a_console_message(profile, tmp_path):
    """The page as a browser builds it: no console message (a script error, a resource the page's policy
    refuses), the PDF's headings in the DOM, the JSON-LD a parser reads, and a screenshot."""
    page_file = tmp_path / "cv.html"
    _export(profile, tmp_path)
    chromium = [str(CHROMIUM), "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
                f"--user-data-dir={tmp_path / 'chromium'}", "--enable-logging=stderr", "--v=0"]
    dumped = subprocess.run([*chromium, "--dump-dom", page_file.as_uri()], capture_output=True, text=True, timeout=120)
    assert dumped.returncode == 0, dumped.stderr
    console = [line for line in dumped.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    dom = Page(dumped.stdout)
    model = load_profile(profile)
    titles = [section.title for section in build_view(model, declared(model)["long"]).sections]
    assert [text for level, text in dom.headings if level == 2] == titles
    (_, text), = dom.scripts
    assert json.loads(text)["@type"] == "Person"
    shot = tmp_path / "cv.png"
    subprocess.run([*chromium, f"--screenshot={shot}", "--window-size=1000,1400", page_file.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000  # a page, not a blank


def test_the_json_ld_address_has_the_location_and_the_country_code():
    from cvgen.formats.webpage import person
    from cvgen.profile.model import Profile

    profile = Profile.model_validate({"owner": {"name": "Jonas Müller"},
                                      "contact": {"location": "Stuttgart", "country_code": "DE"}})
    assert person(profile)["address"] == {"@type": "PostalAddress", "addressLocality": "Stuttgart",
                                          "addressCountry": "DE"}
