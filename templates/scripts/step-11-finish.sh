#!/bin/bash
# Step 11: apt pinning (PIN_PACKAGES) of the Arvados, container runtime and NVIDIA packages to the
# versions this image was built with, a record of what the image is, clean apt caches.
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"

PIN_FILE=/etc/apt/preferences.d/arvados-compute-image.pref
PIN_PATTERNS=(
    'python3-arvados*' 'arvados-*' 'docker-ce*' 'docker.io' 'containerd*' 'runc' 'singularity'
    'cuda-*' 'nvidia-*' 'libnvidia-*'
)

write_pins() {
    local installed
    # dpkg-query fails when a pattern matches nothing, which is expected here.
    installed="$( (dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Version}\n' "${PIN_PATTERNS[@]}" 2>/dev/null || true) \
        | awk '$1 == "ii" { print $2, $3 }' | sort -u)"
    {
        echo "# Versions this Arvados compute image was built with (PIN_PACKAGES=true)."
        while read -r package version; do
            [ -n "$package" ] || continue
            printf '\nPackage: %s\nPin: version %s\nPin-Priority: 1001\n' "$package" "$version"
        done <<<"$installed"
    } | write_file "$PIN_FILE" 0644
    log "pinned $(grep -c '^Package:' "$PIN_FILE" || true) package(s) in $PIN_FILE"
}

if is_true "$PIN_PACKAGES"; then
    write_pins
else
    rm -f "$PIN_FILE"
    log "PIN_PACKAGES=false: no apt pinning"
fi

write_file /etc/arvados/compute-image.conf <<CONF
# Arvados compute image (arvados-maven-plugin provisioning)
CLUSTER_ID=$CLUSTER_ID
CLOUD=$CLOUD
RUNTIME_ENGINE=$RUNTIME_ENGINE
ADMIN_USERNAME=$ADMIN_USERNAME
SSH_PORT=$SSH_PORT
CONF

apt_get autoremove --purge
apt_get clean
rm -rf /var/cache/apt/*.bin
log "apt caches cleaned"
