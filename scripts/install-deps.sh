#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Installs every Debian package daxrace needs to build, to run its tests and
# to boot the emulated-pmem VM (daxrace-vm).  Idempotent: packages already
# present are left alone and apt-get is not even asked.
#
#   scripts/install-deps.sh          build + test + VM packages, and LAVA
#   scripts/install-deps.sh --no-vm  build + test packages only
set -eu

# Where lava-server's device-type templates go (tests/lib/lava.sh looks
# there): lava-run needs a device dictionary rendered from them, and
# lava-server itself (a Django site with its database) is not needed for
# that, so its package is unpacked, not installed.
LAVA_TYPES=/var/cache/daxrace/lava-device-types

build="autoconf automake libtool pkg-config make gcc libc6-dev
liburing-dev libpmem2-dev libndctl-dev libdaxctl-dev libnuma-dev libjson-c-dev libinih-dev"
# clang-14 and libclang-rt-14-dev (Debian 12's clang and its compiler-rt:
# libFuzzer, ASan and UBSan) build the fuzz targets in tests/fuzz.
# python3-jsonschema checks the KCIDB output against kcidb-io's schema;
# chromium loads the --html report headless and screenshots it.
# python3-yaml and python3-jinja2 read and render the KernelCI snippet.
test="groff-base man-db python3 python3-jsonschema python3-yaml python3-jinja2 util-linux e2fsprogs bc dmsetup
clang-14 libclang-rt-14-dev chromium"
vm="qemu-system-x86 qemu-utils busybox-static ndctl xfsprogs e2fsprogs cpio
xz-utils zstd kmod dpkg jq util-linux debian-archive-keyring"
# LAVA's own dispatcher (lava-run, lava_common, libguestfs and supermin for
# its overlay disk) runs the sample job for real in tests/vm/lava-run.sh.
lava="lava-dispatcher"

want="$build $test"
case "${1:-}" in
--no-vm) ;;
"") want="$want $vm $lava" ;;
*) echo "install-deps.sh: unknown option '$1' (accepted: --no-vm)" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
types=0
case $want in *lava-dispatcher*) [ -f "$LAVA_TYPES/qemu.jinja2" ] || types=1 ;; esac
[ -z "$missing" ] && [ "$types" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps.sh: need root to install:$missing$([ "$types" -eq 0 ] || echo " (and $LAVA_TYPES)")" >&2
	exit 3
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
if [ -n "$missing" ]; then
	# shellcheck disable=SC2086 # word splitting of the list is intended
	apt-get install -y -q --no-install-recommends $missing
fi
if [ "$types" -eq 1 ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	# apt's download runs as _apt, which must be able to write there
	chmod 777 "$tmp"
	(cd "$tmp" && apt-get download -q lava-server)
	dpkg-deb -x "$tmp"/lava-server_*.deb "$tmp/x"
	mkdir -p "$(dirname "$LAVA_TYPES")"
	rm -rf "$LAVA_TYPES"
	cp -R "$tmp/x/usr/share/lava-server/device-types" "$LAVA_TYPES"
	echo "install-deps.sh: lava-server's device types in $LAVA_TYPES"
fi
