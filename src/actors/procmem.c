// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actors/actor.h"
#include "common/util.h"

/*
 * pread(2) and pwrite(2) of /proc/self/mem over the victim's window:
 * mem_rw() (fs/proc/base.c) -> access_remote_vm() with FOLL_FORCE (and
 * FOLL_WRITE for a write), which takes each page with
 * get_user_page_vma_remote(), copies it through a kernel mapping (a write
 * then set_page_dirty_lock()s it) and drops it before the next
 * (__access_remote_vm() in mm/memory.c): the FOLL_FORCE GUP and its
 * release, one page at a time.  No reference lives across a call, and that
 * GUP passes no "locked" so a userfaultfd fault cannot wait inside it:
 * there is nothing for the uffd stall to hold, and both race free-running
 * only.  The read moves nothing (a write-back of what it read would undo a
 * concurrent layout change's data: TAG would rightly call that stale); the
 * write carries the partner's data in, as pvm-write does, so a block freed
 * early and reused shows the partner's tag in another file.
 */
struct procmem_job {
	int fd;
	char *copy;  /* read: what the call got; write: the partner's data */
};

static int procmem_open(int flags, char *why, size_t len)
{
	int fd = open("/proc/self/mem", flags | O_CLOEXEC);

	if (fd < 0)
		snprintf(why, len, "/proc/self/mem: %s%s", strerror(errno),
			 errno == ENOENT ? " (no procfs mounted)" : "");
	return fd < 0 ? -errno : fd;
}

static int procmem_can_open(int flags, char *why, size_t len)
{
	int fd = procmem_open(flags, why, len);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int procmem_read_needs(const struct dr_actor_env *env, char *why, size_t len)
{
	(void)env;
	return procmem_can_open(O_RDONLY, why, len);
}

static int procmem_write_needs(const struct dr_actor_env *env, char *why, size_t len)
{
	(void)env;
	return procmem_can_open(O_RDWR, why, len);
}

static int procmem_setup_dir(struct dr_actor_job *aj, bool write, char *why,
			     size_t len)
{
	struct procmem_job *p = calloc(1, sizeof(*p));
	int ret = -ENOMEM;

	if (!p)
		return -ENOMEM;
	/* Aligned: the partner is read with O_DIRECT. */
	if (posix_memalign((void **)&p->copy, DR_PAGE_SIZE, aj->dax_len))
		p->copy = NULL;
	p->fd = procmem_open(write ? O_RDWR : O_RDONLY, why, len);
	if (p->fd < 0)
		ret = p->fd;
	else if (p->copy && write &&
		 pread(aj->partner_fd, p->copy, aj->dax_len, aj->partner_off) !=
			 (ssize_t)aj->dax_len) {
		ret = errno ? -errno : -EIO;
		snprintf(why, len, "reading the partner's range: %s", strerror(-ret));
	} else if (p->copy) {
		aj->priv = p;
		return 0;
	}
	if (p->fd >= 0)
		close(p->fd);
	free(p->copy);
	free(p);
	return ret;
}

static int procmem_read_setup(struct dr_actor_job *aj, char *why, size_t len)
{
	return procmem_setup_dir(aj, false, why, len);
}

static int procmem_write_setup(struct dr_actor_job *aj, char *why, size_t len)
{
	return procmem_setup_dir(aj, true, why, len);
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

/* mem_rw() returns what it copied before the first page it could not
 * get, and EIO when that is the first: either way a GUP that failed,
 * which the engine judges as EFAULT (not a partner's EIO). */
static ssize_t gup_result(ssize_t n, size_t want)
{
	if ((n >= 0 && (size_t)n < want) || (n < 0 && errno == EIO))
		return -EFAULT;
	return n < 0 ? -errno : n;
}

static ssize_t procmem_read_take(struct dr_actor_job *aj)
{
	struct procmem_job *p = aj->priv;

	return gup_result(pread(p->fd, p->copy, aj->dax_len, (off_t)(uintptr_t)aj->buf),
			  aj->dax_len);
}

static ssize_t procmem_write_take(struct dr_actor_job *aj)
{
	struct procmem_job *p = aj->priv;

	return gup_result(pwrite(p->fd, p->copy, aj->dax_len, (off_t)(uintptr_t)aj->buf),
			  aj->dax_len);
}

#define PROCMEM_NO_HOLD \
	.evidence_text = "none: each page is dropped before the next, so it races only free-running", \
	.evidence = DR_EVIDENCE_NONE, \
	.no_evidence = "/proc/PID/mem copies one page at a time and keeps no reference across the call", \
	.free_running_only = true, \
	.teardown = procmem_teardown

const struct dr_actor_ops dr_actor_procmem = {
	.name = "procmem",
	.summary = "pread of /proc/self/mem over the victim's mapped pages (FOLL_FORCE GUP, one page at a time), free-running only",
	.data = DR_DATA_NONE,
	.needs = procmem_read_needs,
	.setup = procmem_read_setup,
	.take = procmem_read_take,
	PROCMEM_NO_HOLD,
};

const struct dr_actor_ops dr_actor_procmem_write = {
	.name = "procmem-write",
	.summary = "pwrite of the partner's data through /proc/self/mem into the victim's mapped pages (FOLL_FORCE|FOLL_WRITE GUP, one page at a time), free-running only",
	.data = DR_DATA_INTO_BUFFER,
	.needs = procmem_write_needs,
	.setup = procmem_write_setup,
	.take = procmem_write_take,
	PROCMEM_NO_HOLD,
};
