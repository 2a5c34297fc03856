package org.arvados.maven.image;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boot test on Debian 13 (trixie), with two variants one release is enough for: the docker variant's disk booted
 * a second time on the same instance disks (a new scratch key, nothing kept from the first boot: nothing of that
 * depends on the release), and the EBS autoscale variant (the test points the AWS CLI at moto with
 * AWS_ENDPOINT_URL, which Debian 13's awscli 2.23 honours and Debian 12's 2.9 does not).
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

    @Test
    @Order(6)
    void ebsAutoscaleWorkerMakesItsVolumesWithImdsV2Tokens() throws Exception {
        EbsAutoscaleBoot.run(images, "ebs-autoscale");
    }
}
