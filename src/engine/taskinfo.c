// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What /proc/self/task/TID says about one of our threads: whether the
 * mutator is asleep inside the kernel (so the holder may release the
 * pins), and, when the watchdog fires, where exactly it sleeps.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "engine/taskinfo.h"

static void task_path(char *buf, size_t len, pid_t tid, const char *file)
{
	snprintf(buf, len, "/proc/self/task/%d/%s", (int)tid, file);
}

int dr_task_state_read(pid_t tid, struct dr_task_state *out)
{
	char path[64], stat[1024];
	const char *p;
	int ret;

	out->state = '?';
	out->wchan[0] = '\0';
	task_path(path, sizeof(path), tid, "stat");
	ret = dr_read_file(path, stat, sizeof(stat));
	if (ret < 0)
		return ret;
	/*
	 * "pid (comm) S ...": comm may hold spaces and parentheses
	 * (fs/proc/array.c do_task_stat()), so the state is the first field
	 * after the *last* ')'.
	 */
	p = strrchr(stat, ')');
	if (!p || p[1] != ' ' || !p[2])
		return -EINVAL;
	out->state = p[2];
	/*
	 * wchan: the symbol the task sleeps in, "0" when running or when the
	 * kernel hides it (fs/proc/base.c proc_pid_wchan()); its absence is
	 * not an error, the state alone still says "asleep".  Only a sleeper
	 * has one, so a running task costs one file read, not two: the
	 * holder polls a running mutator until it sleeps.
	 */
	if (out->state != 'S' && out->state != 'D')
		return 0;
	task_path(path, sizeof(path), tid, "wchan");
	if (dr_read_file(path, out->wchan, sizeof(out->wchan)) < 0)
		out->wchan[0] = '\0';
	return 0;
}

/*
 * Sleeps that mean "waiting for another of our own threads" (a futex of a
 * mutex, condvar or barrier; a nanosleep; a poll loop), not "blocked in
 * the system call under test".  A mutator thread parked on its start
 * barrier is in S too, and must not be taken for a blocked layout change.
 */
static const char *const user_waits[] = {
	"futex_",          /* futex_wait_queue(_me), futex_wait */
	"do_nanosleep",
	"hrtimer_nanosleep",
	"clock_nanosleep",
	"ep_poll",
	"do_sys_poll",
	"do_select",
	"core_sys_select",
	"sigsuspend",
	"do_sigtimedwait",
};

bool dr_task_blocked_in_kernel(const struct dr_task_state *s)
{
	if (s->state == 'D')
		return true; /* uninterruptible: always a kernel-internal wait */
	if (s->state != 'S')
		return false;
	for (size_t i = 0; i < DR_ARRAY_SIZE(user_waits); i++)
		if (!strncmp(s->wchan, user_waits[i], strlen(user_waits[i])))
			return false;
	/* "" or "0": the kernel hides wchan; S while in our call still counts. */
	return true;
}

static bool func_listed(const char *sym, size_t len, const char *const *funcs)
{
	for (; *funcs; funcs++)
		if (strlen(*funcs) == len && !strncmp(sym, *funcs, len))
			return true;
	return false;
}

bool dr_task_waits_in(pid_t tid, const struct dr_task_state *st,
		      const char *const *funcs)
{
	char path[64], stack[8192];
	const char *line;

	if (st->wchan[0] && func_listed(st->wchan, strlen(st->wchan), funcs))
		return true;
	task_path(path, sizeof(path), tid, "stack");
	if (dr_read_file(path, stack, sizeof(stack)) <= 0)
		return false; /* not root: the wchan was all we could see */
	/* "[<0>] submit_bio_wait+0x5d/0x90" per frame (fs/proc/base.c
	 * proc_pid_stack(): "[<%pK>] %pB"). */
	for (line = stack; *line; ) {
		const char *end = strchr(line, '\n'), *sym = strstr(line, "] ");

		if (!end)
			end = line + strlen(line);
		if (sym && sym < end) {
			sym += 2;
			if (func_listed(sym, strcspn(sym, "+\n "), funcs))
				return true;
		}
		line = *end ? end + 1 : end;
	}
	return false;
}

