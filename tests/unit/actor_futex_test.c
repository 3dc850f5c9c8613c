// SPDX-License-Identifier: GPL-2.0-or-later
/* The futex actor, free-running, keys every page of its window and
 * passes; a page that cannot be keyed on any try is EFAULT, named as the
 * FUTEX_WAIT, so that free-running GUPFAIL can fire on it.  Held, it is a
 * const table with a sleep for a hold (run-futex-held.sh races that). */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "actors/actor.h"
#include "common/util.h"
#include "tap.h"

#define bail(what) \
	do { printf("Bail out! %s: %s\n", what, strerror(errno)); return 1; } while (0)

int main(void)
{
	const struct dr_actor_ops *ops = dr_actor_by_name("futex");
	struct dr_actor_env env = { .dirfd = -1 };
	struct dr_actor_job aj = { 0 };
	char why[256] = "";
	int fd;
	void *p;

	tap_ok(ops && !ops->free_running_only && ops->evidence == DR_EVIDENCE_ACTOR &&
	       ops->asleep && ops->release && ops->holds_no_pages &&
	       ops->data == DR_DATA_NONE,
	       "registered, held by its sleep (no page referenced), moves nothing");
	if (!ops)
		return tap_exit();
	tap_ok(ops->needs(&env, why, sizeof(why)) == 0, "needs() passes here (%s)", why);

	/* a shared file mapping, as the victim's: the inode-keyed path */
	fd = memfd_create("futex-test", 0);
	if (fd < 0 || ftruncate(fd, 4 * DR_PAGE_SIZE) < 0)
		bail("memfd");
	p = mmap(NULL, 4 * DR_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		bail("mmap");
	((unsigned int *)p)[0] = 0;  /* a zero word: FUTEX_WAIT queues, times out */
	((unsigned int *)((char *)p + DR_PAGE_SIZE))[0] = 7;  /* EAGAIN */
	aj.buf = p;
	aj.dax_len = aj.len = 4 * DR_PAGE_SIZE;
	tap_ok(ops->take(&aj) == (ssize_t)aj.dax_len && aj.call && !strcmp(aj.call, "FUTEX_WAKE"),
	       "every page of a shared mapping keyed: the whole window, last call FUTEX_WAKE");

	/* no access: get_user_pages_fast() fails on every try */
	if (mprotect((char *)p + 2 * DR_PAGE_SIZE, DR_PAGE_SIZE, PROT_NONE) < 0)
		bail("mprotect");
	tap_ok(ops->take(&aj) == -EFAULT && !strcmp(aj.call, "FUTEX_WAIT"),
	       "a page that cannot be keyed: -EFAULT from the FUTEX_WAIT");
	munmap(p, 4 * DR_PAGE_SIZE);
	close(fd);
	tap_plan(tap_count);
	return tap_exit();
}
