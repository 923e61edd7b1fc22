"""The command line: a thin shell over the pipeline, and the only place that prints or exits.

This is cvgen's one lazy boundary: every other module imports at its top (tests/test_imports.py checks it), and
the commands here import a phase only when they need it, so that `cvgen --help` and the no-op rebuild (an
unchanged profile answered by `typeset.cache.look` before anything is parsed) load neither pydantic, Jinja
nor PyYAML. A bare `cvgen render` of an unchanged profile is answered in __main__.py, before click is imported.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cvgen.paths import OUT_DIR, PROFILE

if TYPE_CHECKING:
    from cvgen.formats.commands import Said

INPUT = click.option("--input", "input_path", type=click.Path(path_type=Path), default=PROFILE,
                     show_default=True, help="The profile (cv.yaml).")
OUT = click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=OUT_DIR,
                   show_default=True, help="Where the PDFs go.")


class _Commands(click.Group):
    """Every command's user and environment errors end here: the message, its exit code, no traceback."""

    def invoke(self, ctx: click.Context):
        from cvgen.errors import CvgenError

        try:
            return super().invoke(ctx)
        except CvgenError as error:
            click.echo(f"{error}", err=True)
            sys.exit(error.exit_code)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cvgen")
@click.option("--allow-path", "allow_paths", multiple=True, metavar="DIR",
              type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Let the profile name files (photo, .csl style, templates) in this folder too; by default only "
                   "files in the profile's own folder are read. Repeatable.")
def main(allow_paths: tuple[Path, ...]) -> None:
    """cvgen: one YAML profile → a long CV, a one-page résumé and a publication list, as PDFs."""
    if allow_paths:
        import os

        from cvgen.paths import ALLOW_ENV

        os.environ[ALLOW_ENV] = os.pathsep.join(str(path.resolve()) for path in allow_paths)


@main.command()
@INPUT
@click.option("--format", "output_format", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="github: problems as GitHub Actions annotations, shown on the profile's lines.")
def validate(input_path: Path, output_format: str) -> None:
    """Check the profile and report every problem with its line and column."""
    from cvgen.errors import ProfileError
    from cvgen.typeset.pipeline import load_profile

    try:
        profile = load_profile(input_path)
    except ProfileError as error:
        if output_format == "text":
            raise
        from cvgen.ci.workflows import github_annotation

        for problem in error.problems:
            click.echo(github_annotation(problem))
        sys.exit(error.exit_code)
    click.echo(f"{input_path}: valid ({len(profile.publications)} publications, "
               f"{sum(p.highlight for p in profile.publications)} highlighted)")


@main.command()
@click.option("--variant", default="all", show_default=True, metavar="NAME",
              help="Which document: long (cv.pdf), short (resume.pdf), publications, a variant the profile "
                   "declares, or all.")
@INPUT
@OUT
@click.option("--tag", "tags", multiple=True, metavar="TAG",
              help="Tailor: show only entries with this tag (and untagged ones). Repeatable.")
@click.option("--keep-tex", is_flag=True, help="Also write each document's LaTeX source next to its PDF.")
@click.option("--no-fit", is_flag=True, help="Do not tighten or cut a document to fit its page budget.")
@click.option("--no-cache", is_flag=True, help="Rebuild every document even if nothing changed.")
@click.option("--png", is_flag=True, help="Also write a PNG of each page next to its PDF (out/cv-1.png...).")
@click.option("--language", metavar="CODE", help="Build the documents in this language (en, de, zh...), this once.")
def render(variant: str, input_path: Path, out_dir: Path, tags: tuple[str, ...], keep_tex: bool, no_fit: bool,
           no_cache: bool, png: bool, language: str | None) -> None:
    """Build the PDFs. Nothing in --out changes unless every requested document builds."""
    from cvgen.interrupt import set_message, stop_on_signal
    from cvgen.typeset.cache import look, request

    started = time.perf_counter()
    stop_on_signal("interrupted; the previous PDFs are unchanged")
    looked = look(input_path, out_dir, request(variant, tags, keep_tex, not no_fit, language), use_cache=not no_cache)
    built = looked.unchanged(keep_tex)
    if built is None:
        from cvgen.typeset.prestart import prestart

        # The engines start on their preambles before the pipeline's imports (Jinja, pydantic, the models: about
        # 0.2 s), which they would otherwise wait for. With nothing cached, every document is typeset: one each.
        with prestart(input_path, variant, tags, keep_tex, not no_fit, language,
                      every=looked.typesets_all) as waiting:
            from cvgen.typeset.pipeline import build

            built = build(input_path, out_dir, variant, tags=tags, keep_tex=keep_tex, use_cache=not no_cache,
                          fit=not no_fit, prestarted=waiting, language=language, looked=looked)
    set_message("interrupted; the new PDFs are in place")  # what is true of a signal from now on
    if png:
        from cvgen.typeset.preview import write_previews

        for item in built:
            if not item.skipped:
                write_previews(item.path)
    _report(built, started)


