"""The command line: a thin shell over the pipeline, and the only place that prints or exits.

Heavy modules (pydantic models, Jinja, pypdf) are imported inside the commands, so `cvgen --help` starts fast.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

VARIANT_NAMES = ("all", "long", "short", "publications")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cvgen")
def main() -> None:
    """cvgen: one YAML profile → a long CV, a one-page résumé and a publication list, as PDFs."""


def _fail(error: Exception) -> None:
    click.echo(f"{error}", err=True)
    sys.exit(getattr(error, "exit_code", 1))


@main.command()
@click.option("--input", "input_path", type=click.Path(path_type=Path), default=Path("cv.yaml"), show_default=True,
              help="The profile to check.")
def validate(input_path: Path) -> None:
    """Check the profile and report every problem with its line and column."""
    from .errors import CvgenError
    from .pipeline import load_profile

    try:
        profile = load_profile(input_path)
    except CvgenError as error:
        _fail(error)
    click.echo(f"{input_path}: valid ({len(profile.publications)} publications, "
               f"{sum(p.highlight for p in profile.publications)} highlighted)")


@main.command()
@click.option("--variant", type=click.Choice(VARIANT_NAMES), default="all", show_default=True,
              help="Which document to build: long (cv.pdf), short (resume.pdf), publications, or all.")
@click.option("--input", "input_path", type=click.Path(path_type=Path), default=Path("cv.yaml"), show_default=True,
              help="The profile to build from.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
              show_default=True, help="Where the PDFs go.")
@click.option("--keep-tex", is_flag=True, help="Also write each document's LaTeX source next to its PDF.")
@click.option("--no-cache", is_flag=True, help="Rebuild every document even if nothing changed.")
def render(variant: str, input_path: Path, out_dir: Path, keep_tex: bool, no_cache: bool) -> None:
    """Build the PDFs. Nothing in --out changes unless every requested document builds."""
    from .errors import CvgenError
    from .pipeline import build
    from .variants import select

    started = time.perf_counter()
    try:
        built = build(input_path, out_dir, select(variant), keep_tex=keep_tex, use_cache=not no_cache)
    except CvgenError as error:
        _fail(error)
    except KeyboardInterrupt:
        click.echo("interrupted; the previous PDFs are unchanged", err=True)
        sys.exit(130)
    for item in built:
        pages = f"{item.pages} page{'s' if item.pages != 1 else ''}"
        budget = f" (budget {item.variant.max_pages})" if item.variant.max_pages else ""
        runs = f", {item.runs} runs" if item.runs > 1 else ""
        how = f"{item.seconds:5.2f} s  {item.engine}{runs}" if item.runs else "unchanged (cached)"
        click.echo(f"{str(item.path):<28} {pages}{budget:<12} {how}")
        if item.room_left_lines is not None and item.room_left_lines > 8:
            click.echo(f"  note: about {item.room_left_lines:.0f} lines are left empty on the last page")
        for warning in item.warnings:
            click.echo(f"  warning: {warning}")
    click.echo(f"built {len(built)} document{'s' if len(built) != 1 else ''} in {time.perf_counter() - started:.2f} s")
