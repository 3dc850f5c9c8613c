// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dax-write-vs-fault-warn: the smallest reproducer of the KLOG failure
 * "WARNING: fs/dax.c:452 dax_disassociate_entry" that daxrace reports in
 * free-running dio-write scenarios on Debian 7.3.4 (vm/known-issues:
 * dax-write-invalidate-mapped-warn).  The race is there since the 6.15 fsdax
 * refcount rework made mapped pages hold a reference; the warning fires for
 * order-0 pages only since 59eb73b98ae0 "dax: Factor out
 * dax_folio_reset_order() helper" (v7.1), before which dax_folio_put()
 * returned early for them.
 *
 * A write(2) to a DAX file that allocates blocks (the range was punched:
 * iomap returns IOMAP_F_NEW) calls invalidate_inode_pages2_range() over
 * that range from dax_iomap_iter() to drop hole (zero-page) entries.  For
 * DAX, invalidate_inode_pages2_range() deletes the clean entries first
 * (dax_invalidate_mapping_entry_sync -> __dax_invalidate_entry ->
 * dax_disassociate_entry -> dax_folio_put) and unmaps the page tables only
 * afterwards.  The write holds i_rwsem but not the invalidate lock, so a
 * concurrent read fault can see the block the write has just allocated and
 * map it (a real, clean entry) before the invalidation; since 6.15 a mapped
 * fsdax page holds a reference, and dax_folio_put() warns
 * WARN_ON_ONCE(folio_ref_count()) on it.  6.12 warned only for truncation
 * (trunc && refcount > 1), and mapped pages held no reference.
 *
 * Here one thread loops [punch the pages; pwrite them again] and another
 * loops [read one byte of each page through a MAP_SHARED mapping; drop the
 * mapping with MADV_DONTNEED], which is what daxrace's dio-write actor does
 * through GUP.  The kernel log is read from /dev/kmsg.  WARN_ON_ONCE fires
 * once per boot: run one filesystem per boot.
 *
 * Run in the VM:
 *   gcc -O2 -pthread -o /tmp/dax-write-vs-fault-warn \
 *       tests/repro/dax-write-vs-fault-warn.c
 *   daxrace-vm --kernel-package 7.3 --fs ext4 --exec /tmp/dax-write-vs-fault-warn
 *   daxrace-vm --kernel-package 7.3 --fs xfs --exec /tmp/dax-write-vs-fault-warn
 * or in "daxrace-vm --shell": dax-write-vs-fault-warn DIR [PARTNER, unused].
 * Expected (correct kernel, and 6.12): no warning in 5 s.
 * Observed on Debian 7.3.4, ext4 and xfs: the warning within a second, with
 * __dax_invalidate_entry / invalidate_inode_pages2_range / dax_iomap_rw in
 * its call trace.  Debian 6.18.15 and 6.12.117: no warning in 5 s.
 *
 * usage: dax-write-vs-fault-warn DAX-DIR [ANY]
 * exit: 0 no warning, 1 kernel bug: the warning was logged,
 *       2 usage, 3 setup failed (not DAX, no /dev/kmsg, warned already)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif

#define NPAGES 4
#define WARN_SITE "dax_disassociate_entry"

static long pg;
static char *map;
static atomic_int stop;

static void die3(const char *what)
{
	fprintf(stderr, "setup: %s: %s\n", what, strerror(errno));
	exit(3);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reads the kmsg records available now; prints and counts those that
 * name the warning site (and the call trace lines after it). */
static int scan_kmsg(int fd, int print)
{
	char rec[4096];
	int hits = 0, trace = 0;
	ssize_t n;

	while ((n = read(fd, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		char *msg;

		if (n < 0)
			continue; /* overwritten records: go on */
		rec[n] = '\0';
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		if (strstr(msg, "WARNING:") && strstr(msg, WARN_SITE)) {
			hits++;
			trace = 24;
		}
		if (print && trace > 0) {
			printf("  %s", msg);
			trace--;
		}
	}
	return hits;
}

static void *reader(void *arg)
{
	volatile char c;

	(void)arg;
	while (!atomic_load(&stop)) {
		for (int i = 0; i < NPAGES; i++)
			c = map[i * pg]; /* read fault: maps the block if allocated */
		(void)c;
		madvise(map, NPAGES * pg, MADV_DONTNEED);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct statx stx;
	char path[4096];
	pthread_t rt;
	double t0;
	char *src;
	long rounds = 0;
	int fd, kfd, hits = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s DAX-DIR [ANY]\n", argv[0]);
		return 2;
	}
	pg = sysconf(_SC_PAGESIZE);

	kfd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kfd < 0)
		die3("/dev/kmsg");
	if (scan_kmsg(kfd, 0)) {
		fprintf(stderr, "setup: this boot already logged the " WARN_SITE
			" warning (WARN_ON_ONCE): run one filesystem per boot\n");
		return 3;
	}

	snprintf(path, sizeof(path), "%s/dax-write-vs-fault-warn.victim", argv[1]);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		die3(path);
	src = malloc(NPAGES * pg);
	if (!src)
		die3("malloc");
	memset(src, 0x5a, NPAGES * pg);
	if (pwrite(fd, src, NPAGES * pg, 0) != NPAGES * pg || fsync(fd))
		die3("write the victim");
	if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx))
		die3("statx");
	if (!(stx.stx_attributes & STATX_ATTR_DAX)) {
		fprintf(stderr, "setup: %s is not DAX\n", path);
		return 3;
	}
	map = mmap(NULL, NPAGES * pg, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		die3("mmap");
	if (pthread_create(&rt, NULL, reader, NULL))
		die3("pthread_create");

	t0 = now_s();
	while (now_s() - t0 < 5.0) {
		/* A hole, then a write that allocates it again (IOMAP_F_NEW). */
		if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0,
			      NPAGES * pg))
			die3("punch");
		if (pwrite(fd, src, NPAGES * pg, 0) != NPAGES * pg)
			die3("pwrite");
		if (++rounds % 64 == 0 && (hits = scan_kmsg(kfd, 1)))
			break;
	}
	atomic_store(&stop, 1);
	pthread_join(rt, NULL);
	if (!hits)
		hits = scan_kmsg(kfd, 1);
	if (hits) {
		printf("BUG: the kernel warned in " WARN_SITE " after %ld punch+write rounds "
		       "(%.2f s) racing read faults\n", rounds, now_s() - t0);
		return 1;
	}
	printf("ok: no " WARN_SITE " warning in %ld punch+write rounds (%.2f s)\n",
	       rounds, now_s() - t0);
	return 0;
}
