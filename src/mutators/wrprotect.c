// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mutators/mutator.h"

/*
 * Write-protects the range's PTEs two ways: msync(MS_SYNC) and fsync write
 * back the file, which on DAX write-protects every dirty entry
 * (dax_writeback_mapping_range -> dax_entry_mkclean) and in page-cache mode
 * cleans the pages (folio_mkclean); then mprotect to read-only and back.
 * The pins stay and no block moves.  While the range is read-only a GUP
 * for write (dio-read) fails with EFAULT by design.
 */
static int wrprotect_apply(const struct dr_mut_target *t)
{
	void *addr = dr_mut_range_addr(t);

	if (msync(addr, t->len, MS_SYNC) < 0 || fsync(t->fd) < 0)
		return -errno;
	if (mprotect(addr, t->len, PROT_READ) < 0)
		return -errno;
	if (mprotect(addr, t->len, PROT_READ | PROT_WRITE) < 0)
		return -errno;
	return 0;
}

/* A failed apply may have left the range read-only. */
static int wrprotect_restore(struct dr_mut_target *t)
{
	if (mprotect(t->map, (size_t)t->k * DR_BLOCK_SIZE,
		     PROT_READ | PROT_WRITE) < 0)
		return -errno;
	return 0;
}

const struct dr_mutator_ops dr_mutator_wrprotect = {
	.name = "wrprotect",
	.summary = "msync+fsync (write-protects dirty DAX entries), then mprotect read-only and back",
	.actor_may_fault = true,
	.apply = wrprotect_apply,
	.restore = wrprotect_restore,
	.expect = dr_mut_expect_keep,
};
