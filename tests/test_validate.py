"""Every kind of bad input has its own message, with the line and column; all problems come at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cvgen.errors import ProfileError
from cvgen.pipeline import load_profile

BAD = sorted((Path(__file__).parent / "data" / "bad").glob("*.yaml"))


def expected_messages(path: Path) -> list[str]:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


def test_the_corpus_is_large_enough():
    assert len(BAD) >= 25


@pytest.mark.parametrize("path", BAD, ids=[path.stem for path in BAD])
def test_bad_profile_gives_exact_messages(path: Path, tmp_path, monkeypatch):
    shutil.copy(path, tmp_path / "cv.yaml")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ProfileError) as caught:
        load_profile(Path("cv.yaml"))
    assert [str(problem) for problem in caught.value.problems] == expected_messages(path)


def test_shipped_profile_is_valid():
    profile = load_profile(Path(__file__).parents[1] / "cv.yaml")
    assert profile.owner.name == "Kai Yi"
    assert sum(p.highlight for p in profile.publications) == 5
