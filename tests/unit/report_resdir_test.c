// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The run directory: named by UTC time and seed, never reused (a second
 * run in the same second gets "-2"), base created when missing, a symlink
 * as base refused, and files saved whole through a temporary name.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "results/output.h"
#include "tap.h"

static int fill(FILE *f, void *ctx)
{
	return fputs(ctx, f) < 0 ? -EIO : 0;
}

static int fail_fill(FILE *f, void *ctx)
{
	fputs("partial", f);
	return -ENOSPC;
}

int main(void)
{
	char tmpl[] = "/tmp/report_resdir_test.XXXXXX", base[4200], link[4200];
	char p1[4300], p2[4300], p3[4400], buf[64] = "";
	struct timespec when = { 1795763700, 0 }; /* 2026-11-27 07:15:00 UTC */
	int fd1, fd2, fd3, n;
	FILE *f;

	tap_plan(9);
	if (!mkdtemp(tmpl))
		return 1;
	snprintf(base, sizeof(base), "%s/results", tmpl);
	fd1 = dr_results_dir_create(base, &when, 1234, p1, sizeof(p1));
	tap_ok(fd1 >= 0 && !strcmp(p1 + strlen(base), "/20261127-071500-s1234"),
	       "base created, directory named by time and seed: %s", p1);
	fd2 = dr_results_dir_create(base, &when, 1234, p2, sizeof(p2));
	tap_ok(fd2 >= 0 && !strcmp(p2 + strlen(base), "/20261127-071500-s1234-2"),
	       "same second and seed: a new directory %s", p2);
	fd3 = dr_results_dir_create(base, &when, 99, p3, sizeof(p3));
	tap_ok(fd3 >= 0 && strstr(p3, "-s99"), "another seed, another name");

	tap_ok(!dr_save_file(fd1, "result.tap", fill, (void *)(uintptr_t)"TAP version 13\n"),
	       "save a file");
	snprintf(p3, sizeof(p3), "%s/result.tap", p1);
	f = fopen(p3, "r");
	n = f ? (int)fread(buf, 1, sizeof(buf) - 1, f) : -1;
	if (f)
		fclose(f);
	tap_ok(n > 0 && !strcmp(buf, "TAP version 13\n"), "content whole");
	tap_ok(dr_save_file(fd1, "result.json", fail_fill, NULL) == -ENOSPC &&
	       faccessat(fd1, "result.json", F_OK, 0) && errno == ENOENT,
	       "a failed write leaves no file");
	tap_ok(rmdir(p1) && errno == ENOTEMPTY && !unlinkat(fd1, "result.tap", 0) &&
	       !rmdir(p1), "and no temporary file either");

	snprintf(link, sizeof(link), "%s/link", tmpl);
	if (symlink(base, link))
		return 1;
	tap_ok(dr_results_dir_create(link, &when, 1, p3, sizeof(p3)) == -ELOOP,
	       "a symlink as base is refused");
	snprintf(p3, sizeof(p3), "%s/missing/results", tmpl);
	tap_ok(dr_results_dir_create(p3, &when, 1, p3, sizeof(p3)) == -ENOENT,
	       "a missing parent is an error");

	close(fd1);
	close(fd2);
	close(fd3);
	rmdir(p2);
	snprintf(p3, sizeof(p3), "%s/20261127-071500-s99", base);
	rmdir(p3);
	rmdir(base);
	unlink(link);
	rmdir(tmpl);
	return tap_exit();
}
