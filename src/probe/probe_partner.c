// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Section "partner": the other end of the O_DIRECT I/O whose user buffer
 * is the DAX mapping.  It must not be DAX itself: O_DIRECT on a DAX file
 * is a plain copy (dax_iomap_rw) and never pins the buffer (DESIGN.md
 * section 2).  Probe only reads it: never a byte written.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "common/util.h"
#include "probe/probe_int.h"

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif

/* Reads one aligned page with O_DIRECT: 1 yes, 0 no (why says). */
static int try_o_direct(const char *path, bool bdev, off_t size, char *why,
			size_t len)
{
	void *buf = NULL;
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, len, "open O_DIRECT: %s%s", strerror(errno),
			 errno == EINVAL ? " (the filesystem has no direct I/O)" : "");
		return 0;
	}
	if (!bdev && size < (off_t)DR_PAGE_SIZE) {
		snprintf(why, len, "opens with O_DIRECT; smaller than a page, "
			 "so no read was tried");
		ret = 1;
		goto out;
	}
	if (posix_memalign(&buf, DR_PAGE_SIZE, DR_PAGE_SIZE)) {
		snprintf(why, len, "out of memory");
		goto out;
	}
	n = pread(fd, buf, DR_PAGE_SIZE, 0);
	if (n < 0) {
		snprintf(why, len, "O_DIRECT pread of one page: %s",
			 strerror(errno));
		goto out;
	}
	snprintf(why, len, "an O_DIRECT pread of one page returned %zd", n);
	ret = 1;
out:
	free(buf);
	close(fd);
	return ret;
}

/*
 * A hold is confirmed by the partner's disk counting the I/O of the round
 * (DESIGN.md section 2): iomap serves holes without a bio, and the uffd
 * fault alone proves nothing.  dev is the partner device or, for a file,
 * the device of its filesystem.
 */
static void io_counters(struct dr_pnode *sec, dev_t dev)
{
	char name[64], path[128], stat[256];

	if (dr_probe_blockdev_name(dev, name, sizeof(name))) {
		dr_pn_yesno(sec, "io_counters", false, "not on a block device: "
			    "no I/O counters to confirm holds with");
		return;
	}
	snprintf(path, sizeof(path), "/sys/block/%s/stat", name);
	if (dr_read_file(path, stat, sizeof(stat)) <= 0)
		dr_pn_yesno(sec, "io_counters", false, "%s is not readable",
			    path);
	else
		dr_pn_yesno(sec, "io_counters", true, "%s counts the partner's "
			    "I/O: a hold is confirmed when it moves", path);
}

static void not_given(struct dr_probe_ctx *ctx, struct dr_pnode *sec)
{
	/* LOOP_CONFIGURE / LOOP_SET_FD need CAP_SYS_ADMIN. */
	bool root = dr_probe_has_cap(CAP_SYS_ADMIN);

	ctx->loop_control = access("/dev/loop-control", R_OK | W_OK) == 0;
	dr_pn_yesno(sec, "given", false, "--partner not given");
	dr_pn_null(sec, "path");
	dr_pn_null(sec, "type");
	dr_pn_null(sec, "fstype");
	dr_pn_null(sec, "block_size");
	dr_pn_null(sec, "mount_options");
	dr_pn_unknown(sec, "mount_dax", "no partner to look at");
	dr_pn_null(sec, "block_device");
	dr_pn_unknown(sec, "dax", "no partner to look at");
	dr_pn_unknown(sec, "o_direct", "no partner to look at");
	dr_pn_unknown(sec, "written_data", "no partner to look at");
	dr_pn_unknown(sec, "io_counters", "no partner to look at");
	/*
	 * Be honest about what is left: "daxrace run" then makes a loop
	 * device over a fully written file under DIR (a block device: every
	 * read is a bio), which needs root and /dev/loop-control.
	 */
	ctx->partner_usable = root && ctx->loop_control;
	snprintf(ctx->partner_why, sizeof(ctx->partner_why),
		 "not given: daxrace run would set up a loop device over a "
		 "fully written file under DIR, which needs CAP_SYS_ADMIN (%s) and "
		 "/dev/loop-control (%s); or pass --partner with a non-DAX "
		 "block device or file", root ? "yes" : "no",
		 ctx->loop_control ? "usable" : "not usable");
	dr_pn_yesno(sec, "usable", ctx->partner_usable, "%s", ctx->partner_why);
}

