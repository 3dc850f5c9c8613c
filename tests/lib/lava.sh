# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the LAVA tests: lava_device_types prints the first directory
# with lava-server's device-type templates (qemu.jinja2), or nothing:
# $DAXRACE_LAVA_DEVICE_TYPES, a lava-server's, Debian's package, or the
# copy scripts/install-deps.sh unpacks from that package.
lava_device_types() {
	for _d in "${DAXRACE_LAVA_DEVICE_TYPES:-}" /etc/lava-server/dispatcher-config/device-types \
		/usr/share/lava-server/device-types /var/cache/daxrace/lava-device-types; do
		[ -n "$_d" ] && [ -f "$_d/qemu.jinja2" ] && { echo "$_d"; return 0; }
	done
	return 0
}