@main.command()
@click.option("--variant", default="all", show_default=True, metavar="NAME", help="Which document to keep built.")
@INPUT
@OUT
@click.option("--interval", type=float, default=0.5, show_default=True, help="Seconds between checks for changes.")
def watch(variant: str, input_path: Path, out_dir: Path, interval: float) -> None:
    """Rebuild whenever the profile, a template, the photo or a .csl style is saved; a bad edit is reported and watching
    goes on."""
    import gc

    gc.enable()  # turned off for commands that end in moments (cvgen.__main__)
    from cvgen.errors import CvgenError
    from cvgen.interrupt import stop_on_signal
    from cvgen.paths import template_folders
    from cvgen.typeset.cache import Cache, template_files
    from cvgen.typeset.pipeline import build
    from cvgen.typeset.prestart import prestart

    def snapshot() -> dict[Path, int]:
        # The photo and .csl style that the last build's validated profile named (never read from raw text).
        named = [Path(path) for path in Cache(out_dir).named]
        files = [input_path, *template_files(template_folders(input_path)), *named]
        return {path: path.stat().st_mtime_ns for path in files if path.exists()}

    click.echo(f"watching {input_path} and the templates; Ctrl-C stops")
    stop_on_signal("stopped watching")  # Ctrl-C or `kill` also stops the waiting engines; exit 130 as for any stop
    seen = None
    # Engines wait between saves, so a rebuild pays only for typesetting the body.
    with prestart(input_path, variant) as ready:
        while True:
            current = snapshot()
            if current != seen:
                seen = current
                started = time.perf_counter()
                try:
                    _report(build(input_path, out_dir, variant, prestarted=ready), started)
                except CvgenError as error:
                    click.echo(str(error), err=True)
                    click.echo("waiting for the next save...", err=True)
                ready.refill()
            time.sleep(interval)


def _report(built: list, started: float) -> None:
    from cvgen.typeset.report import report

    for line in report(built, time.perf_counter() - started):
        click.echo(line)


@main.command()
@INPUT
def variants(input_path: Path) -> None:
    """List the documents this profile can build, with their page budgets."""
    from cvgen.document.variants import declared
    from cvgen.typeset.pipeline import load_profile

    profile = load_profile(input_path)
    for variant in declared(profile).values():
        budget = f"at most {variant.max_pages} page{'s' if variant.max_pages > 1 else ''}" if variant.max_pages else "no page budget"
        click.echo(f"{variant.name:<14} {'out/' + variant.output + '.pdf':<26} {budget}")


@main.command()
def themes() -> None:
    """List the themes, for `design: {theme: NAME}` in cv.yaml (the first is the default)."""
    from cvgen.profile import themes as shipped

    for name in shipped.names():
        click.echo(f"{name:<13} {shipped.description(name)}")


@main.command()
def schema() -> None:
    """Print the JSON Schema of cv.yaml (for editors), generated from cvgen's models."""
    click.echo(_schema_text())


def _schema_text() -> str:
    import json

    from cvgen.profile.model import Profile

    document = Profile.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "cvgen profile (cv.yaml)"
    return json.dumps(document, indent=2, ensure_ascii=False)


@main.command()
@click.argument("path", type=click.Path(path_type=Path), default=PROFILE)
@click.option("--kind", type=click.Choice(["academic", "industry"]), default="academic", show_default=True,
              help="academic: publications, grants, teaching, supervision; industry: projects, certifications.")
def init(path: Path, kind: str) -> None:
    """Write a commented starter profile that builds as it is."""
    if path.exists():
        click.echo(f"{path} already exists; nothing written", err=True)
        sys.exit(2)
    path.write_bytes((Path(__file__).parent / "starters" / f"{kind}.yaml").read_bytes())
    schema = path.parent / "out" / "cv.schema.json"  # the starter's first line points editors at it
    schema.parent.mkdir(parents=True, exist_ok=True)
    schema.write_text(_schema_text() + "\n", encoding="utf-8")
    click.echo(f"wrote {path}; edit it, then run: cvgen render --input {path}")
    from cvgen.ci.workflows import SERVICES

    if not (path.parent / SERVICES["github"][0]).exists():  # a repository's own workflow stays as it is
        _write_ci("github", path, path.parent, replace=False)


@main.command()
@click.argument("profile", type=click.Path(path_type=Path), required=False)
@click.option("--packages", is_flag=True, help="Print the Debian packages PROFILE needs (all cvgen can need, "
                                               "without PROFILE), for apt-get install.")
