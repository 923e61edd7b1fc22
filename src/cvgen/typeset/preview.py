"""PNG previews of built PDFs (`render --png`), for READMEs and quick looks."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from cvgen.errors import BuildError
from cvgen.scratch import scratch

RESOLUTION = 110  # dots per inch: readable, small


def write_previews(pdf: Path) -> list[Path]:
    """`out/cv.pdf` → `out/cv-1.png`, `out/cv-2.png`...; replaces the previews of an earlier build."""
    if not shutil.which("pdftoppm"):
        raise BuildError("pdftoppm is not installed; install poppler-utils for --png")
    folder = scratch("png-")
    try:
        result = subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), str(pdf), str(Path(folder) / pdf.stem)],
                                capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise BuildError(f"pdftoppm failed on {pdf}: {result.stderr.strip()}")
        for old in pdf.parent.glob(f"{pdf.stem}-*.png"):
            old.unlink()
        made = []
        for page in sorted(Path(folder).glob("*.png")):
            number = int(page.stem.rsplit("-", 1)[1])  # pdftoppm pads: cv-01.png when there are 10+ pages
            target = pdf.parent / f"{pdf.stem}-{number}.png"
            shutil.move(str(page), target)
            os.chmod(target, 0o644)
            made.append(target)
        return made
    finally:
        shutil.rmtree(folder, ignore_errors=True)
