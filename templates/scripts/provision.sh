#!/bin/bash
# Provisions an Arvados compute image: run as root on the build VM by Packer, from WORKDIR, which
# holds these scripts (templates/scripts/index.txt) and the generated files. Steps 1-11 are one
# script each (step-NN-*.sh), so a failure names its step; running the whole thing again is harmless.
#
# Usage: provision.sh [all|before-reboot|reboot|after-reboot]. Packer runs the last three in turn, so that
# everything built against the kernel (NVIDIA's DKMS modules) is built while the kernel the image boots
# runs: before-reboot is steps 1-2 (the upgrade), reboot restarts the VM when the upgrade installed a newer
# kernel than the running one, after-reboot is step 1 again (cloud-init runs at every boot) and steps 3-11.
# all (the default) runs steps 1-11 without a reboot, as in a chroot.
#
# Environment contract (always set by the renderer; empty = off/none):
#   CLOUD=aws|azure|gcp  CLUSTER_ID  ADMIN_USERNAME  WORKDIR  SSH_PORT  RESOLVER  REPO_SUFFIX
#   PIN_PACKAGES=true|false  RUNTIME_ENGINE=docker|singularity  MKSQUASHFS_MEM  NVIDIA_GPU_SUPPORT
#   AWS_EBS_AUTOSCALE  ARVADOS_APT_URL [https://apt.arvados.org]
#   ARVADOS_APT_KEY_URL [https://apt.arvados.org/pubkey.gpg]  DOCKER_SOURCE=docker-ce|docker.io [docker-ce]
#   CRUNCH_RUN=true|false  SINGULARITY_VERSION (a release, e.g. 3.10.4)
#   Version patterns (empty = the newest; see package_version in lib.sh): ARVADOS_VERSION DOCKER_VERSION
#   CONTAINERD_VERSION NVIDIA_DRIVER_VERSION NVIDIA_TOOLKIT_VERSION
# Generated files in WORKDIR: dispatcher.pub, hosts, ebs-autoscale.json (with AWS_EBS_AUTOSCALE=true).
# Optional overrides, for mirrors and offline builds (defaults in the step that uses them):
#   APT_LOCK_TIMEOUT, DOCKER_APT_URL, DOCKER_CLEANER_QUOTA, SINGULARITY_SOURCE_URL,
#   GO_URL, EBS_AUTOSCALE_VERSION, EBS_AUTOSCALE_URL (or WORKDIR/amazon-ebs-autoscale.tar.gz), AWS_CLI_URL,
#   NVIDIA_CUDA_REPO_URL, NVIDIA_TOOLKIT_REPO_URL.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export SCRIPT_DIR
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"

BEFORE_REBOOT=(
    step-01-wait.sh
    step-02-base.sh
)
AFTER_REBOOT=(
    step-01-wait.sh
    step-03-arvados-repo.sh
    step-04-arvados-fuse.sh
    step-05-runtime.sh
    step-06-admin-user.sh
    step-07-sshd.sh
    step-08-network.sh
    step-09-scratch.sh
    step-10-nvidia.sh
    step-11-finish.sh
)

# Defaults the contract gives; everything else must be set by the renderer.
: "${ARVADOS_APT_URL:=https://apt.arvados.org}"
: "${ARVADOS_APT_KEY_URL:=https://apt.arvados.org/pubkey.gpg}"
: "${DOCKER_SOURCE:=docker-ce}"
export ARVADOS_APT_URL ARVADOS_APT_KEY_URL DOCKER_SOURCE

require_set() {
    local name
    for name in "$@"; do
        [ -n "${!name+set}" ] || die "environment variable $name is not set (the renderer sets every contract variable)"
    done
}

matches() {
    [[ "$2" =~ $1 ]]
}

