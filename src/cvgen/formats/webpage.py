"""The CV as a web page: one self-contained HTML file per document, from the same view the PDFs are made from.

Same sections, order, headings (the catalog's), owner emphasis and links as the PDF, written by the HTML back
end of the rich text; Jinja2 escapes every other value (autoescape). The page is themed from the theme's data
(accent, font, heading rule, name and date styles) with fonts already on the reader's machine: it loads
nothing from anywhere. It carries a print stylesheet and the owner as schema.org `Person` JSON-LD.

It is not cut to a page: a document's web page lists what its variant selects before page fitting.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from cvgen.document.items import EntryItem, LineItem, PublicationItem, TextItem
from cvgen.document.letters import LetterItem
from cvgen.document.richtext_backends import HTML_TEXT, publication_parts
from cvgen.document.view import View, build_view, language_of
from cvgen.richtext import Rich

# The font of each theme as a web page asks for it: the TeX font's own name first (installed with TeX Live
# or as a system font), then the common fonts closest to it.
WEB_FONTS = {
    "latin-modern": '"Latin Modern Roman", "CMU Serif", "Computer Modern", Georgia, serif',
    "latin-modern-sans": '"Latin Modern Sans", "CMU Sans Serif", "Helvetica Neue", Arial, sans-serif',
    "tex-gyre-heros": '"TeX Gyre Heros", Helvetica, "Helvetica Neue", Arial, "Liberation Sans", sans-serif',
    "tex-gyre-termes": '"TeX Gyre Termes", "Times New Roman", Times, "Liberation Serif", serif',
    "tex-gyre-pagella": '"TeX Gyre Pagella", Palatino, "Palatino Linotype", "URW Palladio L", serif',
}


def html_rich(text: Rich) -> Markup:
    """Rich text as HTML (the back end escapes each span's text)."""
    return Markup(HTML_TEXT.rich(text))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).parent)),
                             autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["rich"] = html_rich
    env.tests.update(entry=lambda item: isinstance(item, EntryItem), line=lambda item: isinstance(item, LineItem),
                     text=lambda item: isinstance(item, (TextItem, LetterItem)),
                     publication=lambda item: isinstance(item, PublicationItem))
    return env


def person(profile) -> dict[str, Any]:
    """The owner as schema.org describes a person: what search engines and job sites read from the page."""
    contact = profile.contact
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Person", "name": profile.owner.name}
    if profile.headline:
        data["jobTitle"] = profile.headline
    if contact.email:
        data["email"] = f"mailto:{contact.email}"
    if contact.phone:
        data["telephone"] = contact.phone
    if contact.homepage:
        data["url"] = contact.homepage
    if contact.location or contact.country_code:
        data["address"] = {"@type": "PostalAddress", **({"addressLocality": contact.location} if contact.location else {}),
                           **({"addressCountry": contact.country_code} if contact.country_code else {})}
    if contact.links:
        data["sameAs"] = [link.url for link in contact.links]
    schools = list(dict.fromkeys(entry.institution for entry in profile.education))
    if schools:
        data["alumniOf"] = [{"@type": "EducationalOrganization", "name": name} for name in schools]
    if profile.research_interests:
        data["knowsAbout"] = list(profile.research_interests)
    return data


def _script_json(data: dict[str, Any]) -> Markup:
    """JSON that cannot end its <script> element early: <, > and & as JSON escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def groups(papers: list[PublicationItem]) -> list[tuple[str, list[PublicationItem]]]:
    """A publication list cut where a sub-heading ("Journal Articles", "2024") begins, as the PDF cuts it."""
    cut: list[tuple[str, list[PublicationItem]]] = []
    for paper in papers:
        if not cut or paper.subheading:
            cut.append((paper.subheading, []))
        cut[-1][1].append(paper)
    return cut


def page(profile, view: View, language: str) -> str:
    template = _environment().get_template("webpage.html.j2")
    return template.render(view=view, language=language, person=_script_json(person(profile)),
                           font=Markup(WEB_FONTS.get(view.design.font, "serif")), style=view.design.style,
                           groups=groups, parts=lambda paper: publication_parts(paper, view.marks))


def write_pages(profile, variants, out_dir: Path, updated=None) -> dict[Path, bytes | None]:
    """The web page of each variant (its PDF's name with .html), to be written all together; None for a
    document the profile has nothing for (no sections), which is not written, as its PDF is not built."""
    files: dict[Path, bytes | None] = {}
    for variant in variants:
        view = build_view(profile, variant, updated)
        if not view.sections and not variant.letter:
            files[out_dir / f"{variant.output}.html"] = None
            continue
        files[out_dir / f"{variant.output}.html"] = page(profile, view, language_of(profile, variant)).encode("utf-8")
    return files
