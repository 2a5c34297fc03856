#!/usr/bin/env bash
# The prune-images invariant (nothing in use or kept is deleted; pruned means gone) over many more random ledgers
# than a build runs (8), against moto. Usage: bench/prune-invariant.sh [cases, default 200] [seed]
# A failure names the seed of the failing case; -Darvados.prune.invariantSeed=<seed> with 1 case repeats it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cases=${1:-200}
seed_arg=()
[ $# -lt 2 ] || seed_arg=(-Darvados.prune.invariantSeed="$2")
mkdir -p target/bench
if ./mvnw -B test -Dtest=PruneInvariantTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Darvados.prune.invariantCases="$cases" "${seed_arg[@]}" >target/bench/prune-invariant.log 2>&1; then
    echo "prune invariant: $cases cases passed"
else
    grep -a -m1 -o 'seed [0-9-]*: [^;]*' target/bench/prune-invariant.log || true
    echo "FAILED: target/bench/prune-invariant.log"
    exit 1
fi
