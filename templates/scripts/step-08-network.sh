#!/bin/bash
# Step 8: the resolver first in line (RESOLVER) and static /etc/hosts lines (WORKDIR/hosts).
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"

uses_systemd_resolved() {
    [[ -L /etc/resolv.conf && "$(readlink /etc/resolv.conf)" == *systemd/resolve* ]] && return 0
    systemctl is-enabled systemd-resolved.service >/dev/null 2>&1
}

configure_resolver() {
    local resolved_dropin=/etc/systemd/resolved.conf.d/50-arvados-resolver.conf
    local dhclient_conf=/etc/dhcp/dhclient.conf
    if [ -z "$RESOLVER" ]; then
        rm -f "$resolved_dropin"
        [ -f "$dhclient_conf" ] && printf '' | replace_managed_block "$dhclient_conf"
        log "no RESOLVER: the cloud's DNS stays as it is"
        return 0
    fi
    if uses_systemd_resolved; then
        # Domains=~. makes this global server the one used for every domain.
        [ -f "$dhclient_conf" ] && printf '' | replace_managed_block "$dhclient_conf"
        write_file "$resolved_dropin" <<CONF
[Resolve]
DNS=$RESOLVER
Domains=~.
CONF
        log "systemd-resolved: DNS=$RESOLVER for all domains"
    else
        rm -f "$resolved_dropin"
        install -d -m 0755 /etc/dhcp
        [ -f "$dhclient_conf" ] || touch "$dhclient_conf"
        # Name servers are asked in order (no 'rotate'), so the prepended one is asked first.
        printf 'prepend domain-name-servers %s;\n' "$RESOLVER" | replace_managed_block "$dhclient_conf"
        log "dhclient: prepend domain-name-servers $RESOLVER"
    fi
}

configure_hosts() {
    local lines
    lines="$(grep -Ev '^[[:space:]]*(#|$)' "$WORKDIR/hosts" || true)"
    if [ -n "$lines" ]; then
        while IFS= read -r line; do
            [[ "$line" =~ ^[[:space:]]*[0-9A-Fa-f:.]+[[:space:]]+[A-Za-z0-9._-]+ ]] \
                || die "hosts line '$line' is not '<ip> <name> [names...]'"
        done <<<"$lines"
    fi
    printf '%s' "$lines" | replace_managed_block /etc/hosts
    # cloud-init rewrites /etc/hosts from these templates at boot when manage_etc_hosts is on.
    local template
    for template in /etc/cloud/templates/hosts.*.tmpl; do
        [ -f "$template" ] || continue
        printf '%s' "$lines" | replace_managed_block "$template"
    done
    log "$(printf '%s' "$lines" | grep -c . || true) static /etc/hosts line(s)"
}

configure_resolver
configure_hosts