void dr_probe_section_partner(struct dr_probe_ctx *ctx, struct dr_pnode *sec)
{
	char real[PATH_MAX], why[256], name[64];
	struct dr_fs_info fs;
	struct statx stx;
	bool bdev, dax, odirect, data = true, mounted = false;
	int fd;

	if (!ctx->partner) {
		not_given(ctx, sec);
		return;
	}
	dr_pn_yesno(sec, "given", true, "--partner %s", ctx->partner);
	dr_pn_str(sec, "path", ctx->partner);
	/* cmd_probe checked it exists and is a block device or a file. */
	if (statx(AT_FDCWD, ctx->partner, 0, STATX_BASIC_STATS, &stx) ||
	    !realpath(ctx->partner, real)) {
		static const char *const keys[] = {
			"type", "fstype", "block_size", "mount_options",
			"block_device",
		};

		snprintf(ctx->partner_why, sizeof(ctx->partner_why), "%.100s: %s",
			 ctx->partner, strerror(errno));
		for (size_t i = 0; i < DR_ARRAY_SIZE(keys); i++)
			dr_pn_null(sec, keys[i]);
		dr_pn_unknown(sec, "mount_dax", "%s", ctx->partner_why);
		dr_pn_unknown(sec, "dax", "%s", ctx->partner_why);
		dr_pn_unknown(sec, "o_direct", "%s", ctx->partner_why);
		dr_pn_unknown(sec, "written_data", "%s", ctx->partner_why);
		dr_pn_unknown(sec, "io_counters", "%s", ctx->partner_why);
		dr_pn_yesno(sec, "usable", false, "%s", ctx->partner_why);
		return;
	}
	bdev = S_ISBLK(stx.stx_mode);
	dr_pn_str(sec, "type", bdev ? "block device" : "file");

	if (bdev) {
		dev_t rdev = makedev(stx.stx_rdev_major, stx.stx_rdev_minor);
		char path[128], lbs[32];
		bool named;

		/* A mounted partner would have its filesystem overwritten by
		 * daxrace run's writes. */
		memset(&fs, 0, sizeof(fs));
		mounted = !dr_probe_find_mount(NULL, rdev, &fs);
		if (mounted)
			dr_pn_reason(dr_pn_str(sec, "fstype", fs.fstype),
				     "mounted at %s", fs.mountpoint);
		else
			dr_pn_reason(dr_pn_null(sec, "fstype"), "not mounted");
		named = !dr_probe_blockdev_name(rdev, name, sizeof(name));
		/* The unit O_DIRECT to it must be aligned to. */
		snprintf(path, sizeof(path), "/sys/block/%s/queue/logical_block_size",
			 named ? name : "?");
		if (named && dr_read_file(path, lbs, sizeof(lbs)) > 0)
			dr_pn_reason(dr_pn_bytes(sec, "block_size",
						 strtoull(lbs, NULL, 10)),
				     "logical block size: O_DIRECT alignment");
		else
			dr_pn_null(sec, "block_size");
		dr_pn_str(sec, "mount_options", mounted ? fs.mount_options : NULL);
		dr_pn_yesno(sec, "mount_dax", false, "a block device, not a mount");
		dr_pn_str(sec, "block_device", named ? name : NULL);
		dax = false;
		dr_pn_yesno(sec, "dax", false, "a block device: O_DIRECT to it "
			    "is built into bios, which pin the user buffer");
	} else {
		dev_t dev = makedev(stx.stx_dev_major, stx.stx_dev_minor);
		struct statfs sfs;

		memset(&fs, 0, sizeof(fs));
		if (!dr_probe_find_mount(real, dev, &fs)) {
			dr_pn_str(sec, "fstype", fs.fstype);
			if (statfs(real, &sfs) == 0)
				dr_pn_bytes(sec, "block_size", (uint64_t)sfs.f_bsize);
			else
				dr_pn_null(sec, "block_size");
			dr_pn_str(sec, "mount_options", fs.mount_options);
			fs.mount_dax = !strcmp(dr_probe_dax_mode(&fs), "always");
			dr_pn_yesno(sec, "mount_dax", fs.mount_dax, "%s",
				    fs.mount_dax ? "its filesystem is mounted "
				    "dax=always: every file there is DAX" :
				    "its filesystem is not mounted dax=always");
		} else {
			dr_pn_null(sec, "fstype");
			dr_pn_null(sec, "block_size");
			dr_pn_null(sec, "mount_options");
			dr_pn_unknown(sec, "mount_dax", "its mount was not found");
		}
		dr_pn_null(sec, "block_device");
		if (stx.stx_attributes_mask & STATX_ATTR_DAX) {
			dax = stx.stx_attributes & STATX_ATTR_DAX;
			dr_pn_yesno(sec, "dax", dax, "%s", dax ?
				    "STATX_ATTR_DAX is set: O_DIRECT on a DAX file "
				    "is a plain copy (dax_iomap_rw), nothing is "
				    "pinned" :
				    "no STATX_ATTR_DAX: O_DIRECT goes through bios");
		} else {
			dax = false;
			dr_pn_unknown(sec, "dax", "this kernel does not report "
				      "STATX_ATTR_DAX (5.8+)");
		}
	}

	odirect = try_o_direct(ctx->partner, bdev, (off_t)stx.stx_size, why,
			       sizeof(why));
	dr_pn_yesno(sec, "o_direct", odirect, "%s", why);

	if (bdev) {
		dr_pn_yesno(sec, "written_data", true, "a raw block device: "
			    "every read is a bio, holes do not exist");
	} else {
		/* iomap serves holes and unwritten extents with a plain
		 * zero-fill, no bio, so nothing would be pinned there.  ext4
		 * and xfs SEEK_DATA skip both. */
		fd = open(ctx->partner, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			off_t off = lseek(fd, 0, SEEK_DATA);

			data = off >= 0;
			if (data)
				dr_pn_yesno(sec, "written_data", true,
					    "written data from offset %lld",
					    (long long)off);
			else
				dr_pn_yesno(sec, "written_data", false,
					    "only holes or unwritten extents: "
					    "O_DIRECT reads there issue no bio; "
					    "write data into it first");
			close(fd);
		} else {
			dr_pn_unknown(sec, "written_data", "open: %s",
				      strerror(errno));
		}
	}

	io_counters(sec, bdev ? makedev(stx.stx_rdev_major, stx.stx_rdev_minor) :
		    makedev(stx.stx_dev_major, stx.stx_dev_minor));

	/* run writes to its partner (dio-write): never to a mounted fs. */
	ctx->partner_usable = !dax && odirect && data && !mounted;
	if (mounted)
		snprintf(ctx->partner_why, sizeof(ctx->partner_why),
			 "%.100s is mounted at %.100s: daxrace run writes to its "
			 "partner", ctx->partner, fs.mountpoint);
	else if (dax)
		snprintf(ctx->partner_why, sizeof(ctx->partner_why),
			 "%s is DAX: it must not be (O_DIRECT on it pins nothing)",
			 ctx->partner);
	else if (!odirect)
		snprintf(ctx->partner_why, sizeof(ctx->partner_why),
			 "O_DIRECT does not work on %s", ctx->partner);
	else if (!data)
		snprintf(ctx->partner_why, sizeof(ctx->partner_why),
			 "%s holds no written data", ctx->partner);
	else
		snprintf(ctx->partner_why, sizeof(ctx->partner_why),
			 "non-DAX, O_DIRECT works, reads issue bios");
	dr_pn_yesno(sec, "usable", ctx->partner_usable, "%s", ctx->partner_why);
}
