// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <sys/mman.h>

#include "mutators/mutator.h"

/*
 * MADV_DONTNEED over the range: zap_page_range_single() clears the PTEs
 * (on DAX, the pfn entries; from 6.15 on each drops the mapping's page
 * reference) while the pins stay.  No block moves, so nothing waits: what
 * it races is GUP-fast's lockless walk of those PTEs (free-running) and
 * the refault of the next GUP.  The pages stay the file's.
 */
static int zap_apply(const struct dr_mut_target *t)
{
	if (madvise(dr_mut_range_addr(t), t->len, MADV_DONTNEED) < 0)
		return -errno;
	return 0;
}

const struct dr_mutator_ops dr_mutator_zap = {
	.name = "zap",
	.summary = "madvise MADV_DONTNEED over the pinned range: its PTEs go, the pins stay",
	.apply = zap_apply,
	.expect = dr_mut_expect_keep,
};
