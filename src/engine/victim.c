// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/util.h"
#include "engine/priv.h"

/*
 * The victim V: block 0 is an anchor that no round touches (a canary for
 * corruption outside the window), blocks 1..k are the window whose pages
 * the actor's I/O pins.  The window is mapped MAP_SHARED|MAP_FIXED over a
 * reserved anonymous region, followed by one private anonymous page: the
 * layout [k pages of V][uffd page] that DESIGN.md section 2 measured to
 * hold the pins (the GUP fast path pins the leading present pages, the slow
 * path faults the rest keeping them pinned, then sleeps in the uffd fault).
 * Plain mmap rather than libpmem2: pmem2 chooses its own address, and the
 * window must sit right before the anonymous page.
 */
#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif

static void fill_window(struct dr_victim *v, uint64_t gen)
{
	for (unsigned int i = 0; i < v->k; i++)
		dr_tag_fill((char *)v->fill + (size_t)i * DR_BLOCK_SIZE,
			    v->file_id, 1 + i, gen, v->writer);
}

int dr_victim_create(struct dr_victim *v, struct dr_workdir *wd,
		     const char *name, uint32_t file_id, uint32_t writer,
		     unsigned int k, const struct dr_placement *pl)
{
	size_t win = (size_t)k * DR_PAGE_SIZE;
	void *anchor = NULL, *p;
	ssize_t n;
	int ret;

	memset(v, 0, sizeof(*v));
	v->fd = -1;
	v->k = k;
	v->file_id = file_id;
	v->writer = writer;
	v->size = (uint64_t)(1 + k) * DR_PAGE_SIZE;
	dr_strlcpy(v->name, name, sizeof(v->name));
	if (posix_memalign(&v->fill, DR_PAGE_SIZE, win) ||
	    posix_memalign(&anchor, DR_PAGE_SIZE, DR_PAGE_SIZE)) {
		ret = -ENOMEM;
		goto err;
	}
	v->fd = dr_workdir_open(wd, name, O_RDWR | O_CREAT);
	if (v->fd < 0) {
		ret = v->fd;
		goto err;
	}
	dr_tag_fill(anchor, file_id, 0, DR_VICTIM_ANCHOR_GEN, writer);
	n = pwrite(v->fd, anchor, DR_PAGE_SIZE, 0);
	if (n != DR_PAGE_SIZE) {
		ret = n < 0 ? -errno : -ENOSPC;
		goto err;
	}
	v->gen = 1;
	fill_window(v, v->gen);
	n = pwrite(v->fd, v->fill, win, DR_PAGE_SIZE);
	if (n < 0 || (size_t)n != win) {
		ret = n < 0 ? -errno : -ENOSPC;
		goto err;
	}
	v->region_len = win + DR_PAGE_SIZE;
	v->region = mmap(NULL, v->region_len, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (v->region == MAP_FAILED) {
		v->region = NULL;
		ret = -errno;
		goto err;
	}
	p = mmap(v->region, win, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 v->fd, DR_PAGE_SIZE);
	if (p == MAP_FAILED) {
		ret = -errno;
		goto err;
	}
	v->anon_page = (char *)v->region + win;
	p = mmap(v->anon_page, DR_PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (p == MAP_FAILED) {
		ret = -errno;
		goto err;
	}
	dr_placement_memory(pl, v->anon_page, DR_PAGE_SIZE);
	free(anchor);
	/* The next refill writes generation 2: prebuild it off the hot path. */
	fill_window(v, v->gen + 1);
	return 0;

err:
	free(anchor);
	dr_victim_destroy(v, wd);
	return ret;
}

int dr_victim_refill(struct dr_victim *v)
{
	size_t win = (size_t)v->k * DR_PAGE_SIZE;
	ssize_t n;

	/* v->fill already holds generation gen + 1. */
	n = pwrite(v->fd, v->fill, win, DR_PAGE_SIZE);
	if (n < 0)
		return -errno;
	if ((size_t)n != win)
		return -ENOSPC;
	v->gen++;
	fill_window(v, v->gen + 1);
	return 0;
}

bool dr_victim_is_dax(const struct dr_victim *v)
{
	struct statx stx;

	return v->fd >= 0 &&
	       statx(v->fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx) == 0 &&
	       (stx.stx_attributes & STATX_ATTR_DAX);
}

void dr_victim_destroy(struct dr_victim *v, struct dr_workdir *wd)
{
	if (v->region)
		munmap(v->region, v->region_len);
	v->region = NULL;
	if (v->fd >= 0) {
		close(v->fd);
		dr_workdir_unlink(wd, v->name);
	}
	v->fd = -1;
	free(v->fill);
	v->fill = NULL;
}
