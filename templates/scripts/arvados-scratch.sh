#!/bin/bash
# Boot-time scratch space for Arvados containers (installed as /usr/local/sbin/arvados-scratch and
# run by arvados-scratch.service before docker.service). Settings: /etc/arvados/scratch.conf.
#  disks:         every unused local disk (NVMe instance store on EC2, AddedScratch volumes) and, on
#                 Azure, the resource disk's partition, joined end to end into one device when there are
#                 several -> dm-crypt with a random key read from /dev/urandom by cryptsetup itself, which
#                 only the kernel ever holds -> XFS on /tmp (mode 1777). Without spare disks /tmp stays on
#                 the root filesystem, unencrypted, said at warning priority. Everything is made anew at
#                 each boot: the data is unreadable after shutdown, as intended, and nothing on the disks
#                 needs to be kept or found again.
#  ebs-autoscale: the EBS autoscaler's installer (first boot) makes and mounts the first volume and starts
#                 its daemon, with the image's config in place of its template.
# Docker, whose data-root is /tmp/docker-data, is ordered after this unit and starts on first use.
set -euo pipefail

# The two overrides exist for ArvadosScratchTest, which runs this script against stand-in tools.
CONF="${ARVADOS_SCRATCH_CONF:-/etc/arvados/scratch.conf}"
MOUNTPOINT="${ARVADOS_SCRATCH_MOUNTPOINT:-/tmp}"
LINEAR=arvados-scratch-disks
MAPPER=arvados-scratch
SCRATCH_MODE=disks
CLOUD=
# shellcheck disable=SC1090
[ -f "$CONF" ] && . "$CONF"

log() {
    echo "arvados-scratch: $*" >&2
}

# "<4>": journald files the line at warning priority (SyslogLevelPrefix, on by default).
warn() {
    echo "<4>arvados-scratch: $*" >&2
}

mounted_from() {
    findmnt -n -o SOURCE --mountpoint "$1" 2>/dev/null || true
}

# The whole disk(s) under the root filesystem, never to be touched.
root_disks() {
    local source
    source="$(findmnt -n -o SOURCE /)"
    lsblk -n -p -s -o NAME,TYPE "$source" 2>/dev/null | awk '$2 == "disk" { print $1 }'
}

# The devices the scratch space takes, one a line: every whole disk with no partitions, holders or mount (swap
# counts as one), and on Azure the resource disk, which arrives as sdb with one NTFS partition that cloud-init
# formats and mounts on /mnt: a disk's only partition when nothing holds it, or a disk or partition on /mnt. The
# partition, never the whole disk: cloud-init's disk_setup rewrites the partition table of a resource disk that
# no longer has exactly one partition. One lsblk listing of every device (raw: spaces in values escaped, so a
# single space separates fields), read by one awk.
scratch_devices() {
    local roots azure=0
    roots="$(root_disks)"
    [ "$CLOUD" = azure ] && azure=1
    lsblk -n -p -r -o NAME,TYPE,RO,PKNAME,MOUNTPOINT | awk -F'[ ]' -v roots="$roots" -v azure="$azure" '
        {
            name[NR] = $1; type[NR] = $2; ro[NR] = $3; mounted[NR] = $5
            if ($4 != "") { children[$4]++; child[$4] = NR }
        }
        END {
            split(roots, root, "\n")
            for (i in root) isroot[root[i]] = 1
            for (i = 1; i <= NR; i++) {
                if (type[i] != "disk" || ro[i] != "0" || (name[i] in isroot)) continue
                if (name[i] ~ /^\/dev\/(zram|loop|sr|fd)/) continue
                if (!(name[i] in children)) {
                    if (mounted[i] == "" || (azure && mounted[i] == "/mnt")) print name[i]
                    continue
                }
                if (!azure || children[name[i]] != 1) continue
                p = child[name[i]]
                if (type[p] == "part" && ro[p] == "0" && !(name[p] in children) && (mounted[p] == "" || mounted[p] == "/mnt"))
                    print name[p]
            }
        }'
}

