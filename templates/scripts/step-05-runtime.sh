#!/bin/bash
# Step 5: the container runtime Containers.RuntimeEngine names.
#  docker:      docker-ce (Docker's repository) or docker.io (the distribution's), without their recommends (as
#               Arvados' own image build installs docker-ce) but apparmor, which dockerd needs;
#               daemon.json with data-root on the scratch space, the containerd image store off, nofile 10000,
#               dns = RESOLVER; containerd's root on the scratch space too; dockerd started on first use by its
#               socket, containerd with it, neither before arvados-scratch.service has made /tmp;
#               arvados-docker-cleaner started with dockerd.
#  singularity: the `singularity` package when the Arvados repository ships it, otherwise built
#               from source as Arvados' own image build does, its singularity and run-singularity commands
#               in /usr/local/bin; `mksquashfs mem` in singularity.conf.
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"
load_os_release

DOCKER_APT_URL="${DOCKER_APT_URL:-https://download.docker.com/linux/$OS_ID}"
DOCKER_CLEANER_QUOTA="${DOCKER_CLEANER_QUOTA:-10G}"
SINGULARITY_SOURCE_URL="${SINGULARITY_SOURCE_URL:-https://github.com/sylabs/singularity/releases/download/v$SINGULARITY_VERSION/singularity-ce-$SINGULARITY_VERSION.tar.gz}"
GO_URL="${GO_URL:-https://go.dev/dl/go1.22.12.linux-amd64.tar.gz}"
CONTAINERD_ROOT=/tmp/containerd

install_docker_packages() {
    local packages
    if [ "$DOCKER_SOURCE" = docker-ce ]; then
        log "Docker from $DOCKER_APT_URL (docker-ce)"
        install_apt_key "$DOCKER_APT_URL/gpg" /etc/apt/keyrings/docker.asc
        local keyring
        keyring="$(apt_key_path /etc/apt/keyrings/docker.asc)"
        write_file /etc/apt/sources.list.d/docker.list <<LIST
deb [arch=$(dpkg --print-architecture) signed-by=$keyring] $DOCKER_APT_URL $OS_CODENAME stable
LIST
        apt_get update
        # One version lookup per assignment: an assignment fails with its last command substitution only.
        packages=("$(package_version dockerVersion docker-ce "$DOCKER_VERSION")")
        packages+=("$(package_version dockerVersion docker-ce-cli "$DOCKER_VERSION")")
        packages+=("$(package_version containerdVersion containerd.io "$CONTAINERD_VERSION")")
    else
        log "Docker from the distribution (docker.io)"
        rm -f /etc/apt/sources.list.d/docker.list
        packages=("$(package_version dockerVersion docker.io "$DOCKER_VERSION")")
        # Debian 13 splits the client into docker-cli, of docker.io's version, which docker.io only recommends.
        if [ -n "$(apt-cache madison docker-cli 2>/dev/null)" ]; then
            packages+=("$(package_version dockerVersion docker-cli "$DOCKER_VERSION")")
        fi
        if [ -n "$CONTAINERD_VERSION" ]; then
            packages+=("$(package_version containerdVersion containerd "$CONTAINERD_VERSION")")
        fi
    fi
    # The one recommends of both that a worker needs: where the kernel has AppArmor on (Debian's and Ubuntu's
    # default), dockerd refuses to start any container without apparmor_parser to load its profile.
    packages+=(apparmor)
    log "installing ${packages[*]}"
    apt_get install --no-install-recommends "${packages[@]}"
}

