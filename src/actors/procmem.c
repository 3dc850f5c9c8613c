// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actors/actor.h"
#include "common/util.h"

/*
 * pread(2) of /proc/self/mem over the victim's window: mem_rw()
 * (fs/proc/base.c) -> access_remote_vm() with FOLL_FORCE, which takes each
 * page with get_user_page_vma_remote(), copies it through a kernel mapping
 * and drops it before the next (__access_remote_vm() in mm/memory.c): the
 * FOLL_FORCE GUP and its release, one page at a time.  No reference lives
 * across a call, and that GUP passes no "locked" so a userfaultfd fault
 * cannot wait inside it: there is nothing for the uffd stall to hold, and
 * the actor races free-running only.  It only reads (a write-back of what
 * it read would undo a concurrent layout change's data: TAG would rightly
 * call that stale), so the victim's data is the mutator's alone.
 */
struct procmem_job {
	int fd;
	char *copy;
};

static int procmem_open(char *why, size_t len)
{
	int fd = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		snprintf(why, len, "/proc/self/mem: %s%s", strerror(errno),
			 errno == ENOENT ? " (no procfs mounted)" : "");
	return fd < 0 ? -errno : fd;
}

static int procmem_needs(const struct dr_actor_env *env, char *why, size_t len)
{
	int fd;

	(void)env;
	fd = procmem_open(why, len);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int procmem_setup(struct dr_actor_job *aj, char *why, size_t len)
{
	struct procmem_job *p = calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	p->copy = malloc(aj->dax_len);
	p->fd = procmem_open(why, len);
	if (!p->copy || p->fd < 0) {
		int ret = p->fd < 0 ? p->fd : -ENOMEM;

		if (p->fd >= 0)
			close(p->fd);
		free(p->copy);
		free(p);
		return ret;
	}
	aj->priv = p;
	return 0;
}

static void procmem_teardown(struct dr_actor_job *aj)
{
	struct procmem_job *p = aj->priv;

	if (!p)
		return;
	close(p->fd);
	free(p->copy);
	free(p);
	aj->priv = NULL;
}

static ssize_t procmem_take(struct dr_actor_job *aj)
{
	struct procmem_job *p = aj->priv;
	ssize_t n = pread(p->fd, p->copy, aj->dax_len, (off_t)(uintptr_t)aj->buf);

	/* mem_rw() returns what it copied before the first page it could
	 * not get, and EIO when that is the first: either way a GUP that
	 * failed, which the engine judges as EFAULT (not a partner's EIO). */
	if ((n >= 0 && (size_t)n < aj->dax_len) || (n < 0 && errno == EIO))
		return -EFAULT;
	return n < 0 ? -errno : n;
}

const struct dr_actor_ops dr_actor_procmem = {
	.name = "procmem",
	.summary = "pread of /proc/self/mem over the victim's mapped pages (FOLL_FORCE GUP, one page at a time), free-running only",
	.evidence_text = "none: each page is dropped before the next, so it races only free-running",
	.data = DR_DATA_NONE,
	.evidence = DR_EVIDENCE_NONE,
	.no_evidence = "/proc/PID/mem copies one page at a time and keeps no reference across the call",
	.free_running_only = true,
	.needs = procmem_needs,
	.setup = procmem_setup,
	.teardown = procmem_teardown,
	.take = procmem_take,
};
