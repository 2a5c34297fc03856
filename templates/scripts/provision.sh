#!/bin/bash
# Minimal provisioning of an Arvados compute image (placeholder for the full scripts of the
# provisioning branch). Runs as root from WORKDIR with the variables of the contract in BRIEF.md.
set -euo pipefail

: "${CLOUD:?}" "${CLUSTER_ID:?}" "${ADMIN_USERNAME:?}" "${WORKDIR:?}" "${SSH_PORT:?}"
: "${RESOLVER?}" "${REPO_SUFFIX?}" "${PIN_PACKAGES:?}" "${RUNTIME_ENGINE:?}" "${MKSQUASHFS_MEM:?}"
: "${NVIDIA_GPU_SUPPORT:?}" "${AWS_EBS_AUTOSCALE:?}" "${ARVADOS_APT_URL:?}" "${ARVADOS_APT_KEY_URL:?}"
: "${DOCKER_SOURCE:?}"

export DEBIAN_FRONTEND=noninteractive
cloud-init status --wait >/dev/null 2>&1 || true

apt-get -q update
apt-get -q -y install curl gnupg openssh-server sudo fuse3

# Admin user with passwordless sudo and the dispatcher's key.
if ! id "$ADMIN_USERNAME" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash "$ADMIN_USERNAME"
fi
echo "$ADMIN_USERNAME ALL=(ALL) NOPASSWD:ALL" >"/etc/sudoers.d/91-$ADMIN_USERNAME"
chmod 0440 "/etc/sudoers.d/91-$ADMIN_USERNAME"
home=$(getent passwd "$ADMIN_USERNAME" | cut -d: -f6)
install -d -m 0700 -o "$ADMIN_USERNAME" -g "$ADMIN_USERNAME" "$home/.ssh"
install -m 0600 -o "$ADMIN_USERNAME" -g "$ADMIN_USERNAME" "$WORKDIR/dispatcher.pub" "$home/.ssh/authorized_keys"

# sshd port, static hosts, resolver.
if [ "$SSH_PORT" != 22 ]; then
  echo "Port $SSH_PORT" >/etc/ssh/sshd_config.d/arvados-port.conf
fi
cat "$WORKDIR/hosts" >>/etc/hosts
if [ -n "$RESOLVER" ]; then
  echo "prepend domain-name-servers $RESOLVER;" >>/etc/dhcp/dhclient.conf
fi

# Arvados apt repository: suite <codename><suffix>.
# shellcheck source=/dev/null
. /etc/os-release
curl -fsSL "$ARVADOS_APT_KEY_URL" | gpg --dearmor >/usr/share/keyrings/arvados.gpg
echo "deb [signed-by=/usr/share/keyrings/arvados.gpg] $ARVADOS_APT_URL/ ${VERSION_CODENAME}${REPO_SUFFIX} main" \
  >/etc/apt/sources.list.d/arvados.list
apt-get -q update
apt-get -q -y install python3-arvados-fuse
sed -i 's/^#\?\s*user_allow_other/user_allow_other/' /etc/fuse.conf

# Container runtime.
if [ "$RUNTIME_ENGINE" = singularity ]; then
  apt-get -q -y install singularity-ce squashfs-tools
  echo "mksquashfs mem = $MKSQUASHFS_MEM" >>/etc/singularity/singularity.conf
elif [ "$DOCKER_SOURCE" = docker.io ]; then
  apt-get -q -y install docker.io
else
  curl -fsSL https://download.docker.com/linux/debian/gpg | gpg --dearmor >/usr/share/keyrings/docker.gpg
  echo "deb [signed-by=/usr/share/keyrings/docker.gpg] https://download.docker.com/linux/debian ${VERSION_CODENAME} stable" \
    >/etc/apt/sources.list.d/docker.list
  apt-get -q update
  apt-get -q -y install docker-ce
fi

apt-get -q -y clean
