package org.arvados.maven.image;

/** The boot test on Debian 12 (bookworm). */
class Debian12WorkerBootIT extends WorkerBootIT {
    Debian12WorkerBootIT() {
        super(DebianRelease.BOOKWORM);
    }
}
