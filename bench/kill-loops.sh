#!/usr/bin/env bash
# kill -9 at random points of the plugin's own writes (issue 14): the dispatcher key, the ledger and config.yml,
# KILLS times each (default 30). After each kill, one more write runs to completion, as the next Maven run would;
# then nothing may be truncated and no temporary file may remain. Usage (from anywhere): bench/kill-loops.sh [KILLS]
# Prints what it checked; exits non-zero at the first file that does not hold.
set -euo pipefail
kills=${1:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

source bench/lib.sh

classpath=$(test_classpath)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
loop() { java -cp "$classpath" org.arvados.maven.bench.WriteLoop "$@"; }
# The background writer is java itself (not a subshell around it), so that kill -9 reaches it.
start_loop() { java -cp "$classpath" org.arvados.maven.bench.WriteLoop "$@" & }

mkdir -p "$work/keys"
cp src/test/resources/config/cluster.yml "$work/config.yml"
declare -A target=([key]="$work/keys" [ledger]="$work/arvados-images.json" [config]="$work/config.yml")

check() { # check MODE: the files hold and no temporary file is left
  case "$1" in
    key) ssh-keygen -y -f "$work/keys/id_dispatcher" | cut -d' ' -f1-2 | cmp -s - <(cut -d' ' -f1-2 "$work/keys/id_dispatcher.pub") \
           || { echo "key: the private and public halves do not match"; exit 1; } ;;
    ledger) python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d["images"], list)' "$work/arvados-images.json" \
           || { echo "ledger: not a complete JSON document"; exit 1; } ;;
    config) grep -q '^Clusters:' "$work/config.yml" && grep -q 'ImageID: ami-' "$work/config.yml" \
           || { echo "config.yml: truncated"; exit 1; } ;;
  esac
  local left
  left=$(find "$work" -name '.*.tmp' | head -n 5)
  [ -z "$left" ] || { echo "$1: temporary files left after the next run: $left"; exit 1; }
}

for mode in key ledger config; do
  leftovers=0
  loop "$mode" "${target[$mode]}" 1
  for ((i = 1; i <= kills; i++)); do
    start_loop "$mode" "${target[$mode]}" 0
    pid=$!
    # JVM start-up takes ~0.3 s; kill somewhere in the first 1.5 s of writing.
    sleep "0.$((RANDOM % 9 + 3))$((RANDOM % 10))"
    [ $((RANDOM % 2)) -eq 0 ] && sleep 0.$((RANDOM % 10))
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    leftovers=$((leftovers + $(find "$work" -name '.*.tmp' | wc -l)))
    loop "$mode" "${target[$mode]}" 1
    check "$mode"
  done
  echo "$mode: $kills kills at random points ($leftovers temporary files left by them); every next run" \
    "completed, the file holds, no temporary file left"
done
find "$work" -name '*.bak-*' | wc -l | xargs printf 'config.yml backups written: %s\n'
