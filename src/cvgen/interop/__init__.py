"""Other formats in and out of the profile: BibTeX, JSON Resume, RenderCV, CSL-JSON, academicpages Markdown."""

from __future__ import annotations

from pathlib import Path


def read_source(path: Path) -> str:
    """The text of a file to import; a file that is missing, unreadable or not UTF-8 is a usage error."""
    from ..errors import UsageError

    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{path}: file not found") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: not valid UTF-8 (byte 0x{error.object[error.start]:02x}); save it as UTF-8") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read it: {error.strerror}") from None
