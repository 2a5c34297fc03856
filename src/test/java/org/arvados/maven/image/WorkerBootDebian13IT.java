package org.arvados.maven.image;

/** The boot test on Debian 13 (trixie). */
class WorkerBootDebian13IT extends WorkerBootIT {
    WorkerBootDebian13IT() {
        super(DebianRelease.TRIXIE);
    }
}
