"""Publishing: all the new files or none, removals included, nothing half-written."""

from __future__ import annotations

import errno
import os

import pytest

from cvgen.errors import BuildError
from cvgen.typeset.publish import publish, writable_dir


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


@pytest.mark.parametrize("name", ["b.pdf", ".cvgen-cache.json"])
def test_a_folder_where_a_file_goes_changes_nothing_and_names_it(tmp_path, name):
    """out/publications.pdf (or the cache record) as a folder: checked before the first rename, so cv.pdf is
    not replaced alone, and no .part file stays."""
    (tmp_path / "a.pdf").write_bytes(b"old a")
    (tmp_path / name).mkdir()
    with pytest.raises(BuildError) as caught:
        publish({tmp_path / "a.pdf": b"new a", tmp_path / name: b"new"})
    assert str(caught.value) == (f"cannot write {tmp_path / name}: a folder (or another file that is not a regular one) "
                                 "is in its place; remove it and build again. Nothing was written")
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(["a.pdf", name])
    assert (tmp_path / "a.pdf").read_bytes() == b"old a"


def test_a_rename_that_fails_puts_the_old_files_back(tmp_path, monkeypatch):
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        (tmp_path / name).write_bytes(b"old " + name.encode())
    real_replace = os.replace

    def failing(source, target):
        if str(target).endswith("c.pdf"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(BuildError, match=r"c.pdf: Input/output error; the previous files there are unchanged$"):
        publish({tmp_path / name: b"new" for name in ("a.pdf", "b.pdf", "c.pdf")})
    monkeypatch.setattr(os, "replace", real_replace)
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == {
        "a.pdf": b"old a.pdf", "b.pdf": b"old b.pdf", "c.pdf": b"old c.pdf"}


def test_a_replaced_file_keeps_its_mode(tmp_path):
    (tmp_path / "cv.yaml").write_bytes(b"old")
    os.chmod(tmp_path / "cv.yaml", 0o600)
    publish({tmp_path / "cv.yaml": b"new", tmp_path / "fresh.pdf": b"x"})
    assert oct(os.stat(tmp_path / "cv.yaml").st_mode & 0o777) == "0o600"
    assert oct(os.stat(tmp_path / "fresh.pdf").st_mode & 0o777) == "0o644"
