#!/bin/bash
# Runs as root inside a debootstrapped Debian root (no service may start) and makes it what a stock Debian
# cloud image of that release is: the cloud kernel, sshd, sudo, cloud-init reading the NoCloud datasource, the
# first NIC on DHCP, a generated locale and cloud-init managing /etc/hosts, as Debian's own cloud images have
# them. Where the releases' images differ:
#  Debian 12: ifupdown and dhclient; a one-line sources.list.
#  Debian 13: netplan (written by cloud-init) rendering for systemd-networkd, systemd-resolved with its stub
#             resolver; deb822 apt sources; /tmp a tmpfs (systemd's tmp.mount, on by default).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC1091
. /etc/os-release

case "$VERSION_CODENAME" in
    bookworm) network_packages=(ifupdown isc-dhcp-client) ;;
    trixie) network_packages=(netplan.io systemd-resolved) ;;
    *) echo "cloud-base.sh: no recipe for $VERSION_CODENAME" >&2; exit 1 ;;
esac

if [ "$VERSION_CODENAME" = trixie ]; then
    mirror="$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list)"
    cat >/etc/apt/sources.list.d/debian.sources <<SOURCES
Types: deb
URIs: $mirror
Suites: $VERSION_CODENAME
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    rm /etc/apt/sources.list
fi

apt-get update -q
apt-get install -y -q --no-install-recommends linux-image-cloud-amd64 openssh-server sudo iproute2 udev \
    netbase cloud-init cloud-guest-utils locales "${network_packages[@]}"

# Without a generated locale cloud-init's locale module fails and the system ends up degraded.
echo 'en_US.UTF-8 UTF-8' >/etc/locale.gen
locale-gen
if [ "$VERSION_CODENAME" = bookworm ]; then
    # cloud-init writes the NIC's DHCP stanza under interfaces.d (its fallback network config).
    cat >/etc/network/interfaces <<'INTERFACES'
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback
INTERFACES
else
    systemctl enable systemd-networkd.service systemd-resolved.service >/dev/null
fi
cat >/etc/cloud/cloud.cfg.d/01-cloud-base.cfg <<'CFG'
datasource_list: [NoCloud, None]
# Debian's cloud images set it; without it every sudo warns "unable to resolve host".
manage_etc_hosts: true
CFG
echo '/dev/vda / ext4 defaults,errors=remount-ro 0 1' >/etc/fstab
echo localhost >/etc/hostname
systemctl enable ssh.service >/dev/null
apt-get clean
rm -rf /var/lib/apt/lists/*
