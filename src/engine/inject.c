// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"
#include "engine/watchdog.h"

/*
 * Test-only fault injection (--inject NAME, cfg->inject).  Each one builds
 * a violation on purpose so that a test can check an oracle really fires;
 * none of them is meant for a real run:
 *   foreign-tag   the bystander's file gets a foreign tag through another
 *                 descriptor: TAG must FAIL (exit 1).
 *   live-pipe     a thread reads an empty pipe, registered as a watched call
 *                 whose blocker is already gone: LIVE must fire with the
 *                 thread's stack and the results must still be written.
 *   vmsplice-hold V's window pages are vmspliced into a pipe never drained,
 *                 so they stay referenced: on DAX the punch sleeps in the
 *                 layout-break wait and LIVE fires (page cache: no effect).
 *   stuck-actor   the first actor call of job 0 never returns: it sleeps
 *                 in read(2) on a pipe nobody writes, every signal blocked,
 *                 as a task stuck in the kernel would.  LIVE fires, the job
 *                 is abandoned, and the run must still end and write its
 *                 results within the watchdog deadline plus a little.
 *   stuck-mutator the same for the first layout change of job 0; in
 *                 page-cache mode the holder thread makes that change
 *                 itself, so the scenario must give up on the thread.
 *   victim-foreign once the first round's I/O and change are done (held
 *                 rounds) or the first quiet probe (free-running), another
 *                 descriptor writes a foreign file's tag over the victim's
 *                 first window block, as a stray DMA into a block freed
 *                 too early would: whatever the mutator says that block
 *                 holds, TAG must FAIL naming the victim.
 *   copy-foreign  after the first round's I/O, where the kernel read the
 *                 victim's pages (dio-write, uring-write, pvm-read,
 *                 vmsplice), the
 *                 first block it carried out (on the partner, or in the
 *                 actor's own copy) gets a foreign tag, as a read of a
 *                 block freed early and reused would: TAG must FAIL
 *                 naming the partner or the copy.
 *   space-leak    a 1 MiB file of the scenario is removed with the others
 *                 but held open until SPACE has judged, so its blocks do
 *                 not come back, as with a leaked page reference: SPACE
 *                 must FAIL on a quiet fs (and be INCONCLUSIVE on a busy
 *                 one, never PASS).
 */
static const char *const injections[] = { "foreign-tag", "live-pipe",
					  "vmsplice-hold", "stuck-actor",
					  "stuck-mutator", "space-leak",
					  "victim-foreign", "copy-foreign", NULL };

int dr_inject_valid(const char *inject)
{
	if (!inject)
		return 0;
	for (size_t i = 0; injections[i]; i++)
		if (!strcmp(inject, injections[i]))
			return 0;
	return -EINVAL;
}

bool dr_inject_is(const struct dr_scenario *sc, const char *name)
{
	return sc->cfg->inject && !strcmp(sc->cfg->inject, name);
}

static void pipe_read_call(struct dr_worker *w)
{
	struct dr_scenario *sc = w->arg;
	char c;

	dr_worker_enter(w, dr_now_ns());
	while (read(sc->live_pipe[0], &c, 1) < 0 && errno == EINTR)
		;
	dr_worker_leave(w, dr_now_ns());
}

static struct dr_watch *live_watch;

int dr_inject_live_pipe_start(struct dr_scenario *sc)
{
	int ret;

	sc->live_pipe[0] = sc->live_pipe[1] = -1;
	if (!dr_inject_is(sc, "live-pipe"))
		return 0;
	if (pipe2(sc->live_pipe, O_CLOEXEC) < 0)
		return -errno;
	ret = dr_worker_start(&sc->live_w, pipe_read_call, sc, sc->pl);
	if (ret)
		return ret;
	dr_worker_kick(&sc->live_w);
	while (!atomic_load(&sc->live_w.in_call))
		usleep(100);
	/* Nothing will ever write the pipe: the blocker is gone right away. */
	live_watch = dr_watch_begin(sc->watchdog, atomic_load(&sc->live_w.tid),
				    "read(2) on an empty pipe [inject live-pipe]");
	if (live_watch)
		dr_watch_arm(live_watch);
	dr_info("inject live-pipe: tid %d blocks in read(2) on an empty pipe",
		(int)atomic_load(&sc->live_w.tid));
	return 0;
}

void dr_inject_live_pipe_stop(struct dr_scenario *sc)
{
	if (sc->live_pipe[1] < 0)
		return;
	if (write(sc->live_pipe[1], "x", 1) != 1)
		dr_warn("inject live-pipe: cannot unblock the reader");
	dr_worker_wait(&sc->live_w, 0);
	if (live_watch)
		dr_watch_end(live_watch);
	live_watch = NULL;
	dr_worker_stop(&sc->live_w);
	close(sc->live_pipe[0]);
	close(sc->live_pipe[1]);
	sc->live_pipe[0] = sc->live_pipe[1] = -1;
}

int dr_inject_vmsplice_hold(struct dr_job *j)
{
	struct iovec iov = { j->v.region, (size_t)j->v.k * DR_PAGE_SIZE };
	ssize_t n;

	if (!dr_inject_is(j->sc, "vmsplice-hold"))
		return 0;
	if (pipe2(j->splice_pipe, O_CLOEXEC) < 0)
		return -errno;
	fcntl(j->splice_pipe[1], F_SETPIPE_SZ, (int)(iov.iov_len + DR_PAGE_SIZE));
	/* Without SPLICE_F_GIFT vmsplice takes page references
	 * (iov_iter_get_pages2 in fs/splice.c) that last until the pipe is
	 * read or closed. */
	n = vmsplice(j->splice_pipe[1], &iov, 1, 0);
	if (n < 0) {
		int err = -errno;

		dr_warn("inject vmsplice-hold: %s", strerror(errno));
		return err;
	}
	dr_info("inject vmsplice-hold: job %u: %zd bytes of %s held in a pipe",
		j->id, n, j->v.name);
	return 0;
}

