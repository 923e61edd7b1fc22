"""The view of a cover letter: recipient, date, subject, salutation, paragraphs, closing, signature.

A letter is one section of its document, after the same header as the CV; its words ("Enclosures")
come from the catalog, its date from the dates module in the letter's language, its body from the
rich-text path (Markdown, a blank line between paragraphs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cvgen.document.items import Context, Item
from cvgen.richtext import Rich, markdown, paragraphs

if TYPE_CHECKING:
    from cvgen.profile.model import PartialDate


@dataclass(frozen=True, kw_only=True)
class LetterItem(Item):
    """Everything a letter prints below the header, in order."""

    recipient: tuple[str, ...]  # lines: name, title, organization, the address's lines
    date: str
    subject: str
    salutation: str
    paragraphs: tuple[Rich, ...]
    closing: str
    signature: str
    enclosures: str  # "Enclosures: Résumé, Certificates", or nothing


def letter_item(context: Context, key: str, date: PartialDate | None) -> LetterItem:
    """The letter `key` of the profile, the one item of its document's one section; `date` when it gives none."""
    letter = context.profile.letters[key]
    words = context.words
    recipient = letter.recipient
    address = [line.strip() for line in (recipient.address or "").splitlines() if line.strip()]
    lines = [text for text in (recipient.name, recipient.title, recipient.organization) if text] + address
    when = letter.date or date
    enclosures = (words.phrase("enclosures", items=words.phrase("separator").join(letter.enclosures))
                  if letter.enclosures else "")
    return LetterItem(
        recipient=tuple(lines),
        date=context.dates.date(when, full=True) if when else "",
        subject=letter.subject or "",
        salutation=letter.salutation or "",
        paragraphs=tuple(markdown(part) for part in paragraphs(letter.body)),
        closing=letter.closing or "",
        signature=letter.signature or context.profile.owner.name,
        enclosures=enclosures,
    )
