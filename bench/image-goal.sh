#!/usr/bin/env bash
# Benchmark of arvados:aws-image as a user runs it, against `mvn validate` of the same project, measured
# interleaved in this same run (medians, ratios). Figures, not asserts. Targets:
#   dry run, minus packer's own validate     <= 1.3x mvn validate
#   up-to-date rerun (0 packer builds)        <= 1.3x mvn validate
# Packer is the stand-in (src/test/resources/packer-standin/packer): its validate costs next to nothing, which
# is what "minus packer's own validate" asks; real packer's validate (0.3-0.8 s) is measured apart.
# Usage: bench/image-goal.sh [runs, default 15]
set -euo pipefail
runs=${1:-15}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh

echo "== installing the plugin into ~/.m2"
./mvnw -B -q install -DskipTests -Dinvoker.skip >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
standin="$root/src/test/resources/packer-standin/packer"
image_project "$work/project"
export STANDIN_RECORD_DIR="$work/standin"
mvn=("$root/mvnw" -B -o -f "$work/project/pom.xml" -Darvados.packer="$standin")
"${mvn[@]}" validate >/dev/null
# The one build (with the stand-in): online, since Maven refuses a build offline.
"$root/mvnw" -B -f "$work/project/pom.xml" -Darvados.packer="$standin" arvados:aws-image >"$work/first.log" || { cat "$work/first.log"; exit 1; }
builds_before=$(grep -c '^build$' "$STANDIN_RECORD_DIR/calls")

dry=() uptodate=() validate=() skipped=()
for ((i = 0; i < runs; i++)); do
  t0=$(now_ms); "${mvn[@]}" arvados:aws-image -Darvados.dryRun=true >"$work/dry.log"; t1=$(now_ms)
  "${mvn[@]}" arvados:aws-image >"$work/uptodate.log"; t2=$(now_ms)
  "${mvn[@]}" validate >/dev/null; t3=$(now_ms)
  "${mvn[@]}" arvados:aws-image -Darvados.skip=true >/dev/null; t4=$(now_ms)
  grep -q 'is up to date' "$work/uptodate.log"
  dry+=($((t1 - t0))) uptodate+=($((t2 - t1))) validate+=($((t3 - t2))) skipped+=($((t4 - t3)))
done
builds_after=$(grep -c '^build$' "$STANDIN_RECORD_DIR/calls")

mv=$(median "${validate[@]}")
report "mvn arvados:aws-image -Darvados.dryRun=true" "$(median "${dry[@]}")" "mvn validate" "$mv"
report "mvn arvados:aws-image (up to date)" "$(median "${uptodate[@]}")" "mvn validate" "$mv"
report "mvn arvados:aws-image -Darvados.skip (loading the plugin)" "$(median "${skipped[@]}")" "mvn validate" "$mv"
echo "packer builds during the $runs up-to-date reruns: $((builds_after - builds_before))"

if command -v packer >/dev/null; then
  real=()
  for ((i = 0; i < 5; i++)); do
    t0=$(now_ms); "${mvn[@]}" arvados:aws-image -Darvados.dryRun=true -Darvados.packer="$(command -v packer)" >/dev/null; t1=$(now_ms)
    real+=($((t1 - t0)))
  done
  report "the same dry run with real packer $(packer version | head -1)" "$(median "${real[@]}")" "mvn validate" "$mv"
fi
