from __future__ import annotations

from cvgen.document.publications import number_publications
from cvgen.profile.model import Publication


def paper(key: str, year: int, highlight: bool = False, month: int | None = None) -> Publication:
    return Publication(key=key, authors=["A"], title=key, venue="V", year=year, month=month, highlight=highlight)


def test_highlighted_first_then_newest_first_and_numbers_run_on():
    papers = [paper("old-h", 2019, True), paper("new-o", 2025), paper("new-h", 2024, True, 3),
              paper("newer-h", 2024, True, 11), paper("old-o", 2018)]
    numbered = number_publications(papers)
    assert [(n.number, n.group, n.publication.key) for n in numbered] == [
        (1, "highlighted", "newer-h"), (2, "highlighted", "new-h"), (3, "highlighted", "old-h"),
        (4, "other", "new-o"), (5, "other", "old-o")]


def test_ties_keep_the_profile_order():
    numbered = number_publications([paper("b", 2020), paper("a", 2020), paper("c", 2020)])
    assert [n.publication.key for n in numbered] == ["b", "a", "c"]
