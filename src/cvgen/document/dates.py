"""Dates as a document in its language prints them: the one place that turns dates into text.

English uses the C library's month names (`strftime`, so no month table here and no import cost); any
other language is formatted by Babel from CLDR ("März 2020", "2020年3月"), loaded only when needed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cvgen.profile.model import PartialDate


def plain_spaces(text: str) -> str:
    """CLDR's narrow no-break space (U+202F) as a no-break space, which every engine and font has."""
    return text.replace("\u202f", "\u00a0")


@dataclass(frozen=True)
class Dates:
    language: str = "en"
    present: str = "Present"

    @property
    def locale(self) -> str:
        return self.language.replace("-", "_")  # Babel's spelling: pt_BR

    def date(self, date: PartialDate, *, full: bool = False) -> str:
        """`Dec 2021`, `2021`, `7 Dec 2022` (or their form in the document's language); `full`, a letter's date
        with the month in full: `7 December 2022`, `7. Dezember 2022`, `2022年12月7日`."""
        if not date.month:
            return str(date.year)
        day = datetime.date(date.year, date.month, date.day or 1)
        month = "%B" if full else "%b"
        if self.language == "en":
            return day.strftime(f"{day.day} {month} %Y" if date.day else f"{month} %Y")
        from babel.dates import format_date, format_skeleton

        if full and date.day:
            return plain_spaces(format_date(day, format="long", locale=self.locale))
        skeleton = ("yMMMM" if full else "yMMM") + ("d" if date.day else "")
        return plain_spaces(format_skeleton(skeleton, day, locale=self.locale))

    def month(self, date: PartialDate) -> str:
        """The month alone, for the first half of `Feb – May 2022`."""
        day = datetime.date(date.year, date.month, 1)
        if self.language == "en":
            return day.strftime("%b")
        from babel.dates import format_skeleton

        return plain_spaces(format_skeleton("MMM", day, locale=self.locale))

    def period(self, start: PartialDate | None, end: PartialDate | str | None) -> str:
        """`Dec 2021 – Present`, `2016 – 2018`, `Jun 2019`, `Feb – May 2022`; an en dash between."""
        if start is None:
            return ""
        if end is None:
            return self.date(start)
        if not isinstance(end, PartialDate):
            return f"{self.date(start)} – {self.present}"
        if start == end:
            return self.date(end)
        if start.year == end.year and start.month and end.month and not start.day and self.language == "en":
            return f"{self.month(start)} – {self.date(end)}"
        return f"{self.date(start)} – {self.date(end)}"

    @staticmethod
    def years(years: list[int]) -> str:
        """[2022, 2023, 2024, 2026] → `2022–2024, 2026`."""
        runs: list[list[int]] = []
        for year in sorted(set(years)):
            if runs and year == runs[-1][-1] + 1:
                runs[-1].append(year)
            else:
                runs.append([year])
        return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs)
