// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Finds the result.json files below a results directory, for "daxrace
 * report DIR" on any directory daxrace or daxrace-vm wrote.  Only the
 * names are collected here; reading each one stays bounded in
 * dr_input_read().
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "results/find_results.h"

static int add(struct dr_found *found, const char *path)
{
	char **p;

	if (found->n >= DR_FIND_MAX_RESULTS)
		return -E2BIG;
	p = realloc(found->paths, (found->n + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	found->paths = p;
	p[found->n] = strdup(path);
	if (!p[found->n])
		return -ENOMEM;
	found->n++;
	return 0;
}

/* dfd is owned (closed) here. */
static int walk(int dfd, const char *path, int depth, struct dr_found *found)
{
	struct dirent *de;
	struct stat st;
	char sub[4096];
	DIR *d;
	int ret = 0;

	d = fdopendir(dfd);
	if (!d) {
		ret = -errno;
		close(dfd);
		return ret;
	}
	while (!ret && (de = readdir(d))) {
		int fd;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW))
			continue; /* gone meanwhile */
		if (snprintf(sub, sizeof(sub), "%s%s%s", path,
			     path[strlen(path) - 1] == '/' ? "" : "/",
			     de->d_name) >= (int)sizeof(sub))
			continue;
		if (S_ISREG(st.st_mode) && !strcmp(de->d_name, "result.json")) {
			ret = add(found, sub);
			continue;
		}
		if (!S_ISDIR(st.st_mode) || depth >= DR_FIND_MAX_DEPTH)
			continue;
		fd = openat(dirfd(d), de->d_name,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue; /* unreadable: not ours to report */
		ret = walk(fd, sub, depth + 1, found);
	}
	closedir(d);
	return ret;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int dr_find_results(const char *dir, struct dr_found *found)
{
	int fd, ret;

	found->paths = NULL;
	found->n = 0;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = walk(fd, dir, 1, found);
	if (ret) {
		dr_found_free(found);
		return ret;
	}
	/* qsort's array must not be NULL, even with no element to sort. */
	if (found->n)
		qsort(found->paths, found->n, sizeof(*found->paths), cmp);
	return 0;
}

void dr_found_free(struct dr_found *found)
{
	for (size_t i = 0; i < found->n; i++)
		free(found->paths[i]);
	free(found->paths);
	found->paths = NULL;
	found->n = 0;
}
