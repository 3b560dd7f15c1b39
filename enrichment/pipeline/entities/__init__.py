"""Finding, canonicalizing and typing named entities in a cleaned article (spaCy)."""
