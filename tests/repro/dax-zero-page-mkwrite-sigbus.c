// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dax-zero-page-mkwrite-sigbus: the smallest reproducer of the GUPFAIL
 * failure "free-running populate (MADV_POPULATE_WRITE) failed with Bad
 * address on a mapped fsdax range" that daxrace reports on Debian 6.18.15
 * and 7.3.4 (vm/known-issues: dax-zero-page-mkwrite-sigbus): a write fault
 * on a MAP_SHARED DAX mapping that the kernel answers with VM_FAULT_SIGBUS.
 * A store instead of MADV_POPULATE_WRITE takes the same fault and gets
 * SIGBUS.
 *
 * A read fault over a hole maps the shared zero page (dax_load_hole(): a
 * zero-page entry in the mapping and the zero pfn in the PTE).  A write(2)
 * that allocates the hole (IOMAP_F_NEW) calls invalidate_inode_pages2_range()
 * from dax_iomap_iter(); for DAX that deletes the zero-page entry first and
 * unmaps the PTEs only afterwards (mm/truncate.c), holding i_rwsem but not
 * the invalidate lock or MMAPLOCK that faults take.  A write fault in
 * between (do_wp_page -> wp_pfn_shared -> ->pfn_mkwrite -> dax_iomap_fault)
 * finds no entry, so dax_insert_entry() has no zero page to unmap, and maps
 * the block the write allocated with vmf_insert_page_mkwrite() while the
 * PTE still holds the zero pfn.  insert_page_into_pte_locked()
 * (mm/memory.c) returns -EFAULT for a present PTE of another pfn ("see
 * insert_pfn()", warning only when that pfn is not the zero page), and
 * vmf_insert_page_mkwrite() turns -EFAULT into VM_FAULT_SIGBUS.  The
 * insert_pfn() it refers to, which fsdax used before 6.15
 * (vmf_insert_mixed_mkwrite()), skips the update for the same race ("we
 * are likely racing with block allocation and mapping invalidation so
 * just skip the update") and returns VM_FAULT_NOPAGE: the fault is retried.
 *
 * Here one thread loops [punch the pages; pwrite them again] and another
 * loops [MADV_POPULATE_READ; MADV_POPULATE_WRITE] over a MAP_SHARED mapping
 * of them, as daxrace's populate actor does.
 *
 * Run in the VM:
 *   gcc -O2 -pthread -o /tmp/dax-zero-page-mkwrite-sigbus \
 *       tests/repro/dax-zero-page-mkwrite-sigbus.c
 *   daxrace-vm --kernel-package 7.3 --exec /tmp/dax-zero-page-mkwrite-sigbus
 * or in "daxrace-vm --shell": dax-zero-page-mkwrite-sigbus DIR [PARTNER, unused].
 * Expected (correct kernel): no EFAULT in 10 s.
 * Observed: EFAULT on Debian 7.3.4 (ext4 after 3.1 s, xfs 0.35 s) and
 * 6.18.15 (ext4 0.5 s; xfs once not in 5 s, once after 7.1 s); Debian
 * 6.12.117, ext4 and xfs: none in 5 s.
 *
 * usage: dax-zero-page-mkwrite-sigbus DAX-DIR [ANY]
 * exit: 0 no spurious fault, 1 kernel bug: a write fault failed with EFAULT,
 *       2 usage, 3 setup failed (not DAX, no MADV_POPULATE_WRITE)
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
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define NPAGES 4

static long pg;
static char *map;
static atomic_int stop;
static atomic_long faults, efaults;

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

static void *faulter(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop)) {
		/* The read maps the zero page over whatever is a hole now. */
		madvise(map, NPAGES * pg, MADV_POPULATE_READ);
		if (madvise(map, NPAGES * pg, MADV_POPULATE_WRITE) && errno == EFAULT) {
			atomic_fetch_add(&efaults, 1);
			atomic_store(&stop, 1);
		}
		atomic_fetch_add(&faults, 1);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct statx stx;
	char path[4096];
	pthread_t ft;
	double t0;
	char *src;
	long rounds = 0;
	int fd;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s DAX-DIR [ANY]\n", argv[0]);
		return 2;
	}
	pg = sysconf(_SC_PAGESIZE);

	snprintf(path, sizeof(path), "%s/dax-zero-page-mkwrite-sigbus.victim", argv[1]);
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
	map = mmap(NULL, NPAGES * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		die3("mmap");
	if (madvise(map, NPAGES * pg, MADV_POPULATE_WRITE))
		die3("MADV_POPULATE_WRITE (5.14+)");
	if (pthread_create(&ft, NULL, faulter, NULL))
		die3("pthread_create");

	t0 = now_s();
	while (!atomic_load(&stop) && now_s() - t0 < 10.0) {
		/* A hole, then a write that allocates it again (IOMAP_F_NEW). */
		if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0,
			      NPAGES * pg))
			die3("punch");
		if (pwrite(fd, src, NPAGES * pg, 0) != NPAGES * pg)
			die3("pwrite");
		rounds++;
	}
	atomic_store(&stop, 1);
	pthread_join(ft, NULL);
	if (atomic_load(&efaults)) {
		printf("BUG: MADV_POPULATE_WRITE failed with EFAULT (VM_FAULT_SIGBUS) on a mapped "
		       "DAX range after %ld punch+write rounds and %ld populate rounds (%.2f s)\n",
		       rounds, atomic_load(&faults), now_s() - t0);
		return 1;
	}
	printf("ok: no spurious write fault in %ld punch+write rounds and %ld populate rounds (%.2f s)\n",
	       rounds, atomic_load(&faults), now_s() - t0);
	return 0;
}