def doctor(profile: Path | None, packages: bool) -> None:
    """Say what this machine lacks to build PDFs.

    Checks the commands, TeX files and fonts cvgen needs (for PROFILE, or for any profile), and names each
    missing one with its Debian package and the apt-get line that installs them."""
    from cvgen.ci import needs

    groups = needs.profile_groups(profile) if profile else needs.FOR_ANY_PROFILE
    if packages:
        click.echo(" ".join(needs.packages(groups)))
        return
    lacking = needs.missing(groups)
    for line in needs.report(lacking, groups, profile):
        click.echo(line, err=bool(lacking))
    sys.exit(1 if lacking else 0)


@main.command()
@click.argument("service", type=click.Choice(["github", "gitlab"]))
@INPUT
@click.option("--force", is_flag=True, help="Replace the workflow if there is one.")
@click.option("--install", metavar="REQUIREMENT",
              help="How CI installs cvgen, as pip takes it (default: the git commit this cvgen was installed from, "
                   "else cvgen==VERSION), e.g. 'cvgen @ git+https://github.com/you/cvgen@v0.1.0'.")
def ci(service: str, input_path: Path, force: bool, install: str | None) -> None:
    """Write a workflow that builds the PDFs in CI.

    .github/workflows/cv.yml or .gitlab-ci.yml, here: on every push it builds the PDFs as artifacts, on every
    tag it attaches them to a release."""
    from cvgen.errors import UsageError

    if not input_path.is_file():
        raise UsageError(f"{input_path}: file not found; the workflow builds it (cvgen init writes one)")
    _write_ci(service, input_path, Path("."), replace=force, install=install)


def _write_ci(service: str, profile: Path, root: Path, replace: bool, install: str | None = None) -> None:
    from cvgen.ci.workflows import requirement, write_workflow

    written = write_workflow(service, profile, root, replace, install)
    click.echo(f"wrote {written}: on {'GitHub' if service == 'github' else 'GitLab'}, every push builds the PDFs "
               "and every tag attaches them to a release", err=True)
    if not install and not requirement().startswith("cvgen @ git+"):
        click.echo(f"note: it installs {requirement()} from PyPI; if your cvgen comes from a git repository, "
                   "write it again with --install 'cvgen @ git+URL@TAG'", err=True)


@main.group("templates")
def templates() -> None:
    """The LaTeX templates: take them over to change the layout."""


@templates.command("copy")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), default=Path("templates"))
def templates_copy(folder: Path) -> None:
    """Copy cvgen's templates into FOLDER (default: ./templates, beside cv.yaml), where they override the
    shipped ones file by file. Files already there are left as they are."""
    from cvgen.paths import shipped_templates

    shipped = shipped_templates()
    written = kept = 0
    for source in sorted(shipped.rglob("*.j2")):
        target = folder / source.relative_to(shipped)
        if target.exists():
            kept += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        written += 1
    click.echo(f"wrote {written} templates to {folder}/" + (f"; {kept} already there were left as they are"
                                                            if kept else ""))
    click.echo("Edit the ones you want to change and delete the others, so that they keep receiving cvgen's fixes.")


@main.group("import")
def import_() -> None:
    """Bring publications or a whole profile in from another format."""


@import_.command("bibtex")
@click.argument("bib_file", type=click.Path(path_type=Path))
@click.option("--owner", metavar="NAME", help="The owner's name as the profile writes it; other spellings of it "
                                              "in author lists ('K. Yi', 'Yi, Kai') are unified to it.")
@click.option("--into", "into", type=click.Path(path_type=Path), metavar="PROFILE",
              help="Add the papers to this profile (keeping its comments and order) instead of printing them.")
@click.option("--skip-bad", is_flag=True, help="Import the readable entries even if some cannot be read.")
def import_bibtex(bib_file: Path, owner: str | None, into: Path | None, skip_bad: bool) -> None:
    """Read a .bib (Google Scholar, DBLP, al-folio) as cv.yaml publications; papers already there are skipped."""
    from cvgen.formats.commands import import_bibtex as run

    _say(run(bib_file, owner, into, skip_bad))


@import_.command("jsonresume")
@click.argument("resume_file", type=click.Path(path_type=Path))
@click.option("--out", "out_file", type=click.Path(path_type=Path), metavar="PROFILE",
              help="Write the new profile to this file (which must not exist yet) instead of printing it.")
def import_jsonresume(resume_file: Path, out_file: Path | None) -> None:
    """Make a starting cv.yaml from a JSON Resume resume.json."""
    from cvgen.formats.commands import import_jsonresume as run

    _say(run(resume_file, out_file))


@import_.command("csljson")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--owner", metavar="NAME", help="The owner's name as the profile writes it; other spellings of it "
                                              "in author lists are unified to it.")
@click.option("--into", "into", type=click.Path(path_type=Path), metavar="PROFILE",
              help="Add the papers to this profile (keeping its comments and order) instead of printing them.")
