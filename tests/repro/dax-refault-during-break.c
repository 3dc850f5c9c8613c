// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dax-refault-during-break: the smallest reproducer of the LIVE failure
 * daxrace reports in free-running mode (--stall none) on kernels with the
 * 6.15 fsdax refcount rework (vm/known-issues: dax-break-layout-refault).
 *
 * Since 38607c62b34b "fs/dax: properly refcount fs dax pages" (v6.15) a
 * mapped fsdax page holds a page reference for each mapping, and a layout change (punch, zero
 * range, truncate) waits in dax_break_layout() until the page it found busy
 * reaches refcount 0: ___wait_var_event(page, dax_page_is_idle(page),
 * TASK_INTERRUPTIBLE, ..., cb(inode)), woken only by wake_up_var() in
 * free_zone_device_folio() when the count hits 0.  The callback
 * (ext4_wait_dax_page / xfs_wait_dax_page) drops the invalidate lock /
 * XFS_MMAPLOCK around schedule(), so a page fault can map the page again
 * while the change waits.  Once the pin is gone the page is idle in every
 * sense but one: our own mapping keeps it at refcount 1, no wakeup ever
 * comes, and the change never goes back to dax_layout_busy_page_range() to
 * unmap it again.  Before 6.15 a mapped DAX page held no reference (idle =
 * refcount 1, woken from put_devmap_managed_page_refs()), so the re-fault
 * was harmless: the wakeup came, the re-scan unmapped the page again.
 *
 * Steps, made deterministic with userfaultfd like dax-bio-lost-wakeup:
 *  1. O_DIRECT read from a block device into [1 DAX page][1 anonymous page
 *     registered MISSING]: GUP pins the DAX page, then stops on the uffd
 *     page with the pin held.
 *  2. A hole punch over the DAX page unmaps it and sleeps in the
 *     layout-break wait (checked: still blocked after 500 ms).
 *  3. The application touches its mapping of that page (a plain read: any
 *     thread of a program may do so while another one punches).  The fault
 *     maps the page again: the punch dropped the lock to sleep.
 *  4. We resolve the uffd fault; the read completes and unpins the page.
 *  Expected (correct kernel, and 6.12): the punch returns within ms.
 *  Observed on 6.15+ (Debian 7.3.4): the punch sleeps on in state S with
 *  nothing pinning the page; MADV_DONTNEED of our own mapping (the last
 *  reference) wakes it and it completes at once.
 *
 * Run in the VM (the fs is mounted DAX, PARTNER is the virtio partner disk):
 *   gcc -O2 -pthread -o /tmp/dax-refault-during-break \
 *       tests/repro/dax-refault-during-break.c
 *   daxrace-vm --kernel-package 7.3 --fs ext4,xfs \
 *       --exec /tmp/dax-refault-during-break
 * or by hand in "daxrace-vm --shell": dax-refault-during-break DIR PARTNER.
 *
 * usage: dax-refault-during-break DAX-DIR BLOCK-DEVICE
 * exit: 0 the punch returned once the read was done (correct kernel)
 *       1 kernel bug: the punch slept on with only a mapping left
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
static atomic_int punch_done;
static atomic_int punch_tid;
static int punch_err;
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

static void *reader(void *arg)
{
	(void)arg;
	read_ret = pread(bfd, buf, 2 * pg, 0);
	return NULL;
}

static void *puncher(void *arg)
{
	(void)arg;
	atomic_store(&punch_tid, (int)syscall(SYS_gettid));
	if (fallocate(vfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, pg))
		punch_err = errno;
	atomic_store(&punch_done, 1);
	return NULL;
}

static void show_task(int tid)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	f = fopen(path, "r");
	if (f && fgets(line, sizeof(line), f)) {
		char *p = strrchr(line, ')');

		printf("  state: %c\n", p && p[1] && p[2] ? p[2] : '?');
	}
	if (f)
		fclose(f);
	snprintf(path, sizeof(path), "/proc/self/task/%d/stack", tid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		printf("  %s", line);
	if (f)
		fclose(f);
}

static int wait_flag(atomic_int *flag, int ms)
{
	for (int i = 0; i < ms; i++) {
		if (atomic_load(flag))
			return 1;
		usleep(1000);
	}
	return atomic_load(flag);
}

/* Is the page at addr present in our page tables? (/proc/self/pagemap) */
static int page_present(void *addr)
{
	unsigned long long e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return -1;
	if (pread(fd, &e, sizeof(e), (off_t)((unsigned long)addr / pg) * 8) != sizeof(e))
		e = 0;
	close(fd);
	return !!(e >> 63);
}

int main(int argc, char **argv)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;
	struct uffdio_copy copy;
	struct uffd_msg msg;
	struct statx stx;
	struct pollfd pfd;
	pthread_t rt, pt;
	char path[4096];
	char *src;
	double t_release;
	volatile char c;
	int uffd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s DAX-DIR BLOCK-DEVICE\n", argv[0]);
		return 2;
	}
	pg = sysconf(_SC_PAGESIZE);

	snprintf(path, sizeof(path), "%s/dax-refault-during-break.victim", argv[1]);
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

	/* 2. The punch must wait for the pinned page (and unmapped it). */
	if (pthread_create(&pt, NULL, puncher, NULL))
		die3("pthread_create");
	if (wait_flag(&punch_done, 500)) {
		printf("BUG: the punch returned (error %d) while the page was pinned\n",
		       punch_err);
		return 1;
	}
	printf("the punch waits for the pinned page; our mapping of it is %s\n",
	       page_present(buf) == 1 ? "still present (?)" : "gone (unmapped by the punch)");

	/* 3. Touch our own mapping: a read fault maps the page again. */
	c = buf[0];
	(void)c;
	printf("touched it: mapping %s\n",
	       page_present(buf) == 1 ? "present again (re-faulted while the punch sleeps)" :
					"still absent");

	/* 4. Resolve the uffd fault: the bio completes and unpins the page. */
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

	if (wait_flag(&punch_done, 3000)) {
		printf("ok: the punch returned %.1f ms after the read completed\n",
		       now_ms() - t_release);
		return punch_err ? 3 : 0;
	}
	printf("BUG: the punch is still asleep %.0f ms after the O_DIRECT read that pinned "
	       "its page completed; the only reference left is our own mapping\n",
	       now_ms() - t_release);
	show_task(atomic_load(&punch_tid));

	/* 5. Proof: drop our mapping, the page reaches 0, the wakeup comes. */
	t_release = now_ms();
	madvise(buf, pg, MADV_DONTNEED);
	if (wait_flag(&punch_done, 3000))
		printf("  MADV_DONTNEED of our own mapping released it: the punch returned "
		       "%.1f ms later (error %d)\n", now_ms() - t_release, punch_err);
	else
		printf("  still blocked after unmapping: something else holds the page\n");
	return 1;
}
