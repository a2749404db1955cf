"""Pure normalisation: text in, values out. No spaCy import here."""
