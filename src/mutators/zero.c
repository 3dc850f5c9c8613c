// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>

#include "mutators/mutator.h"

/*
 * Zero range converts the blocks to unwritten (ext4_zero_range) or frees and
 * reallocates them (xfs_zero_file_space -> xfs_free_file_space); both break
 * layouts before touching the extent tree.
 */
static int zero_apply(const struct dr_mut_target *t)
{
	if (fallocate(t->fd, FALLOC_FL_ZERO_RANGE, (off_t)t->off,
		      (off_t)t->len) < 0)
		return -errno;
	return 0;
}

const struct dr_mutator_ops dr_mutator_zero = {
	.name = "zero",
	.summary = "fallocate ZERO_RANGE over the pinned range",
	.breaks_layouts = true,
	.apply = zero_apply,
	.expect = dr_mut_expect_zero_range,
};
