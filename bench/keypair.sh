#!/usr/bin/env bash
# Benchmark of arvados:keypair. Usage (from anywhere): bench/keypair.sh [runs, default 15]
#  1. key generation inside the goal's code (warm JVM) vs ssh-keygen, RSA 4096 and Ed25519 (KeypairBench);
#  2. `mvn arvados:keypair` on an existing key vs `mvn validate` of the same project (both whole Maven runs).
# Prints medians and ratios measured in this same run. Targets: generation <= 1.0x, verify run <= 1.25x.
set -euo pipefail
runs=${1:-15}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh

echo "== building the plugin (installs it into target/local-repo through the keypair-generate-rsa IT)"
./mvnw -B -q verify -DskipTests -Dinvoker.skip=false -Dinvoker.test='keypair-generate-rsa' >/dev/null
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null

echo "== 1. key generation: goal code (warm JVM) vs ssh-keygen"
java -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  org.arvados.maven.bench.KeypairBench "$runs" "$(command -v ssh-keygen)"

echo "== 2. mvn arvados:keypair (existing key) vs mvn validate, same project, $runs runs each, interleaved"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s#@localRepositoryUrl@#file://$HOME/.m2/repository#g" src/it/settings.xml >"$work/settings.xml"
bench_project "$work/project" '<keyFile>${project.basedir}/keys/id_dispatcher</keyFile><clusterId>zzzzz</clusterId>'
mvn=("$root/mvnw" -B -o -s "$work/settings.xml" -Dmaven.repo.local="$root/target/local-repo" -f "$work/project/pom.xml")
"${mvn[@]}" arvados:keypair >"$work/first.log" || { cat "$work/first.log"; exit 1; }
"${mvn[@]}" validate >/dev/null

# Wall time is what a user waits; CPU time (user+sys, GNU time) is steadier on a shared machine. Both are
# reported. The skipped goal (-Darvados.skip) shows what Maven alone spends loading the plugin.
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time)"; exit 1; }
run() { # run <label> <maven args...>: appends "wall_ms cpu_ms" to $work/<label>.times
  /usr/bin/time -o "$work/time" -f '%e %U %S' "${mvn[@]}" "${@:2}" >"$work/$1.log"
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$work/time" >>"$work/$1.times"
}
for ((i = 0; i < runs; i++)); do
  run keypair arvados:keypair
  grep -q 'Verified the existing dispatcher key pair' "$work/keypair.log"
  run validate validate
  run skipped arvados:keypair -Darvados.skip=true
done
# shellcheck disable=SC2046 # one number per word
wall() { median $(cut -d' ' -f1 "$work/$1.times"); }
# shellcheck disable=SC2046
cpu() { median $(cut -d' ' -f2 "$work/$1.times"); }
printf '%-40s wall %6d ms  cpu %6d ms\n' "mvn validate" "$(wall validate)" "$(cpu validate)"
for label in keypair skipped; do
  name="mvn arvados:keypair (verify existing)"
  [ "$label" = skipped ] && name="mvn arvados:keypair -Darvados.skip"
  printf '%-40s wall %6d ms  cpu %6d ms  ratio to validate: wall %s  cpu %s\n' "$name" "$(wall $label)" \
    "$(cpu $label)" "$(ratio "$(wall $label)" "$(wall validate)")" "$(ratio "$(cpu $label)" "$(cpu validate)")"
done
