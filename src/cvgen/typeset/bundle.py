"""Several documents in one PDF (a cover letter and the résumé): their pages, one after the other.

pypdf joins the PDFs each document's own build made (fitted to its own budget), links included; it
writes no date and no random ID, so the same parts give the same bytes.
"""

from __future__ import annotations

import io


def join_pdfs(parts: list[bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    first = PdfReader(io.BytesIO(parts[0])).metadata
    if first:
        writer.add_metadata({key: value for key, value in first.items() if key != "/Producer"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
