"""Every kind of bad input has its own message, with the line and column; all problems come at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cvgen.errors import ProfileError
from cvgen.typeset.pipeline import load_profile

BAD = sorted((Path(__file__).parent / "data" / "bad").glob("*.yaml"))


def expected_messages(path: Path) -> list[str]:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


def test_every_file_of_the_corpus_is_run_and_states_what_it_expects():
    """A file the glob above misses (a .yml) or without a `# expect:` line would check nothing."""
    folder = Path(__file__).parent / "data" / "bad"
    assert sorted(folder.iterdir()) == BAD
    assert [path.name for path in BAD if not expected_messages(path)] == []
    for path in BAD:
        assert all(message.startswith("cv.yaml:") for message in expected_messages(path)), path.name


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
