"""cvgen: one YAML profile, three consistent PDFs (long CV, one-page résumé, publication list)."""

__version__ = "0.1.0"
