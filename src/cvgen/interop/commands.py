"""What the import and export commands do, between reading the arguments and printing."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from . import read_json, read_yaml


def import_bibtex(bib_file: Path, owner: str | None, into: Path | None, skip_bad: bool) -> None:
    from ..pipeline import load_profile
    from .bibtex import read_bibtex

    profile = load_profile(into) if into is not None else None
    spellings = [owner] if owner else ([profile.owner.name, *profile.owner.aliases] if profile else [])
    imported = read_bibtex(bib_file, spellings)
    for remark in imported.remarks:
        click.echo(f"note: {remark}", err=True)
    if imported.skipped:
        for problem in imported.skipped:
            click.echo(str(problem), err=True)
        count = len(imported.skipped)
        if not skip_bad:
            raise UsageError(f"{count} entr{'y' if count == 1 else 'ies'} could not be read; nothing was imported. "
                             "Fix them, or pass --skip-bad to import the others.")
    _add_publications(imported.publications, bib_file, profile, into)


def _add_publications(publications: list[dict], source: Path, profile, into: Path | None) -> None:
    """Print the publications as cv.yaml entries, or add those not already there to the profile `into`."""
    from ..load import load_text
    from ..publish import publish
    from ..validate import validate
    from .bibtex import identities, unique_keys
    from .yamltext import dump, insert_publications

    if profile is None or into is None:
        click.echo(dump({"publications": publications}), nl=False)
        click.echo(f"read {len(publications)} publications from {source}", err=True)
        return
    known = {identity: paper.key for paper in profile.publications for identity in identities(paper.model_dump())}
    new = []
    for publication in publications:
        match = next((known[identity] for identity in identities(publication) if identity in known), None)
        if match:
            click.echo(f"already in {into}: {publication['key']} is {match}; skipped", err=True)
        else:
            new.append(publication)
    unique_keys(new, {paper.key for paper in profile.publications})
    text = insert_publications(into.read_text(encoding="utf-8"), new)
    validate(load_text(text, str(into)))  # the merged profile must be valid before it replaces the old one
    publish({into.resolve(): text.encode("utf-8")})  # a symlinked cv.yaml: its target is rewritten, the link kept
    click.echo(f"added {len(new)} publications to {into} ({len(publications) - len(new)} were already there)", err=True)
    for name, variant in profile.variants.items():  # a document that lists its sections shows no papers
        if new and "sections" in variant.model_fields_set and not any(
                key.endswith("_publications") for key in variant.sections):
            click.echo(f"note: variants.{name} lists its sections without highlighted_publications or "
                       "other_publications: add them there to print the papers in it", err=True)


def import_jsonresume(resume_file: Path, out_file: Path | None) -> None:
    from .jsonresume import from_jsonresume

    if out_file is not None and out_file.exists():
        raise UsageError(f"{out_file} already exists; nothing written")
    resume = read_json(resume_file)
    remarks: list[str] = []
    try:
        profile = from_jsonresume(resume, remarks)
    except ValueError as error:
        raise UsageError(f"{resume_file}: {error}") from None
    _new_profile(profile, remarks, resume_file, "jsonresume", out_file)


def export_markdown(input_path: Path, out_dir: Path) -> None:
    from ..load import last_commit_date
    from ..model import parse_date
    from ..pipeline import load_profile
    from ..variants import declared
    from .markdown import categories, write_markdown

    profile = load_profile(input_path)
    git_date = last_commit_date(input_path)
    try:
        written, removed = write_markdown(profile, declared(profile)["long"], out_dir,
                                          parse_date(git_date) if git_date else None)
    except OSError as error:
        raise UsageError(f"{out_dir}: cannot write: {error.strerror}") from None
    click.echo(f"wrote {len(written) - 1} publications to {out_dir / '_publications'} and {written[-1]}", err=True)
    for path in removed:
        click.echo(f"removed {path}: its paper is no longer in {input_path} (or its date or key changed)", err=True)
    click.echo("academicpages groups them when its _config.yml has:\n  publication_category:\n"
               + "".join(f"    {name}:\n      title: '{title}'\n" for name, title in categories(profile, declared(profile)["long"]).items()), err=True)


def _new_profile(profile: dict, remarks: list[str], source: Path, command: str, out_file: Path | None) -> None:
    """Print the notes, then the new profile (or write it to `out_file`), validated first: what is written builds."""
    from ..load import load_text
    from ..publish import publish
    from ..validate import validate
    from .yamltext import dump

    for remark in remarks:
        click.echo(f"note: {remark}", err=True)
    text = (f"# yaml-language-server: $schema=out/cv.schema.json\n"
            f"# Made by `cvgen import {command} {source.name}`; check it, then run `cvgen render`.\n\n"
            + dump(profile))
    validate(load_text(text, str(out_file or "<stdout>")))
    if out_file is None:
        click.echo(text, nl=False)
    else:
        publish({out_file: text.encode("utf-8")})
        click.echo(f"wrote {out_file}; check it, then run: cvgen render --input {out_file}", err=True)


def import_rendercv(source: Path, out_file: Path | None) -> None:
    from .rendercv import from_rendercv

    if out_file is not None and out_file.exists():
        raise UsageError(f"{out_file} already exists; nothing written")
    data = read_yaml(source)
    remarks: list[str] = []
    try:
        profile = from_rendercv(data, remarks)
    except ValueError as error:
        raise UsageError(f"{source}: {error}") from None
    _new_profile(profile, remarks, source, "rendercv", out_file)


def export_rendercv(input_path: Path) -> str:
    from ..pipeline import load_profile
    from .rendercv import to_rendercv
    from .yamltext import dump

    remarks: list[str] = []
    data = to_rendercv(load_profile(input_path), remarks)
    for remark in remarks:
        click.echo(f"note: {remark}", err=True)
    return f"# RenderCV input written by `cvgen export rendercv` from {input_path.name}.\n" + dump(data)


def import_csljson(source: Path, owner: str | None, into: Path | None) -> None:
    from ..pipeline import load_profile
    from .csljson import read_csljson

    profile = load_profile(into) if into is not None else None
    spellings = [owner] if owner else ([profile.owner.name, *profile.owner.aliases] if profile else [])
    imported = read_csljson(source, spellings)
    for remark in imported.remarks:
        click.echo(f"note: {remark}", err=True)
    _add_publications(imported.publications, source, profile, into)
