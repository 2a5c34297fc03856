# shellcheck shell=bash
# Shared by the benchmark scripts: timing, medians and ratio lines. Source it; it runs nothing.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
# ratio A B: A / B as 1.23x.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
# test_classpath: compiles the main and test classes and prints the classpath to run them with (from the
# checkout's root).
test_classpath() {
  ./mvnw -B -q test-compile
  ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
  printf 'target/classes:target/test-classes:%s\n' "$(cat target/bench-classpath.txt)"
}
# report LABEL MS BASELINE_LABEL BASELINE_MS: one line with both medians and their ratio.
report() {
  printf '%-55s %6d ms   %-14s %6d ms   ratio %s\n' "$1" "$2" "$3" "$4" "$(ratio "$2" "$4")"
}
# bench_project DIR CONFIGURATION: DIR/pom.xml, a pom project using this checkout's plugin version with
# CONFIGURATION (XML) as the plugin's configuration. Run from the checkout's root.
bench_project() {
  local version
  version=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' pom.xml | head -1)
  mkdir -p "$1"
  cat >"$1/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId>
  <artifactId>$(basename "$1")</artifactId>
  <version>1.0</version>
  <packaging>pom</packaging>
  <build>
    <plugins>
      <plugin>
        <groupId>org.arvados.maven</groupId>
        <artifactId>arvados-maven-plugin</artifactId>
        <version>$version</version>
        <configuration>$2</configuration>
      </plugin>
    </plugins>
  </build>
</project>
POM
}
# image_project DIR: bench_project DIR for the aws-image goal, with an Ed25519 key pair and an AWS source AMI.
image_project() {
  mkdir -p "$1"
  ssh-keygen -q -t ed25519 -N '' -C bench -f "$1/id_dispatcher"
  # shellcheck disable=SC2016 # Maven's ${project.basedir}, not the shell's
  bench_project "$1" '<clusterId>zzzzz</clusterId><keyFile>${project.basedir}/id_dispatcher</keyFile><aws><sourceAmi>ami-0123456789abcdef0</sourceAmi></aws>'
}
