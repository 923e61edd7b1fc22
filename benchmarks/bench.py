"""cvgen's speed and memory, measured: `make bench` (not part of the test suite).

Every figure is a whole-process wall time (median, min, max over REPEATS runs) and the peak resident
memory of the largest process involved (the engine, usually), taken with wait4. The machine is noisy,
so compare the ratios in one run: the bare-engine rows are the floor, the same .tex files given straight
to pdflatex with no cvgen around them. Results also go to out/bench.json.
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
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
CVGEN = [sys.executable, "-m", "cvgen"]


def measure(command: list[str], cwd: Path, before=None) -> tuple[float, float]:
    """Wall seconds and peak RSS in MiB of one run of `command` (and the processes it waited for)."""
    if before:
        before()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def series(command: list[str], cwd: Path, before=None) -> dict[str, float]:
    runs = [measure(command, cwd, before) for _ in range(REPEATS)]
    times = [seconds for seconds, _ in runs]
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
            "peak_mib": max(memory for _, memory in runs)}


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


def bench_profile(label: str, profile_text: str, rows: list[dict]) -> None:
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

        def add(name, command, before=None, cwd=work):
            rows.append({"profile": label, "case": name, **series(command, cwd, before)})
            row = rows[-1]
            print(f"{label:<10} {name:<42} {row['median_s']:7.3f} {row['min_s']:7.3f} {row['max_s']:7.3f} "
                  f"{row['peak_mib']:8.0f}", flush=True)

        add("first build ever (TeX formats made)", [*CVGEN, "render", "--no-cache"], fresh_caches)
        add("cold build, all three documents", [*CVGEN, "render", "--no-cache"], fresh_out)
        add("cold build, résumé alone", [*CVGEN, "render", "--variant", "short", "--no-cache"], fresh_out)
        subprocess.run([*CVGEN, "render"], cwd=work, check=True, capture_output=True)
        add("no-op rebuild", [*CVGEN, "render"])
        text = profile_text
        flip = iter(range(10**6))

        def edit_one_field():  # a talk's title: only cv.pdf changes
            changed = text.replace("Spotlight talk on", f"Spotlight talk ({next(flip)}) on", 1)
            assert changed != text
            (work / "cv.yaml").write_text(changed, encoding="utf-8")

        add("rebuild after changing one field", [*CVGEN, "render"], edit_one_field)
        engine = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error"]
        add("bare pdflatex, resume.tex (floor)", [*engine, "resume.tex"], cwd=tex_dir)
        parallel = ["sh", "-c", "for f in cv resume publications; do pdflatex -interaction=nonstopmode "
                    "-halt-on-error $f.tex >/dev/null & done; wait"]
        add("bare pdflatex, 3 .tex in parallel (floor)", parallel, cwd=tex_dir)


def bench_styles(rows: list[dict]) -> list[str]:
    """The 500-paper publication list in cvgen's style and in APA (citeproc-js): issue 13's target. Each
    build starts without out/; "first" also without the formatted references cvgen keeps in its cache."""
    os.environ.setdefault("CVGEN_CITEPROC", str(Path(__file__).resolve().parents[1] / "tests" / "csl"))  # make node
    medians = {}
    cases = [("cvgen", "cvgen", False), ("apa", "apa", False), ("apa, first", "apa", True)]
    for label, style, first in cases:
        profile = {**large_profile(500), "style": style}
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            os.environ["CVGEN_CACHE_DIR"] = str(work / "cache")
            (work / "cv.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
            command = [*CVGEN, "render", "--variant", "publications", "--no-cache"]
            subprocess.run(command, cwd=work, check=True, capture_output=True)  # TeX formats made once

            def fresh(work=work, first=first):
                shutil.rmtree(work / "out", ignore_errors=True)
                if first:
                    shutil.rmtree(work / "cache" / "csl", ignore_errors=True)

            rows.append({"profile": "500 pubs", "case": f"publication list, style {label}",
                         **series(command, work, fresh)})
            row = rows[-1]
            medians[label] = row["median_s"]
            print(f"{'500 pubs':<10} {row['case']:<42} {row['median_s']:7.3f} {row['min_s']:7.3f} "
                  f"{row['max_s']:7.3f} {row['peak_mib']:8.0f}", flush=True)
    ratio, first = medians["apa"] / medians["cvgen"], medians["apa, first"] / medians["cvgen"]
    return [f"target: 500 papers in APA / in cvgen's style = {ratio:.2f} <= 2: {'met' if ratio <= 2 else 'MISSED'} "
            f"(the first build, formatting every reference: {first:.2f})"]


RENDERCV_SECONDS = 1.1  # one RenderCV render on this kind of machine (../shared/latex-facts.md)


def check_targets(rows: list[dict]) -> list[str]:
    """Issue 4's targets on the shipped profile, each as a ratio of medians taken in this same run."""
    median = {row["case"]: row["median_s"] for row in rows if row["profile"] == "shipped"}
    cold, resume = median["cold build, all three documents"], median["cold build, résumé alone"]
    bare, noop = median["bare pdflatex, resume.tex (floor)"], median["no-op rebuild"]

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    return [f"target: all three from cold {cold:.2f} s < one RenderCV render {RENDERCV_SECONDS} s: "
            f"{verdict(cold < RENDERCV_SECONDS)}",
            f"target: résumé alone / bare engine = {resume / bare:.2f} <= 1.5: {verdict(resume / bare <= 1.5)}",
            f"target: no-op / cold build = {noop / cold:.2f} < 0.2: {verdict(noop / cold < 0.2)}"]


def main() -> None:
    rows: list[dict] = []
    print(f"{REPEATS} runs each, {os.cpu_count()} cores; seconds and MiB")
    print(f"{'profile':<10} {'case':<42} {'median':>7} {'min':>7} {'max':>7} {'peak MiB':>8}")
    rows.append({"profile": "-", "case": "cvgen --help", **series([*CVGEN, "--help"], ROOT)})
    print(f"{'-':<10} {'cvgen --help':<42} {rows[-1]['median_s']:7.3f} {rows[-1]['min_s']:7.3f} "
          f"{rows[-1]['max_s']:7.3f} {rows[-1]['peak_mib']:8.0f}")
    bench_profile("shipped", (ROOT / "cv.yaml").read_text(encoding="utf-8"), rows)
    targets = check_targets(rows)
    for size in (125, 250, 500):
        bench_profile(f"{size} pubs", yaml.safe_dump(large_profile(size), allow_unicode=True, sort_keys=False), rows)
    targets += bench_styles(rows)
    for line in targets:
        print(line)
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(json.dumps({"repeats": REPEATS, "cores": os.cpu_count(), "rows": rows,
                                                "targets": targets}, indent=1), encoding="utf-8")
    print(f"written {out / 'bench.json'}")


if __name__ == "__main__":
    main()
