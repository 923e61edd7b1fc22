from __future__ import annotations

from cvgen.document.dates import Dates
from cvgen.profile.model import PartialDate

EN = Dates("en", "Present")


def test_periods_in_english():
    assert EN.period(PartialDate(2021, 12), "present") == "Dec 2021 – Present"
    assert EN.period(PartialDate(2022, 2), PartialDate(2022, 5)) == "Feb – May 2022"
    assert EN.period(PartialDate(2016), PartialDate(2018)) == "2016 – 2018"
    assert EN.period(PartialDate(2019, 6), None) == "Jun 2019"
    assert EN.period(PartialDate(2019, 6), PartialDate(2019, 6)) == "Jun 2019"
    assert EN.period(None, None) == ""


def test_single_dates_in_english():
    assert EN.date(PartialDate(2022, 12, 7)) == "7 Dec 2022"
    assert EN.date(PartialDate(2022, 9)) == "Sep 2022"
    assert EN.date(PartialDate(2022)) == "2022"


def test_runs_of_years():
    assert Dates.years([2024, 2022, 2023, 2026]) == "2022–2024, 2026"
    assert Dates.years([2022, 2024]) == "2022, 2024"
    assert Dates.years([2020, 2021]) == "2020, 2021"


def test_the_profile_s_last_commit_date_is_asked_of_git_only_inside_a_repository(tmp_path, monkeypatch):
    """The documents' "updated" date falls back on the profile's last commit; outside a repository git is not
    started at all (the no-op rebuild's time), inside one (the profile in a sub-folder too) it answers."""
    import shutil
    import subprocess

    from cvgen.typeset import cache

    monkeypatch.delenv("GIT_DIR", raising=False)
    outside = tmp_path / "plain" / "cv.yaml"
    outside.parent.mkdir()
    outside.write_text("name: A\n")
    started, popen = [], subprocess.Popen
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: started.append(a) or popen(*a, **k))
    assert cache.last_commit_date(outside) == "" and started == []

    if shutil.which("git") is None:
        return
    repo = tmp_path / "repo"
    profile = repo / "docs" / "cv.yaml"
    profile.parent.mkdir(parents=True)
    profile.write_text("name: A\n")
    env = {"GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b.c", "GIT_COMMITTER_NAME": "a",
           "GIT_COMMITTER_EMAIL": "a@b.c", "GIT_AUTHOR_DATE": "2024-03-05T12:00:00Z",
           "GIT_COMMITTER_DATE": "2024-03-05T12:00:00Z", "HOME": str(tmp_path)}
    for command in (["init", "-q"], ["add", "docs/cv.yaml"], ["commit", "-q", "-m", "cv"]):
        subprocess.run(["git", *command], cwd=repo, check=True, env={**env, "PATH": "/usr/bin:/bin"})
    started.clear()
    assert cache.last_commit_date(profile) == "2024-03-05" and len(started) == 1
