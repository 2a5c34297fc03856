package org.arvados.maven.image;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerBootBenchTest {
    @Test
    void stepTimesPassesOverLinesThatAreNoTracedCommand() {
        String trace = """
                + 1700000000.000000 dmsetup create arvados-scratch-disks
                .
                0 4194304 linear /dev/nvme0n1 0
                ++ 1700000000.250000 cryptsetup open --type plain
                + 1700000001.250000 mkfs.xfs -K -q /dev/mapper/arvados-scratch
                1700000001.500000
                """;

        assertThat(WorkerBootBench.stepTimes(trace).lines()).containsExactly(
                "    1000 ms  cryptsetup open --type plain",
                "     250 ms  mkfs.xfs -K -q /dev/mapper/arvados-scratch",
                "     250 ms  dmsetup create arvados-scratch-disks");
    }
}
