"""cvgen's references against citeproc-js, the CSL processor Zotero uses (`../shared/tools/csl-oracle.mjs`).

Items written for this test (tests/data/csl-items.json: every type, particles, suffixes, editors, translators,
places, editions, French titles) are imported with `cvgen import csljson`'s reader, validated as cv.yaml
publications and formatted by cvgen; citeproc-js formats the CSL-JSON items themselves. Both get the same style
file: cvgen's copy without the style's own "et al." options (cvgen's rule: the owner is never hidden by et al.).
At least 95% of the references must read the same; the others are listed in the README's design notes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import DATA, ROOT
from cvgen.document import csl
from cvgen.document.csl import Person
from cvgen.formats.csljson import read_csljson
from cvgen.profile.model import Publication
from cvgen.richtext import text_of

ORACLE = ROOT.parent / "shared" / "tools" / "csl-oracle.mjs"
CITEPROC_JS = ROOT / "tests" / "csl"  # package.json: npm's citeproc, installed by `make node`
ITEMS = DATA / "csl-items.json"
# (style, the document's language as cvgen passes it, citeproc-js's locale)
CASES = [("apa", None, "en-US"), ("chicago-author-date", None, "en-US"), ("ieee", None, "en-US"),
         ("american-medical-association", None, "en-US"), ("nature", None, "en-US"),
         ("modern-language-association", None, "en-US"), ("harvard-cite-them-right", None, "en-US"),
         ("nlm-citation-sequence", None, "en-US"), ("chicago-author-date", "fr", "fr-FR"), ("apa", "de", "de-DE")]
# Known differences, each explained in the README's design notes: (style, locale, item id).
KNOWN = {("nlm-citation-sequence", "en-US", "dicarli2023")}  # cv.yaml keeps a year and a month, not the day

pytestmark = [
    pytest.mark.tex, pytest.mark.node,  # citeproc-js against citeproc-js: in the TeX tier, as the issue asks
    pytest.mark.skipif(not ORACLE.is_file(), reason=f"the oracle {ORACLE} is not there (../shared/ absent)"),
]


def _plain(text: str) -> str:
    """A reference compared as text: no citation number, one kind of space and hyphen."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2011", "-")
    text = re.sub(r"^\s*(\[\d+\]|\d+\.)\s*", "", text)
    return " ".join(text.split())


def _oracle(style_path: str, locale: str) -> dict[str, str]:
    assert csl.engine_problem() is None, "run `make node` (part of `make test`): citeproc-js is missing from tests/csl/"
    import citeproc

    locales = Path(citeproc.__file__).parent / "data" / "locales"
    done = subprocess.run(["node", str(ORACLE), str(ITEMS), style_path, locale, str(locales)], cwd=CITEPROC_JS,
                          capture_output=True, text=True, check=True, timeout=120, env={**os.environ})
    return dict(line.split("\t", 1) for line in done.stdout.splitlines() if "\t" in line)


def _without_dropped_options(style: str, folder: Path) -> str:
    """The style file as cvgen gives it to citeproc-js (without csl.DROPPED_OPTIONS), for the oracle, in `folder`."""
    source = csl.style_file(style, Path("."))
    assert source is not None
    tree = ElementTree.parse(source)
    for element in tree.getroot().iter():
        for option in csl.DROPPED_OPTIONS:
            element.attrib.pop(option, None)
    ElementTree.register_namespace("", "http://purl.org/net/xbiblio/csl")
    path = folder / f"{style}.csl"
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return str(path)


def _cvgen(style: str, language: str | None) -> dict[str, str]:
    imported = read_csljson(ITEMS)
    papers = [Publication.model_validate(paper) for paper in imported.publications]
    ids = [item["id"] for item in json.loads(ITEMS.read_text(encoding="utf-8"))]
    assert [paper.key for paper in papers] == ids
    found = csl.references(style, language, [(paper, paper.kind, [Person(name) for name in paper.authors], "", ())
                                             for paper in papers], "bold")  # one run of citeproc-js, as a document does
    return {paper.key: text_of(reference) for paper, reference in zip(papers, found, strict=True)}


def test_cvgen_formats_references_as_citeproc_js_does(tmp_path):
    total, different, known = 0, [], 0
    for style, language, locale in CASES:
        expected = _oracle(_without_dropped_options(style, tmp_path), locale)
        got = _cvgen(style, language)
        for key, text in expected.items():
            total += 1
            if _plain(got[key]) == _plain(text):
                continue
            if (style, locale, key) in KNOWN:
                known += 1
                continue
            different.append(f"{style} {locale} {key}\n  citeproc-js: {_plain(text)}\n  cvgen:       "
                             f"{_plain(got[key])}")
    report = "\n".join(different)
    Path(os.environ.get("CVGEN_ORACLE_REPORT", os.devnull)).write_text(report, encoding="utf-8")
    assert total == len(CASES) * 14
    assert not different, f"{len(different)} of {total} differ in ways not explained:\n{report}"
    assert known <= total * 0.05
