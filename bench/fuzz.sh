#!/usr/bin/env bash
# Fuzzes each Jazzer target of FuzzTargetsTest for 60 s (its @FuzzTest maxDuration), one Maven run per target
# (Jazzer fuzzes one target per JVM). Usage (from anywhere): bench/fuzz.sh [target ...]
# The inputs Jazzer keeps go to .cifuzz-corpus/ (ignored by git); an input that fails a target is written beside
# the seeds (src/test/resources/org/arvados/maven/fuzz/FuzzTargetsTestInputs/<target>/crash-*), where every later
# build runs it as a regression test until it is fixed. Logs: target/fuzz/<target>.log.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(secretsFile machineReadableLine ledger configEditor)
inputs=src/test/resources/org/arvados/maven/fuzz/FuzzTargetsTestInputs
mkdir -p target/fuzz
./mvnw -B -q test-compile

status=0
for target in "${targets[@]}"; do
    log=target/fuzz/$target.log
    crashes_before=$(find "$inputs/$target" -name 'crash-*' 2>/dev/null | wc -l)
    echo "== $target (60 s)"
    if JAZZER_FUZZ=1 ./mvnw -B test -Dtest="FuzzTargetsTest#$target" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
        result=passed
    else
        result=FAILED
        status=1
    fi
    crashes_after=$(find "$inputs/$target" -name 'crash-*' 2>/dev/null | wc -l)
    # libFuzzer's last status line: executions, coverage (edges) and features.
    last=$(grep -a -E '^#[0-9]+' "$log" | tail -1 || true)
    echo "   $result; new failing inputs: $((crashes_after - crashes_before)); last status: ${last:-none}"
    corpus=$(find .cifuzz-corpus -path "*$target*" -type f 2>/dev/null | wc -l)
    echo "   corpus kept: $corpus inputs"
done
exit $status
