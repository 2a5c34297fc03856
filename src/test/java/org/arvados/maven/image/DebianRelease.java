package org.arvados.maven.image;

/** The Debian releases the provisioning is proven on: debootstrapped, provisioned in a chroot and booted. */
enum DebianRelease {
    /** Its cloud images: ifupdown and dhclient write resolv.conf. */
    BOOKWORM("bookworm", "12", false),
    /** Its cloud images: netplan for systemd-networkd, and systemd-resolved's stub in resolv.conf. */
    TRIXIE("trixie", "13", true);

    private final String codename;
    private final String version;
    private final boolean systemdResolved;

    DebianRelease(String codename, String version, boolean systemdResolved) {
        this.codename = codename;
        this.version = version;
        this.systemdResolved = systemdResolved;
    }

    /** The suite debootstrap and the apt repositories name, as /etc/os-release's VERSION_CODENAME. */
    String codename() {
        return codename;
    }

    /** /etc/os-release's VERSION_ID. */
    String version() {
        return version;
    }

    /** Whether its stock cloud image resolves names through systemd-resolved. */
    boolean hasSystemdResolved() {
        return systemdResolved;
    }

    /** The version Docker's repository builds its packages with for this release, as in 5:27.0.0-1~debian.12~bookworm. */
    String dockerVersionSuffix() {
        return "~debian." + version + "~" + codename;
    }
}
