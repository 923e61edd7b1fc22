from __future__ import annotations

import pytest

from cvgen.errors import ProfileError
from cvgen.profile.load import format_path, load_text


def test_positions_are_recorded_for_values_and_keys():
    document = load_text("owner:\n  name: Kai Yi\npublications:\n  - key: a\n    year: 2024\n", "cv.yaml")
    assert document.data == {"owner": {"name": "Kai Yi"}, "publications": [{"key": "a", "year": 2024}]}
    assert document.position(("publications", 0, "year")) == (5, 11)
    assert document.position(("publications", 0, "year"), of_key=True) == (5, 5)
    assert document.position(("publications", 0, "missing")) == (4, 5)  # nearest existing ancestor


def test_format_path():
    assert format_path(("publications", 3, "venue")) == "publications[3].venue"
    assert format_path(()) == ""


def test_impossible_date_is_kept_as_text_for_validation_to_explain():
    assert load_text("d: 2023-02-31\n", "f").data == {"d": "2023-02-31"}


def test_every_duplicate_key_is_reported():
    with pytest.raises(ProfileError) as caught:
        load_text("a: 1\nb: 2\na: 3\nb: 4\n", "cv.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "cv.yaml:3:1: a: duplicate key 'a' (first defined on line 1)",
        "cv.yaml:4:1: b: duplicate key 'b' (first defined on line 2)",
    ]
