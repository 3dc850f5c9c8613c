// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dax-bio-mixed-pgmap: the smallest reproducer of the KLOG failure
 * "WARNING: block/bio.c:1258 bio_iov_iter_get_pages" that daxrace reports
 * on Debian 6.18.15 in the first dio-read or dio-write scenario of a boot
 * (vm/known-issues: bio-mixed-pgmap-warn).  No layout change is needed: an
 * O_DIRECT read or write whose user buffer holds an fsdax page (ZONE_DEVICE)
 * and an ordinary page is enough, which is what daxrace's buffer
 * [k pages of the DAX file][1 anonymous page] always is.
 *
 * 38446014648c "block: don't merge different kinds of P2P transfers in a
 * single bio" (v6.17) made bio_add_page() refuse (return 0) a page whose
 * zone_device_pages_have_same_pgmap() with the bio's last page is false:
 * one ZONE_DEVICE and one not, or two different pgmaps.  But
 * __bio_iov_iter_get_pages() (block/bio.c) treated a failing bio_add_folio()
 * as impossible: WARN_ON_ONCE(1) (bio.c:1258 in 6.18.15), ret = -EINVAL,
 * "goto out", which unpins the pages not added but skips
 * iov_iter_revert(iter, left).  bio_iov_iter_get_pages() then returns 0
 * because the bio holds some pages, so the caller submits a bio that is
 * shorter than what was taken from the iterator, and the iterator has
 * silently skipped the rest of that chunk.  12da89e8844a "block: open code
 * bio_add_page and fix handling of mismatching P2P ranges" (v7.0) ends the
 * bio at the boundary and reverts the iterator instead.
 *
 * Three steps, on the partner block device (its data is scratch):
 *  1. O_DIRECT pwrite of [1 DAX page][1 anonymous page]: the daxrace case.
 *     One bio: on 6.17..6.19 the WARN (once per boot), a 1-page bio, and
 *     blkdev_write_iter() writes the skipped page through the page cache;
 *     the data ends up right.
 *  2. O_DIRECT pwrite of [1 DAX page][NANON anonymous pages], more than
 *     BIO_MAX_VECS (256) pages, so __blkdev_direct_IO() builds several
 *     bios: the first bio carries the DAX page only, the iterator has
 *     skipped pages 1..255, and the second bio writes user pages 256.. to
 *     disk pages 1..  Expected: disk page i holds user page i.
 *  3. The same as an O_DIRECT pread: user pages 1.. are never filled.
 *  Read back through a plain O_DIRECT buffer and compare page by page; the
 *  kernel log is read from /dev/kmsg.
 *
 * Run in the VM:
 *   gcc -O2 -o /tmp/dax-bio-mixed-pgmap tests/repro/dax-bio-mixed-pgmap.c
 *   daxrace-vm --kernel-package 6.18 --fs ext4,xfs --exec /tmp/dax-bio-mixed-pgmap
 * or in "daxrace-vm --shell": dax-bio-mixed-pgmap DIR PARTNER.
 * Expected (correct kernel): no warning, every page where it belongs.
 * Observed on Debian 6.18.15, ext4 and xfs: step 1 gives the warning
 * (bio.c:1258, from __blkdev_direct_IO_simple <- blkdev_write_iter) and
 * correct data; step 2 returns success with disk pages 1..44 holding user
 * pages 256..299; step 3 returns success with user pages 1..44 never
 * written.  Debian 6.12.117 and 7.3.4 (ext4 and xfs), 6.1.192 (ext4): ok.
 * WARN_ON_ONCE prints once per boot, so on the second filesystem of a boot
 * only the data checks can fail (they do, on 6.18.15).
 *
 * usage: dax-bio-mixed-pgmap DAX-DIR BLOCK-DEVICE
 * exit: 0 correct kernel, 1 kernel bug (the warning, or misplaced data),
 *       2 usage, 3 setup failed (not DAX, partner too small, ...)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif

