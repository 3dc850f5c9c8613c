// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ns-hold: a constructed NAMESPACE violation for tests/vm/namespace.sh.
 * Run through daxrace-vm --exec, it leaves one page of a DAX file
 * referenced after it exits: the page is vmspliced into a pipe whose read
 * end a detached child keeps, undrained, forever, with the file closed and
 * unmapped.  umount and "ndctl disable-namespace" must then not finish in
 * time, and daxrace-vm must report NAMESPACE FAIL.
 *
 * usage: ns-hold DAX-DIR PARTNER (the partner is ignored)
 * exit 0 when the hold is in place, 3 when it could not be set up.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

static int fail(const char *what)
{
	perror(what);
	return 3;
}

int main(int argc, char **argv)
{
	char path[4096], *map;
	struct iovec iov;
	long pg = sysconf(_SC_PAGESIZE);
	int fd, p[2];
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DAX-DIR [PARTNER]\n", argv[0]);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/ns-hold", argv[1]);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return fail(path);
	if (ftruncate(fd, pg))
		return fail("ftruncate");
	map = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return fail("mmap");
	memset(map, 0x5a, pg);
	if (pipe(p))
		return fail("pipe");
	iov.iov_base = map;
	iov.iov_len = pg;
	/* The pipe buffer now references the DAX page itself (GUP). */
	if (vmsplice(p[1], &iov, 1, 0) != pg)
		return fail("vmsplice");
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		/* Keep only the pipe: no file, no mapping, so umount is not busy. */
		munmap(map, pg);
		close(fd);
		close(p[1]);
		setsid();
		for (;;)
			pause();
	}
	munmap(map, pg);
	close(fd);
	close(p[0]);
	close(p[1]);
	printf("ns-hold: page 0 of %s held by a pipe in pid %d\n", path, (int)pid);
	return 0;
}
