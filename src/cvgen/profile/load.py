"""Phase 1: read `cv.yaml` into plain Python data plus the line:col of every value.

PyYAML's composer gives us nodes with marks; we construct the values ourselves so that every key path
keeps its position (for error messages) and duplicate keys are reported instead of silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cvgen.errors import Problem, ProfileError

Path_ = tuple[str | int, ...]
# More values than any CV has (10,000 publications fit); a bound on what a file may hold.
MAX_VALUES = 1_000_000
# YAML aliases (*name) can make a small file expand without bound: the values they repeat are counted apart.
MAX_ALIASED_VALUES = 100_000
# The largest file read as a profile or an import (its text; the values are bounded above).
MAX_BYTES = 64 * 1024 * 1024


@dataclass
class Document:
    """The profile as data, with where each value and each mapping key stands in the file."""

    file: str
    data: Any
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_, *, of_key: bool = False) -> tuple[int, int]:
        """The 1-based line and column of `path`, or of its nearest ancestor that exists."""
        marks = self.key_marks if of_key else self.value_marks
        for cut in range(len(path), -1, -1):
            where = marks.get(path[:cut]) or self.value_marks.get(path[:cut])
            if where:
                return where
        return (1, 1)


def format_path(path: Path_) -> str:
    """`("publications", 3, "venue")` → `publications[3].venue`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_text(text: str, file: str) -> Document:
    """Parse YAML text; every syntax error or duplicate key becomes a Problem."""
    # libyaml's parser when PyYAML was built with it (its wheels are): the same nodes and marks, faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = error.problem or error.context or "invalid YAML"
        if error.context and error.context_mark and error.problem_mark:
            started = error.context_mark
            reason += f" ({error.context} started at {started.line + 1}:{started.column + 1})"
        if "mapping values are not allowed" in reason:
            reason += "; text that contains ': ' must be put in quotes"
        raise ProfileError([Problem(file, line, col, "", f"YAML syntax error: {reason}")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise ProfileError([Problem(file, 1, 1, "", "the file is empty; expected a mapping of profile fields")])
    document = Document(file, None)
    problems: list[Problem] = []
    try:
        document.data = _construct(node, (), document, problems, _Construction())
    except _TooLarge as error:
        raise ProfileError([Problem(file, *error.where, "", error.message)]) from None
    if problems:
        raise ProfileError(problems)
    if not isinstance(document.data, dict):
        raise ProfileError([Problem(file, node.start_mark.line + 1, node.start_mark.column + 1, "",
                                    f"expected a mapping of profile fields at the top level, got {describe(document.data)}")])
    return document


def load_file(path: Path) -> Document:
    """Read and parse a profile file; unreadable or non-UTF-8 files are user errors with a position."""
    name = str(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ProfileError([Problem(name, 1, 1, "", "file not found")]) from None
    except OSError as error:
        raise ProfileError([Problem(name, 1, 1, "", f"cannot read the file: {error.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        raise ProfileError([Problem(name, 1, 1, "", f"the file is larger than {MAX_BYTES // 2**20} MB; "
                                                    "cvgen reads at most that much")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        raise ProfileError([Problem(name, line, col, "",
                                    f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8")]) from None
    return load_text(text.removeprefix("\ufeff"), name)


def describe(value: Any) -> str:
    """How a YAML value reads to a person, for 'expected X, got Y' messages."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({value!r})" if len(value) <= 40 else "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


class _TooLarge(Exception):
    def __init__(self, where: tuple[int, int], message: str):
        self.where, self.message = where, message


class _Construction:
    """What one construction has counted: the values an alias repeated, and the nodes already met (a node met
    twice is an alias's target)."""

    def __init__(self) -> None:
        self.loader = yaml.SafeLoader("")
        self.seen: set[int] = set()
        self.aliased = 0


def _construct(node: yaml.Node, path: Path_, document: Document, problems: list[Problem], state: _Construction,
               aliased: bool = False) -> Any:
    where = (node.start_mark.line + 1, node.start_mark.column + 1)
    document.value_marks[path] = where
    aliased = aliased or id(node) in state.seen
    state.seen.add(id(node))
    state.aliased += aliased
    if state.aliased > MAX_ALIASED_VALUES:
        raise _TooLarge(where, f"the YAML aliases (*name) repeat more than {MAX_ALIASED_VALUES} values; "
                               "write the repeated parts out, or repeat smaller ones")
    if len(document.value_marks) > MAX_VALUES:
        raise _TooLarge(where, f"the file holds more than {MAX_VALUES} values; cvgen reads at most that many")
    loader = state.loader
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):  # `? [a, b]` or `? *alias`: no key of a profile is one
                problems.append(Problem(document.file, line, col, format_path(path),
                                        "a key must be a plain word, not a list or a mapping"))
                continue
            try:
                key = loader.construct_object(key_node)
            except (ValueError, yaml.YAMLError):  # a tag or a date YAML cannot build: the key is its text
                key = key_node.value
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                problems.append(Problem(document.file, line, col, format_path(path + (key,)),
                                        f"duplicate key {key!r} (first defined on line {document.key_marks[path + (key,)][0]})"))
                continue
            document.key_marks[path + (key,)] = (line, col)
            result[key] = _construct(value_node, path + (key,), document, problems, state, aliased)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (index,), document, problems, state, aliased)
                for index, item in enumerate(node.value)]
    if node.tag.endswith((":int", ":float")) and ":" in node.value:  # YAML 1.1 reads 2015:4 as base 60
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:  # a date YAML cannot build (2023-02-31): keep the text, validation explains it
        return node.value
    except yaml.constructor.ConstructorError:  # !!python/object and other tags: never run, just refused
        problems.append(Problem(document.file, *where, format_path(path),
                                f"unsupported YAML tag {node.tag!r}; write a plain value"))
        return None
