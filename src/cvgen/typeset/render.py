"""Phase 4: a View → LaTeX source, through the Jinja templates.

The environment escapes every printed value once (the `finalize` hook) unless it is a `Latex` string
that cvgen made; templates are found in the user's `templates/` folder (beside their cv.yaml) first, then
in the ones shipped with cvgen, so a user can override any single file.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

import jinja2

from cvgen.document.richtext_backends import LATEX
from cvgen.document.view import View
from cvgen.errors import UsageError
from cvgen.latex.engine import Engine
from cvgen.latex.escape import FALLBACK, Latex, escape, escape_url
from cvgen.latex.fonts import fallbacks
from cvgen.paths import cache_folder, shipped_templates
from cvgen.profile.themes import SANS_FONTS
from cvgen.richtext import Rich


def _finalize(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Latex):
        return value
    return escape(str(value))


def environment(folders: list[Path]) -> jinja2.Environment:
    """One per build: Jinja's template cache would keep serving a shipped template after the user adds an
    override for it. Compiled templates are kept on disk beside the TeX formats, keyed by their source."""
    bytecode = cache_folder() / "templates"
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
    env.filters["rich"] = rich
    return env


def rich(text: Rich) -> Latex:
    """Rich text as LaTeX: each span's text escaped, then its marks put around it (the LaTeX back end)."""
    return LATEX.rich(text)


def render(view: View, engine: Engine, env: jinja2.Environment | None = None) -> str:
    """The complete `.tex` source of one document."""
    env = env or environment([shipped_templates()])
    design = view.design
    fallback = fallbacks(view.text(), design.font_name(engine), engine, design.font in SANS_FONTS)
    names = {family: chr(ord("a") + index) for index, family in enumerate(sorted(set(fallback.values())))}
    token = FALLBACK.set((fallback, names) if fallback else None)
    try:
        return env.get_template(view.variant.template).render(
            view=view, engine=engine, fallbacks=sorted((name, family) for family, name in names.items()))
    except Exception as error:  # noqa: BLE001 - a user's template can raise anything; ours only bugs
        problem = _template_problem(error)
        if problem is None:
            raise
        raise problem from None
    finally:
        FALLBACK.reset(token)


def _template_problem(error: Exception) -> UsageError | None:
    """A mistake in a user's template override as `templates/x.tex.j2:7: what is wrong` (exit 2). None when
    the error arose in cvgen's own templates or code: that is a bug in cvgen and keeps its traceback."""
    shipped = shipped_templates().resolve()
    if isinstance(error, jinja2.TemplateSyntaxError):
        where: tuple[str, int | None] | None = (str(error.filename or error.name or "?"), error.lineno)
    else:  # raised while rendering: Jinja's traceback frames carry the template's file and line
        frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith(".j2")]
        where = (frames[-1].filename, frames[-1].lineno) if frames else None
    if isinstance(error, jinja2.TemplateNotFound):
        message = f"template {error.name!r} not found"
        where = where or (str(error.name or "?"), None)
    elif where is None or Path(where[0]).resolve().is_relative_to(shipped):
        return None
    else:
        text = error.message if isinstance(error, jinja2.TemplateError) and error.message else str(error)
        message = re.split(r"\.\s", text.removeprefix("Encountered "))[0].rstrip(".")
        message = re.sub(r"'[\w.]+\.(\w+) object'", r"'\1'", message)  # 'cvgen.document.view.X object' → 'X'
    file, line = where
    return UsageError(f"{file}:{line}: {message}" if line else f"{file}: {message}")
