#!/bin/bash
# Shared helpers for the provisioning steps. Sourced, never run on its own.
# shellcheck disable=SC2034  # variables set here are used by the steps that source this file

set -euo pipefail

# How long apt waits for another apt/dpkg (cloud-init, unattended-upgrades) to release its lock.
APT_LOCK_TIMEOUT="${APT_LOCK_TIMEOUT:-600}"
# Where singularity goes when it is built from source.
SINGULARITY_PREFIX=/var/lib/arvados
# Markers around the lines we own in files shared with others, so a second run replaces them.
BEGIN_MARK="# BEGIN arvados-compute-image (managed by arvados-maven-plugin)"
END_MARK="# END arvados-compute-image"

# Progress goes to stdout (packer shows a provisioner's stderr as errors); no function whose output is
# captured with $(...) logs.
log() {
    printf '==> [%s] %s\n' "${STEP_NAME:-provision}" "$*"
}

die() {
    printf 'ERROR: [%s] %s\n' "${STEP_NAME:-provision}" "$*" >&2
    exit 1
}

is_true() {
    [ "${1:-}" = "true" ]
}

apt_get() {
    # NEEDRESTART_*: Ubuntu's needrestart would otherwise restart services (sshd: Packer's link) or prompt.
    # --allow-downgrades: a rerun with an older version pin installs it.
    DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l NEEDRESTART_SUSPEND=1 apt-get -y -q --allow-downgrades \
        -o "DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT}" \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "$@"
}

# The base images the provisioning supports, by /etc/os-release's ID and VERSION_ID.
SUPPORTED_RELEASES=("debian 12" "debian 13" "ubuntu 22.04" "ubuntu 24.04")

# Distribution facts from /etc/os-release (OS_RELEASE_FILE in tests): OS_ID (debian|ubuntu), OS_VERSION_ID,
# OS_CODENAME; dies on a release not in SUPPORTED_RELEASES.
load_os_release() {
    local file="${OS_RELEASE_FILE:-/etc/os-release}"
    [ -f "$file" ] || die "$file is missing: cannot tell which distribution this base image is"
    # shellcheck disable=SC1090
    . "$file"
    OS_ID="${ID:-}"
    OS_VERSION_ID="${VERSION_ID:-}"
    OS_CODENAME="${VERSION_CODENAME:-${UBUNTU_CODENAME:-}}"
    local release supported=""
    for release in "${SUPPORTED_RELEASES[@]}"; do
        [ "$OS_ID $OS_VERSION_ID" = "$release" ] && [ -n "$OS_CODENAME" ] && return 0
        supported="${supported:+$supported, }$release"
    done
    die "unsupported base image: ${PRETTY_NAME:-$OS_ID $OS_VERSION_ID} (ID=$OS_ID VERSION_ID=$OS_VERSION_ID in $file); supported: $supported; choose a source image of one of these"
}

# What apt-get install takes for PACKAGE: "PACKAGE=VERSION" with the newest version the repositories offer
# that matches PATTERN (equal to it or to it followed by a Debian revision, '*' matching anything), or
# "PACKAGE" when PATTERN is empty. Dies naming PARAMETER (the POM element) and the versions on offer when no
# version matches.
package_version() {
    local parameter="$1" package="$2" pattern="$3" offered version
    if [ -z "$pattern" ]; then
        echo "$package"
        return 0
    fi
    # madison lists the newest version first.
    offered="$(apt-cache madison "$package" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); if (!seen[$2]++) print $2 }')"
    while IFS= read -r version; do
        # shellcheck disable=SC2053  # the pattern is matched as a glob on purpose
        if [ -n "$version" ] && [[ "$version" == $pattern || "$version" == $pattern-* ]]; then
            echo "$package=$version"
            return 0
        fi
    done <<<"$offered"
    die "<$parameter> '$pattern' matches no version of $package the repositories offer ($(tr '\n' ' ' <<<"$offered" | sed 's/ *$//; s/ /, /g; s/^$/none/')); set <$parameter> (arvados.$parameter) to one of them or to a pattern such as ${pattern%%.*}.*"
}

# Fetches a URL (https:// or file://) to a file; curl handles both.
fetch() {
    local url="$1" dest="$2"
    curl --fail --silent --show-error --location --retry 5 --retry-delay 3 -o "$dest" "$url" \
        || die "cannot download $url"
}

# Installs an APT signing key from a URL as an ASCII-armored or binary keyring for signed-by.
install_apt_key() {
    local url="$1" dest="$2" tmp
    install -d -m 0755 "$(dirname "$dest")"
    tmp="$(mktemp)"
    fetch "$url" "$tmp"
    # apt reads .asc as armored and .gpg as binary; keep only the one that matches this key.
    if grep -q -- '-----BEGIN PGP PUBLIC KEY BLOCK-----' "$tmp"; then
        install -m 0644 "$tmp" "${dest%.*}.asc"
        rm -f "${dest%.*}.gpg"
    else
        install -m 0644 "$tmp" "${dest%.*}.gpg"
        rm -f "${dest%.*}.asc"
    fi
    rm -f "$tmp"
}

# The keyring file install_apt_key wrote (.asc or .gpg).
apt_key_path() {
    local base="${1%.*}"
    if [ -f "$base.asc" ]; then echo "$base.asc"; else echo "$base.gpg"; fi
}

# Writes stdin to a file only when the content differs (keeps reruns quiet and mtimes stable).
write_file() {
    local dest="$1" mode="${2:-0644}" tmp
    tmp="$(mktemp)"
    cat >"$tmp"
    install -d -m 0755 "$(dirname "$dest")"
    if [ -f "$dest" ] && cmp -s "$tmp" "$dest"; then
        rm -f "$tmp"
        chmod "$mode" "$dest"
        return 0
    fi
    install -m "$mode" "$tmp" "$dest"
    rm -f "$tmp"
}

# Replaces (or appends) our marked block in a file with stdin; an empty stdin removes the block.
replace_managed_block() {
    local file="$1" body tmp
    body="$(cat)"
    tmp="$(mktemp)"
    if [ -f "$file" ]; then
        awk -v begin="$BEGIN_MARK" -v end="$END_MARK" '
            $0 == begin { skipping = 1; next }
            $0 == end { skipping = 0; next }
            !skipping { print }' "$file" >"$tmp"
    fi
    if [ -n "$body" ]; then
        printf '%s\n%s\n%s\n' "$BEGIN_MARK" "$body" "$END_MARK" >>"$tmp"
    fi
    if [ -f "$file" ]; then
        # Keep the file's own mode and owner.
        cat "$tmp" >"$file"
        rm -f "$tmp"
    else
        install -m 0644 "$tmp" "$file"
        rm -f "$tmp"
    fi
}

# The installed kernels' releases, oldest first. From /boot, where the kernel packages put what the
# bootloader boots (/lib/modules can hold folders of kernels that are not installed).
installed_kernels() {
    find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' | sed 's/^vmlinuz-//' | sort -V
}

# The newest installed kernel's release: the one the image boots next (after an upgrade, not the running one).
newest_kernel() {
    local newest
    newest="$(installed_kernels | tail -n 1)"
    [ -n "$newest" ] || die "no kernel under /boot"
    echo "$newest"
}

# True when the package is installed (not only known, or removed with its configuration left).
is_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

# True when systemd runs this machine (not a chroot, where systemctl only edits unit files).
systemd_running() {
    [ -d /run/systemd/system ] && [ "$(stat -c %d:%i /)" = "$(stat -c %d:%i /proc/1/root/. 2>/dev/null)" ]
}
