#!/usr/bin/env bash
# Benchmark of the provisioned image's boot (issue "The image boots"). Usage (as root, from anywhere):
#   bench/boot.sh [boots of each image, default 5]
#  P7: qemu start -> boot probe passing, provisioned Docker image vs the stock cloud base (interleaved,
#      medians), with systemd-analyze blame's top 5 for each;
#  P8: the scratch unit's own time on the two NVMe disks vs mkfs.xfs alone on the same disks, same VM.
# Needs what the boot test needs: root, qemu-system-x86_64, genisoimage, debootstrap, Debian's mirror.
# Prints figures and ratios measured in this same run; asserts nothing.
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

source bench/lib.sh

java -cp "$(test_classpath)" org.arvados.maven.image.WorkerBootBench "$runs"
