// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <linux/futex.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "actors/actor.h"
#include "common/util.h"

/*
 * Shared futexes on the victim's pages: FUTEX_WAIT with a zero timeout and
 * FUTEX_WAKE on the first word of every page of the window.  A shared futex
 * in a file mapping is keyed by the inode and the page offset, which
 * get_futex_key() (kernel/futex/core.c) reads from the page it took with
 * get_user_pages_fast(): it pins the page, reads folio->mapping and, under
 * RCU, mapping->host, computes the key and drops the pin, while a punch
 * disassociates the DAX page from the mapping and frees its block, and the
 * page-table changers pull the PTE from under GUP-fast.  A key that is
 * never computed (the "goto again" loops there) is LIVE; a bad inode or
 * page dereference is KLOG.  No reference outlives the call, so futex races
 * free-running only.
 *
 * FUTEX_WAIT compares the word with 0: over a hole (zeros) the waiter is
 * queued and its timer ends the wait at once (ETIMEDOUT), over tagged data
 * it returns EAGAIN; both have taken the key.  daxrace never loads the word
 * itself: a plain load past a truncate would be SIGBUS, where the kernel's
 * own get_user() gives EFAULT.
 */

/*
 * get_futex_key() returns EFAULT by design when the page GUP found was
 * "truncated or holepunched ... before we got the folio lock (also cases
 * which we are happy to fail)": its folio->mapping is NULL by the time it
 * is read.  That window is the few instructions between the two, so a
 * punch landing in it on every one of these tries in a row is not a race
 * but a page that cannot be keyed, which is returned (GUPFAIL on a range
 * the mutator leaves mapped).
 */
#define DR_FUTEX_TRIES 8

static long futex_call(uint32_t *word, int op)
{
	static const struct timespec now = { 0, 0 };

	/* FUTEX_WAIT's 0 is the value it expects, FUTEX_WAKE's 1 how many to
	 * wake: nobody waits there, but the key is taken first either way */
	if (op == FUTEX_WAIT)
		return syscall(SYS_futex, word, op, 0, &now, NULL, 0);
	return syscall(SYS_futex, word, op, 1, NULL, NULL, 0);
}

static int futex_needs(const struct dr_actor_env *env, char *why, size_t len)
{
	uint32_t word = 1;

	(void)env;
	/* a shared futex on a private word still takes the shared path's
	 * checks; ENOSYS is a kernel built without CONFIG_FUTEX */
	if (futex_call(&word, FUTEX_WAKE) < 0) {
		snprintf(why, len, "FUTEX_WAKE: %s%s", strerror(errno),
			 errno == ENOSYS ? " (a kernel without CONFIG_FUTEX)" : "");
		return -errno;
	}
	return 0;
}

/* One op on one word, tried again only on get_futex_key()'s EFAULT. */
static int futex_on(uint32_t *word, int op)
{
	for (int i = 0; i < DR_FUTEX_TRIES; i++) {
		if (futex_call(word, op) >= 0)
			return 0;
		switch (errno) {
		case ETIMEDOUT:
		case EAGAIN:
		case EINTR:
			return 0;
		case EFAULT:
			continue;
		default:
			return -errno;
		}
	}
	return -EFAULT;
}

static ssize_t futex_take(struct dr_actor_job *aj)
{
	for (size_t off = 0; off < aj->dax_len; off += DR_PAGE_SIZE) {
		uint32_t *word = (uint32_t *)((char *)aj->buf + off);
		int ret;

		aj->call = "FUTEX_WAIT";
		ret = futex_on(word, FUTEX_WAIT);
		if (!ret) {
			aj->call = "FUTEX_WAKE";
			ret = futex_on(word, FUTEX_WAKE);
		}
		if (ret)
			return ret;
	}
	return (ssize_t)aj->dax_len;
}

const struct dr_actor_ops dr_actor_futex = {
	.name = "futex",
	.summary = "shared FUTEX_WAIT (zero timeout) and FUTEX_WAKE on every mapped victim page (get_futex_key's GUP-fast pin and its read of the page's mapping), free-running only",
	.evidence_text = "none: get_futex_key drops its page reference before the call returns, so it races only free-running",
	.data = DR_DATA_NONE,
	.evidence = DR_EVIDENCE_NONE,
	.no_evidence = "get_futex_key keeps no page reference past the key",
	.free_running_only = true,
	.needs = futex_needs,
	.take = futex_take,
};
