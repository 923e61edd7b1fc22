"""`make gallery`: the first page of the résumé and of the CV of a profile (the shipped cv.yaml) in every
theme, as small PNGs in docs/gallery/ (<theme>-resume.png, <theme>-cv.png) for the README."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from cvgen.document.variants import select
from cvgen.profile import themes
from cvgen.profile.model import Design
from cvgen.typeset.pipeline import build, load_profile

RESOLUTION = 40  # dots per inch: enough to see a theme's look, a few tens of kilobytes per page


def main(profile_path: Path, gallery: Path) -> None:
    profile = load_profile(profile_path)
    gallery.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for theme in themes.names():
            variants = [variant.model_copy(update={"design": Design(theme=theme)})
                        for name in ("short", "long") for variant in select(name, profile)]
            for built in build(profile_path, Path(scratch) / theme, variants, use_cache=False):
                stem = gallery / f"{theme}-{built.path.stem}"
                subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", "1", "-l", "1", "-singlefile",
                                str(built.path), str(stem)], check=True)
                print(f"{stem}.png")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "cv.yaml"), Path(__file__).parent / "gallery")
