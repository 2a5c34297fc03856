package org.arvados.maven.image;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boot test on Debian 13 (trixie), with the docker variant's disk booted a second time on the same instance
 * disks: what that proves (a new scratch key, nothing kept from the first boot) does not depend on the release, so
 * one release runs it.
 */
class WorkerBootDebian13IT extends WorkerBootIT {
    WorkerBootDebian13IT() {
        super(DebianRelease.TRIXIE);
    }

    @Test
    @Order(3)
    void dockerWorkerBootsAgainWithANewScratchKey() throws Exception {
        assertThat(dockerDisk).as("the docker variant's disk (its test runs first)").isNotNull();

        try (BootedWorker worker = images.boot("docker-second-boot", dockerDisk, dockerInstanceDisks, 22)) {
            worker.check(() -> {
                dispatch(worker);
                assertThat(scratchKeyHash(worker)).as("the scratch space's key is new at every boot")
                        .isNotEqualTo(dockerScratchKey);
                assertThat(worker.run("test -e /tmp/written-in-the-first-boot").exitCode()).isNotZero();
                assertDockerRunsAContainer(worker);
            });
        }
    }
}
