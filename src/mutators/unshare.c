// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>

#include "mutators/mutator.h"
#include "mutators/reflink_lib.h"

/*
 * FALLOC_FL_UNSHARE_RANGE over the pinned range, whose blocks restore()
 * shares with a twin file before every round (FICLONERANGE of the window
 * from the victim onto the twin, after the refill copied it away).
 * xfs_file_fallocate() breaks layouts before it unshares: on DAX the
 * blocks the pins hold must be idle before the range moves to new blocks.
 * The data stays what it was (a dio-read's GUP already copied its pages
 * away at its write fault, so its DMA lands in the victim's own blocks).
 */
static int unshare_restore(struct dr_mut_target *t)
{
	return dr_reflink_clone(dr_reflink_file_fd(t), t->fd, t->map_off,
				(uint64_t)t->k * DR_BLOCK_SIZE);
}

static int unshare_setup(struct dr_mut_target *t)
{
	int ret = dr_reflink_file_open(t);

	return ret ? ret : unshare_restore(t);
}

static int unshare_apply(const struct dr_mut_target *t)
{
	if (fallocate(t->fd, FALLOC_FL_UNSHARE_RANGE, (off_t)t->off,
		      (off_t)t->len) < 0)
		return -errno;
	return 0;
}

static int unshare_probe(int dirfd, char *why, size_t len)
{
	return dr_reflink_probe(dirfd, 1, why, len);
}

const struct dr_mutator_ops dr_mutator_unshare = {
	.name = "unshare",
	.summary = "fallocate UNSHARE_RANGE over the pinned range, shared with a twin file each round (xfs with reflink)",
	.breaks_layouts = true,
	.probe = unshare_probe,
	.setup = unshare_setup,
	.teardown = dr_reflink_file_close,
	.apply = unshare_apply,
	.restore = unshare_restore,
	.expect = dr_mut_expect_keep,
};
