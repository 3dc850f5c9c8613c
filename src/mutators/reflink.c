// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "mutators/mutator.h"
#include "mutators/reflink_lib.h"

/*
 * FICLONERANGE from a donor file of the job's own onto the pinned range:
 * the victim's blocks there are freed and the donor's shared in their
 * place.  xfs_reflink_remap_prep() breaks layouts on both files and
 * truncates the victim's page cache over the range first, so on DAX the
 * DMA into the old blocks must be done before they go.  The range then
 * holds the donor's tags; the next refill copies the victim away from the
 * donor again (CoW).
 */
static int reflink_setup(struct dr_mut_target *t)
{
	char *buf;
	int ret = dr_reflink_file_open(t), fd;

	if (ret)
		return ret;
	fd = dr_reflink_file_fd(t);
	buf = malloc(DR_BLOCK_SIZE);
	if (!buf)
		return -ENOMEM;
	for (uint64_t b = 0; b * DR_BLOCK_SIZE < t->size && !ret; b++) {
		dr_tag_fill(buf, t->aux_file_id, b, 1, 0xd0);
		if (pwrite(fd, buf, DR_BLOCK_SIZE, (off_t)(b * DR_BLOCK_SIZE)) !=
		    DR_BLOCK_SIZE)
			ret = errno ? -errno : -ENOSPC;
	}
	free(buf);
	return ret;
}

static int reflink_apply(const struct dr_mut_target *t)
{
	return dr_reflink_clone(t->fd, dr_reflink_file_fd(t), t->off, t->len);
}

static void reflink_expect(const struct dr_mut_target *t, uint64_t b,
			   struct dr_mut_block *out)
{
	uint64_t first = dr_mut_first_block(t);

	*out = (struct dr_mut_block){ .what = DR_MUT_KEEP };
	if (b >= first && b < first + dr_mut_nr_blocks(t))
		*out = (struct dr_mut_block){
			.what = DR_MUT_REPLACED,
			.tag = { t->aux_file_id, b, 1 },
			.dropped = true,
		};
}

static int reflink_probe(int dirfd, char *why, size_t len)
{
	return dr_reflink_probe(dirfd, 0, why, len);
}

const struct dr_mutator_ops dr_mutator_reflink = {
	.name = "reflink",
	.summary = "FICLONERANGE a donor file's blocks onto the pinned range (xfs with reflink)",
	.breaks_layouts = true,
	.probe = reflink_probe,
	/*
	 * Measured on Debian 7.3.4, xfs reflink, DAX, dio-write: the
	 * FICLONERANGE stayed running (state R) for minutes while the pins
	 * were held, never asleep, so the holder (which releases once the
	 * change sleeps or returns) and the change wait for each other.
	 * xfs_mmaplock_two_inodes_and_break_dax_layout() retries the second
	 * inode's busy-page check with "goto again" instead of sleeping.
	 */
	.no_dax_hold = "on DAX, FICLONERANGE busy-waits for the pins (state R, xfs_mmaplock_two_inodes_and_break_dax_layout retries without sleeping): a held round cannot see it wait; use --stall none",
	.setup = reflink_setup,
	.teardown = dr_reflink_file_close,
	.apply = reflink_apply,
	.expect = reflink_expect,
};
