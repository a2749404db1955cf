"""spaCy components (registered factories). Each reads rule data and writes spans."""
