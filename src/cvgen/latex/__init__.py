"""LaTeX-specific helpers: escaping user text and telling which engine can typeset it."""