check_environment() {
    require_set CLOUD CLUSTER_ID ADMIN_USERNAME WORKDIR SSH_PORT RESOLVER REPO_SUFFIX PIN_PACKAGES \
        RUNTIME_ENGINE MKSQUASHFS_MEM NVIDIA_GPU_SUPPORT AWS_EBS_AUTOSCALE CRUNCH_RUN SINGULARITY_VERSION \
        ARVADOS_VERSION DOCKER_VERSION CONTAINERD_VERSION NVIDIA_DRIVER_VERSION NVIDIA_TOOLKIT_VERSION
    matches '^(aws|azure|gcp)$' "$CLOUD" || die "CLOUD='$CLOUD': expected aws, azure or gcp"
    matches '^[a-z0-9]{5}$' "$CLUSTER_ID" || die "CLUSTER_ID='$CLUSTER_ID': expected 5 lowercase letters/digits"
    matches '^[a-z_][a-z0-9_-]{0,31}$' "$ADMIN_USERNAME" || die "ADMIN_USERNAME='$ADMIN_USERNAME' is not a valid user name"
    matches '^[0-9]+$' "$SSH_PORT" && [ "$SSH_PORT" -ge 1 ] && [ "$SSH_PORT" -le 65535 ] \
        || die "SSH_PORT='$SSH_PORT': expected a port number 1-65535"
    [ -z "$RESOLVER" ] || matches '^[0-9A-Fa-f:.]+$' "$RESOLVER" || die "RESOLVER='$RESOLVER': expected an IP address"
    [ -z "$REPO_SUFFIX" ] || matches '^-[a-z0-9]+$' "$REPO_SUFFIX" || die "REPO_SUFFIX='$REPO_SUFFIX': expected empty or like -dev"
    [ -z "$MKSQUASHFS_MEM" ] || matches '^[0-9]+[KMGkmg]?$' "$MKSQUASHFS_MEM" || die "MKSQUASHFS_MEM='$MKSQUASHFS_MEM': expected a size like 256M"
    matches '^(docker|singularity)$' "$RUNTIME_ENGINE" || die "RUNTIME_ENGINE='$RUNTIME_ENGINE': expected docker or singularity"
    matches '^(docker-ce|docker\.io)$' "$DOCKER_SOURCE" || die "DOCKER_SOURCE='$DOCKER_SOURCE': expected docker-ce or docker.io"
    local flag version
    for flag in PIN_PACKAGES NVIDIA_GPU_SUPPORT AWS_EBS_AUTOSCALE CRUNCH_RUN; do
        matches '^(true|false)$' "${!flag}" || die "$flag='${!flag}': expected true or false"
    done
    for version in ARVADOS_VERSION DOCKER_VERSION CONTAINERD_VERSION NVIDIA_DRIVER_VERSION NVIDIA_TOOLKIT_VERSION; do
        [ -z "${!version}" ] || matches '^[A-Za-z0-9*][A-Za-z0-9.+~:*-]*$' "${!version}" \
            || die "$version='${!version}': expected empty or an apt version pattern like 3.2.1 or 5:28.*"
    done
    matches '^[0-9]+\.[0-9]+\.[0-9]+$' "$SINGULARITY_VERSION" \
        || die "SINGULARITY_VERSION='$SINGULARITY_VERSION': expected a release like 3.10.4"
    if is_true "$AWS_EBS_AUTOSCALE"; then
        [ "$CLOUD" = aws ] || die "AWS_EBS_AUTOSCALE=true needs CLOUD=aws (it is '$CLOUD')"
        [ -s "$WORKDIR/ebs-autoscale.json" ] || die "AWS_EBS_AUTOSCALE=true but $WORKDIR/ebs-autoscale.json is missing"
    fi
    [ -s "$WORKDIR/dispatcher.pub" ] || die "$WORKDIR/dispatcher.pub (the dispatcher's public key) is missing"
    [ -f "$WORKDIR/hosts" ] || die "$WORKDIR/hosts is missing (an empty file means no extra /etc/hosts lines)"
    [ "$(id -u)" -eq 0 ] || die "provision.sh must run as root"
}

run_steps() {
    local step
    for step in "$@"; do
        STEP_NAME="${step%.sh}" bash "$SCRIPT_DIR/$step" || die "step $step failed"
    done
}

# Restarts the VM when the newest installed kernel is not the running one. Packer expects the disconnect;
# the sleep keeps this provisioner from returning (and the next from connecting) before the reboot does.
reboot_into_newest_kernel() {
    local newest running
    if [ -z "$(installed_kernels)" ]; then
        log "no kernel under /boot (a container's or chroot's root): no reboot"
        return 0
    fi
    newest="$(newest_kernel)"
    running="$(uname -r)"
    if [ "$newest" = "$running" ]; then
        log "the running kernel $running is the newest installed: no reboot"
    elif ! systemd_running; then
        log "kernel $newest installed, $running running, but this is no booted system (a chroot): no reboot"
    else
        log "rebooting from kernel $running into $newest, the kernel the image boots"
        systemctl reboot
        sleep 600
        die "the reboot did not happen within 10 minutes"
    fi
}

main() {
    local phase="${1:-all}"
    export STEP_NAME=provision
    matches '^(all|before-reboot|reboot|after-reboot)$' "$phase" \
        || die "unknown phase '$phase': expected all, before-reboot, reboot or after-reboot"
    load_os_release
    check_environment
    log "$phase: provisioning $OS_ID $OS_VERSION_ID ($OS_CODENAME) for cluster $CLUSTER_ID on $CLOUD, runtime $RUNTIME_ENGINE"
    case "$phase" in
        all) run_steps "${BEFORE_REBOOT[@]}" "${AFTER_REBOOT[@]:1}" ;;
        before-reboot) run_steps "${BEFORE_REBOOT[@]}" ;;
        reboot) reboot_into_newest_kernel ;;
        after-reboot) run_steps "${AFTER_REBOOT[@]}" ;;
    esac
    case "$phase" in
        all | after-reboot) log "provisioning finished" ;;
    esac
}

main "$@"
