/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_PROBE_H
#define DR_PROBE_H

/*
 * What daxrace can find out about the machine it runs on.  "daxrace probe"
 * prints all of it; "daxrace run" calls the same functions for the header
 * of its results, so both always describe the machine the same way.
 *
 * Every function returns 0 (or a yes/no answer) or -errno, and never writes
 * anywhere but one temporary file it creates under the directory it is
 * given, unlinks at once and closes before returning.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct dr_fs_info {
	char fstype[32];          /* "ext4", "xfs", "tmpfs" ... */
	char source[256];         /* "/dev/pmem0" */
	char mountpoint[4096];
	char mount_options[512];  /* per-mount options, then the fs's own */
	uint64_t block_size;      /* statfs f_bsize */
	bool mount_dax;           /* mounted dax or dax=always */
	bool file_dax;            /* a new file under dir has STATX_ATTR_DAX */
	char dax_reason[256];     /* why file_dax is what it is */
	dev_t dev;                /* st_dev of dir */
};

/* uname(2) release ("6.12.41+deb13-amd64") and version ("#1 SMP ..."). */
int dr_probe_kernel(char *release, size_t rlen, char *version, size_t vlen);

/*
 * Fills out for directory dir: the mount it lives on (from
 * /proc/self/mountinfo, matched by st_dev) and whether a file daxrace
 * creates there is DAX.  -ENOENT, -ENOTDIR, -EACCES/-EROFS (dir not
 * writable) come from the directory itself.
 */
int dr_probe_fs(const char *dir, struct dr_fs_info *out);

/*
 * One line naming the pmem namespace behind fs ("bus ndbus0 (ACPI.NFIT)
 * region0 namespace0.0 fsdax size 1.00 GiB align 2 MiB map dev node 0
 * /dev/pmem0"), or "" when fs is not on a pmem namespace.  Returns 0, or
 * -EOPNOTSUPP when built without libndctl, or -errno.
 */
int dr_probe_namespace(const struct dr_fs_info *fs, char *desc, size_t len);

/* "2 nodes: node0 cpus 0-3 mem 7.8 GiB; node1 ..."; -EOPNOTSUPP without
 * libnuma or a NUMA-capable kernel. */
int dr_probe_numa(char *desc, size_t len);

/*
 * 1 when this process can create a userfaultfd that takes kernel-mode
 * faults (what holding a GUP needs: DESIGN.md section 2), 0 with the
 * reason in why, or -errno.  When yes, why says which way (root,
 * vm.unprivileged_userfaultfd or /dev/userfaultfd).
 */
int dr_probe_uffd_kernel_faults(char *why, size_t len);

#endif
