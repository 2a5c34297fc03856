package org.arvados.maven.image;

/** The boot test on Debian 13 (trixie). */
class Debian13WorkerBootIT extends WorkerBootIT {
    Debian13WorkerBootIT() {
        super(DebianRelease.TRIXIE);
    }
}
