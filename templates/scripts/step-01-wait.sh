#!/bin/bash
# Step 1: let cloud-init finish first; it runs apt itself on first boot and the build races with it.
# Later apt calls wait for the dpkg lock (apt_get's DPkg::Lock::Timeout) in case unattended-upgrades runs.
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"

if command -v cloud-init >/dev/null 2>&1; then
    log "waiting for cloud-init to finish"
    # Exit status 2 means "finished with recoverable errors", which does not stop us.
    cloud-init status --wait >/dev/null || [ $? -eq 2 ] || die "cloud-init failed; see /var/log/cloud-init.log"
else
    log "no cloud-init on this image; nothing to wait for"
fi