finish_tmp() {
    chmod 1777 "$MOUNTPOINT"
    install -d -m 0710 "$MOUNTPOINT/docker-data"
}

setup_disk_scratch() {
    if [ "$(mounted_from "$MOUNTPOINT")" = "/dev/mapper/$MAPPER" ]; then
        log "$MOUNTPOINT is already the encrypted scratch space"
        return 0
    fi
    local devices=() device
    mapfile -t devices < <(scratch_devices)
    if [ "${#devices[@]}" -eq 0 ]; then
        warn "no unused disk: $MOUNTPOINT stays on the root filesystem, unencrypted;" \
            "instance types with IncludedScratch or AddedScratch get none of it"
        return 0
    fi
    for device in "${devices[@]}"; do
        if [ "$(mounted_from /mnt)" = "$device" ]; then
            log "unmounting the ephemeral disk $device from /mnt"
            umount /mnt
        fi
    done
    log "scratch disks: ${devices[*]}"
    local backing="${devices[0]}"
    if [ "${#devices[@]}" -gt 1 ]; then
        # A device-mapper linear table is what an LVM linear volume is, without LVM's metadata and its
        # commands' cost: nothing of it needs to outlive the boot.
        local table="" start=0 size
        for device in "${devices[@]}"; do
            size="$(blockdev --getsz "$device")"
            table+="$start $size linear $device 0"$'\n'
            start=$((start + size))
        done
        printf '%s' "$table" | dmsetup create "$LINEAR"
        backing="/dev/mapper/$LINEAR"
    fi
    # Plain dm-crypt with a fresh random key each boot, as for swap: a key that is never kept needs no LUKS
    # header or key derivation, and what was written before this boot is unreadable.
    cryptsetup open --type plain --cipher aes-xts-plain64 --key-size 512 --key-file /dev/urandom \
        --allow-discards "$backing" "$MAPPER"
    # -K: the device is new (its old content unreadable noise); discarding it all first only costs time.
    mkfs.xfs -f -q -K "/dev/mapper/$MAPPER"
    mount -o defaults,discard "/dev/mapper/$MAPPER" "$MOUNTPOINT"
    log "$MOUNTPOINT is now encrypted XFS over ${#devices[@]} disk(s)"
}

setup_ebs_autoscale() {
    local dir=/opt/amazon-ebs-autoscale log=/var/log/ebs-autoscale-install.log fs type
    if [ -n "$(mounted_from "$MOUNTPOINT")" ]; then
        # A later boot: the installer's fstab line mounted it, its daemon's unit is enabled.
        log "$MOUNTPOINT is already the EBS autoscaler's"
        return 0
    fi
    # What the installer takes from its flags and not from its template (the image's config): the filesystem
    # it makes, the mount point and the first volume's type. It returns once the volume is mounted.
    fs="$(jq -r .filesystem "$dir/config/ebs-autoscale.json")"
    type="$(jq -r .volume.type "$dir/config/ebs-autoscale.json")"
    log "installing the EBS autoscaler on $MOUNTPOINT ($fs, $type volumes)"
    if ! bash "$dir/install.sh" -f "$fs" -t "$type" -m "$MOUNTPOINT" >"$log" 2>&1; then
        log "the EBS autoscaler's installer failed; the end of $log:"
        tail -n 20 "$log" >&2
        exit 1
    fi
}

if systemd-detect-virt --quiet --container || systemd-detect-virt --quiet --chroot; then
    # The block devices seen from here are the host's.
    log "running in a container or chroot: leaving the disks alone"
    SCRATCH_MODE=none
fi

case "$SCRATCH_MODE" in
    none) ;;
    disks) setup_disk_scratch ;;
    ebs-autoscale) setup_ebs_autoscale ;;
    *) log "unknown SCRATCH_MODE '$SCRATCH_MODE' in $CONF"; exit 1 ;;
esac
finish_tmp
