#!/bin/bash
# Step 9: the scratch space on /tmp, made at every boot by arvados-scratch.service (before docker):
#  default:               the unused local disks joined (on Azure with the resource disk's partition),
#                          dm-crypt with a random key nobody keeps, XFS; cloud-init told to leave them alone.
#  AWS_EBS_AUTOSCALE=true: Arvados' fork of amazon-ebs-autoscale grows /tmp with encrypted EBS
#                          volumes; its installer runs at first boot (it creates the first volume,
#                          which must not happen on the build VM), with the config from
#                          WORKDIR/ebs-autoscale.json in place of its template.
# The autoscaler's source: WORKDIR/amazon-ebs-autoscale.tar.gz when present (offline builds,
# tests), else EBS_AUTOSCALE_URL.
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"

EBS_AUTOSCALE_VERSION="${EBS_AUTOSCALE_VERSION:-ee323f0751c2b6f733692e805b51b9bf3c251bac}"
EBS_AUTOSCALE_URL="${EBS_AUTOSCALE_URL:-https://github.com/arvados/amazon-ebs-autoscale/archive/$EBS_AUTOSCALE_VERSION.tar.gz}"
EBS_AUTOSCALE_DIR=/opt/amazon-ebs-autoscale
AWS_CLI_URL="${AWS_CLI_URL:-https://awscli.amazonaws.com/awscli-exe-linux-$(uname -m).zip}"

# The autoscaler drives EBS through the AWS CLI: the distribution's package where there is one
# (Debian 12, Ubuntu 22.04), else AWS' own bundle (Ubuntu 24.04 only has a snap).
install_aws_cli() {
    if command -v aws >/dev/null 2>&1; then
        return 0
    fi
    # Captured first: with pipefail, grep -q closing the pipe early can fail the whole pipeline.
    local policy
    policy="$(apt-cache policy awscli 2>/dev/null || true)"
    if grep -q 'Candidate: [0-9]' <<<"$policy"; then
        log "AWS CLI from the distribution"
        apt_get install awscli
        return 0
    fi
    log "AWS CLI from $AWS_CLI_URL"
    local dir
    dir="$(mktemp -d)"
    fetch "$AWS_CLI_URL" "$dir/awscliv2.zip"
    unzip -q "$dir/awscliv2.zip" -d "$dir"
    "$dir/aws/install" --update
    rm -rf "$dir"
}

install_ebs_autoscaler() {
    local config="$WORKDIR/ebs-autoscale.json" local_source="$WORKDIR/amazon-ebs-autoscale.tar.gz" tarball
    local packages=(jq unzip e2fsprogs)
    jq -e 'type == "object" and (.mountpoint | type == "string")' "$config" >/dev/null \
        || die "$config is not a JSON object with a mountpoint"
    [ "$(jq -r .mountpoint "$config")" = /tmp ] || die "$config: mountpoint must be /tmp (Docker and crunch-run use /tmp)"
    # The installer makes the filesystem the config names: btrfs needs its tools (lvm2 is a base tool).
    if [ "$(jq -r .filesystem "$config")" = btrfs ]; then
        packages+=(btrfs-progs)
    fi
    log "installing the EBS autoscaler's dependencies"
    apt_get install --no-install-recommends "${packages[@]}"
    install_aws_cli
    if [ -f "$local_source" ]; then
        log "EBS autoscaler from $local_source"
        tarball="$local_source"
    else
        log "EBS autoscaler from $EBS_AUTOSCALE_URL"
        tarball="$(mktemp)"
        fetch "$EBS_AUTOSCALE_URL" "$tarball"
    fi
    rm -rf "$EBS_AUTOSCALE_DIR"
    install -d -m 0755 "$EBS_AUTOSCALE_DIR"
    tar -C "$EBS_AUTOSCALE_DIR" --strip-components=1 --no-same-owner -xzf "$tarball"
    [ "$tarball" = "$local_source" ] || rm -f "$tarball"
    [ -f "$EBS_AUTOSCALE_DIR/install.sh" ] || die "the EBS autoscaler source has no install.sh"
    # install.sh writes /etc/ebs-autoscale.json, which its daemon reads, from its template: the template with
    # the values of its flags filled in, and it has no flag for the LVM names, encryption, the detection interval
    # or logging. Ours in the template's place, every field filled in, is what it writes, and the volume group
    # it makes and its first volume follow it.
    jq . "$config" | write_file "$EBS_AUTOSCALE_DIR/config/ebs-autoscale.json" 0644
}

CLOUD_INIT_MOUNTS=/etc/cloud/cloud.cfg.d/90-arvados-scratch.cfg
# cloud-init writes its fstab lines with this option, and only those lines are its to rewrite.
CLOUD_INIT_MNT_LINE='^[^#]*[[:space:]]/mnt[[:space:]].*comment=cloudconfig'

# The spare disks are the scratch space's: cloud-init's mounts module must not mount the disk the cloud names
# ephemeral0 (Azure's resource disk; an EC2 instance store mapped as ephemeral0) on /mnt, which its default entry
# does; an entry with no mount point drops that one. Its /mnt line from the build VM, where the resource disk is
# mounted, goes from fstab too: the module leaves old lines alone when it adds none, and systemd would mount that
# one after cloud-init, fail on the partition the scratch space holds, and leave the worker degraded.
leave_disks_to_scratch() {
    write_file "$CLOUD_INIT_MOUNTS" 0644 <<'CFG'
# Written by the Arvados compute image provisioning: the instance's spare disks are the encrypted scratch
# space on /tmp (arvados-scratch.service), so no ephemeral disk is mounted on /mnt.
mounts:
  - [ephemeral0, null]
CFG
    if grep -Eq "$CLOUD_INIT_MNT_LINE" /etc/fstab 2>/dev/null; then
        log "removing cloud-init's /mnt line from /etc/fstab (the build VM's ephemeral disk)"
        sed -i -E "\\#$CLOUD_INIT_MNT_LINE#d" /etc/fstab
    fi
}

SCRATCH_MODE=disks
unit=arvados-scratch.service
if is_true "$AWS_EBS_AUTOSCALE"; then
    SCRATCH_MODE=ebs-autoscale
    unit=arvados-scratch-ebs.service
    rm -f "$CLOUD_INIT_MOUNTS"
    install_ebs_autoscaler
else
    rm -rf "$EBS_AUTOSCALE_DIR"
    leave_disks_to_scratch
fi

write_file /etc/arvados/scratch.conf <<CONF
# Read by /usr/local/sbin/arvados-scratch at boot (written by the image provisioning).
SCRATCH_MODE=$SCRATCH_MODE
CLOUD=$CLOUD
CONF
# /tmp belongs to the scratch space, or to the root disk where there is none: never to a tmpfs in RAM, where
# Debian 13 puts it by default (systemd's own tmp.mount) and Docker's data and the containers' files would not fit.
systemctl mask tmp.mount >/dev/null 2>&1 || die "cannot mask tmp.mount"
install -m 0755 "$SCRIPT_DIR/arvados-scratch.sh" /usr/local/sbin/arvados-scratch
# A rerun with the other mode: its unit's [Install] differs, so the old links go first.
systemctl disable arvados-scratch.service >/dev/null 2>&1 || true
install -m 0644 "$SCRIPT_DIR/$unit" /etc/systemd/system/arvados-scratch.service
systemctl enable arvados-scratch.service >/dev/null 2>&1 || die "cannot enable arvados-scratch.service"
log "scratch space: $SCRATCH_MODE at boot"
