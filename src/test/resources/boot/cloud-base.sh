#!/bin/bash
# Runs as root inside a debootstrapped Debian 12 root (no service may start) and makes it what a stock
# Debian 12 cloud image is: the cloud kernel, sshd, sudo, cloud-init reading the NoCloud datasource,
# the first NIC on DHCP through ifupdown and dhclient, a generated locale and cloud-init managing
# /etc/hosts, as Debian's own cloud images have them.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

apt-get update -q
apt-get install -y -q --no-install-recommends linux-image-cloud-amd64 openssh-server sudo iproute2 udev \
    ifupdown isc-dhcp-client netbase cloud-init cloud-guest-utils locales

# Without a generated locale cloud-init's locale module fails and the system ends up degraded.
echo 'en_US.UTF-8 UTF-8' >/etc/locale.gen
locale-gen
# cloud-init writes the NIC's DHCP stanza under interfaces.d (its fallback network config).
cat >/etc/network/interfaces <<'INTERFACES'
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback
INTERFACES
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