void dr_inject_vmsplice_release(struct dr_job *j)
{
	for (int i = 0; i < 2; i++) {
		if (j->splice_pipe[i] >= 0)
			close(j->splice_pipe[i]);
		j->splice_pipe[i] = -1;
	}
}

/*
 * Called by the actor or the mutator in place of its system call.  The
 * pipe is never written and never closed (the write end leaks with the
 * thread), so only the exit of the whole process ends the read.
 */
bool dr_inject_stuck(struct dr_job *j, const char *name)
{
	int fds[2];
	sigset_t all;
	char c;

	if (!dr_inject_is(j->sc, name) || j->id || j->round_index > 1)
		return false;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		dr_warn("inject %s: pipe: %s", name, strerror(errno));
		return false;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	dr_info("inject %s: job %u: tid %ld sleeps in read(2) for good",
		name, j->id, (long)syscall(SYS_gettid));
	for (;;)
		if (read(fds[0], &c, 1) >= 0)
			break;
	return true;
}

#define SPACE_LEAK_BYTES (1 << 20)

int dr_inject_space_leak_start(struct dr_scenario *sc)
{
	char name[48];
	void *buf;
	ssize_t n;
	int fd;

	sc->space_leak_fd = -1;
	if (!dr_inject_is(sc, "space-leak"))
		return 0;
	snprintf(name, sizeof(name), "space-leak-%u", sc->index);
	fd = dr_workdir_open(sc->wd, name, O_RDWR | O_CREAT);
	if (fd < 0)
		return fd;
	buf = calloc(1, SPACE_LEAK_BYTES);
	if (!buf) {
		close(fd);
		dr_workdir_unlink(sc->wd, name);
		return -ENOMEM;
	}
	memset(buf, 0x5a, SPACE_LEAK_BYTES);
	n = pwrite(fd, buf, SPACE_LEAK_BYTES, 0);
	free(buf);
	if (n != SPACE_LEAK_BYTES) {
		int err = n < 0 ? -errno : -ENOSPC;

		close(fd);
		dr_workdir_unlink(sc->wd, name);
		return err;
	}
	sc->space_leak_fd = fd;
	dr_info("inject space-leak: %s (1 MiB) will be removed but held open", name);
	return 0;
}

void dr_inject_space_leak_unlink(struct dr_scenario *sc)
{
	char name[48];

	if (sc->space_leak_fd < 0)
		return;
	snprintf(name, sizeof(name), "space-leak-%u", sc->index);
	dr_workdir_unlink(sc->wd, name);
}

void dr_inject_space_leak_stop(struct dr_scenario *sc)
{
	if (sc->space_leak_fd >= 0)
		close(sc->space_leak_fd);
	sc->space_leak_fd = -1;
}

void dr_inject_victim_foreign(struct dr_job *j)
{
	void *buf;
	int fd;

	if (!dr_inject_is(j->sc, "victim-foreign") || j->id ||
	    j->foreign_injected)
		return;
	j->foreign_injected = true;
	fd = dr_workdir_open(j->sc->wd, j->v.name, O_WRONLY);
	if (fd < 0) {
		dr_warn("inject victim-foreign: %s: %s", j->v.name, strerror(-fd));
		return;
	}
	if (posix_memalign(&buf, DR_PAGE_SIZE, DR_BLOCK_SIZE)) {
		close(fd);
		return;
	}
	dr_tag_fill(buf, j->v.file_id ^ 0x5a5a5a5au, 1, j->v.gen, 0xbad);
	if (pwrite(fd, buf, DR_BLOCK_SIZE, DR_BLOCK_SIZE) != DR_BLOCK_SIZE)
		dr_warn("inject victim-foreign: %s", strerror(errno));
	else
		dr_info("inject victim-foreign: wrote a foreign tag into %s block 1",
			j->v.name);
	free(buf);
	close(fd);
}

void dr_inject_copy_foreign(struct dr_job *j)
{
	const struct dr_actor_ops *a = j->sc->actor;
	void *buf;

	if (!dr_inject_is(j->sc, "copy-foreign") || j->id || j->copy_injected ||
	    a->data != DR_DATA_FROM_BUFFER)
		return;
	j->copy_injected = true;
	if (posix_memalign(&buf, DR_PAGE_SIZE, DR_BLOCK_SIZE))
		return;
	dr_tag_fill(buf, j->v.file_id ^ 0x5a5a5a5au, 1, j->v.gen, 0xbad);
	if (j->aj.moved) {
		memcpy(j->aj.moved, buf, DR_BLOCK_SIZE);
		dr_info("inject copy-foreign: wrote a foreign tag into %s's copy, block 0",
			a->name);
	} else if (pwrite(j->ps->fd, buf, DR_BLOCK_SIZE, j->ps->off) != DR_BLOCK_SIZE) {
		dr_warn("inject copy-foreign: %s", strerror(errno));
	} else {
		dr_info("inject copy-foreign: wrote a foreign tag into the partner's first block");
	}
	free(buf);
}
