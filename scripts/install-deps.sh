#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Installs every Debian package daxrace needs to build, to run its tests and
# to boot the emulated-pmem VM (daxrace-vm).  Idempotent: packages already
# present are left alone and apt-get is not even asked.
#
#   scripts/install-deps.sh          build + test + VM packages
#   scripts/install-deps.sh --no-vm  build + test packages only
set -eu

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

want="$build $test"
case "${1:-}" in
--no-vm) ;;
"") want="$want $vm" ;;
*) echo "install-deps.sh: unknown option '$1' (accepted: --no-vm)" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps.sh: need root to install:$missing" >&2
	exit 3
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086 # word splitting of the list is intended
apt-get install -y -q --no-install-recommends $missing
