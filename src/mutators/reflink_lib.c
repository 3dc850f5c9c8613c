// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "mutators/mutator.h"
#include "mutators/reflink_lib.h"

/*
 * Reflink needs a filesystem that shares blocks between files: xfs made
 * with reflink (DAX-capable since 6.0), btrfs (not DAX).  ext4 and an xfs
 * without it refuse FICLONERANGE with EOPNOTSUPP, which the probe turns
 * into the scenario's SKIP reason, once per scenario.
 */
int dr_reflink_clone(int dst, int src, uint64_t off, uint64_t len)
{
	struct file_clone_range arg = {
		.src_fd = src,
		.src_offset = off,
		.src_length = len,
		.dest_offset = off,
	};

	return ioctl(dst, FICLONERANGE, &arg) < 0 ? -errno : 0;
}

int dr_reflink_probe(int dirfd, int unshare, char *why, size_t len)
{
	int a = dr_mut_scratch_file(dirfd, 2), b = dr_mut_scratch_file(dirfd, 2);
	int err;

	if (a < 0 || b < 0) {
		err = a < 0 ? a : b;
		snprintf(why, len, "cannot create a file to try it on: %s",
			 strerror(-err));
		goto out;
	}
	err = dr_reflink_clone(b, a, DR_BLOCK_SIZE, DR_BLOCK_SIZE);
	if (err) {
		snprintf(why, len, "FICLONERANGE: the filesystem refuses it (no reflink): %s",
			 strerror(-err));
		goto out;
	}
	if (unshare && fallocate(b, FALLOC_FL_UNSHARE_RANGE, DR_BLOCK_SIZE,
				 DR_BLOCK_SIZE) < 0) {
		err = -errno;
		snprintf(why, len, "fallocate UNSHARE_RANGE: the filesystem refuses it: %s",
			 strerror(errno));
	}
out:
	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
	return err;
}

int dr_reflink_file_open(struct dr_mut_target *t)
{
	int *fd = malloc(sizeof(*fd));

	if (!fd)
		return -ENOMEM;
	/* Unnamed where the fs allows: SPACE counts the work directory's
	 * files, and blocks shared with the victim must not count twice. */
	*fd = dr_mut_scratch_file(t->dirfd, 0);
	if (*fd < 0) {
		int err = *fd;

		free(fd);
		return err;
	}
	t->priv = fd;
	return 0;
}

int dr_reflink_file_fd(const struct dr_mut_target *t)
{
	return *(const int *)t->priv;
}

void dr_reflink_file_close(struct dr_mut_target *t)
{
	if (!t->priv)
		return;
	close(*(int *)t->priv);
	free(t->priv);
	t->priv = NULL;
}
