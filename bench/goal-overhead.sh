#!/usr/bin/env bash
# What the quick goals cost beside `mvn validate` of the same project, each a whole Maven run, interleaved in this
# same run (medians of wall and CPU time, ratios). Figures, not asserts. Target: each <= 1.15x of validate.
#   keypair on an existing key pair; aws-image up to date (0 packer builds); check-config of a config.yml and ledger;
#   the skipped goal (-Darvados.skip), which is what Maven alone spends resolving and loading the plugin; and, for
#   the floor any plugin's goal pays, another plugin's goal that does nothing here (maven-clean-plugin's clean,
#   the version the plugin's own build uses, told to leave target/ alone: the up-to-date image goal finds there
#   the files its last run rendered, as an operator's second run does).
# Packer is the stand-in (src/test/resources/packer-standin/packer) for the one build the up-to-date runs follow.
# Usage: bench/goal-overhead.sh [runs, default 15]
set -euo pipefail
runs=${1:-15}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time)"; exit 1; }

echo "== installing the plugin into ~/.m2"
./mvnw -B -q install -DskipTests -Dinvoker.skip >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
project="$work/project"
image_project "$project"
cp src/it/check-config-project/config.yml src/it/check-config-project/arvados-images.json "$project/"
standin="$root/src/test/resources/packer-standin/packer"
export STANDIN_RECORD_DIR="$work/standin"
mvn=("$root/mvnw" -B -o -f "$project/pom.xml" -Darvados.packer="$standin")
# The one build (with the stand-in) writes its entry into the ledger: online, since Maven refuses a build offline.
"$root/mvnw" -B -f "$project/pom.xml" -Darvados.packer="$standin" arvados:aws-image >"$work/first.log" \
  || { cat "$work/first.log"; exit 1; }
"${mvn[@]}" validate >/dev/null
clean_goal=(org.apache.maven.plugins:maven-clean-plugin:3.4.0:clean -Dmaven.clean.excludeDefaultDirectories=true)
"$root/mvnw" -B -q -f "$project/pom.xml" "${clean_goal[@]}" >/dev/null

run() { # run <label> <maven args...>: appends "wall_ms cpu_ms" to $work/<label>.times
  /usr/bin/time -o "$work/time" -f '%e %U %S' "${mvn[@]}" "${@:2}" >"$work/$1.log" \
    || { cat "$work/$1.log"; exit 1; }
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$work/time" >>"$work/$1.times"
}
for ((i = 0; i < runs; i++)); do
  run validate validate
  run keypair arvados:keypair
  grep -q 'Verified the existing dispatcher key pair' "$work/keypair.log"
  run image arvados:aws-image
  grep -q 'is up to date' "$work/image.log"
  run check arvados:check-config -Darvados.configFile=config.yml
  run skipped arvados:keypair -Darvados.skip=true
  run clean "${clean_goal[@]}"
done
echo "packer builds during the runs: $(($(grep -c '^build$' "$STANDIN_RECORD_DIR/calls") - 1))"

# shellcheck disable=SC2046 # one number per word
wall() { median $(cut -d' ' -f1 "$work/$1.times"); }
# shellcheck disable=SC2046
cpu() { median $(cut -d' ' -f2 "$work/$1.times"); }
echo "== $runs runs each, interleaved; medians"
printf '%-42s wall %6d ms  cpu %6d ms\n' "mvn validate" "$(wall validate)" "$(cpu validate)"
for label in keypair image check skipped clean; do
  case $label in
    keypair) name="mvn arvados:keypair (existing key pair)" ;;
    image) name="mvn arvados:aws-image (up to date)" ;;
    check) name="mvn arvados:check-config" ;;
    skipped) name="mvn arvados:keypair -Darvados.skip" ;;
    clean) name="mvn clean:clean (another plugin's goal)" ;;
  esac
  printf '%-42s wall %6d ms  cpu %6d ms  ratio to validate: wall %s  cpu %s\n' "$name" "$(wall $label)" \
    "$(cpu $label)" "$(ratio "$(wall $label)" "$(wall validate)")" "$(ratio "$(cpu $label)" "$(cpu validate)")"
done
