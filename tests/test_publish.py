"""Publishing: all the new files or none, removals included, nothing half-written."""

from __future__ import annotations

import errno
import os

import pytest

from cvgen.errors import BuildError
from cvgen.publish import publish, writable_dir


def test_every_file_is_replaced_and_a_none_removes_its_target(tmp_path):
    (tmp_path / "old.pdf").write_bytes(b"old")
    (tmp_path / "gone.pdf").write_bytes(b"gone")
    publish({tmp_path / "old.pdf": b"new", tmp_path / "added.pdf": b"added", tmp_path / "gone.pdf": None})
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == {"old.pdf": b"new", "added.pdf": b"added"}


def test_a_failed_write_leaves_every_old_file_and_no_part_file(tmp_path, monkeypatch):
    (tmp_path / "a.pdf").write_bytes(b"old a")
    (tmp_path / "b.pdf").write_bytes(b"old b")
    calls = []

    def full(descriptor):
        calls.append(descriptor)
        if len(calls) == 2:  # the first file is written, the second is not
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(BuildError, match=r"No space left on device; the previous files there are unchanged$"):
        publish({tmp_path / "a.pdf": b"new a", tmp_path / "b.pdf": b"new b", tmp_path / "b.pdf.x": None})
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == {"a.pdf": b"old a", "b.pdf": b"old b"}


def test_an_output_folder_that_cannot_be_made_is_a_build_error(tmp_path):
    (tmp_path / "out").write_text("a file")
    with pytest.raises(BuildError, match=r"^cannot create the output folder .*/out: File exists$"):
        writable_dir(tmp_path / "out")
