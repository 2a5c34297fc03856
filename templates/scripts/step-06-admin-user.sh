#!/bin/bash
# Step 6: the admin user the dispatcher logs in as (AdminUsername), with passwordless sudo and the
# dispatcher's public key. On Azure the dispatcher creates this user itself through the API
# (and a pre-existing one would clash with the agent's provisioning), so the image leaves it out.
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"

pubkey_file="$WORKDIR/dispatcher.pub"
ssh-keygen -l -f "$pubkey_file" >/dev/null 2>&1 || die "$pubkey_file is not an OpenSSH public key"

if [ "$CLOUD" = azure ]; then
    log "CLOUD=azure: the dispatcher creates $ADMIN_USERNAME with its key at VM creation; not adding it here"
    exit 0
fi

if [ "$ADMIN_USERNAME" = root ]; then
    # The dispatcher logs in as root and uses no sudo. cloud-init's disable_root would put the cloud's key
    # for root behind a "log in as another user" command; sshd's root login is set in step 7.
    write_file /etc/cloud/cloud.cfg.d/91-arvados-root-login.cfg <<'CFG'
# The Arvados dispatcher logs in as root (AdminUsername: root).
disable_root: false
CFG
    rm -f /etc/sudoers.d/91-arvados-admin
    access="root logs in"
else
    rm -f /etc/cloud/cloud.cfg.d/91-arvados-root-login.cfg
    if ! id -u "$ADMIN_USERNAME" >/dev/null 2>&1; then
        log "creating user $ADMIN_USERNAME"
        group_option=()
        # useradd refuses to make a user whose same-named group already exists unless told to use it.
        getent group "$ADMIN_USERNAME" >/dev/null && group_option=(--gid "$ADMIN_USERNAME")
        useradd --create-home --shell /bin/bash --comment "Arvados dispatcher admin" "${group_option[@]}" "$ADMIN_USERNAME"
    fi
    # "*" (no password) rather than "!" (locked): sshd refuses key logins to locked accounts without PAM.
    usermod -p '*' "$ADMIN_USERNAME"
    sudoers=/etc/sudoers.d/91-arvados-admin
    tmp="$(mktemp)"
    printf '# The Arvados dispatcher runs crunch-run through sudo.\n%s ALL=(ALL) NOPASSWD:ALL\n' "$ADMIN_USERNAME" >"$tmp"
    chmod 0440 "$tmp"
    visudo -c -q -f "$tmp" >/dev/null || die "generated sudoers entry for $ADMIN_USERNAME does not pass visudo -c"
    mv -f "$tmp" "$sudoers"
    access="sudo without password"
fi

home="$(getent passwd "$ADMIN_USERNAME" | cut -d: -f6)"
group="$(id -gn "$ADMIN_USERNAME")"
install -d -m 0700 -o "$ADMIN_USERNAME" -g "$group" "$home/.ssh"
keys="$home/.ssh/authorized_keys"
touch "$keys"
key_line="$(awk 'NF { print; exit }' "$pubkey_file")"
grep -qxF -- "$key_line" "$keys" || printf '%s\n' "$key_line" >>"$keys"
chown "$ADMIN_USERNAME:$group" "$keys"
chmod 0600 "$keys"
log "$ADMIN_USERNAME: $access, dispatcher key in $keys"
