"""The scoring package's boundary: it imports no spaCy."""

from __future__ import annotations

import subprocess
import sys


def test_scoring_imports_no_spacy() -> None:
    code = (
        "import sys\n"
        "import extractor.scoring, extractor.scoring.render\n"
        "print(sorted(m for m in sys.modules if m == 'spacy' or m.startswith('spacy.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"
