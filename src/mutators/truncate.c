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
static int truncate_apply(int fd, uint64_t off, uint64_t len, uint64_t size)
{
	if (ftruncate(fd, (off_t)off) < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size) < 0)
		return -errno;
	return 0;
}

const struct dr_mutator_ops dr_mutator_truncate = {
	.name = "truncate",
	.summary = "ftruncate below the pinned range, then back to full size",
	.zeroes_to_eof = true,
	.apply = truncate_apply,
};
