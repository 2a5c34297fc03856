#!/bin/bash
# Step 1: let cloud-init finish first (it runs apt itself on first boot and the build races with it), then
# stop and disable apt's own periodic runs, which would race the build now and, on every worker's boot, the
# dispatcher's deploy for the dpkg lock. Later apt calls still wait for the lock (apt_get's
# DPkg::Lock::Timeout) in case a run had already started.
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"

APT_PERIODIC_UNITS=(apt-daily.timer apt-daily-upgrade.timer apt-daily.service apt-daily-upgrade.service
    unattended-upgrades.service)

if command -v cloud-init >/dev/null 2>&1; then
    log "waiting for cloud-init to finish"
    # Exit status 2 means "finished with recoverable errors", which does not stop us.
    cloud-init status --wait >/dev/null || [ $? -eq 2 ] || die "cloud-init failed; see /var/log/cloud-init.log"
else
    log "no cloud-init on this image; nothing to wait for"
fi

log "stopping and disabling apt's periodic runs: ${APT_PERIODIC_UNITS[*]}"
if systemd_running; then
    systemctl stop "${APT_PERIODIC_UNITS[@]}" >/dev/null 2>&1 || true
fi
systemctl disable "${APT_PERIODIC_UNITS[@]}" >/dev/null 2>&1 || true
# Masked: an upgrade of apt or unattended-upgrades re-enables what is only disabled.
systemctl mask "${APT_PERIODIC_UNITS[@]}" >/dev/null 2>&1 || die "cannot mask ${APT_PERIODIC_UNITS[*]}"