def import_csljson(source: Path, owner: str | None, into: Path | None) -> None:
    """Read CSL-JSON (Zotero, Mendeley, Paperpile) as cv.yaml publications; papers already there are skipped."""
    from cvgen.formats.commands import import_csljson as run

    _say(run(source, owner, into))


@import_.command("rendercv")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--out", "out_file", type=click.Path(path_type=Path), metavar="PROFILE",
              help="Write the new profile to this file (which must not exist yet) instead of printing it.")
def import_rendercv(source: Path, out_file: Path | None) -> None:
    """Make a starting cv.yaml from a RenderCV input (CV.yaml); what has no place is listed as notes."""
    from cvgen.formats.commands import import_rendercv as run

    _say(run(source, out_file))


@main.group("export")
def export() -> None:
    """Write the profile in another format."""


@export.command("bibtex")
@INPUT
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Write to this file instead of printing.")
def export_bibtex(input_path: Path, out_file: Path | None) -> None:
    """Every publication as BibTeX (bibtex and biber accept it; al-folio's fields included)."""
    from cvgen.formats.bibtex import write_bibtex
    from cvgen.typeset.pipeline import load_profile

    _emit(write_bibtex(load_profile(input_path)), out_file)


def _say(said: list[Said]) -> None:
    """Print what an import or export command said, in its order: its output on stdout, the rest on stderr."""
    for line in said:
        click.echo(line.text, err=not line.out, nl=not line.out)


def _emit(text: str, out_file: Path | None) -> None:
    """Print `text`, or write it to `out_file` whole (never half a file)."""
    if out_file is None:
        click.echo(text, nl=False)
        return
    from cvgen.typeset.publish import publish

    publish({out_file: text.encode("utf-8")})
    click.echo(f"wrote {out_file}", err=True)


@export.command("jsonresume")
@INPUT
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Write to this file instead of printing.")
def export_jsonresume(input_path: Path, out_file: Path | None) -> None:
    """The profile as a JSON Resume resume.json (schema v1.0.0), for job sites and résumé themes."""
    import json

    from cvgen.formats.jsonresume import to_jsonresume
    from cvgen.typeset.pipeline import load_profile

    _emit(json.dumps(to_jsonresume(load_profile(input_path)), indent=2, ensure_ascii=False) + "\n", out_file)


@export.command("csljson")
@INPUT
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Write to this file instead of printing.")
def export_csljson(input_path: Path, out_file: Path | None) -> None:
    """Every publication as CSL-JSON (for Zotero, Mendeley, pandoc and citeproc)."""
    import json

    from cvgen.formats.csljson import to_csljson
    from cvgen.typeset.pipeline import load_profile

    _emit(json.dumps(to_csljson(load_profile(input_path)), indent=2, ensure_ascii=False) + "\n", out_file)


@export.command("rendercv")
@INPUT
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Write to this file instead of printing.")
@click.option("--rendercv-version", "version", type=click.Choice(["2.8", "2.3"]), default="2.8", show_default=True,
              help="The RenderCV release to write for (2.3 names the footer, top note and language differently).")
def export_rendercv(input_path: Path, out_file: Path | None, version: str) -> None:
    """The long CV as a RenderCV input (CV.yaml): its sections in order, the owner in bold."""
    from cvgen.formats.commands import export_rendercv as run

    text, notes = run(input_path, version)
    _say(notes)
    _emit(text, out_file)


@export.command("markdown")
@INPUT
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True, metavar="DIR",
              help="The academicpages site (or any folder): _publications/*.md and _pages/cv.md go there; "
                   "with --flavor plain, README.md.")
@click.option("--flavor", type=click.Choice(["academicpages", "plain"]), default="academicpages", show_default=True,
              help="academicpages: a Jekyll site's pages; plain: one GitHub-profile README.md of the long CV.")
def export_markdown(input_path: Path, out_dir: Path, flavor: str) -> None:
    """academicpages pages (one _publications/*.md per paper and a _pages/cv.md, grouped as in the PDFs), or
    with --flavor plain the long CV as one README.md for a GitHub profile."""
    from cvgen.formats.commands import export_markdown as run

    _say(run(input_path, out_dir, flavor))


@export.command("html")
@INPUT
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=OUT_DIR,
              show_default=True, metavar="DIR", help="Where the pages go: cv.html, resume.html... beside the PDFs.")
@click.option("--variant", default="all", show_default=True, metavar="NAME",
              help="Which document: long, short, publications, a variant the profile declares, or all.")
def export_html(input_path: Path, out_dir: Path, variant: str) -> None:
    """Each document as one self-contained web page (HTML): the PDF's sections and theme, a print
    stylesheet and schema.org data; it loads nothing from elsewhere."""
    from cvgen.formats.commands import export_html as run

    _say(run(input_path, out_dir, variant))
