package org.arvados.maven.image;

/** The chroot provisioning test on Debian 13 (trixie). */
class Debian13ProvisioningChrootIT extends ProvisioningChrootIT {
    Debian13ProvisioningChrootIT() {
        super(DebianRelease.TRIXIE);
    }
}
