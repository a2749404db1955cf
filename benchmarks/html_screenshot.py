"""Render our HTML pages in headless Chromium: PNG screenshots and a check of the live DOM.

Writes, into OUT (default build/screenshots):
- eval.html / eval.png: `extractor eval GOLD_DIR --html` (default ../shared/corpus-dev),
- show.html / show.png: `extractor show` of one article of GOLD_DIR,
- hostile-eval.html / .png and hostile-show.html / .png: a hostile article whose text,
  title and id hold `<script>alert(1)</script>` and `"><img src=x onerror=alert(1)>`,
  plus payloads that would mark the DOM if they ever ran.

For each page Chromium also dumps the DOM after load; the script fails when a payload
ran (the marker attribute is present) or an injected element exists, and prints what it
found. Needs `chromium` (Debian: `apt-get install -y chromium`).

    .venv/bin/python benchmarks/html_screenshot.py [--gold DIR] [--out DIR] [--model NAME]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from extractor.evaluation import evaluate_dir
from extractor.scoring.render import render_html
from extractor.show import extract_article, render_article_html

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# Payloads that leave a mark in the DOM if they run (alert() would leave none).
MARK_SCRIPT = "<script>document.documentElement.setAttribute('data-pwned','script')</script>"
MARK_IMG = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">"
HOSTILE_ID = IMG  # a file name may not hold "/", so the id carries the <img> payload
HOSTILE_TITLE = f"Título {SCRIPT} {IMG}"
HOSTILE_BODY = (
    f"Telefónica compró {SCRIPT} por 4.100 millones de euros en marzo de 2024. "
    f"La firma {IMG} se hizo con el 27% de Prosus. {MARK_SCRIPT} {MARK_IMG}\n"
)
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def find_chromium() -> str | None:
    """The Chromium executable, if installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium(binary: str, page: Path, *args: str, timeout: float = 120) -> str:
    """Run headless Chromium on a local page with a throwaway profile; return its stdout."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    return done.stdout


def screenshot(binary: str, page: Path, png: Path, height: int = 2000) -> None:
    """Save a 1280-pixel-wide PNG of the page."""
    chromium(binary, page, f"--screenshot={png.resolve()}", f"--window-size=1280,{height}")
    if not png.exists() or png.stat().st_size == 0:
        raise RuntimeError(f"Chromium wrote no screenshot for {page}")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def dom_problems(dom: str) -> list[str]:
    """What in a dumped DOM shows that a payload ran or an element was injected."""
    parser = _Elements()
    parser.feed(dom)
    problems = [
        f"<{tag}> element in the live DOM" for tag, _ in parser.tags if tag in ("script", "img")
    ]
    problems += [f"payload ran: data-pwned={attrs['data-pwned']}"
                 for _, attrs in parser.tags if "data-pwned" in attrs]  # fmt: skip
    problems += [f"<{tag} {name}=...>" for tag, attrs in parser.tags
                 for name in attrs if name.startswith("on")]  # fmt: skip
    if "&lt;script&gt;alert(1)&lt;/script&gt;" not in dom:
        problems.append("the <script> payload is not shown as text")
    return problems


def write_hostile_corpus(folder: Path) -> Path:
    """A gold folder with one hostile article (text, title and id) and its gold file."""
    folder.mkdir(parents=True, exist_ok=True)
    article = folder / f"{HOSTILE_ID}.txt"
    article.write_text(
        f"---\ntitle: {HOSTILE_TITLE}\npublished: 2024-03-20\n---\n{HOSTILE_BODY}", encoding="utf-8"
    )
    gold = {
        "id": HOSTILE_ID,
        "companies": [{"name": "Telefónica", "aliases": []}, {"name": SCRIPT, "aliases": []}],
        "amounts": [{"text": "4.100 millones de euros", "value": 4100000000, "currency": "EUR"}],
        "percentages": [{"text": "27%", "value": 27}],
        "dates": [{"text": "marzo de 2024", "value": "2024-03"}],
        "deals": [{"type": "acquisition", "buyers": ["Telefónica"], "target": SCRIPT,
                   "status": "completed", "evidence": HOSTILE_BODY}],
    }  # fmt: skip
    (folder / f"{HOSTILE_ID}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return article


def write_pages(gold_dir: Path | None, out: Path, model: str | None) -> list[Path]:
    """Write the eval and show pages (real and hostile) into `out`; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    pages: list[Path] = []
    if gold_dir is not None:
        report, items = evaluate_dir(gold_dir, model=model)
        page = out / "eval.html"
        page.write_text(
            render_html(report, [(i.gold, i.predicted, i.article) for i in items]), encoding="utf-8"
        )
        first = next(iter(sorted(gold_dir.glob("*.txt"))))
        show = out / "show.html"
        show.write_text(render_article_html(*extract_article(first, model=model)), encoding="utf-8")
        pages += [page, show]
    hostile_dir = out / "hostile-corpus"
    article = write_hostile_corpus(hostile_dir)
    report, items = evaluate_dir(hostile_dir, model=model)
    page = out / "hostile-eval.html"
    page.write_text(
        render_html(report, [(i.gold, i.predicted, i.article) for i in items]), encoding="utf-8"
    )
    show = out / "hostile-show.html"
    show.write_text(render_article_html(*extract_article(article, model=model)), encoding="utf-8")
    return [*pages, page, show]


def main(argv: list[str] | None = None) -> int:
    """Write the pages, screenshot them, check their live DOM; non-zero on any problem."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_gold = Path(__file__).resolve().parents[2] / "shared" / "corpus-dev"
    parser.add_argument("--gold", type=Path, default=default_gold)
    parser.add_argument("--out", type=Path, default=Path("build/screenshots"))
    parser.add_argument("--model", default=None, help="spaCy model; 'blank' for none")
    parser.add_argument("--height", type=int, default=2000)
    args = parser.parse_args(argv)
    binary = find_chromium()
    if binary is None:
        print("no chromium found (Debian: apt-get install -y chromium)", file=sys.stderr)
        return 2
    gold = args.gold if args.gold.is_dir() else None
    if gold is None:
        print(f"no gold folder at {args.gold}; hostile pages only", file=sys.stderr)
    failures = 0
    for page in write_pages(gold, args.out, args.model):
        png = page.with_suffix(".png")
        screenshot(binary, page, png, args.height)
        problems = dom_problems(chromium(binary, page, "--dump-dom"))
        if "hostile" not in page.name:
            problems = [p for p in problems if "not shown as text" not in p]
        failures += bool(problems)
        print(f"{png}: {'; '.join(problems) or 'ok'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
