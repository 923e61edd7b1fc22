"""Other formats in and out of the profile: BibTeX, JSON Resume, RenderCV, CSL-JSON, academicpages Markdown."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from cvgen.errors import ProfileError, UsageError
from cvgen.profile.load import load_text
from cvgen.profile.model import Localized


def read_source(path: Path) -> str:
    """The text of a file to import; a file that is missing, unreadable or not UTF-8 is a usage error."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{path}: file not found") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: not valid UTF-8 (byte 0x{error.object[error.start]:02x}); save it as UTF-8") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read it: {error.strerror}") from None


def read_json(path: Path) -> Any:
    """A JSON file to import: invalid JSON, a key given twice in one object (JSON readers keep the last one, and
    a whole `work` list vanished so) and nesting deeper than any CV are usage errors with their place."""
    text = read_source(path)

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise _Duplicate(key)
            result[key] = value
        return result

    try:
        return json.loads(text, object_pairs_hook=unique)
    except json.JSONDecodeError as error:
        raise UsageError(f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}") from None
    except _Duplicate as error:
        line, col = _key_place(text, error.key)
        raise UsageError(f"{path}:{line}:{col}: the key {error.key!r} is given twice in one object; keep one "
                         "(a JSON reader would keep only the last)") from None
    except RecursionError:
        raise UsageError(f"{path}: nested too deeply (lists or objects inside each other more than about "
                         f"{sys.getrecursionlimit()} levels); no CV needs that") from None


def read_yaml(path: Path) -> Any:
    """A YAML file to import, read as cv.yaml is (`load.load_text`): duplicate keys, aliases that expand without
    bound, tags and syntax errors are usage errors with their places."""
    try:
        return load_text(read_source(path), str(path)).data
    except ProfileError as error:
        raise UsageError(str(error)) from None


class _Duplicate(Exception):
    def __init__(self, key: str):
        self.key = key


def _key_place(text: str, key: str) -> tuple[int, int]:
    """Line and column of the second time `"key":` stands in the text (where a duplicate most likely is)."""
    places = [match.start() for match in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    at = places[1] if len(places) > 1 else (places[0] if places else 0)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def versions(model) -> dict:
    """The fields of a model that hold text in several languages anywhere (a title, a list of notes, an author),
    each as cvgen writes it (a mapping from language codes to texts): what a format with one text per field
    carries in its extension place, and its import puts back."""
    def held(value) -> bool:
        if isinstance(value, Localized):
            return True
        return isinstance(value, (list, tuple)) and any(held(item) for item in value)

    fields = [name for name in type(model).model_fields if held(getattr(model, name))]
    return model.model_dump(mode="json", include=set(fields)) if fields else {}
