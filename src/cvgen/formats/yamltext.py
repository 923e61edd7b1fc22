"""Writing cv.yaml text: new entries in the profile's own style, merged into a file without touching the rest.

Merging edits the text, not a re-dumped document, so the owner's comments, order and quoting stay byte for
byte; the new publications go right after the last one already there.
"""

from __future__ import annotations

from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(yaml.SafeDumper):
    """The safe dumper, writing text kept in a str subclass (a names.Name) as the text."""


_Dumper.add_multi_representer(str, lambda dumper, text: dumper.represent_str(str(text)))


def dump(data: Any, *, inline_leaves: bool = True) -> str:
    """YAML as cv.yaml is written: keys in the given order, short lists and links inline, Unicode as is.

    `inline_leaves=False` writes every collection as a block, as Jekyll front matter is usually written."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100_000,
                          default_flow_style=None if inline_leaves else False)


def insert_publications(text: str, publications: list[dict[str, Any]]) -> str:
    """`text` with `publications` appended to its `publications:` list (created at the end if absent)."""
    if not publications:
        return text
    root = yaml.compose(text, Loader=_Loader)
    value = None
    if isinstance(root, yaml.MappingNode):
        value = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "publications"), None)
    lines = text.splitlines(keepends=True)
    if isinstance(value, yaml.SequenceNode) and value.value and value.flow_style is False:
        column = value.start_mark.column
        last = value.value[-1]
        while isinstance(last, (yaml.MappingNode, yaml.SequenceNode)) and last.value and not last.flow_style:
            last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
        after = last.end_mark.line + (1 if last.end_mark.column else 0)
        block = _indent(dump(publications), column)
        if after > 0 and not lines[after - 1].endswith("\n"):
            lines[after - 1] += "\n"
        return "".join(lines[:after]) + block + "".join(lines[after:])
    block = _indent(dump(publications), 2)
    if value is not None:  # `publications: []`, `publications:` or a flow list: rewritten as a block list
        existing = yaml.safe_load(text).get("publications") or []
        start, end = value.start_mark.index, value.end_mark.index
        if value.tag == "tag:yaml.org,2002:null" and start == end:
            return text[:start].rstrip(" ") + "\n" + block + text[end:].lstrip("\n")
        return text[:start].rstrip(" ") + "\n" + _indent(dump(existing + publications), 2) + text[end:].lstrip("\n")
    separator = "" if text.endswith("\n") or not text else "\n"
    return f"{text}{separator}\npublications:\n{block}"


def _indent(block: str, column: int) -> str:
    pad = " " * column
    return "".join(pad + line if line.strip() else line for line in block.splitlines(keepends=True))