# Merges our settings into daemon.json, keeping keys others added (nvidia-ctk adds "runtimes"). The containerd
# image store (Docker 29's default on a fresh install) keeps image layers and container filesystems under
# containerd's root instead of data-root: off, as Arvados' own image has it, so data-root holds them.
write_daemon_json() {
    local current='{}' dns='[]'
    [ -s /etc/docker/daemon.json ] && current="$(cat /etc/docker/daemon.json)"
    [ -n "$RESOLVER" ] && dns="$(jq -cn --arg r "$RESOLVER" '[$r]')"
    jq --argjson dns "$dns" '
        . + {"data-root": "/tmp/docker-data",
             "default-ulimits": {"nofile": {"Name": "nofile", "Soft": 10000, "Hard": 10000}},
             "features": ((.features // {}) + {"containerd-snapshotter": false})}
        | if ($dns | length) > 0 then .dns = $dns else del(.dns) end' <<<"$current" \
        | write_file /etc/docker/daemon.json 0644
}

# containerd's root on the scratch space as well: whatever Docker stores through containerd (everything, with
# the containerd image store on) stays off the root disk. A top-level key of config.toml, so our block goes
# first (a key after a [table] would belong to the table), replacing any other top-level root.
write_containerd_config() {
    local conf=/etc/containerd/config.toml current=""
    [ -f "$conf" ] && current="$(cat "$conf")"
    awk -v begin="$BEGIN_MARK" -v end="$END_MARK" -v root="$CONTAINERD_ROOT" '
        NR == 1 { print begin; printf "root = \"%s\"\n", root; print end }
        $0 == begin { skipping = 1; next }
        $0 == end { skipping = 0; next }
        skipping { next }
        /^[[:space:]]*\[/ { in_table = 1 }
        !in_table && /^[[:space:]]*root[[:space:]]*=/ { next }
        { print }' <<<"$current" | write_file "$conf" 0644
}

configure_docker_units() {
    # dockerd starts when something first connects to its socket, and containerd when dockerd does: the boot,
    # and so the dispatcher's boot probe, waits for neither; the drop-ins keep both after the scratch space.
    systemctl disable docker.service containerd.service >/dev/null 2>&1 || true
    systemctl enable docker.socket >/dev/null 2>&1 || die "cannot enable docker.socket"
    write_file /etc/systemd/system/docker.service.d/arvados-scratch.conf <<'UNIT'
# Docker keeps its data on /tmp: it must never run before the scratch space is mounted there. containerd, which
# no longer starts at boot, starts with it.
[Unit]
Requires=arvados-scratch.service
After=arvados-scratch.service
Wants=containerd.service
After=containerd.service
UNIT
    write_file /etc/systemd/system/containerd.service.d/arvados-scratch.conf <<'UNIT'
# containerd keeps its root on /tmp: it must never run before the scratch space is mounted there.
[Unit]
Requires=arvados-scratch.service
After=arvados-scratch.service
UNIT
}

install_docker_cleaner() {
    log "installing arvados-docker-cleaner (quota $DOCKER_CLEANER_QUOTA)"
    write_file /etc/arvados/docker-cleaner/docker-cleaner.json <<JSON
{
  "Quota": "$DOCKER_CLEANER_QUOTA",
  "RemoveStoppedContainers": "always"
}
JSON
    local cleaner
    cleaner="$(package_version arvadosVersion arvados-docker-cleaner "$ARVADOS_VERSION")"
    apt_get install "$cleaner"
    write_file /etc/systemd/system/arvados-docker-cleaner.service.d/arvados-after-docker.conf <<'UNIT'
# The cleaner talks to dockerd: start it after docker (which itself waits for the scratch space).
[Unit]
Requires=docker.service
After=docker.service
UNIT
    # Started with dockerd rather than at boot, where it would start dockerd itself.
    systemctl disable arvados-docker-cleaner.service >/dev/null 2>&1 || true
    systemctl add-wants docker.service arvados-docker-cleaner.service >/dev/null 2>&1 \
        || die "cannot make docker.service start arvados-docker-cleaner.service"
}

setup_docker() {
    install_docker_packages
    write_daemon_json
    write_containerd_config
    configure_docker_units
    install_docker_cleaner
}

# The version of `singularity` SINGULARITY_VERSION names that the Arvados repository offers, if it does
# (Debian's own `singularity` package is an unrelated game, so only the Arvados origin counts).
arvados_singularity_version() {
    # apt shows file:///path sources as file:/path.
    local url="${ARVADOS_APT_URL%/}"
    url="${url/#file:\/\//file:}"
    apt-cache madison singularity 2>/dev/null \
        | awk -F'|' -v url="$url" -v want="$SINGULARITY_VERSION" '
            index($3, url) { gsub(/ /, "", $2); if ($2 == want || index($2, want "-") == 1) { print $2; exit } }'
}

build_singularity_from_source() {
    log "building singularity $SINGULARITY_VERSION from source into $SINGULARITY_PREFIX"
    apt_get install --no-install-recommends build-essential libseccomp-dev libglib2.0-dev pkg-config squashfs-tools uuid-dev \
        libssl-dev cryptsetup
    local build
    build="$(mktemp -d "$WORKDIR/singularity-build.XXXXXX")"
    fetch "$GO_URL" "$build/go.tar.gz"
    tar -C "$build" -xzf "$build/go.tar.gz"
    fetch "$SINGULARITY_SOURCE_URL" "$build/singularity.tar.gz"
    tar -C "$build" -xzf "$build/singularity.tar.gz"
    (
        cd "$build"/singularity-ce-* || exit 1
        export PATH="$build/go/bin:$PATH"
        ./mconfig --prefix="$SINGULARITY_PREFIX"
        make -C builddir
        make -C builddir install
    )
    rm -rf "$build"
}

# True when SINGULARITY_VERSION is already built into SINGULARITY_PREFIX (a rerun).
singularity_built() {
    local built="$SINGULARITY_PREFIX/bin/singularity"
    [ -x "$built" ] && [[ "$("$built" --version)" == *" $SINGULARITY_VERSION"* ]]
}

# What Arvados' own image puts on PATH from its build: singularity, and run-singularity (the interpreter a SIF
# image names, to run the image as a program).
link_singularity_commands() {
    local command
    for command in singularity run-singularity; do
        [ -x "$SINGULARITY_PREFIX/bin/$command" ] \
            || die "$SINGULARITY_PREFIX/bin/$command is missing: the singularity build did not install it"
        ln -sf "$SINGULARITY_PREFIX/bin/$command" "/usr/local/bin/$command"
    done
}

singularity_conf() {
    local candidate
    for candidate in /etc/singularity/singularity.conf "$SINGULARITY_PREFIX/etc/singularity/singularity.conf" \
        /usr/local/etc/singularity/singularity.conf /opt/singularity/etc/singularity/singularity.conf; do
        if [ -f "$candidate" ]; then
            echo "$candidate"
            return 0
        fi
    done
    die "singularity is installed but no singularity.conf was found"
}

setup_singularity() {
    local version conf
    version="$(arvados_singularity_version)"
    if [ -n "$version" ]; then
        log "installing singularity $version from the Arvados repository"
        apt_get install squashfs-tools "singularity=$version"
    else
        if singularity_built; then
            log "singularity $SINGULARITY_VERSION is already built into $SINGULARITY_PREFIX"
        else
            build_singularity_from_source
        fi
        link_singularity_commands
    fi
    conf="$(singularity_conf)"
    sed -i -E '/^[[:space:]]*mksquashfs[[:space:]]+mem[[:space:]]*=/d' "$conf"
    if [ -n "$MKSQUASHFS_MEM" ]; then
        log "mksquashfs mem = $MKSQUASHFS_MEM in $conf"
        printf 'mksquashfs mem = %s\n' "$MKSQUASHFS_MEM" >>"$conf"
    fi
}

case "$RUNTIME_ENGINE" in
    docker) setup_docker ;;
    singularity) setup_singularity ;;
esac