#define WARN_FN "bio_iov_iter_get_pages"
#define NANON 299		/* 1 + 299 pages: two bios of <= 256 vecs */
#define NPAGES (1 + NANON)
#define MAGIC 0x646d7870u	/* "pxmd" */

static long pg;

static void die3(const char *what)
{
	fprintf(stderr, "setup: %s: %s\n", what, strerror(errno));
	exit(3);
}

/* Every 8-byte word of a page: MAGIC, the pass, and the page index. */
static void fill(char *p, uint32_t pass, uint32_t idx)
{
	uint64_t w = (uint64_t)MAGIC << 32 | (uint64_t)(pass & 0xff) << 24 | idx;

	for (long o = 0; o < pg; o += 8)
		memcpy(p + o, &w, 8);
}

/* Which page of which pass this is, or -1 if it is none of ours. */
static long tag_of(const char *p, uint32_t *pass)
{
	uint64_t w;

	memcpy(&w, p, 8);
	if ((uint32_t)(w >> 32) != MAGIC)
		return -1;
	for (long o = 8; o < pg; o += 8)
		if (memcmp(p + o, &w, 8))
			return -1;
	*pass = (w >> 24) & 0xff;
	return (long)(w & 0xffffff);
}

static int scan_kmsg(int fd, int print)
{
	char rec[4096];
	int hits = 0, trace = 0;
	ssize_t n;

	while ((n = read(fd, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		char *msg;

		if (n < 0)
			continue;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		if (strstr(msg, "WARNING:") && strstr(msg, WARN_FN)) {
			hits++;
			trace = 26;
		}
		if (print && trace > 0) {
			printf("  %s", msg);
			trace--;
		}
	}
	return hits;
}

/* Compares npages pages of got with what pass/expected index says. */
static int compare(const char *what, const char *got, long npages, uint32_t pass)
{
	int bad = 0;

	for (long i = 0; i < npages; i++) {
		uint32_t p = 0;
		long t = tag_of(got + i * pg, &p);

		if (t == i && p == pass)
			continue;
		if (bad < 4) {
			if (t < 0)
				printf("  %s: page %ld holds none of our tags\n", what, i);
			else
				printf("  %s: page %ld holds page %ld of pass %u (want page %ld of pass %u)\n",
				       what, i, t, p, i, pass);
		}
		bad++;
	}
	if (bad)
		printf("  %s: %d of %ld pages misplaced\n", what, bad, npages);
	return bad;
}

int main(int argc, char **argv)
{
	char path[4096];
	struct statx stx;
	uint64_t devsize = 0;
	char *region, *check;
	off_t off1, off2, off3;
	ssize_t n;
	int vfd, bfd, kfd, warned_before, warns = 0, bad = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s DAX-DIR BLOCK-DEVICE\n", argv[0]);
		return 2;
	}
	pg = sysconf(_SC_PAGESIZE);

	kfd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kfd < 0)
		die3("/dev/kmsg");
	warned_before = scan_kmsg(kfd, 0);
	if (warned_before)
		printf("note: this boot already logged the " WARN_FN " warning (WARN_ON_ONCE): "
		       "only the data checks can fail here\n");

	bfd = open(argv[2], O_RDWR | O_DIRECT);
	if (bfd < 0)
		die3(argv[2]);
	if (ioctl(bfd, BLKGETSIZE64, &devsize))
		die3("BLKGETSIZE64");
	off1 = 8L << 20;
	off2 = off1 + 2 * pg;
	off3 = off2 + 2L * NPAGES * pg;
	if ((uint64_t)(off3 + NPAGES * pg) > devsize) {
		fprintf(stderr, "setup: %s is too small\n", argv[2]);
		return 3;
	}

	snprintf(path, sizeof(path), "%s/dax-bio-mixed-pgmap.victim", argv[1]);
	vfd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (vfd < 0)
		die3(path);
	check = aligned_alloc(pg, (size_t)NPAGES * pg);
	if (!check)
		die3("aligned_alloc");
	fill(check, 0, 0);
	if (pwrite(vfd, check, pg, 0) != pg || fsync(vfd))
		die3("write the DAX file");
	if (statx(vfd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx))
		die3("statx");
	if (!(stx.stx_attributes & STATX_ATTR_DAX)) {
		fprintf(stderr, "setup: %s is not DAX\n", path);
		return 3;
	}

	/* [page 0 of the DAX file][NANON private anonymous pages] */
	region = mmap(NULL, (size_t)NPAGES * pg, PROT_NONE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (region == MAP_FAILED)
		die3("mmap reserve");
	if (mmap(region, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, vfd, 0) == MAP_FAILED)
		die3("mmap the DAX file");
	if (mmap(region + pg, (size_t)NANON * pg, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
		die3("mmap anonymous");

	/* 1. Two pages, one bio: what daxrace's dio actors do. */
	for (long i = 0; i < 2; i++)
		fill(region + i * pg, 1, i);
	n = pwrite(bfd, region, 2 * pg, off1);
	if (n != 2 * pg)
		printf("  2-page O_DIRECT pwrite returned %zd (%s), want %ld\n", n,
		       n < 0 ? strerror(errno) : "short", 2 * pg);
	warns = scan_kmsg(kfd, 1);
	if (warns)
		printf("BUG: an O_DIRECT pwrite of [1 fsdax page][1 anonymous page] to %s "
		       "made the kernel warn in " WARN_FN "\n", argv[2]);
	memset(check, 0, 2 * pg);
	if (pread(bfd, check, 2 * pg, off1) != 2 * pg)
		die3("read back step 1");
	bad += compare("2-page pwrite, disk", check, 2, 1);

	/* 2. NPAGES pages, several bios: the iterator skips the rest of the
	 *    first chunk and later pages land at the wrong disk offsets. */
	for (long i = 0; i < NPAGES; i++)
		fill(region + i * pg, 2, i);
	n = pwrite(bfd, region, (size_t)NPAGES * pg, off2);
	if (n != (ssize_t)NPAGES * pg)
		printf("  %d-page O_DIRECT pwrite returned %zd (%s)\n", NPAGES, n,
		       n < 0 ? strerror(errno) : "short");
	memset(check, 0, (size_t)NPAGES * pg);
	if (pread(bfd, check, (size_t)NPAGES * pg, off2) != (ssize_t)NPAGES * pg)
		die3("read back step 2");
	bad += compare("300-page pwrite, disk", check, NPAGES, 2);

	/* 3. The same as a read: put pass 3 on the disk through a plain
	 *    buffer, stale pass 4 tags in ours, and read into ours. */
	for (long i = 0; i < NPAGES; i++)
		fill(check + i * pg, 3, i);
	if (pwrite(bfd, check, (size_t)NPAGES * pg, off3) != (ssize_t)NPAGES * pg)
		die3("write step 3's data");
	for (long i = 0; i < NPAGES; i++)
		fill(region + i * pg, 4, i);
	n = pread(bfd, region, (size_t)NPAGES * pg, off3);
	if (n != (ssize_t)NPAGES * pg)
		printf("  %d-page O_DIRECT pread returned %zd (%s)\n", NPAGES, n,
		       n < 0 ? strerror(errno) : "short");
	bad += compare("300-page pread, user buffer", region, NPAGES, 3);

	warns += scan_kmsg(kfd, 1);
	if (bad)
		printf("BUG: O_DIRECT with [1 fsdax page][%d anonymous pages] put %d pages "
		       "at the wrong place (the calls reported success)\n", NANON, bad);
	if (warns || bad)
		return 1;
	if (warned_before) {
		/* Only an earlier O_DIRECT of this boot can have logged it. */
		printf("BUG: the " WARN_FN " warning was logged earlier in this boot; "
		       "every page here is where it belongs\n");
		return 1;
	}
	printf("ok: no " WARN_FN " warning, every page where it belongs "
	       "(2-page and %d-page O_DIRECT pwrite, %d-page pread)\n", NPAGES, NPAGES);
	return 0;
}
