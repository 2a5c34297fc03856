#!/usr/bin/env bash
# Benchmark of arvados:keypair. Usage (from anywhere): bench/keypair.sh [runs, default 15]
#  1. key generation inside the goal's code (warm JVM) vs ssh-keygen, RSA 4096 and Ed25519 (KeypairBench);
#  2. `mvn arvados:keypair` on an existing key vs `mvn validate` of the same project (both whole Maven runs).
# Prints medians and ratios measured in this same run. Targets: generation <= 1.0x, verify run <= 1.25x.
set -euo pipefail
runs=${1:-15}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

echo "== building the plugin (installs it into target/local-repo through the keypair-generate-rsa IT)"
./mvnw -B -q verify -DskipTests -Dinvoker.test='keypair-generate-rsa' >/dev/null
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null

echo "== 1. key generation: goal code (warm JVM) vs ssh-keygen"
java -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  org.arvados.maven.bench.KeypairBench "$runs" "$(command -v ssh-keygen)"

echo "== 2. mvn arvados:keypair (existing key) vs mvn validate, same project, $runs runs each, interleaved"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s#@localRepositoryUrl@#file://$HOME/.m2/repository#g" src/it/settings.xml >"$work/settings.xml"
version=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' pom.xml | head -1)
mkdir -p "$work/project"
cat >"$work/project/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId>
  <artifactId>keypair-bench</artifactId>
  <version>1.0</version>
  <packaging>pom</packaging>
  <build>
    <plugins>
      <plugin>
        <groupId>org.arvados.maven</groupId>
        <artifactId>arvados-maven-plugin</artifactId>
        <version>$version</version>
        <configuration>
          <keyFile>\${project.basedir}/keys/id_dispatcher</keyFile>
          <clusterId>zzzzz</clusterId>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
POM
mvn=("$root/mvnw" -B -o -s "$work/settings.xml" -Dmaven.repo.local="$root/target/local-repo" -f "$work/project/pom.xml")
"${mvn[@]}" arvados:keypair >"$work/first.log" || { cat "$work/first.log"; exit 1; }
"${mvn[@]}" validate >/dev/null

now() { date +%s%N; }
keypair=() validate=()
for ((i = 0; i < runs; i++)); do
  t0=$(now); "${mvn[@]}" arvados:keypair >"$work/run.log"; t1=$(now)
  grep -q 'Verified the existing dispatcher key pair' "$work/run.log"
  "${mvn[@]}" validate >/dev/null; t2=$(now)
  keypair+=($(((t1 - t0) / 1000000))) validate+=($(((t2 - t1) / 1000000)))
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(($# / 2 + 1))p"; }
mk=$(median "${keypair[@]}") mv=$(median "${validate[@]}")
printf 'mvn arvados:keypair (verify existing) %6d ms   mvn validate %6d ms   ratio %s\n' \
  "$mk" "$mv" "$(awk -v a="$mk" -v b="$mv" 'BEGIN { printf "%.2fx", a / b }')"
