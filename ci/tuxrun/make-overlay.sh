#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Make the TuxRun overlay for daxrace (daxrace-ci(7), TUXRUN):
#   make-overlay.sh [-d DAXRACE] OUT.tar.gz
# Everything goes under /opt/daxrace, so the overlay changes nothing of
# TuxRun's rootfs (a buildroot or Debian image with its own C library):
# daxrace, jq, mkfs.ext4, mkfs.xfs and ndctl with the shared libraries this
# machine's ldd names and the dynamic loader, each run through a small sh
# stub in /opt/daxrace/bin that starts the loader with --library-path
# (found from the stub's own path, so the tree works wherever it is); and
# the LAVA wrapper as /opt/daxrace/lava/daxrace.sh (TuxRun runs the
# commands after "--" in LAVA's test shell, so its lava-test-case results
# are TuxRun's).
set -eu
daxrace=$(command -v daxrace 2>/dev/null || :)
while getopts 'd:' o; do
	case $o in
	d) daxrace=$OPTARG ;;
	*) echo "usage: make-overlay.sh [-d DAXRACE] OUT.tar.gz" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: make-overlay.sh [-d DAXRACE] OUT.tar.gz" >&2; exit 2; }
[ -x "$daxrace" ] || { echo "make-overlay.sh: no daxrace binary (give -d)" >&2; exit 3; }
here=$(cd "$(dirname "$0")" && pwd)
out=$1
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
stage=$(mktemp -d "${TMPDIR:-/tmp}/daxrace-overlay.XXXXXX")
trap 'rm -rf "$stage"' EXIT
o=$stage/opt/daxrace
mkdir -p "$o/bin" "$o/libexec" "$o/lib" "$o/lava"
loader=''
add() { # NAME FILE: the binary, its libraries, and its stub
	cp -L "$2" "$o/libexec/$1"
	for lib in $(ldd "$2" | awk '/=> \// { print $3 } /^[ \t]*\// { print $1 }'); do
		case $lib in */ld-linux*) loader=${lib##*/} ;; esac
		[ -e "$o/lib/${lib##*/}" ] || cp -L "$lib" "$o/lib/"
	done
	[ -n "$loader" ] || { echo "make-overlay.sh: no dynamic loader for $2" >&2; exit 3; }
	# shellcheck disable=SC2016 # $0 and $@ are the stub's
	printf '#!/bin/sh\nd=${0%%/bin/*}\nexec "$d/lib/%s" --library-path "$d/lib" "$d/libexec/%s" "$@"\n' \
		"$loader" "$1" >"$o/bin/$1"
	chmod 755 "$o/bin/$1"
}
add daxrace "$daxrace"
for t in jq mkfs.ext4 mkfs.xfs ndctl; do
	f=$(command -v "$t" 2>/dev/null) || { echo "make-overlay.sh: $t is not installed" >&2; exit 3; }
	add "$t" "$f"
done
cp "$here/../lava/daxrace/daxrace.sh" "$o/lava/daxrace.sh"
chmod 755 "$o/lava/daxrace.sh"
(cd "$stage" && tar -czf "$out" opt)
echo "overlay: $out"
