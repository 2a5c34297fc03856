#!/bin/bash
# Step 3: the Arvados apt repository <ARVADOS_APT_URL>/<codename> suite <codename><REPO_SUFFIX>,
# signed by the key at ARVADOS_APT_KEY_URL (https:// or file://). Pinning happens in step 11,
# once the versions to pin are installed.
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"
load_os_release

keyring=/etc/apt/keyrings/arvados.asc
log "Arvados repository ${ARVADOS_APT_URL%/}/$OS_CODENAME suite $OS_CODENAME$REPO_SUFFIX"
install_apt_key "$ARVADOS_APT_KEY_URL" "$keyring"
keyring="$(apt_key_path "$keyring")"
write_file /etc/apt/sources.list.d/arvados.list <<LIST
# Arvados packages (written by the arvados-maven-plugin provisioning)
deb [signed-by=$keyring] ${ARVADOS_APT_URL%/}/$OS_CODENAME $OS_CODENAME$REPO_SUFFIX main
LIST
apt_get update
