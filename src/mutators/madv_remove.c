// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <sys/mman.h>

#include "mutators/mutator.h"

/*
 * MADV_REMOVE through the mapping: madvise_remove() drops mmap_lock and
 * calls vfs_fallocate(PUNCH_HOLE | KEEP_SIZE) on the mapped range, so it is
 * a punch that reaches the filesystem from the page-table side, with the
 * same layout break and the same outcome.
 */
static int madv_remove_apply(const struct dr_mut_target *t)
{
	if (madvise(dr_mut_range_addr(t), t->len, MADV_REMOVE) < 0)
		return -errno;
	return 0;
}

const struct dr_mutator_ops dr_mutator_madv_remove = {
	.name = "madv-remove",
	.summary = "madvise MADV_REMOVE over the pinned range of the mapping (a punch through mm)",
	.breaks_layouts = true,
	.apply = madv_remove_apply,
	.expect = dr_mut_expect_zero_range,
};
