#!/usr/bin/env bash
# Packer runner benchmark: throughput and memory of the output pipeline (1,000,000 lines of stand-in
# output under -Xmx64m) and how fast SIGTERM reaches packer after cancel(). Figures, not asserts.
# Usage: bench/packer-bench.sh [lines] [cancel-rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f target/classes/org/arvados/maven/packer/PackerExecutable.class ]; then
    ./mvnw -B -q compile
fi
out=target/bench-packer
rm -rf "$out" && mkdir -p "$out/classes"
javac -d "$out/classes" -cp target/classes bench/packer/PackerBench.java
exec java -Xmx64m -cp "$out/classes:target/classes" org.arvados.maven.packer.bench.PackerBench \
    src/test/resources/packer-standin/packer "$out" "${1:-1000000}" "${2:-5}"
