// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dax-umount-busy-page: before the 6.15 ZONE_DEVICE refcount rework, a
 * DAX filesystem can be unmounted while one of its pages is still
 * referenced, and the block is then reused by another file while the old
 * reference still reads (or, for DMA, writes) it.
 *
 * A page of file F is vmspliced into a pipe that nobody drains; F is closed
 * and unmapped.  Then the filesystem is unmounted.  6.15+ waits in
 * dax_break_layout_final() at inode eviction (0e2f80afcfa6 "fs/dax: ensure
 * all pages are idle prior to filesystem unmount" (v6.15)), so umount
 * blocks until the pipe is drained.  6.1 and 6.12 return at once: nothing
 * waits for fsdax pages at eviction; they only warn, once per boot, when
 * truncate_inode_pages_final() deletes the entry (dax_disassociate_entry():
 * WARN_ON_ONCE(trunc && page_ref_count(page) > 1)).  We then mount again, delete F, fill the filesystem
 * with file G, and read the pipe: it returns G's bytes, not F's -- the
 * block was handed to G while the pipe still referenced it.
 *
 * usage: dax-umount-busy-page DAX-DIR [PARTNER]   (DAX-DIR on a mount point
 *        one level up, as daxrace-vm makes it; the partner is ignored)
 * exit: 0 umount waited for the page (correct), 1 kernel bug (the pipe
 *       reads another file's data, or umount returned with the page
 *       referenced), 3 setup failed
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static int fail(const char *what)
{
	fprintf(stderr, "setup: %s: %s\n", what, strerror(errno));
	return 3;
}

/* The source device, type and options of the mount at mnt. */
static int find_mount(const char *mnt, char *dev, char *type, char *opts)
{
	char line[1024], m[512];
	FILE *f = fopen("/proc/mounts", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%255s %511s %31s %255s", dev, m, type, opts) == 4 &&
		    !strcmp(m, mnt)) {
			fclose(f);
			return 0;
		}
	}
	if (f)
		fclose(f);
	return -1;
}

int main(int argc, char **argv)
{
	char dirbuf[4096], fpath[4096], gpath[4096], dev[256], type[32], opts[256];
	char *mnt, *map, *pat, *got;
	long pg = sysconf(_SC_PAGESIZE);
	struct iovec iov;
	int fd, p[2], status;
	pid_t um;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DAX-DIR [PARTNER]\n", argv[0]);
		return 2;
	}
	snprintf(dirbuf, sizeof(dirbuf), "%s", argv[1]);
	mnt = dirname(dirbuf);
	if (find_mount(mnt, dev, type, opts)) {
		fprintf(stderr, "setup: %s is not a mount point\n", mnt);
		return 3;
	}
	pat = malloc(pg);
	got = malloc(pg);
	if (!pat || !got)
		return fail("malloc");
	memset(pat, 'F', pg);

	/* 1. F's page goes into a pipe; F is closed and unmapped. */
	snprintf(fpath, sizeof(fpath), "%s/umount-busy.F", argv[1]);
	fd = open(fpath, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || pwrite(fd, pat, pg, 0) != pg || fsync(fd))
		return fail(fpath);
	map = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED || pipe(p))
		return fail("mmap/pipe");
	iov.iov_base = map;
	iov.iov_len = pg;
	if (vmsplice(p[1], &iov, 1, 0) != pg)
		return fail("vmsplice");
	munmap(map, pg);
	close(fd);

	/* 2. Unmount, in a child: a correct kernel blocks it until we drain. */
	if (chdir("/"))
		return fail("chdir");
	um = fork();
	if (um == 0)
		_exit(umount(mnt) ? 1 : 0);
	for (int i = 0; i < 50; i++) {
		if (waitpid(um, &status, WNOHANG) == um)
			goto unmounted;
		usleep(100000);
	}
	/* Still blocked after 5 s: it waits for our page.  Release it. */
	if (read(p[0], got, pg) != pg)
		return fail("drain the pipe");
	waitpid(um, &status, 0);
	printf("ok: umount waited for the page referenced by the pipe and finished once it was drained\n");
	if (mount(dev, mnt, type, 0, strstr(opts, "dax=inode") ? "dax=inode" : "dax=always"))
		return fail("mount again");
	return 0;

unmounted:
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "setup: umount %s failed\n", mnt);
		return 3;
	}
	printf("umount returned at once although a pipe still references a page of %s\n", fpath);

	/* 3. Mount again, free F's block, let G take every free block. */
	if (mount(dev, mnt, type, 0, strstr(opts, "dax=inode") ? "dax=inode" : "dax=always"))
		return fail("mount again");
	if (unlink(fpath))
		return fail("unlink F");
	sync();
	snprintf(gpath, sizeof(gpath), "%s/umount-busy.G", argv[1]);
	fd = open(gpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return fail(gpath);
	{
		size_t big = 1 << 20;
		char *g = malloc(big);
		off_t off = 0;

		if (!g)
			return fail("malloc");
		memset(g, 'G', big);
		/* 1 MiB at a time, then page by page: until ENOSPC */
		while (pwrite(fd, g, big, off) == (ssize_t)big)
			off += big;
		while (pwrite(fd, g, pg, off) == pg)
			off += pg;
		free(g);
	}
	fsync(fd);
	close(fd);

	/* 4. What does the pipe hold now? */
	if (read(p[0], got, pg) != pg)
		return fail("read the pipe");
	unlink(gpath);
	if (got[0] == 'F' && !memcmp(got, got + 1, pg - 1)) {
		printf("BUG: umount returned while the page was referenced (the block was not "
		       "reused this time: the pipe still reads F)\n");
		return 1;
	}
	printf("BUG: the pipe, filled from F before umount, now reads '%c%c%c%c...': "
	       "F's block was reused by another file while still referenced\n",
	       got[0], got[1], got[2], got[3]);
	return 1;
}
