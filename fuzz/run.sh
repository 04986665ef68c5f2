#!/usr/bin/env bash
# Fuzzes every importer for SECONDS each (default 10), seeded with the format fixtures, on
# stable Rust (no sanitizer). A crash leaves its input in fuzz/artifacts/TARGET/ and fails.
#
#   bash fuzz/run.sh          # 10 s a target: the smoke run CI does
#   bash fuzz/run.sh 600      # 10 minutes a target
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
data=crates/kith-import/tests/data
targets=(
  "vcard|$data/vcard"
  "linkedin_connections|$data/linkedin"
  "linkedin_messages|$data/linkedin"
  "google_csv|$data/google"
  "outlook_csv|$data/outlook"
  "facebook_friends|$data/facebook"
  "messenger|$data/facebook"
  "telegram|$data/telegram"
  "whatsapp|$data/whatsapp"
  "mbox|$data/mbox"
  "archive|fuzz/seeds/archive"
)
# Hand-made hostile files (NULs, wrong encodings) seed every target.
hostile=crates/kith/tests/data/hostile
cargo fuzz build --sanitizer none
for entry in "${targets[@]}"; do
  target=${entry%%|*}
  seeds=${entry#*|}
  mkdir -p "fuzz/corpus/$target"
  echo "==> fuzzing $target for ${seconds}s"
  cargo fuzz run --sanitizer none "$target" "fuzz/corpus/$target" "$seeds" "$hostile" -- \
    -max_total_time="$seconds" -print_final_stats=1 2>&1 | grep -E '^(Done|stat::number_of_executed_units|==|SUMMARY)' || true
  if compgen -G "fuzz/artifacts/$target/crash-*" >/dev/null; then
    echo "fuzzing $target found a crash: fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
