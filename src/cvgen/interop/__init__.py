"""Other formats in and out of the profile: BibTeX, JSON Resume, academicpages Markdown."""
