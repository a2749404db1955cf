"""Rewrite README.md's figures table from quality/ratchet.json.

The table sits between `<!-- figures:start -->` and `<!-- figures:end -->`.
`extractor ratchet --update` does the same after measuring; this script only
re-renders what the ratchet file holds.

    .venv/bin/python scripts/update_readme_figures.py [--check]

With --check nothing is written, and the exit code is 1 when the README is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extractor.ratchet import RATCHET_FILE, load_ratchet, replace_readme_section

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    """Regenerate (or with --check, verify) the README's figures section."""
    parser = argparse.ArgumentParser(description="README figures from the ratchet file")
    parser.add_argument("--check", action="store_true", help="fail if README.md is stale")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    parser.add_argument("--ratchet", type=Path, default=ROOT / RATCHET_FILE)
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    fresh = replace_readme_section(text, load_ratchet(args.ratchet))
    if args.check:
        if fresh != text:
            print(f"{args.readme} is stale: run scripts/update_readme_figures.py", file=sys.stderr)
            return 1
        return 0
    if fresh != text:
        args.readme.write_text(fresh, encoding="utf-8")
        print(f"updated {args.readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
