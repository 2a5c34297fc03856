#!/bin/bash
# Step 7: sshd listens on SSH_PORT (Containers.CloudVMs.SSHPort) from the image's next boot.
# sshd is not restarted here: Packer is connected through it. Ubuntu 24.04's ssh.socket takes the
# port from sshd_config through its generator, so the drop-in covers both.
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"

dropin=/etc/ssh/sshd_config.d/50-arvados-port.conf
grep -Eq '^[[:space:]]*Include[[:space:]]+/etc/ssh/sshd_config\.d/' /etc/ssh/sshd_config \
    || die "/etc/ssh/sshd_config does not include /etc/ssh/sshd_config.d/*.conf"
if grep -Eqi '^[[:space:]]*Port[[:space:]]' /etc/ssh/sshd_config; then
    # A Port line in the main file would add a second port; ours must be the only one.
    sed -i -E 's/^([[:space:]]*Port[[:space:]].*)$/# \1  (port set in 50-arvados-port.conf)/I' /etc/ssh/sshd_config
fi
root_login=""
if [ "$ADMIN_USERNAME" = root ]; then
    # The dispatcher logs in as root (AdminUsername: root), with its key only.
    root_login="PermitRootLogin prohibit-password"
fi
write_file "$dropin" <<CONF
# The Arvados dispatcher connects on this port (Containers.CloudVMs.SSHPort).
Port $SSH_PORT
$root_login
CONF
mkdir -p /run/sshd
sshd -t || die "sshd rejects its configuration after setting Port $SSH_PORT"
# Ubuntu 24.04 starts sshd through ssh.socket; enabling ssh.service too would make both bind the port.
if [ "$(systemctl is-enabled ssh.socket 2>/dev/null || true)" != enabled ]; then
    systemctl enable ssh.service >/dev/null 2>&1 || true
fi
log "sshd will listen on port $SSH_PORT"
