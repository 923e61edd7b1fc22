"""cvgen's speed and memory, measured: `make bench` (not part of the test suite).

Every figure is a whole-process wall time (median, min, max over REPEATS runs) and the peak resident
memory of the largest process involved (the engine, usually), taken with wait4. The machine is noisy,
so the targets are ratios taken in one run, the two commands of each ratio run in turn (A B A B ...) and
the ratio taken pair by pair: cvgen's three documents against RenderCV 2.3 rendering the same profile's
CV (when the tests' RenderCV venv exists), the résumé against a bare pdflatex run of its own .tex, the
first 500-reference APA list against cvgen's style. Results also go to out/bench.json.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
# The pairs of a target's ratio: more than the other cases' runs, because on a shared machine the median of five
# pair-by-pair ratios moved by ±0.1 from one `make bench` to the next (the tenth session's runs, in the README).
PAIRS = int(os.environ.get("BENCH_PAIRS", "9"))
# BENCH_ONLY=styles: only the 500-paper list in cvgen's style and in APA, and its target; BENCH_ONLY=shipped: only
# the shipped profile's cases and its targets.
ONLY = os.environ.get("BENCH_ONLY", "")
# The command people run (the console script pip installs beside the interpreter), else `python -m cvgen`.
CVGEN = ([str(Path(sys.executable).with_name("cvgen"))] if Path(sys.executable).with_name("cvgen").exists()
         else [sys.executable, "-m", "cvgen"])


def measure(command: list[str], cwd: Path, before=None, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS in MiB of one run of `command` (and the processes it waited for)."""
    if before:
        before()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def series(command: list[str], cwd: Path, before=None) -> dict[str, float]:
    return summary([measure(command, cwd, before) for _ in range(REPEATS)])


def summary(runs: list[tuple[float, float]]) -> dict[str, float]:
    times = [seconds for seconds, _ in runs]
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
            "peak_mib": max(memory for _, memory in runs)}


@dataclass
class Command:
    """One side of a comparison: what runs, where, what is done before each run (not timed)."""

    argv: list[str]
    cwd: Path
    before: Callable[[], None] | None = None
    env: dict[str, str] | None = None

    def run(self) -> tuple[float, float]:
        return measure(self.argv, self.cwd, self.before, self.env)


def interleaved(a: Command, b: Command) -> tuple[dict[str, float], dict[str, float], float]:
    """A and B in turn, PAIRS pairs after one warm-up pair: each one's figures and the median of the
    pair-by-pair ratios A/B (a pair shares the machine's moment, so the ratio holds when its speed drifts)."""
    a.run(), b.run()
    pairs = [(a.run(), b.run()) for _ in range(PAIRS)]
    ratio = statistics.median(first[0] / second[0] for first, second in pairs)
    return summary([first for first, _ in pairs]), summary([second for _, second in pairs]), ratio


def print_row(row: dict) -> None:
    print(f"{row['profile']:<10} {row['case']:<42} {row['median_s']:7.3f} {row['min_s']:7.3f} {row['max_s']:7.3f} "
          f"{row['peak_mib']:8.0f}", flush=True)


def large_profile(publications: int, talks: int = 40, service: int = 60) -> dict:
    """The shipped profile grown to the given size, keeping its five highlighted papers."""
    profile = yaml.safe_load((ROOT / "cv.yaml").read_text(encoding="utf-8"))
    papers = profile["publications"]
    grown = list(papers)
    for index in range(publications - len(papers)):
        template = papers[5 + index % (len(papers) - 5)]
        grown.append({**template, "key": f"{template['key']}-{index}", "title": f"{template['title']} (part {index})",
                      "highlight": False})
    profile["publications"] = grown
    profile["talks"] = [{**talk, "title": f"{talk['title']} ({i})"}
                        for i, talk in ((i, profile["talks"][i % len(profile["talks"])]) for i in range(talks))]
    profile["reviewing"]["conferences"] = [{"venue": f"Conference {i}", "years": [2020 + i % 6]}
                                           for i in range(service)]
    return profile


