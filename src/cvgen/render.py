"""Phase 4: a View → LaTeX source, through the Jinja templates.

The environment escapes every printed value once (the `finalize` hook) unless it is a `NoEscape` string
that cvgen made; templates are found in the user's `templates/` folder (beside their cv.yaml) first, then
in the ones shipped with cvgen, so a user can override any single file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from pylatex.utils import NoEscape

from .latex.engine import Engine
from .latex.escape import escape, escape_url
from .paths import shipped_templates
from .view import View, format_period


def _finalize(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, NoEscape):
        return value
    return escape(str(value))


def environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),  # a missing folder matches nothing
        block_start_string="<%", block_end_string="%>",
        variable_start_string="<<", variable_end_string=">>",
        comment_start_string="<#", comment_end_string="#>",
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        finalize=_finalize, undefined=jinja2.StrictUndefined, autoescape=False,
    )
    env.filters["url"] = escape_url
    env.filters["period"] = format_period
    return env


def render(view: View, engine: Engine, folders: list[Path] | None = None) -> str:
    """The complete `.tex` source of one document, from the first of `folders` that has each template.

    A new environment each time: Jinja's template cache would keep serving a shipped template after
    the user adds an override for it.
    """
    env = environment(tuple(folders or [shipped_templates()]))

    def cite(keys: list[str]) -> str:
        numbers = [view.citations[key] for key in keys if key in view.citations]
        return "(" + ", ".join(f"[{number}]" for number in numbers) + ")" if numbers else ""

    env_globals = {"view": view, "profile": view.profile, "engine": engine, "compact": view.variant.compact}
    template = env.get_template(view.variant.template)
    return template.render(**env_globals, cite=cite)
