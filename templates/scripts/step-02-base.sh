#!/bin/bash
# Step 2: system upgrade and the base tools the image and the scratch script need.
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"

log "apt update and upgrade"
apt_get update
# --with-new-pkgs: a kernel security update that bumps the ABI is a new package (linux-image-6.1.0-NN-...) the
# kernel metapackage depends on, which plain upgrade keeps back; the image must boot the new kernel.
apt_get upgrade --with-new-pkgs
log "installing base tools"
apt_get install --no-install-recommends \
    openssh-server curl ca-certificates gnupg lvm2 cryptsetup xfsprogs jq util-linux sudo kmod
# Unattended upgrades on a worker would race the dispatcher's sudo/apt use and undo pinning.
if is_installed unattended-upgrades; then
    log "removing unattended-upgrades"
    apt_get purge unattended-upgrades
fi
