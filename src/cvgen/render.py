"""Phase 4: a View → LaTeX source, through the Jinja templates.

The environment escapes every printed value once (the `finalize` hook) unless it is a `Latex` string
that cvgen made; templates are found in the user's `templates/` folder (beside their cv.yaml) first, then
in the ones shipped with cvgen, so a user can override any single file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from .latex.engine import Engine
from .latex.escape import Latex, escape, escape_url
from .paths import shipped_templates
from .view import View, format_period


def _finalize(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Latex):
        return value
    return escape(str(value))


def environment(folders: list[Path]) -> jinja2.Environment:
    """One per build: Jinja's template cache would keep serving a shipped template after the user adds an
    override for it. Compiled templates are kept on disk beside the TeX formats, keyed by their source."""
    from .compile import format_cache

    bytecode = format_cache().parent / "templates"
    try:
        bytecode.mkdir(parents=True, exist_ok=True)
        bytecode_cache = jinja2.FileSystemBytecodeCache(str(bytecode))
    except OSError:
        bytecode_cache = None
    env = jinja2.Environment(
        bytecode_cache=bytecode_cache,
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


def render(view: View, engine: Engine, env: jinja2.Environment | None = None) -> str:
    """The complete `.tex` source of one document."""
    env = env or environment([shipped_templates()])

    def cite(keys: list[str]) -> str:
        numbers = sorted(view.citations[key] for key in keys if key in view.citations)  # [21], [22], [23]
        return "(" + ", ".join(f"[{number}]" for number in numbers) + ")" if numbers else ""

    env_globals = {"view": view, "profile": view.profile, "engine": engine, "compact": view.variant.compact}
    template = env.get_template(view.variant.template)
    return template.render(**env_globals, cite=cite)
