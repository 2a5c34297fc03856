#!/bin/bash
# Step 10 (NVIDIA_GPU_SUPPORT=true): kernel headers, the CUDA driver from NVIDIA's repository and the
# NVIDIA container toolkit. The same image boots GPU and non-GPU instance types: the modules load
# (and nvidia-persistenced runs) only when arvados-gpu-detect finds an NVIDIA GPU, so a machine
# without one does not end "degraded" and still passes the dispatcher's boot probe.
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"
load_os_release

if ! is_true "$NVIDIA_GPU_SUPPORT"; then
    log "NVIDIA_GPU_SUPPORT=false: no GPU drivers"
    exit 0
fi

cuda_distro="$OS_ID${OS_VERSION_ID//./}"
NVIDIA_CUDA_REPO_URL="${NVIDIA_CUDA_REPO_URL:-https://developer.download.nvidia.com/compute/cuda/repos/$cuda_distro/x86_64}"
NVIDIA_TOOLKIT_REPO_URL="${NVIDIA_TOOLKIT_REPO_URL:-https://nvidia.github.io/libnvidia-container}"

# DKMS builds the driver for every kernel whose headers are installed: the headers must be those of the
# kernel the image boots, the newest one, which after an upgrade is not the one running now.
kernel="$(newest_kernel)"
log "kernel headers for $kernel"
apt_get install --no-install-recommends "linux-headers-$kernel" dkms pciutils

log "CUDA repository $NVIDIA_CUDA_REPO_URL"
keyring_deb="$(mktemp --suffix=.deb)"
fetch "$NVIDIA_CUDA_REPO_URL/cuda-keyring_1.1-1_all.deb" "$keyring_deb"
dpkg -i "$keyring_deb"
rm -f "$keyring_deb"

log "NVIDIA container toolkit repository $NVIDIA_TOOLKIT_REPO_URL"
install_apt_key "$NVIDIA_TOOLKIT_REPO_URL/gpgkey" /etc/apt/keyrings/nvidia-container-toolkit.asc
toolkit_keyring="$(apt_key_path /etc/apt/keyrings/nvidia-container-toolkit.asc)"
write_file /etc/apt/sources.list.d/nvidia-container-toolkit.list <<LIST
deb [signed-by=$toolkit_keyring] $NVIDIA_TOOLKIT_REPO_URL/stable/deb/\$(ARCH) /
LIST
apt_get update
# One version lookup per assignment: an assignment fails with its last command substitution only.
packages=("$(package_version nvidiaDriverVersion cuda-drivers "$NVIDIA_DRIVER_VERSION")")
packages+=("$(package_version nvidiaToolkitVersion nvidia-container-toolkit "$NVIDIA_TOOLKIT_VERSION")")
log "installing ${packages[*]}"
apt_get install "${packages[@]}"

if [ "$RUNTIME_ENGINE" = docker ]; then
    # Adds the "nvidia" runtime to daemon.json; step 5 merges its own keys around it on a rerun.
    nvidia-ctk runtime configure --runtime=docker
fi

install -m 0755 "$SCRIPT_DIR/arvados-gpu-detect.sh" /usr/local/sbin/arvados-gpu-detect
install -m 0644 "$SCRIPT_DIR/arvados-nvidia.service" /etc/systemd/system/arvados-nvidia.service
# Without a GPU these fail (the persistence daemon; the toolkit's CDI refresh, Arvados #23458): skip them
# there instead of leaving the system degraded, keep them where a GPU is present.
for unit in nvidia-persistenced.service nvidia-cdi-refresh.service; do
    write_file "/etc/systemd/system/$unit.d/arvados-gpu-only.conf" <<'UNIT'
# Installed by the arvados-maven-plugin image provisioning: this unit fails on machines without a GPU.
[Service]
ExecCondition=/usr/local/sbin/arvados-gpu-detect
UNIT
done
# Modules load through arvados-nvidia.service only; a static modules-load entry would fail without a GPU.
for conf in /etc/modules-load.d/*nvidia*.conf; do
    [ -f "$conf" ] || continue
    log "moving $conf aside: arvados-nvidia.service loads the modules when a GPU is present"
    mv -f "$conf" "$conf.disabled-by-arvados"
done
systemctl enable arvados-nvidia.service >/dev/null 2>&1 || die "cannot enable arvados-nvidia.service"
log "NVIDIA drivers and container toolkit installed"
