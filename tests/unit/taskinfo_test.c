// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * taskinfo: state and wchan of our own threads from /proc, the
 * blocked-in-kernel test (a read on an empty pipe is; a futex wait for a
 * sibling is not), and the LIVE capture.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/util.h"
#include "engine/taskinfo.h"
#include "tap.h"

#ifdef HAVE_LIBURING
#include <liburing.h>
#endif

static int pipefd[2];
static pid_t reader_tid, waiter_tid;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int go;

static void *reader(void *arg)
{
	char c;

	__atomic_store_n(&reader_tid, gettid(), __ATOMIC_SEQ_CST);
	/* Blocks in pipe_read() until main writes. */
	if (read(pipefd[0], &c, 1) < 0)
		return NULL;
	return NULL;
}

static void *waiter(void *arg)
{
	/* A name with ") R (" makes a naive stat parser read the wrong state. */
	pthread_setname_np(pthread_self(), "x) R (y");
	__atomic_store_n(&waiter_tid, gettid(), __ATOMIC_SEQ_CST);
	pthread_mutex_lock(&lock);
	while (!go)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* Waits (bounded) until the thread sleeps; no timing is asserted. */
static int wait_sleeping(pid_t *tidp, struct dr_task_state *s)
{
	for (int i = 0; i < 1000; i++) {
		pid_t tid = __atomic_load_n(tidp, __ATOMIC_SEQ_CST);

		if (tid && !dr_task_state_read(tid, s) && s->state == 'S')
			return 0;
		nanosleep(&(struct timespec){ .tv_nsec = 5000000 }, NULL);
	}
	return -ETIMEDOUT;
}

/*
 * Opening a FIFO for reading sleeps until a writer comes (fs/pipe.c
 * fifo_open -> wait_for_partner).  IOSQE_ASYNC makes io_uring run it in
 * an io-wq worker (inline, io_openat2 adds O_NONBLOCK and the open just
 * succeeds; a read would be polled, not block the worker): the worker
 * must be found by its owner's tid and its stack captured with the
 * owner's.
 */
static void iowq_workers(void)
{
#ifdef HAVE_LIBURING
	char dir[] = "/tmp/taskinfo-test.XXXXXX", fifo[64], *cap;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	struct dr_task_state s;
	int n = 0, ret, wfd;
	pid_t w[4];

	ret = io_uring_queue_init(2, &ring, 0);
	if (ret) {
		tap_skip("io-wq workers are found and captured", strerror(-ret));
		return;
	}
	tap_ok(dr_task_iowq_workers(gettid(), w, 4) == 0, "no ring work: no io-wq worker");
	if (!mkdtemp(dir) || (snprintf(fifo, sizeof(fifo), "%s/fifo", dir),
			      mkfifo(fifo, 0600)) ||
	    !(sqe = io_uring_get_sqe(&ring))) {
		tap_ok(0, "setting up the FIFO");
		io_uring_queue_exit(&ring);
		return;
	}
	io_uring_prep_openat(sqe, AT_FDCWD, fifo, O_RDONLY | O_CLOEXEC, 0);
	sqe->flags |= IOSQE_ASYNC;
	tap_ok(io_uring_submit(&ring) == 1, "openat of the FIFO submitted");
	for (int i = 0; i < 1000; i++) {
		n = dr_task_iowq_workers(gettid(), w, 4);
		if (n > 0 && !dr_task_state_read(w[0], &s) && s.state == 'S')
			break;
		nanosleep(&(struct timespec){ .tv_nsec = 5000000 }, NULL);
	}
	tap_ok(n >= 1, "the openat's io-wq worker is found (%d)", n);
	tap_ok(dr_task_iowq_workers(gettid() + 1, w, 4) <= 0,
	       "no worker is another thread's");
	cap = dr_task_capture(gettid());
	tap_ok(cap && strstr(cap, "io-wq worker of thread") &&
	       (strstr(cap, "fifo_open") || strstr(cap, "wait_for_partner") ||
		strstr(cap, "unreadable")),
	       "the owner's capture has its worker's stack");
	tap_diag("%s", cap ? cap : "(null)");
	free(cap);
	/* A writer wakes the open; then reap it. */
	wfd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (wfd < 0 || io_uring_wait_cqe(&ring, &cqe)) {
		tap_diag("completing the FIFO open failed");
	} else {
		if (cqe->res >= 0)
			close(cqe->res);
		io_uring_cqe_seen(&ring, cqe);
	}
	if (wfd >= 0)
		close(wfd);
	io_uring_queue_exit(&ring);
	unlink(fifo);
	rmdir(dir);
#else
	tap_skip("io-wq workers are found and captured", "built without liburing");
#endif
}

int main(void)
{
	struct dr_task_state s;
	pthread_t rt, wt;
	char *cap;

	tap_ok(dr_task_state_read(gettid(), &s) == 0 && s.state == 'R',
	       "our own running thread: state R");
	tap_ok(!dr_task_blocked_in_kernel(&s), "running is not blocked");
	tap_ok(dr_task_state_read(999999999, &s) == -ENOENT, "no such thread: -ENOENT");

	s = (struct dr_task_state){ .state = 'D' };
	tap_ok(dr_task_blocked_in_kernel(&s), "D is blocked in the kernel");
	s = (struct dr_task_state){ .state = 'S', .wchan = "ext4_break_layouts" };
	tap_ok(dr_task_blocked_in_kernel(&s), "S in ext4_break_layouts is blocked");
	s = (struct dr_task_state){ .state = 'S', .wchan = "futex_wait_queue" };
	tap_ok(!dr_task_blocked_in_kernel(&s), "S in a futex wait is our own user-space wait");
	s = (struct dr_task_state){ .state = 'S', .wchan = "0" };
	tap_ok(dr_task_blocked_in_kernel(&s), "S with a hidden wchan still counts as blocked");
	s = (struct dr_task_state){ .state = 'T' };
	tap_ok(!dr_task_blocked_in_kernel(&s), "stopped is not blocked in a call");

	if (pipe(pipefd) < 0 || pthread_create(&rt, NULL, reader, NULL) ||
	    pthread_create(&wt, NULL, waiter, NULL)) {
		tap_ok(0, "setting up threads");
		tap_plan(tap_count);
		return tap_exit();
	}
	tap_ok(wait_sleeping(&reader_tid, &s) == 0, "pipe reader sleeps (wchan \"%s\")", s.wchan);
	tap_ok(dr_task_blocked_in_kernel(&s), "a read on an empty pipe is blocked in the kernel");
	cap = dr_task_capture(reader_tid);
	tap_ok(cap && strstr(cap, "/stack ==") && strstr(cap, "/wchan ==") &&
	       strstr(cap, "/syscall ==") && strstr(cap, "/stat =="),
	       "capture has stack, wchan, syscall and stat sections");
	tap_ok(cap && (strstr(cap, "pipe_read") || strstr(cap, "unreadable")),
	       "capture shows pipe_read, or says what it could not read");
	tap_diag("%s", cap ? cap : "(null)");
	free(cap);
	{
		const char *const own_wchan[] = { s.wchan, NULL };
		static const char *const io_wait[] = { "submit_bio_wait", "blk_io_schedule", NULL };
		static const char *const syscall_frame[] = { "ksys_read", "vfs_read", NULL };
		char path[64], buf[16];

		tap_ok(!dr_task_waits_in(reader_tid, &s, io_wait),
		       "a pipe read is not taken for a wait on block I/O");
		tap_ok(s.wchan[0] && dr_task_waits_in(reader_tid, &s, own_wchan),
		       "the function its wchan names is found (%s)", s.wchan);
		snprintf(path, sizeof(path), "/proc/self/task/%d/stack", (int)reader_tid);
		if (dr_read_file(path, buf, sizeof(buf)) <= 0) {
			tap_skip("a frame below the wchan is found", "kernel stack unreadable (not root)");
		} else {
			tap_ok(dr_task_waits_in(reader_tid, &s, syscall_frame),
			       "a frame below the wchan (vfs_read) is found in the stack");
		}
	}

	tap_ok(wait_sleeping(&waiter_tid, &s) == 0,
	       "a thread named \"x) R (y\" is read as sleeping, not R");
	if (!strcmp(s.wchan, "0") || !s.wchan[0])
		tap_skip("a condvar wait is not blocked in the kernel", "wchan hidden");
	else
		tap_ok(!dr_task_blocked_in_kernel(&s),
		       "a condvar wait (wchan \"%s\") is not blocked in the kernel", s.wchan);

	if (write(pipefd[1], "x", 1) != 1)
		tap_diag("write to pipe failed");
	pthread_mutex_lock(&lock);
	go = 1;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	pthread_join(rt, NULL);
	pthread_join(wt, NULL);
	iowq_workers();
	tap_plan(tap_count);
	return tap_exit();
}
