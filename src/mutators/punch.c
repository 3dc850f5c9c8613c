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
static int punch_apply(int fd, uint64_t off, uint64_t len, uint64_t size)
{
	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      (off_t)off, (off_t)len) < 0)
		return -errno;
	return 0;
}

const struct dr_mutator_ops dr_mutator_punch = {
	.name = "punch",
	.summary = "fallocate PUNCH_HOLE|KEEP_SIZE over the pinned range",
	.zeroes_to_eof = false,
	.apply = punch_apply,
};
