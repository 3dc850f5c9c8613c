// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"

/*
 * daxrace writes only inside a fresh directory it makes under --dir.  Every
 * file is opened relative to that directory's descriptor with O_NOFOLLOW,
 * so a symlink planted inside cannot redirect a write elsewhere, and the
 * cleanup removes only entries of that one directory (never recursing).
 */
volatile sig_atomic_t dr_engine_interrupted;
static struct sigaction old_int, old_term, old_hup, old_intr;
static unsigned int signals_depth;

int dr_workdir_create(struct dr_workdir *wd, const char *parent)
{
	int n;

	wd->dirfd = -1;
	wd->keep = false;
	n = snprintf(wd->path, sizeof(wd->path), "%s/daxrace.XXXXXX", parent);
	if (n < 0 || (size_t)n >= sizeof(wd->path))
		return -ENAMETOOLONG;
	if (!mkdtemp(wd->path))
		return -errno;
	wd->dirfd = open(wd->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (wd->dirfd < 0) {
		int err = -errno;

		rmdir(wd->path);
		return err;
	}
	return 0;
}

int dr_workdir_open(struct dr_workdir *wd, const char *name, int flags)
{
	int fd;

	if (strchr(name, '/'))
		return -EINVAL;
	if (flags & O_CREAT)
		flags |= O_EXCL;
	fd = openat(wd->dirfd, name, flags | O_NOFOLLOW | O_CLOEXEC, 0600);
	return fd < 0 ? -errno : fd;
}

void dr_workdir_unlink(struct dr_workdir *wd, const char *name)
{
	if (unlinkat(wd->dirfd, name, 0) < 0 && errno != ENOENT)
		dr_warn("cannot remove %s/%s: %s", wd->path, name, strerror(errno));
}

void dr_workdir_syncfs(struct dr_workdir *wd)
{
	if (wd->dirfd >= 0)
		syncfs(wd->dirfd);
}

int dr_workdir_remove(struct dr_workdir *wd)
{
	struct dirent *de;
	int ret = 0;
	DIR *d;

	if (wd->dirfd < 0)
		return 0;
	if (wd->keep) {
		dr_warn("work directory %s left behind: a thread stuck in the kernel still holds a file in it",
			wd->path);
		return -EBUSY;
	}
	/* The stream takes over dirfd itself: no new descriptor, so the
	 * cleanup works also when a run fails for want of descriptors. */
	d = fdopendir(wd->dirfd);
	if (d) {
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			/* Only plain entries: we never create subdirectories. */
			if (unlinkat(dirfd(d), de->d_name, 0) < 0 && !ret)
				ret = -errno;
		}
		closedir(d);
	} else {
		ret = -errno;
		close(wd->dirfd);
	}
	wd->dirfd = -1;
	if (rmdir(wd->path) < 0 && !ret)
		ret = -errno;
	if (ret)
		dr_warn("cannot remove work directory %s: %s", wd->path,
			strerror(-ret));
	return ret;
}

static void say(const char *s)
{
	/* write(2) is async-signal-safe; stdio is not. */
	if (write(STDERR_FILENO, s, strlen(s)) < 0)
		return;
}

static void on_stop_signal(int sig)
{
	int saved = errno;

	/* The first says what happens next; a second (an impatient user)
	 * that the run is already on its way out, which is bounded by the
	 * watchdog deadline even when a task is stuck in the kernel. */
	if (!dr_engine_interrupted)
		say(sig == SIGINT ? "daxrace: SIGINT: stopping; the results of what ran follow\n" :
		    sig == SIGHUP ? "daxrace: SIGHUP: stopping; the results of what ran follow\n" :
				    "daxrace: SIGTERM: stopping; the results of what ran follow\n");
	else
		say("daxrace: already stopping: removing the work directory and writing the results\n");
	dr_engine_interrupted = 1;
	errno = saved;
}

static void on_interrupt_signal(int sig)
{
	/* Nothing: its only job is to make a sleeping syscall return EINTR. */
	(void)sig;
}

void dr_signals_install(void)
{
	struct sigaction sa;

	/* Nested: "daxrace run" holds them from before its results directory
	 * exists until its files are written, each dr_engine_run inside. */
	if (signals_depth++)
		return;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop_signal;
	/* SIGHUP too: a closed terminal or ssh session must not kill the run
	 * with its loop devices and work directory in place. */
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	/* No SA_RESTART: an interrupted layout-break wait must come back to
	 * user space as EINTR instead of being restarted by the kernel. */
	sa.sa_handler = on_interrupt_signal;
	sigaction(DR_SIG_INTERRUPT, &sa, &old_intr);
	dr_engine_interrupted = 0;
}

void dr_signals_restore(void)
{
	if (!signals_depth || --signals_depth)
		return;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	sigaction(DR_SIG_INTERRUPT, &old_intr, NULL);
}

void dr_engine_signals_begin(void)
{
	dr_signals_install();
}

void dr_engine_signals_end(void)
{
	dr_signals_restore();
}
