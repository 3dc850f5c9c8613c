// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "mutators/mutator.h"

/*
 * Shrinks the file to the start of the range, freeing every block from
 * there (ext4_setattr and xfs_vn_setattr_size break layouts first), then
 * grows it back so the next round finds the same size.  The grow allocates
 * nothing: the range reads as zero until refilled.
 */
static int truncate_apply(const struct dr_mut_target *t)
{
	if (ftruncate(t->fd, (off_t)t->off) < 0)
		return -errno;
	if (ftruncate(t->fd, (off_t)t->size) < 0)
		return -errno;
	return 0;
}

/* Everything from the range's start to the end of the file. */
static void truncate_expect(const struct dr_mut_target *t, uint64_t b,
			    struct dr_mut_block *out)
{
	*out = (struct dr_mut_block){ .what = DR_MUT_KEEP };
	if (b >= dr_mut_first_block(t))
		*out = (struct dr_mut_block){ .what = DR_MUT_ZERO, .dropped = true };
}

const struct dr_mutator_ops dr_mutator_truncate = {
	.name = "truncate",
	.summary = "ftruncate below the pinned range, then back to full size",
	.breaks_layouts = true,
	.actor_may_fault = true,
	.apply = truncate_apply,
	.expect = truncate_expect,
};
