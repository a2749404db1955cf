"""Both HTML pages (`eval --html`, `show --html`) with a hostile article: static and in Chromium.

The static checks parse the written page. The browser checks load it in headless
Chromium and read the DOM after load: a payload that ran would leave a
`data-pwned` attribute or an injected element. They skip when Chromium is not
installed (Debian: `apt-get install -y chromium`); `benchmarks/html_screenshot.py`
takes screenshots of the same pages to look at.
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_IMG = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
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
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def _write_pages(gold_dir: Path, out: Path) -> dict[str, Path]:
    runner = CliRunner()
    pages = {"eval": out / "eval.html", "show": out / "show.html"}
    article = next(gold_dir.glob("*.txt"))
    for args in (
        ["eval", str(gold_dir), "--html", str(pages["eval"]), "--model", "blank"],
        ["show", str(article), "--html", str(pages["show"]), "--model", "blank"],
    ):
        done = runner.invoke(app, args)
        assert done.exit_code == 0, done.output
    return pages


@pytest.mark.parametrize("page_name", ["eval", "show"])
def test_html_page_shows_hostile_strings_as_text(
    hostile_corpus: Path, tmp_path: Path, page_name: str
) -> None:
    page = _write_pages(hostile_corpus, tmp_path)[page_name].read_text(encoding="utf-8")
    assert SCRIPT not in page
    assert IMG not in page
    assert ESCAPED_SCRIPT in page
    assert ESCAPED_IMG in page
    # Title (in <title> and the heading) and id are escaped too.
    assert f"Título {ESCAPED_SCRIPT} {ESCAPED_IMG}" in page
    assert f"<code>{ESCAPED_IMG}</code>" in page
    tags = _tags(page)
    assert not [t for t, _ in tags if t in ("script", "img", "iframe", "object", "embed")]
    assert not [name for _, attrs in tags for name in attrs if name.startswith("on")]


@pytest.mark.parametrize("page_name", ["eval", "show"])
def test_html_page_loads_nothing_from_the_network(
    hostile_corpus: Path, tmp_path: Path, page_name: str
) -> None:
    page = _write_pages(hostile_corpus, tmp_path)[page_name].read_text(encoding="utf-8")
    tags = _tags(page)
    assert not [t for t, _ in tags if t in ("link", "script", "img", "base")]
    for tag, attrs in tags:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), f"<{tag} {name}={value!r}>"
    lowered = page.lower()
    for needle in ("url(", "@import", "http://", "https://"):
        assert needle not in lowered
    assert "content-security-policy" in lowered


# --- in a real browser --------------------------------------------------------------------


def _chromium(page: Path, *args: str) -> str:
    assert CHROMIUM is not None
    profile = page.parent / "chromium-profile"
    done = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def _live_dom_problems(dom: str) -> list[str]:
    tags = _tags(dom)
    problems = [f"<{t}> in the DOM" for t, _ in tags if t in ("script", "img")]
    problems += [f"payload ran: {a['data-pwned']}" for _, a in tags if "data-pwned" in a]
    return problems


@pytest.mark.slow
@needs_chromium
def test_chromium_detector_catches_a_payload_that_runs(tmp_path: Path) -> None:
    # Control: an unescaped page without our policy does run the payload.
    page = tmp_path / "raw.html"
    page.write_text(
        "<!DOCTYPE html><html><body><p>x</p><img src=x "
        "onerror=\"document.documentElement.setAttribute('data-pwned','img')\"></body></html>",
        encoding="utf-8",
    )
    assert "payload ran: img" in _live_dom_problems(_chromium(page, "--dump-dom"))


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("page_name", ["eval", "show"])
def test_chromium_runs_nothing_and_shows_text(
    hostile_corpus: Path, tmp_path: Path, page_name: str
) -> None:
    page = _write_pages(hostile_corpus, tmp_path)[page_name]
    dom = _chromium(page, "--dump-dom")
    assert _live_dom_problems(dom) == []
    assert ESCAPED_SCRIPT in dom  # serialised back as text, so it was a text node
    png = tmp_path / f"{page_name}.png"
    _chromium(page, f"--screenshot={png}", "--window-size=1280,1000")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
