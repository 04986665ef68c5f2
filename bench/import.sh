#!/usr/bin/env bash
# Import benchmark: kith against the reference script `../shared/bench/baseline_import.py`, on
# the same generated export trees, in the same run. Prints throughput and peak RSS of both and
# their ratios. Needs the project's shared material beside the checkout (../shared/bench);
# without it, it says so and exits cleanly.
#
#   bash bench/import.sh           # the three trees of the import issue (several GB of disk)
#   bash bench/import.sh --quick   # small trees, for a quick look
set -euo pipefail
cd "$(dirname "$0")/.."

bench=../shared/bench
if [ ! -f "$bench/gen_exports.py" ] || [ ! -f "$bench/baseline_import.py" ]; then
  echo "skipped: $bench (the reference scripts) is not beside this checkout"
  exit 0
fi
command -v /usr/bin/time >/dev/null || { echo "skipped: /usr/bin/time is not installed"; exit 0; }

quick=false
[ "${1:-}" = "--quick" ] && quick=true
work=${KITH_BENCH_DIR:-$(mktemp -d)}
echo "trees and databases in $work"

cargo build --release --quiet
kith=$PWD/target/release/kith

if $quick; then
  trees=(
    "messenger-heavy|--people 900 --vcard-contacts 500 --linkedin-connections 500 --threads 100 --messages 200000 --formats messenger,facebook-friends,vcard,linkedin"
    "all-formats|--people 500 --threads 200 --messages 200000"
    "messenger-heavy-small|--people 900 --vcard-contacts 500 --linkedin-connections 500 --threads 100 --messages 20000 --formats messenger,facebook-friends,vcard,linkedin"
  )
else
  trees=(
    "messenger-heavy|--people 9000 --vcard-contacts 5000 --linkedin-connections 5000 --threads 1000 --messages 2000000 --formats messenger,facebook-friends,vcard,linkedin"
    "all-formats|--people 5000 --threads 1000 --messages 2000000"
    "messenger-heavy-small|--people 9000 --vcard-contacts 5000 --linkedin-connections 5000 --threads 1000 --messages 200000 --formats messenger,facebook-friends,vcard,linkedin"
  )
fi

# Runs a command under /usr/bin/time; prints "seconds peak_kib".
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log" "$@" >/dev/null
  cat "$log"
  rm -f "$log"
}

printf '\n| tree | size | kith | baseline | throughput ratio | kith RSS | baseline RSS | RSS ratio | people (kith / truth) | right last interaction |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
for entry in "${trees[@]}"; do
  name=${entry%%|*}
  args=${entry#*|}
  tree=$work/$name
  if [ ! -f "$tree/truth.json" ]; then
    # shellcheck disable=SC2086
    python3 "$bench/gen_exports.py" "$tree" $args >/dev/null
  fi
  bytes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes"])' "$tree/truth.json")
  truth=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["people"])' "$tree/truth.json")
  sources=$(find "$tree" -mindepth 1 -maxdepth 1 -type d | sort)
  # Warm the page cache so that both read from memory.
  find "$tree" -type f -exec cat {} + >/dev/null
  read -r base_s base_kib < <(measure python3 "$bench/baseline_import.py" "$tree")
  db=$work/$name.db
  rm -f "$db" "$db-wal" "$db-shm"
  # shellcheck disable=SC2086
  read -r kith_s kith_kib < <(measure "$kith" --db "$db" --now 2025-06-30T12:00:00Z import \
    --zone UTC $sources)
  # Correctness against the ground truth: how many humans kith found, and for how many it has
  # the right last interaction (a human is found by any of their names, else by phone).
  read -r people right < <("$kith" --db "$db" --json people | python3 -c '
import datetime, json, sys
people, truth = json.load(sys.stdin), json.load(open(sys.argv[1]))
by_name = {p["name"]: p for p in people}
by_phone = {phone: p for p in people for phone in p["phones"]}
def seconds(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()) if text else None
right = 0
for human in truth["humans"]:
    found = next((by_name[n] for n in human["names"] if n in by_name), None) or next(
        (by_phone[p] for p in human["phones"] if p in by_phone), None)
    right += found is not None and seconds(found["last_interaction"]) == human["last_interaction"]
print(len(people), right)' "$tree/truth.json")
  python3 - "$name" "$bytes" "$kith_s" "$base_s" "$kith_kib" "$base_kib" "$people" "$truth" "$right" <<'PY'
import sys
name, size, ks, bs, kk, bk, people, truth, right = sys.argv[1:]
size, ks, bs, kk, bk = int(size), float(ks), float(bs), int(kk), int(bk)
mb = size / 1e6
k_tp, b_tp = mb / max(ks, 0.01), mb / max(bs, 0.01)
print(f"| {name} | {mb:.0f} MB | {ks:.2f} s ({k_tp:.0f} MB/s) | {bs:.2f} s ({b_tp:.0f} MB/s) "
      f"| {k_tp / b_tp:.2f}x | {kk / 1024:.0f} MiB | {bk / 1024:.0f} MiB | {kk / bk:.2f} "
      f"| {people} / {truth} | {right} / {truth} |")
PY
done
