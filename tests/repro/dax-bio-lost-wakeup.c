// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dax-bio-lost-wakeup: the smallest reproducer of the LIVE failure daxrace
 * reports on Debian's 6.1 kernels (vm/known-issues: bio-release-no-devmap-wake).
 *
 * An O_DIRECT read from a block device into a DAX mapping takes a page
 * reference on the fsdax page (6.1: FOLL_GET).  A hole punch over that page
 * must wait until the reference is dropped: ext4_break_layouts() and
 * xfs_break_dax_layouts() sleep in ___wait_var_event(&page->_refcount,
 * refcount == 1, TASK_INTERRUPTIBLE), woken by wake_up_var() in
 * __put_devmap_managed_page_refs() when put_page() takes the count to 1.
 * Since 6.1.75, __bio_release_pages() drops the bio's references with
 * folio_put() / folio_put_refs() (the 6.1.y backports of upstream
 * 1b151e2435fc "block: Remove special-casing of compound pages" (v6.8), in
 * 6.1.75, and 38b43539d64b "block: Fix page refcounts for unaligned buffers
 * in __bio_release_pages()" (v6.9), in 6.1.84), which never call that hook:
 * the count reaches 1 silently and the punch sleeps until a signal arrives.
 *
 * To make the timing deterministic, the read buffer is [1 DAX page][1
 * anonymous page registered with userfaultfd]: GUP pins the DAX page, then
 * faults on the anonymous one and waits, with the pin held, until we
 * resolve the fault.  The partner must be a block device (every read is a
 * bio), the victim a file on a DAX mount.
 *
 * usage: dax-bio-lost-wakeup DAX-DIR BLOCK-DEVICE
 * exit: 0 the punch returned once the read was done (correct kernel)
 *       1 kernel bug: the punch slept on after the read was done (lost
 *         wakeup), or returned while the page was still pinned
 *       2 usage, 3 setup failed (not DAX, no userfaultfd, ...)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif

static long pg;
static int vfd, bfd;
static char *buf;
static atomic_int punch_done, read_done;
static atomic_int punch_tid;
static int punch_err;
static atomic_int punch_eintr;
static ssize_t read_ret;

static void die3(const char *what)
{
	fprintf(stderr, "setup: %s: %s\n", what, strerror(errno));
	exit(3);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void on_usr1(int sig)
{
	(void)sig; /* only to interrupt the punch's sleep */
}

static void *reader(void *arg)
{
	(void)arg;
	read_ret = pread(bfd, buf, 2 * pg, 0);
	atomic_store(&read_done, 1);
	return NULL;
}

static void *puncher(void *arg)
{
	(void)arg;
	atomic_store(&punch_tid, (int)syscall(SYS_gettid));
	/* Interrupted by SIGUSR1 (no SA_RESTART): EINTR, and we try again. */
	while (fallocate(vfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, pg)) {
		if (errno != EINTR) {
			punch_err = errno;
			break;
		}
		atomic_fetch_add(&punch_eintr, 1);
	}
	atomic_store(&punch_done, 1);
	return NULL;
}

static void show_task(int tid)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/wchan", tid);
	f = fopen(path, "r");
	if (f && fgets(line, sizeof(line), f))
		printf("  wchan: %s\n", line);
	if (f)
		fclose(f);
	snprintf(path, sizeof(path), "/proc/self/task/%d/stack", tid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		printf("  %s", line);
	if (f)
		fclose(f);
}

/* Wait up to ms for flag; returns whether it was set. */
static int wait_flag(atomic_int *flag, int ms)
{
	for (int i = 0; i < ms; i++) {
		if (atomic_load(flag))
			return 1;
		usleep(1000);
	}
	return atomic_load(flag);
}

int main(int argc, char **argv)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;
	struct uffdio_copy copy;
	struct uffd_msg msg;
	struct sigaction sa;
	struct statx stx;
	struct pollfd pfd;
	pthread_t rt, pt;
	char path[4096];
	char *src;
	double t_release;
	int uffd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s DAX-DIR BLOCK-DEVICE\n", argv[0]);
		return 2;
	}
	pg = sysconf(_SC_PAGESIZE);

	snprintf(path, sizeof(path), "%s/dax-bio-lost-wakeup.victim", argv[1]);
	vfd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (vfd < 0)
		die3(path);
	src = malloc(pg);
	if (!src)
		die3("malloc");
	memset(src, 0x5a, pg);
	if (pwrite(vfd, src, pg, 0) != pg || fsync(vfd))
		die3("write the victim page");
	if (statx(vfd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx))
		die3("statx");
	if (!(stx.stx_attributes & STATX_ATTR_DAX)) {
		fprintf(stderr, "setup: %s is not DAX\n", path);
		return 3;
	}
	bfd = open(argv[2], O_RDONLY | O_DIRECT);
	if (bfd < 0)
		die3(argv[2]);

	/* [DAX page][anonymous page under userfaultfd] */
	buf = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		die3("mmap anonymous");
	if (mmap(buf, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, vfd, 0) != buf)
		die3("mmap the victim");
	buf[0] = 0x5a; /* present in the page table: GUP-fast pins it */
	uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (uffd < 0)
		die3("userfaultfd");
	if (ioctl(uffd, UFFDIO_API, &api))
		die3("UFFDIO_API");
	reg.range.start = (unsigned long)(buf + pg);
	reg.range.len = pg;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(uffd, UFFDIO_REGISTER, &reg))
		die3("UFFDIO_REGISTER");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);

	/* 1. The read pins the DAX page and stops on the uffd page. */
	if (pthread_create(&rt, NULL, reader, NULL))
		die3("pthread_create");
	pfd.fd = uffd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 10000) != 1 || read(uffd, &msg, sizeof(msg)) != sizeof(msg) ||
	    msg.event != UFFD_EVENT_PAGEFAULT) {
		fprintf(stderr, "setup: the O_DIRECT read never faulted on the uffd page\n");
		return 3;
	}

	/* 2. The punch must wait for the pinned page. */
	if (pthread_create(&pt, NULL, puncher, NULL))
		die3("pthread_create");
	if (wait_flag(&punch_done, 500)) {
		printf("BUG: the punch returned (error %d) while the page was pinned\n",
		       punch_err);
		return 1;
	}

	/* 3. Resolve the fault: the bio is built, completes, drops the pin. */
	copy.dst = (unsigned long)(buf + pg);
	copy.src = (unsigned long)src;
	copy.len = pg;
	copy.mode = 0;
	if (ioctl(uffd, UFFDIO_COPY, &copy))
		die3("UFFDIO_COPY");
	pthread_join(rt, NULL);
	t_release = now_ms();
	if (read_ret != 2 * pg) {
		fprintf(stderr, "setup: the O_DIRECT read returned %zd\n", read_ret);
		return 3;
	}

	/* 4. A correct kernel lets the punch go within milliseconds. */
	if (wait_flag(&punch_done, 3000)) {
		printf("ok: the punch returned %.1f ms after the read completed\n",
		       now_ms() - t_release);
		return punch_err ? 3 : 0;
	}
	printf("BUG: the punch is still asleep %.0f ms after the O_DIRECT read that pinned "
	       "its page completed (the page is idle, the wakeup was lost)\n",
	       now_ms() - t_release);
	show_task(atomic_load(&punch_tid));
	/*
	 * 5. Proof that only the wakeup was lost: a signal wakes the sleeper,
	 * ___wait_var_event() rechecks the condition first, finds the page
	 * idle and the punch completes (or returns EINTR and is retried).
	 */
	pthread_kill(pt, SIGUSR1);
	if (wait_flag(&punch_done, 3000))
		printf("  woken by SIGUSR1 instead, the punch found the page idle and returned "
		       "at once (EINTR retries: %d)\n", atomic_load(&punch_eintr));
	else
		printf("  even the retried punch stays blocked: a leaked reference\n");
	return 1;
}
