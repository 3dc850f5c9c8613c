// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Section "dir": the filesystem daxrace would race on, and whether the
 * files it creates there are DAX (the DAX race families need them to be).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "probe/probe_int.h"

void dr_probe_section_dir(struct dr_probe_ctx *ctx, struct dr_pnode *sec)
{
	static const char *const keys[] = {
		"source", "fstype", "block_size", "mount_options", "dax_mode",
	};
	struct dr_fs_info *fs = &ctx->fs;
	char bdev[64], real[PATH_MAX];
	int ret, dev_dax;

	/* The canonical path: "." says nothing in a saved report. */
	if (realpath(ctx->dir, real))
		dr_pn_str(sec, "path", real);
	else
		dr_pn_reason(dr_pn_str(sec, "path", ctx->dir), "realpath: %s",
			     strerror(errno));
	ret = dr_probe_fs_fd(ctx->dir, ctx->tmp_fd, fs);
	if (ret) {
		/* Same fields as always, so consumers need no special case. */
		dr_pn_reason(dr_pn_null(sec, "mountpoint"),
			     "no mount found for it: %s", strerror(-ret));
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			dr_pn_null(sec, keys[i]);
		dr_pn_unknown(sec, "mount_dax", "the filesystem could not be "
			      "identified");
		dr_pn_null(sec, "block_device");
		dr_pn_unknown(sec, "device_dax", "the filesystem could not be "
			      "identified");
		dr_pn_unknown(sec, "dax", "the filesystem could not be "
			      "identified");
		return;
	}
	ctx->fs_ok = true;
	dr_pn_str(sec, "mountpoint", fs->mountpoint);
	dr_pn_str(sec, "source", fs->source);
	dr_pn_str(sec, "fstype", fs->fstype);
	dr_pn_bytes(sec, "block_size", fs->block_size);
	dr_pn_str(sec, "mount_options", fs->mount_options);
	dr_pn_str(sec, "dax_mode", dr_probe_dax_mode(fs));
	dr_pn_yesno(sec, "mount_dax", fs->mount_dax, "%s",
		    fs->mount_dax ? "mounted with dax=always (or dax)" :
		    "not mounted with dax=always (or dax)");

	ret = dr_probe_blockdev_name(fs->dev, bdev, sizeof(bdev));
	if (ret)
		dr_pn_reason(dr_pn_null(sec, "block_device"),
			     "%s is not on a block device", fs->source);
	else
		dr_pn_str(sec, "block_device", bdev);
	dev_dax = dr_probe_device_dax(fs);
	if (dev_dax < 0)
		dr_pn_unknown(sec, "device_dax", "no block device queue to ask");
	else
		dr_pn_yesno(sec, "device_dax", dev_dax, "/sys/block/%s/queue/dax "
			    "is %d", bdev, dev_dax);
	dr_pn_yesno(sec, "dax", fs->file_dax, "%s", fs->dax_reason);
}
