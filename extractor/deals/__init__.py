"""Deal assembly: triggers, roles, attributes, status, merging. No spaCy import."""
