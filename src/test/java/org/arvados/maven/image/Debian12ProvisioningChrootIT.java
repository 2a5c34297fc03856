package org.arvados.maven.image;

/** The chroot provisioning test on Debian 12 (bookworm). */
class Debian12ProvisioningChrootIT extends ProvisioningChrootIT {
    Debian12ProvisioningChrootIT() {
        super(DebianRelease.BOOKWORM);
    }
}
