"""What the import and export commands do, between reading the arguments and printing: each returns what it has
to say, in order, and cli.py prints it (the only place that prints)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cvgen.document.validate import validate
from cvgen.document.variants import declared, select
from cvgen.document.view import build_view
from cvgen.errors import UsageError
from cvgen.formats import read_json, read_yaml
from cvgen.formats.bibtex import identities, read_bibtex, unique_keys
from cvgen.formats.csljson import read_csljson
from cvgen.formats.jsonresume import from_jsonresume
from cvgen.formats.markdown import categories, profile_readme, write_markdown
from cvgen.formats.rendercv import from_rendercv, to_rendercv
from cvgen.formats.webpage import write_pages
from cvgen.formats.yamltext import dump, insert_publications
from cvgen.profile.load import load_text
from cvgen.typeset.cache import last_commit_date
from cvgen.typeset.pipeline import commit_date, load_profile
from cvgen.typeset.publish import publish


@dataclass(frozen=True)
class Said:
    """One thing a command says: a line for stderr (a note, what was done), or its output for stdout, as it is."""

    text: str
    out: bool = False


def _notes(remarks: list[str]) -> list[Said]:
    return [Said(f"note: {remark}") for remark in remarks]


def import_bibtex(bib_file: Path, owner: str | None, into: Path | None, skip_bad: bool) -> list[Said]:
    profile = load_profile(into) if into is not None else None
    spellings = [owner] if owner else ([profile.owner.name, *profile.owner.aliases] if profile else [])
    imported = read_bibtex(bib_file, spellings)
    said = [*_notes(imported.remarks), *[Said(str(problem)) for problem in imported.skipped]]
    count = len(imported.skipped)
    if count and not skip_bad:  # the error comes after the notes and the entries it counts
        raise UsageError("\n".join([*(line.text for line in said),
                                     f"{count} entr{'y' if count == 1 else 'ies'} could not be read; nothing was "
                                     "imported. Fix them, or pass --skip-bad to import the others."]))
    return said + _add_publications(imported.publications, bib_file, profile, into)


def _add_publications(publications: list[dict], source: Path, profile, into: Path | None) -> list[Said]:
    """Print the publications as cv.yaml entries, or add those not already there to the profile `into`."""
    if profile is None or into is None:
        return [Said(dump({"publications": publications}), out=True),
                Said(f"read {len(publications)} publications from {source}")]
    known = {identity: paper.key for paper in profile.publications for identity in identities(paper.model_dump())}
    new, said = [], []
    for publication in publications:
        match = next((known[identity] for identity in identities(publication) if identity in known), None)
        if match:
            said.append(Said(f"already in {into}: {publication['key']} is {match}; skipped"))
        else:
            new.append(publication)
    unique_keys(new, {paper.key for paper in profile.publications})
    text = insert_publications(into.read_text(encoding="utf-8"), new)
    validate(load_text(text, str(into)))  # the merged profile must be valid before it replaces the old one
    publish({into.resolve(): text.encode("utf-8")})  # a symlinked cv.yaml: its target is rewritten, the link kept
    said.append(Said(f"added {len(new)} publications to {into} ({len(publications) - len(new)} were already there)"))
    for name, variant in profile.variants.items():  # a document that lists its sections shows no papers
        if new and "sections" in variant.model_fields_set and not any(
                key.endswith("_publications") for key in variant.sections):
            said.append(Said(f"note: variants.{name} lists its sections without highlighted_publications or "
                             "other_publications: add them there to print the papers in it"))
    return said


def import_jsonresume(resume_file: Path, out_file: Path | None) -> list[Said]:
    return _import_profile(resume_file, out_file, "jsonresume", read_json, from_jsonresume)


def _import_profile(source: Path, out_file: Path | None, command: str, read: Callable[[Path], Any],
                    convert: Callable[[Any, list[str]], dict]) -> list[Said]:
    """A starting profile that `convert` makes of the file `source` as `read` reads it (import jsonresume and
    import rendercv), printed or written to `out_file`, which must not exist yet."""
    if out_file is not None and out_file.exists():
        raise UsageError(f"{out_file} already exists; nothing written")
    data = read(source)
    remarks: list[str] = []
    try:
        profile = convert(data, remarks)
    except ValueError as error:
        raise UsageError(f"{source}: {error}") from None
    return _new_profile(profile, remarks, source, command, out_file)


def _updated(input_path: Path):
    return commit_date(last_commit_date(input_path))


def export_markdown(input_path: Path, out_dir: Path, flavor: str = "academicpages") -> list[Said]:
    profile = load_profile(input_path)
    if flavor == "plain":  # a GitHub profile README: one file
        readme = out_dir / "README.md"
        publish({readme: profile_readme(build_view(profile, declared(profile)["long"], _updated(input_path)))
                 .encode("utf-8")})
        return [Said(f"wrote {readme}")]
    try:
        written, removed = write_markdown(profile, declared(profile)["long"], out_dir, _updated(input_path))
    except OSError as error:
        raise UsageError(f"{out_dir}: cannot write: {error.strerror}") from None
    return [Said(f"wrote {len(written) - 1} publications to {out_dir / '_publications'} and {written[-1]}"),
            *[Said(f"removed {path}: its paper is no longer in {input_path} (or its date or key changed)")
              for path in removed],
            Said("academicpages groups them when its _config.yml has:\n  publication_category:\n"
                 + "".join(f"    {name}:\n      title: '{title}'\n"
                           for name, title in categories(profile, declared(profile)["long"]).items()))]


def export_html(input_path: Path, out_dir: Path, variant: str) -> list[Said]:
    """One web page per document of the profile (or of the one variant named), written all together."""
    profile = load_profile(input_path)
    # `all`: the CV's documents; a cover letter or a bundle of documents only when named
    chosen = [spec for spec in select(variant, profile) if variant != "all" or not (spec.letter or spec.bundle)]
    pages = write_pages(profile, chosen, out_dir, _updated(input_path))
    publish(pages)  # a page of an earlier export that now has nothing is removed, as a PDF would be
    return [Said(f"wrote {path}" if text is not None else f"{path}: skipped: the profile has nothing for this document")
            for path, text in pages.items()]


def _new_profile(profile: dict, remarks: list[str], source: Path, command: str, out_file: Path | None) -> list[Said]:
    """Print the notes, then the new profile (or write it to `out_file`), validated first: what is written builds."""
    text = (f"# yaml-language-server: $schema=out/cv.schema.json\n"
            f"# Made by `cvgen import {command} {source.name}`; check it, then run `cvgen render`.\n\n"
            + dump(profile))
    validate(load_text(text, str(out_file or "<stdout>")))
    if out_file is None:
        return [*_notes(remarks), Said(text, out=True)]
    publish({out_file: text.encode("utf-8")})
    return [*_notes(remarks), Said(f"wrote {out_file}; check it, then run: cvgen render --input {out_file}")]


def import_rendercv(source: Path, out_file: Path | None) -> list[Said]:
    return _import_profile(source, out_file, "rendercv", read_yaml, from_rendercv)


def export_rendercv(input_path: Path, version: str = "2.8") -> tuple[str, list[Said]]:
    """The RenderCV input, and the notes on what it leaves out."""
    remarks: list[str] = []
    data = to_rendercv(load_profile(input_path), remarks, version)
    return (f"# yaml-language-server: $schema=https://raw.githubusercontent.com/rendercv/rendercv/refs/tags/v{version}"
            f"/schema.json\n# RenderCV {version} input written by `cvgen export rendercv` from {input_path.name}.\n"
            + dump(data), _notes(remarks))


def import_csljson(source: Path, owner: str | None, into: Path | None) -> list[Said]:
    profile = load_profile(into) if into is not None else None
    spellings = [owner] if owner else ([profile.owner.name, *profile.owner.aliases] if profile else [])
    imported = read_csljson(source, spellings)
    return _notes(imported.remarks) + _add_publications(imported.publications, source, profile, into)
