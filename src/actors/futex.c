// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
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
 * page dereference is KLOG.  No reference outlives the call.
 *
 * FUTEX_WAIT compares the word with 0: over a hole (zeros) the waiter is
 * queued and its timer ends the wait at once (ETIMEDOUT), over tagged data
 * it returns EAGAIN; both have taken the key.  daxrace never loads the word
 * itself: a plain load past a truncate would be SIGBUS, where the kernel's
 * own get_user() gives EFAULT.
 */

/*
 * Held (--stall uffd): one waiter asleep on the victim's pages, the hold
 * the evidence asks of a futex.  The actor waits (FUTEX_WAIT, no
 * timeout) on the first word of the page the round's layout change covers;
 * the holder runs the change once the waiter is seen asleep there (its
 * /proc/self/task/TID/syscall is futex() with that address, its wchan a
 * futex wait), and release() wakes the word.  The key names the inode and
 * the page offset (get_futex_key(): key.shared.i_seq and pgoff), not the
 * page, so the wake after a punch, a truncate, a collapse must still find
 * the waiter; one it cannot reach sleeps for good, which LIVE reports.
 * Asleep, the waiter keeps no page referenced (get_futex_key() dropped its
 * pin once the key was made), so there is no release for a layout change
 * to wait for: ORDER is NA.  At the round's start nothing changes the page
 * (the mutator waits for the hold), so the word can be loaded for the
 * value FUTEX_WAIT expects.
 */
struct futex_hold {
	uint32_t *word;  /* this round's */
	bool asleep;     /* seen asleep on word */
	long woken;      /* what this round's FUTEX_WAKE returned, or -errno */
	_Atomic bool returned; /* the waiter's call came back */
};

/*
 * A wake that finds nobody is retried, until the waiter's call has come
 * back or for this long: a waiter seen asleep may be between two queueings
 * (futex_wait() goes round again after a spurious wakeup, computing its key
 * anew: seen under load against remap, the waiter "running" inside futex()
 * while the wake found nobody).  A waiter that no wake reaches for a
 * second stays asleep, and LIVE judges it a deadline later.
 */
#define DR_FUTEX_WAKE_NS 1000000000ull

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
	char path[64], buf[256];

	/* Held, the waiter is seen asleep through /proc/PID/syscall. */
	snprintf(path, sizeof(path), "/proc/self/task/%ld/syscall", (long)syscall(SYS_gettid));
	if (env->uffd_stall) {
		int ret = dr_read_file(path, buf, sizeof(buf));

		if (ret < 0) {
			snprintf(why, len, "%s: %s: a held waiter could not be seen asleep (use --stall none)",
				 path, strerror(-ret));
			return ret;
		}
	}
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

static ssize_t futex_held_take(struct dr_actor_job *aj)
{
	struct futex_hold *h = aj->priv;
	uint32_t val;

	h->word = (uint32_t *)((char *)aj->buf + aj->hot_off);
	long ret;

	h->asleep = false;
	h->woken = 0;
	atomic_store(&h->returned, false);
	val = __atomic_load_n(h->word, __ATOMIC_RELAXED);
	aj->call = "FUTEX_WAIT";
	ret = syscall(SYS_futex, h->word, FUTEX_WAIT, val, NULL, NULL, 0);
	if (ret < 0)
		ret = -errno;
	atomic_store(&h->returned, true);
	return ret < 0 ? ret : (ssize_t)aj->len;
}

static bool futex_asleep(struct dr_actor_job *aj, pid_t tid, bool strict)
{
	struct futex_hold *h = aj->priv;
	char path[64], buf[256];
	unsigned long addr;
	long nr;

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", (int)tid);
	if (dr_read_file(path, buf, sizeof(buf)) < 0 ||
	    sscanf(buf, "%ld 0x%lx", &nr, &addr) != 2 || nr != SYS_futex ||
	    addr != (unsigned long)(uintptr_t)h->word)
		return false;
	/* Inside futex() may still be inside get_futex_key()'s fault; the
	 * wait itself sleeps in futex_wait_queue() (futex_wait_queue_me()
	 * before 5.16).  A kernel that hides wchan leaves the wake's retry
	 * to cover the difference. */
	snprintf(path, sizeof(path), "/proc/self/task/%d/wchan", (int)tid);
	if (strict && dr_read_file(path, buf, sizeof(buf)) >= 0 && buf[0] &&
	    strcmp(buf, "0") && !strstr(buf, "futex"))
		return false;
	h->asleep = true;
	return true;
}

/* Ends the held wait: FUTEX_WAKE, again while it finds nobody and the
 * waiter's call has not come back, for up to DR_FUTEX_WAKE_NS. */
static void futex_held_release(struct dr_actor_job *aj)
{
	struct futex_hold *h = aj->priv;
	uint64_t end = dr_now_ns() + DR_FUTEX_WAKE_NS;

	for (;;) {
		h->woken = syscall(SYS_futex, h->word, FUTEX_WAKE, 1, NULL, NULL, 0);
		if (h->woken < 0)
			h->woken = -errno;
		if (h->woken > 0 || (h->woken < 0 && h->woken != -EFAULT) ||
		    atomic_load(&h->returned) || dr_now_ns() >= end)
			return;
		usleep(50);
	}
}

static bool futex_held_confirm(struct dr_actor_job *aj, char *why, size_t len)
{
	struct futex_hold *h = aj->priv;

	if (!h->asleep)
		snprintf(why, len, "the waiter was never seen asleep on the page");
	else if (h->woken != 1)
		snprintf(why, len, "FUTEX_WAKE woke %ld waiters, not the one asleep", h->woken);
	return h->asleep && h->woken == 1;
}

static int futex_setup(struct dr_actor_job *aj, char *why, size_t len)
{
	if (!aj->held)
		return 0;
	aj->priv = calloc(1, sizeof(struct futex_hold));
	if (!aj->priv) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

static void futex_teardown(struct dr_actor_job *aj)
{
	free(aj->priv);
	aj->priv = NULL;
}

static void futex_release(struct dr_actor_job *aj)
{
	if (aj->held)
		futex_held_release(aj);
}

static bool futex_confirm(struct dr_actor_job *aj, char *why, size_t len)
{
	if (aj->held)
		return futex_held_confirm(aj, why, len);
	snprintf(why, len, "free-running: get_futex_key keeps no page reference past the key");
	return false;
}

static ssize_t futex_take(struct dr_actor_job *aj)
{
	if (aj->held)
		return futex_held_take(aj);
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
	.summary = "shared futexes on the mapped victim pages: held, a FUTEX_WAIT waiter asleep on the page the layout change covers, woken after it; free-running, FUTEX_WAIT (zero timeout) and FUTEX_WAKE on every page (get_futex_key's GUP-fast pin and its read of the page's mapping)",
	.evidence_text = "held: the waiter asleep in its futex call on the page's address, as /proc/self/task/TID/syscall and wchan show, during the layout change, and FUTEX_WAKE waking it after; free-running: none, get_futex_key keeps no page reference past the key",
	.data = DR_DATA_NONE,
	.evidence = DR_EVIDENCE_ACTOR,
	.holds_no_pages = "a futex waiter is keyed by inode and offset, its page reference dropped",
	.needs = futex_needs,
	.setup = futex_setup,
	.teardown = futex_teardown,
	.take = futex_take,
	.release = futex_release,
	.confirm = futex_confirm,
	.asleep = futex_asleep,
};
