// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dax-evict-busy-page: before the 6.15 ZONE_DEVICE refcount rework, the
 * last close of an unlinked DAX file frees its blocks while one of its
 * pages is still referenced, and another file can then get the block
 * while the old reference still reads (or, for DMA, writes) it.  This is
 * what daxrace's unlink mutator hits (vm/known-issues: evict-busy-page),
 * and the same missing wait as umount-busy-page, reached by unlink rather
 * than umount.
 *
 * A page of file F is vmspliced into a pipe that nobody drains yet; F is
 * unlinked and closed, and a second thread drops the last reference, F's
 * mapping (munmap).  6.15+ evicts F in that munmap and waits there, in
 * dax_break_layout_final() (0e2f80afcfa6 "fs/dax: ensure all pages are
 * idle prior to filesystem unmount" (v6.15)), until the pipe is drained.
 * 6.1 returns at once: ext4_evict_inode() and xfs's inode teardown go
 * straight to truncate_inode_pages_final(), which only warns, once per
 * boot, when dax_disassociate_entry() finds the page referenced
 * (WARN_ON_ONCE(trunc && page_ref_count(page) > 1)), and the blocks are
 * freed.  The free count (statvfs, after a sync) then shows F's block
 * free while the pipe still holds its page; we fill the filesystem with
 * file G and read the pipe: G's bytes there mean F's block went to G.
 * Debian 6.1.192, ext4 and xfs: munmap returns at once and the free count
 * rises by F's block; G did not get it in our runs (both keep their last
 * free blocks in reserve), so the pipe still read F.  Debian 7.3.4: the
 * munmap waits until the pipe is drained.
 *
 * usage: dax-evict-busy-page DAX-DIR [PARTNER]   (the partner is ignored)
 * exit: 0 the last munmap waited for the page (correct), 1 kernel bug (it
 *       returned with the page referenced), 3 setup failed
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
#include <unistd.h>

static char *map;
static long pg;
static atomic_bool unmapped;

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif

static int fail(const char *what)
{
	fprintf(stderr, "setup: %s: %s\n", what, strerror(errno));
	return 3;
}

/* The last reference: on 6.15+ this sleeps (uninterruptibly) in the
 * eviction until the page is idle. */
static void *drop_mapping(void *arg)
{
	(void)arg;
	munmap(map, pg);
	atomic_store(&unmapped, true);
	return NULL;
}

/* Let G take every free block: 1 MiB at a time, then page by page. */
static int fill_with_g(const char *path)
{
	size_t big = 1 << 20;
	char *g = malloc(big);
	off_t off = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || !g)
		return -1;
	memset(g, 'G', big);
	while (pwrite(fd, g, big, off) == (ssize_t)big)
		off += big;
	while (pwrite(fd, g, pg, off) == pg)
		off += pg;
	free(g);
	fsync(fd);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	char fpath[4096], gpath[4096], *pat, *got;
	struct statvfs before, after;
	struct iovec iov;
	pthread_t t;
	int fd, p[2];

	if (argc < 2) {
		fprintf(stderr, "usage: %s DAX-DIR [PARTNER]\n", argv[0]);
		return 2;
	}
	pg = sysconf(_SC_PAGESIZE);
	pat = malloc(pg);
	got = malloc(pg);
	if (!pat || !got)
		return fail("malloc");
	memset(pat, 'F', pg);

	/* 1. F's page goes into a pipe; F is unlinked and closed, still mapped. */
	snprintf(fpath, sizeof(fpath), "%s/evict-busy.F", argv[1]);
	fd = open(fpath, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || pwrite(fd, pat, pg, 0) != pg || fsync(fd))
		return fail(fpath);
	/* The page cache may free the blocks (the pipe keeps its own page),
	 * and step 3 fills the filesystem: DAX only. */
	{
		struct statx stx;

		if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx) ||
		    !(stx.stx_attributes & STATX_ATTR_DAX)) {
			fprintf(stderr, "setup: %s is not a DAX file\n", fpath);
			unlink(fpath);
			return 3;
		}
	}
	map = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED || pipe(p))
		return fail("mmap/pipe");
	iov.iov_base = map;
	iov.iov_len = pg;
	if (vmsplice(p[1], &iov, 1, 0) != pg)
		return fail("vmsplice");
	sync();
	if (statvfs(argv[1], &before))
		return fail("statvfs");
	if (unlink(fpath) || close(fd))
		return fail("unlink/close F");

	/* 2. The last reference goes in another thread: a correct kernel
	 *    keeps it there until we drain the pipe. */
	if (pthread_create(&t, NULL, drop_mapping, NULL))
		return fail("pthread_create");
	for (int i = 0; i < 50 && !atomic_load(&unmapped); i++)
		usleep(100000);
	if (!atomic_load(&unmapped)) {
		if (read(p[0], got, pg) != pg)
			return fail("drain the pipe");
		pthread_join(t, NULL);
		printf("ok: the last munmap of the unlinked file waited for the page referenced by the pipe and finished once it was drained\n");
		return 0;
	}
	pthread_join(t, NULL);
	printf("munmap of the unlinked file's last mapping returned at once although a pipe still references its page\n");

	/* 3. F's block is free once the freeing commits (ext4 reuses a
	 *    freed block only after its journal transaction, xfs after its
	 *    inode GC): sync, then let G take every free block. */
	sync();
	if (statvfs(argv[1], &after))
		return fail("statvfs");
	printf("free blocks: %llu before the unlink, %llu after the munmap and a sync, with the page still in the pipe\n",
	       (unsigned long long)before.f_bfree, (unsigned long long)after.f_bfree);
	snprintf(gpath, sizeof(gpath), "%s/evict-busy.G", argv[1]);
	if (fill_with_g(gpath))
		return fail(gpath);

	/* 4. What does the pipe hold now? */
	if (read(p[0], got, pg) != pg)
		return fail("read the pipe");
	unlink(gpath);
	if (got[0] == 'F' && !memcmp(got, got + 1, pg - 1)) {
		printf("BUG: the unlinked file was evicted while a page was referenced%s (the block was not reused this time: the pipe still reads F)\n",
		       after.f_bfree > before.f_bfree ? ", and its blocks went back to the free count" : "");
		return 1;
	}
	printf("BUG: the pipe, filled from F before its eviction, now reads '%c%c%c%c...': F's block was reused by another file while still referenced\n",
	       got[0], got[1], got[2], got[3]);
	return 1;
}
