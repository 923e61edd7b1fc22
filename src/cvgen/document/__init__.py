"""What each document shows: the profile checked against what documents can be (validate), the
section kinds, the variants, the view and its items, in the document's language (catalog)."""
