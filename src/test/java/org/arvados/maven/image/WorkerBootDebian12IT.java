package org.arvados.maven.image;

/** The boot test on Debian 12 (bookworm). */
class WorkerBootDebian12IT extends WorkerBootIT {
    WorkerBootDebian12IT() {
        super(DebianRelease.BOOKWORM);
    }
}
