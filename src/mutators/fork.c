// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mutators/mutator.h"

/*
 * fork(2) while the pages are pinned: the child inherits the mapping
 * (dup_mmap; a shared file VMA's PTEs are not copied, they refault), reads
 * each page of the range so that its own page tables map them (on DAX from
 * 6.15 on each such mapping holds a page reference), then unmaps the range
 * and exits, dropping all of it.  The parent waits for the child: a child
 * stuck in a fault on the range keeps the mutator asleep in wait4, which
 * LIVE reports.  The pins stay, the pages stay the file's.
 */
static int fork_apply(const struct dr_mut_target *t)
{
	void *addr = dr_mut_range_addr(t);
	volatile const char *p = addr;
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* Only async-signal-safe calls in the child of a threaded
		 * process. */
		for (uint64_t o = 0; o < t->len; o += DR_BLOCK_SIZE)
			(void)p[o];
		munmap(addr, t->len);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -ECHILD;
}

const struct dr_mutator_ops dr_mutator_fork = {
	.name = "fork",
	.summary = "fork a child that maps the pinned range, touches it and exits",
	.apply = fork_apply,
	.expect = dr_mut_expect_keep,
};
