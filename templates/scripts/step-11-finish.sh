#!/bin/bash
# Step 11: old kernels purged, cloud-init's first boot trimmed, apt pinning (PIN_PACKAGES) of the Arvados,
# container runtime and NVIDIA packages to the versions this image was built with, a record of what the image
# is, clean apt caches, and the bill of materials (what the image holds, as JSON) in the image and in WORKDIR, where packer fetches it.
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"
load_os_release

PIN_FILE=/etc/apt/preferences.d/arvados-compute-image.pref
BOM_NAME=bom.json
BOM_FILE=/etc/arvados/compute-image-bom.json
FIRST_BOOT_CFG=/etc/cloud/cloud.cfg.d/92-arvados-first-boot.cfg
PIN_PATTERNS=(
    'python3-arvados*' 'arvados-*' 'crunch-run' 'docker-ce*' 'docker.io' 'containerd*' 'runc' 'singularity'
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

# Every kernel but the newest (which the image boots, and runs now after the reboot): headers, modules and the
# running kernel agree, and DKMS has nothing to build for a kernel the image never boots.
purge_old_kernels() {
    local newest running release package packages=()
    [ -n "$(installed_kernels)" ] || return 0
    newest="$(newest_kernel)"
    running="$(uname -r)"
    for release in $(installed_kernels); do
        if [ "$release" = "$newest" ] || [ "$release" = "$running" ]; then
            continue
        fi
        package="$(dpkg-query -S "/boot/vmlinuz-$release" 2>/dev/null | sed -n 's/^\([^:, ]*\): .*/\1/p' | head -n 1)"
        [ -n "$package" ] && packages+=("$package")
        for package in "linux-headers-$release" "linux-modules-$release" "linux-modules-extra-$release"; do
            is_installed "$package" && packages+=("$package")
        done
    done
    if [ "${#packages[@]}" -eq 0 ]; then
        log "one kernel installed: $newest"
        return 0
    fi
    log "purging the kernels the image does not boot (it boots $newest): ${packages[*]}"
    apt_get purge "${packages[@]}"
}

# What cloud-init does at a worker's first boot that costs time and gives the dispatcher nothing (it needs the
# network, the admin user's key, host keys and the user data script with the instance secret, and checks a worker
# by that secret, never by its host key). Its locale module regenerates every locale in /etc/locale.gen (a minute
# under emulation) unless /etc/default/locale already names one, as it does where cloud-init ran on the build VM;
# C.UTF-8 is built into the C library. An RSA host key takes longest to generate.
write_first_boot_settings() {
    if [ ! -d /etc/cloud ]; then
        log "no cloud-init on this image: no first-boot settings"
        return 0
    fi
    if ! grep -Eq '^[[:space:]]*LANG=' /etc/default/locale 2>/dev/null; then
        echo 'LANG=C.UTF-8' | write_file /etc/default/locale
        log "locale: LANG=C.UTF-8 in /etc/default/locale (cloud-init then generates none at boot)"
    fi
    write_file "$FIRST_BOOT_CFG" <<'CFG'
# Installed by the arvados-maven-plugin image provisioning: an Arvados worker boots once, unattended.
ssh_genkeytypes: [ed25519, ecdsa]
ssh:
  emit_keys_to_console: false
grub_dpkg:
  enabled: false
CFG
    log "cloud-init: no RSA host key, no keys on the console, no grub-dpkg at first boot"
}

purge_old_kernels
write_first_boot_settings
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

BOM_PACKAGES=(python3-arvados-fuse arvados-docker-cleaner crunch-run docker-ce docker-ce-cli docker.io containerd.io
    containerd runc singularity cuda-drivers nvidia-container-toolkit)

# The bill of materials: distribution, kernel and the installed version of each BOM package (those not installed
# are left out), plus a singularity built from source and CUDA's version where a CUDA package is installed.
write_bom() {
    local packages singularity="" cuda=""
    packages="$( (dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Version}\n' "${BOM_PACKAGES[@]}" 2>/dev/null || true) \
        | awk '$1 == "ii" { print $2 "\t" $3 }')"
    if ! is_installed singularity && [ -x "$SINGULARITY_PREFIX/bin/singularity" ]; then
        singularity="$("$SINGULARITY_PREFIX/bin/singularity" --version | awk '{ print $NF }')"
    fi
    cuda="$( (dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' 'cuda-toolkit-[0-9]*' 'cuda-compat-[0-9]*' 2>/dev/null || true) \
        | awk '$1 == "ii" { print $2; exit }')"
    jq -n --arg id "$OS_ID" --arg version "$OS_VERSION_ID" --arg codename "$OS_CODENAME" \
        --arg kernel "$(newest_kernel_or_none)" --arg packages "$packages" --arg singularity "$singularity" \
        --arg cuda "$cuda" --arg runtime "$RUNTIME_ENGINE" '
        {distribution: {id: $id, version: $version, codename: $codename},
         kernel: $kernel,
         runtimeEngine: $runtime,
         packages: ($packages | split("\n") | map(select(length > 0) | split("\t") | {(.[0]): .[1]}) | add // {})}
        + (if $singularity != "" then {singularityFromSource: $singularity} else {} end)
        + (if $cuda != "" then {cuda: $cuda} else {} end)' \
        | write_file "$BOM_FILE" 0644
    install -m 0644 "$BOM_FILE" "$WORKDIR/$BOM_NAME"
    log "bill of materials: $(jq -r '[.distribution.id + " " + .distribution.version, "kernel " + .kernel]
        + (.packages | to_entries | map(.key + " " + .value)) | join(", ")' "$BOM_FILE")"
}

# The kernel the image boots, or "none" in a root without one (a chroot's).
newest_kernel_or_none() {
    if [ -n "$(installed_kernels)" ]; then newest_kernel; else echo none; fi
}

apt_get autoremove --purge
apt_get clean
rm -rf /var/cache/apt/*.bin
log "apt caches cleaned"
write_bom
