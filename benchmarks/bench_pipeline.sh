#!/usr/bin/env bash
# Pipeline vs spaCy parse-only, in one process, on the bundled examples and (when present) the shared news corpus.
# Prints JSON reports; figures are ratios against the parse-only baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
"$BIN/polemos" bench --n "${N:-100}"
if [ -f ../shared/corpus/news/fakes_syria_war.jsonl ]; then
  "$BIN/polemos" bench --corpus ../shared/corpus/news/fakes_syria_war.jsonl --n "${N:-200}"
fi
if [ -f ../shared/corpus/news/bbc_2004_2005.jsonl ]; then
  "$BIN/polemos" bench --corpus ../shared/corpus/news/bbc_2004_2005.jsonl --n "${N:-200}"
fi