/*
 * io_uring may punt a request to an io-wq worker (a read or write whose
 * non-blocking attempt would block), and then the GUP, the uffd fault and
 * any hang are that worker's, while the submitter only sleeps in
 * io_cqring_wait.  The workers are threads of the submitter's process
 * (io_uring/io-wq.c create_io_thread() with CLONE_THREAD, since 5.12),
 * so they are in /proc/self/task, and io_wq_worker() names each
 * "iou-wrk-%d" after wq->task->pid, the tid of the task that owns the
 * io-wq (fs/io-wq.c io_wqe_worker() in 5.12-6.0; the same name in 6.1's
 * io_uring/io-wq.c and later).
 */
int dr_task_iowq_workers(pid_t owner, pid_t *tids, size_t max)
{
	char want[32], path[64], comm[32];
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	snprintf(want, sizeof(want), "iou-wrk-%d", (int)owner);
	d = opendir("/proc/self/task");
	if (!d)
		return -errno;
	while ((de = readdir(d)) != NULL) {
		long tid = strtol(de->d_name, NULL, 10);

		if (tid <= 0 || tid == owner)
			continue;
		task_path(path, sizeof(path), (pid_t)tid, "comm");
		/* A worker that exited since readdir: not ours any more. */
		if (dr_read_file(path, comm, sizeof(comm)) < 0 || strcmp(comm, want))
			continue;
		if (n < max)
			tids[n] = (pid_t)tid;
		n++;
	}
	closedir(d);
	return (int)n;
}

struct capture {
	char *s;
	size_t len, cap;
};

static void cap_add(struct capture *c, const char *s)
{
	size_t n = strlen(s);

	if (!c->s)
		return;
	if (c->len + n + 1 > c->cap) {
		size_t cap = c->cap * 2;
		char *ns;

		while (cap < c->len + n + 1)
			cap *= 2;
		ns = realloc(c->s, cap);
		if (!ns)
			return; /* keep what we have: evidence, best effort */
		c->s = ns;
		c->cap = cap;
	}
	memcpy(c->s + c->len, s, n + 1);
	c->len += n;
}

/* The files, ordered by value to a kernel developer: the stack says it all. */
static const struct {
	const char *file, *hint;
} capture_files[] = {
	{ "stack", " (needs root: proc_pid_stack() checks CAP_SYS_ADMIN)" },
	{ "wchan", "" },
	{ "syscall", "" },
	{ "stat", "" },
	{ "status", "" },
};

#define CAPTURE_BUF 16384

static void capture_one(struct capture *c, pid_t tid, const char *role, char *buf)
{
	char path[64], head[128];

	snprintf(head, sizeof(head), "thread %d%s\n", (int)tid, role);
	cap_add(c, head);
	for (size_t i = 0; i < DR_ARRAY_SIZE(capture_files); i++) {
		int ret;

		task_path(path, sizeof(path), tid, capture_files[i].file);
		snprintf(head, sizeof(head), "== %s ==\n", path);
		cap_add(c, head);
		ret = dr_read_file(path, buf, CAPTURE_BUF);
		if (ret < 0) {
			snprintf(head, sizeof(head), "(unreadable: %s%s)\n",
				 strerror(-ret), capture_files[i].hint);
			cap_add(c, head);
			continue;
		}
		cap_add(c, buf);
		cap_add(c, "\n");
	}
}

/* More than an io-wq ever starts for one blocked submitter's few requests. */
#define MAX_WORKERS 16

char *dr_task_capture(pid_t tid)
{
	struct capture c = { .cap = 4096 };
	pid_t workers[MAX_WORKERS];
	int nw;
	char *buf;

	buf = malloc(CAPTURE_BUF);
	c.s = malloc(c.cap);
	if (!buf || !c.s) {
		free(buf);
		free(c.s);
		return NULL;
	}
	c.s[0] = '\0';
	capture_one(&c, tid, "", buf);
	/* The request the call waits for may be a worker's: its stack is
	 * where the hang is. */
	nw = dr_task_iowq_workers(tid, workers, MAX_WORKERS);
	for (int i = 0; i < nw && i < MAX_WORKERS; i++) {
		char role[48];

		snprintf(role, sizeof(role), " (io-wq worker of thread %d)", (int)tid);
		cap_add(&c, "\n");
		capture_one(&c, workers[i], role, buf);
	}
	free(buf);
	return c.s;
}
