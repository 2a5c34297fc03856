#!/bin/bash
# Step 4: arv-mount (python3-arvados-fuse) and fuse's user_allow_other, which crunch-run's
# mounts need so containers (other uids) can read them; crunch-run itself with CRUNCH_RUN=true (the
# dispatcher deploys its own unless DeployRunnerBinary is empty). Both of release ARVADOS_VERSION.
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"

packages=("$(package_version arvadosVersion python3-arvados-fuse "$ARVADOS_VERSION")")
if is_true "$CRUNCH_RUN"; then
    packages+=("$(package_version arvadosVersion crunch-run "$ARVADOS_VERSION")")
fi
log "installing ${packages[*]}"
apt_get install "${packages[@]}"

fuse_conf=/etc/fuse.conf
if [ ! -f "$fuse_conf" ]; then
    printf '# /etc/fuse.conf (written by the arvados-maven-plugin provisioning)\n' >"$fuse_conf"
fi
if grep -Eq '^[[:space:]]*user_allow_other[[:space:]]*$' "$fuse_conf"; then
    log "fuse.conf already has user_allow_other"
elif grep -Eq '^[[:space:]]*#[[:space:]]*user_allow_other[[:space:]]*$' "$fuse_conf"; then
    sed -i -E 's/^[[:space:]]*#[[:space:]]*user_allow_other[[:space:]]*$/user_allow_other/' "$fuse_conf"
else
    printf 'user_allow_other\n' >>"$fuse_conf"
fi
chmod 0644 "$fuse_conf"
