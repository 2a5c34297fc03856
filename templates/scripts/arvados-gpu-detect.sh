#!/bin/sh
# Exits 0 when an NVIDIA display/3D controller (PCI vendor 0x10de, class 0x03xxxx) is present,
# 1 otherwise. Used as ExecCondition=, so "no GPU" skips a unit instead of failing it.
# Reads sysfs directly so it works before any tool or module is loaded.
for dev in /sys/bus/pci/devices/*; do
    [ -r "$dev/vendor" ] && [ -r "$dev/class" ] || continue
    if [ "$(cat "$dev/vendor")" = "0x10de" ]; then
        case "$(cat "$dev/class")" in
            0x03*) exit 0 ;;
        esac
    fi
done
exit 1