def bench_profile(label: str, profile_text: str, rows: list[dict], ratios: dict[str, float] | None = None) -> None:
    """The cases of one profile. With `ratios` (the shipped profile), the targets' pairs too, each run in turn:
    all three documents against RenderCV's one CV, the résumé against the bare engine on its .tex."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        os.environ["CVGEN_CACHE_DIR"] = str(work / "cache")
        (work / "cv.yaml").write_text(profile_text, encoding="utf-8")
        tex_dir = work / "tex"
        subprocess.run([*CVGEN, "render", "--keep-tex", "--out", str(tex_dir)], cwd=work, check=True,
                       capture_output=True)

        def fresh_out():
            shutil.rmtree(work / "out", ignore_errors=True)

        def fresh_caches():  # no out/, no precompiled preambles: a new machine
            fresh_out()
            shutil.rmtree(work / "cache", ignore_errors=True)

        def add(name, command, before=None, cwd=work, figures=None):
            rows.append({"profile": label, "case": name, **(figures or series(command, cwd, before))})
            print_row(rows[-1])

        engine = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error"]
        all_three = Command([*CVGEN, "render", "--no-cache"], work, fresh_out)
        add("first build ever (TeX formats made)", all_three.argv, fresh_caches)
        other = rendercv(work) if ratios is not None else None
        if other:
            cvgen_figures, rendercv_figures, ratios["all three / RenderCV one CV"] = interleaved(all_three, other)
            add("cold build, all three documents", None, figures=cvgen_figures)
            add("RenderCV 2.3, the CV alone (Typst)", None, figures=rendercv_figures)
        else:
            add("cold build, all three documents", all_three.argv, fresh_out)
        resume = Command([*CVGEN, "render", "--variant", "short", "--no-cache"], work, fresh_out)
        bare = Command([*engine, "resume.tex"], tex_dir)
        if ratios is not None:
            resume_figures, bare_figures, ratios["résumé / bare engine"] = interleaved(resume, bare)
            add("cold build, résumé alone", None, figures=resume_figures)
        else:
            add("cold build, résumé alone", resume.argv, fresh_out)
        subprocess.run([*CVGEN, "render"], cwd=work, check=True, capture_output=True)
        add("no-op rebuild", [*CVGEN, "render"])
        text = profile_text
        flip = iter(range(10**6))

        def edit_one_field():  # a talk's title: only cv.pdf changes
            changed = text.replace("Spotlight talk on", f"Spotlight talk ({next(flip)}) on", 1)
            assert changed != text
            (work / "cv.yaml").write_text(changed, encoding="utf-8")

        add("rebuild after changing one field", [*CVGEN, "render"], edit_one_field)
        if ratios is not None:
            add("bare pdflatex, resume.tex (floor)", None, figures=bare_figures)
        else:
            add("bare pdflatex, resume.tex (floor)", bare.argv, cwd=tex_dir)
        parallel = ["sh", "-c", "for f in cv resume publications; do pdflatex -interaction=nonstopmode "
                    "-halt-on-error $f.tex >/dev/null & done; wait"]
        add("bare pdflatex, 3 .tex in parallel (floor)", parallel, cwd=tex_dir)


RENDERCV_VENV = Path(os.environ.get("CVGEN_RENDERCV_VENV") or Path.home() / ".cache" / "cvgen-tests" / "rendercv-2.3")
# RenderCV's Typst templates import a package for their icons, which Typst downloads on first use. With no
# network, the bench gives Typst a stand-in for it in a data folder of its own: each icon a blank box (the
# tests render with it too).
ICONS = ROOT / "tests" / "data" / "interop" / "typst-fontawesome"


def rendercv(work: Path) -> Command | None:
    """RenderCV 2.3 (the tests' venv, tests/test_rendercv_export.py) rendering `cvgen export rendercv` of the
    profile in `work`, PDF only; None, with a note, when it is not installed or cannot render here."""
    binary = RENDERCV_VENV / "bin" / "rendercv"
    if not binary.exists():
        print(f"RenderCV is not installed in {RENDERCV_VENV} (the RenderCV tests install it): not compared")
        return None
    folder = work / "rendercv"
    shutil.copytree(ICONS, folder / "data" / "typst" / "packages" / "preview" / "fontawesome" / "0.5.0")
    subprocess.run([*CVGEN, "export", "rendercv", "--out", str(folder / "CV.yaml")], cwd=work, check=True,
                   capture_output=True)
    # Its check for a newer version on PyPI is sent to a closed local port, so fails at once: no network
    # time is counted in RenderCV's figures.
    env = {"XDG_DATA_HOME": str(folder / "data"), "https_proxy": "http://127.0.0.1:9",
           "HTTPS_PROXY": "http://127.0.0.1:9"}
    command = Command([str(binary), "render", "CV.yaml", "--dont-generate-markdown", "--dont-generate-html",
                       "--dont-generate-png"], folder, lambda: shutil.rmtree(folder / "rendercv_output", True), env)
    tried = subprocess.run(command.argv, cwd=folder, env={**os.environ, **env}, capture_output=True, text=True)
    if tried.returncode != 0 or not list((folder / "rendercv_output").glob("*.pdf")):
        print(f"RenderCV could not render the export here: not compared\n{tried.stdout[-500:]}")
        return None
    return command


def bench_styles(rows: list[dict], ratios: dict[str, float]) -> None:
    """The 500-paper publication list in cvgen's style and in APA (citeproc-js). Each build starts without
    out/; "first" also without the references cvgen keeps formatted in its cache (the target's pair), but with
    what a second build ever with the style has: the TeX formats and citeproc-js's snapshot of the built style;
    "first ever" without that snapshot either (the build makes it, beside the list, and waits for it)."""
    os.environ.setdefault("CVGEN_CITEPROC", str(ROOT / "tests" / "csl"))  # make node
    command = [*CVGEN, "render", "--variant", "publications", "--no-cache"]
    with tempfile.TemporaryDirectory() as folder:
        works = {}
        for style in ("cvgen", "apa"):
            work = works[style] = Path(folder) / style
            work.mkdir()
            profile = {**large_profile(500), "style": style}
            (work / "cv.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
            subprocess.run(command, cwd=work, check=True, capture_output=True, env={  # TeX formats made once
                **os.environ, "CVGEN_CACHE_DIR": str(work / "cache")})
        for _ in range(600):  # and citeproc-js's snapshot of APA, which that build left being made
            if list((works["apa"] / "cache" / "csl-snapshots").glob("*.blob")):
                break
            time.sleep(0.1)

        def fresh(work: Path, first: bool, ever: bool) -> Callable[[], None]:
            def clean() -> None:
                shutil.rmtree(work / "out", ignore_errors=True)
                for folder, gone in (("csl", first), ("csl-snapshots", ever)):
                    if gone:
                        shutil.rmtree(work / "cache" / folder, ignore_errors=True)
            return clean

        def side(style: str, first: bool = False, ever: bool = False) -> Command:
            return Command(command, works[style], fresh(works[style], first, ever),
                           {"CVGEN_CACHE_DIR": str(works[style] / "cache")})

        apa_first, cvgen_style, ratios["500 papers: first APA / cvgen style"] = interleaved(side("apa", True), side("cvgen"))
        apa = summary([side("apa").run() for _ in range(REPEATS)])
        ever = summary([side("apa", True, True).run() for _ in range(REPEATS)])
        for case, figures in (("style cvgen", cvgen_style), ("style apa", apa), ("style apa, first", apa_first),
                              ("style apa, first ever", ever)):
            rows.append({"profile": "500 pubs", "case": f"publication list, {case}", **figures})
            print_row(rows[-1])


RENDER_PATH = ("cvgen.typeset.pipeline, cvgen.typeset.prestart, cvgen.profile.load, cvgen.document.validate, cvgen.document.variants, cvgen.typeset.render, cvgen.document.view, "
               "cvgen.typeset.compile, cvgen.typeset.verify, cvgen.typeset.fit")
IMPORT_BUDGET_S = 0.08  # cvgen's own modules on a build's path, without the libraries they import


def import_times() -> dict[str, float]:
    """What importing a build's modules costs (python -X importtime, median of REPEATS fresh interpreters):
    cvgen's own modules alone (their classes, tables and patterns) and with the libraries they import."""
    own, total = [], []
    for _ in range(REPEATS):
        done = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {RENDER_PATH}"], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        mine = everything = 0
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            alone, cumulative, name = line.removeprefix("import time:").split("|")
            if name.strip().startswith("cvgen"):
                mine += int(alone)
            if len(name) - len(name.lstrip()) == 1:  # a module imported at the top, not by another
                everything += int(cumulative)
        own.append(mine / 1e6)
        total.append(everything / 1e6)
    return {"cvgen_own_s": statistics.median(own), "with_libraries_s": statistics.median(total)}


def check_targets(rows: list[dict], ratios: dict[str, float], imports: dict[str, float]) -> list[str]:
    """Issue 27's targets, each a ratio taken in this same run."""
    median = {row["case"]: row["median_s"] for row in rows if row["profile"] == "shipped"}

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    lines = []
    ratio = ratios.get("500 papers: first APA / cvgen style", 0)
    first = (f"target: first 500-reference APA list / cvgen's style = {ratio:.2f} <= 2: {verdict(ratio <= 2)}"
             if ratio else "target: first 500-reference APA list: not measured (BENCH_ONLY=shipped)")
    if not median:  # BENCH_ONLY=styles
        return [first]
    noop = median["no-op rebuild"] / median["cold build, all three documents"]
    if "all three / RenderCV one CV" in ratios:
        ratio = ratios["all three / RenderCV one CV"]
        lines.append(f"target: all three documents / RenderCV's one CV = {ratio:.2f} <= 0.6: {verdict(ratio <= 0.6)}")
    else:
        lines.append("target: all three documents / RenderCV's one CV: not measured (RenderCV not installed)")
    ratio = ratios["résumé / bare engine"]
    lines.append(f"target: résumé alone / bare engine = {ratio:.2f} <= 1.3: {verdict(ratio <= 1.3)}")
    lines.append(f"target: no-op / cold build = {noop:.2f} <= 0.1: {verdict(noop <= 0.1)}")
    lines.append(first)
    own = imports["cvgen_own_s"]
    lines.append(f"budget: cvgen's own import time on a build's path {own * 1000:.0f} ms <= "
                 f"{IMPORT_BUDGET_S * 1000:.0f} ms: {verdict(own <= IMPORT_BUDGET_S)} "
                 f"(with the libraries: {imports['with_libraries_s'] * 1000:.0f} ms)")
    return lines


def main() -> None:
    rows: list[dict] = []
    ratios: dict[str, float] = {}
    print(f"{REPEATS} runs each ({PAIRS} pairs for a target's ratio), {os.cpu_count()} cores; seconds and MiB")
    print(f"{'profile':<10} {'case':<42} {'median':>7} {'min':>7} {'max':>7} {'peak MiB':>8}")
    imports: dict[str, float] = {}
    if ONLY != "styles":
        rows.append({"profile": "-", "case": "cvgen --help", **series([*CVGEN, "--help"], ROOT)})
        print_row(rows[-1])
        imports = import_times()
        bench_profile("shipped", (ROOT / "cv.yaml").read_text(encoding="utf-8"), rows, ratios)
        for size in (125, 250, 500) if ONLY != "shipped" else ():
            bench_profile(f"{size} pubs", yaml.safe_dump(large_profile(size), allow_unicode=True, sort_keys=False), rows)
    if ONLY != "shipped":
        bench_styles(rows, ratios)
    targets = check_targets(rows, ratios, imports)
    for line in targets:
        print(line)
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    name = f"bench-{ONLY}.json" if ONLY else "bench.json"  # a part never overwrites the whole
    (out / name).write_text(json.dumps({"repeats": REPEATS, "pairs": PAIRS, "cores": os.cpu_count(), "rows": rows,
                                                "ratios": ratios, "imports": imports, "targets": targets},
                                               indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"written {out / name}")


if __name__ == "__main__":
    main()
