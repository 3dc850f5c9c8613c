// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>

#include "mutators/mutator.h"

/*
 * Frees the blocks under the range.  ext4_punch_hole and xfs_free_file_space
 * break layouts first (ext4_break_layouts / xfs_break_dax_layouts), which on
 * DAX waits for every page in the range to be idle: that wait is what the
 * race is about.
 */
static int punch_apply(const struct dr_mut_target *t)
{
	if (fallocate(t->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      (off_t)t->off, (off_t)t->len) < 0)
		return -errno;
	return 0;
}

const struct dr_mutator_ops dr_mutator_punch = {
	.name = "punch",
	.summary = "fallocate PUNCH_HOLE|KEEP_SIZE over the pinned range",
	.breaks_layouts = true,
	.apply = punch_apply,
	.expect = dr_mut_expect_zero_range,
};
