// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"

/*
 * A block freed while a bio still targets it is harmless unless someone
 * reuses it before the DMA lands.  The bystander makes that likely: it keeps
 * creating, filling, checking and deleting small tagged files on the same
 * filesystem, so a prematurely freed block is soon allocated to one of them
 * and the stray DMA turns into a foreign tag (or a bystander's tag shows up
 * in the partner after a dio-write).
 */
#define BY_BLOCKS 8
#define BY_RING DR_BYSTANDER_RING
#define BY_PAUSE_NS 500000

struct by_file {
	int fd;
	char name[48];
	uint32_t file_id;
};

static void by_check(struct dr_scenario *sc, struct by_file *f, void *buf)
{
	size_t len = BY_BLOCKS * DR_BLOCK_SIZE;
	struct dr_tag found;
	ssize_t n;

	n = pread(f->fd, buf, len, 0);
	if (n != (ssize_t)len) {
		dr_warn("bystander %s: read back: %s", f->name,
			n < 0 ? strerror(errno) : "short read");
		return;
	}
	for (unsigned int b = 0; b < BY_BLOCKS; b++) {
		const char *blk = (const char *)buf + (size_t)b * DR_BLOCK_SIZE;
		struct dr_tag_expect e = { f->file_id, b, 1 };
		enum dr_tag_status st = dr_tag_check(blk, &e, &found);
		char ev[1024];

		if (st == DR_TAG_OK)
			continue;
		dr_tag_describe(blk, &e, ev, sizeof(ev));
		dr_violation_add(&sc->res->oracles, DR_ORACLE_TAG, UINT64_MAX, ev,
				 "bystander %s block %u (offset %u): %s: a block it owns holds other data",
				 f->name, b, b * DR_BLOCK_SIZE,
				 dr_tag_status_name(st));
		return;
	}
}

static void by_drop(struct dr_scenario *sc, struct by_file *f, void *buf)
{
	by_check(sc, f, buf);
	close(f->fd);
	dr_workdir_unlink(sc->wd, f->name);
	f->fd = -1;
}

/*
 * Test-only (--inject foreign-tag): another descriptor writes a foreign
 * file's tag over block 2, the way a stray DMA would.
 */
static void inject_foreign(struct dr_scenario *sc, struct by_file *f, void *buf)
{
	int fd = dr_workdir_open(sc->wd, f->name, O_WRONLY);

	if (fd < 0)
		return;
	dr_tag_fill(buf, f->file_id ^ 0x5a5a5a5au, 7, 3, 0xbad);
	if (pwrite(fd, buf, DR_BLOCK_SIZE, 2 * DR_BLOCK_SIZE) != DR_BLOCK_SIZE)
		dr_warn("inject foreign-tag: %s", strerror(errno));
	close(fd);
	dr_info("inject foreign-tag: wrote a foreign tag into %s block 2", f->name);
}

static void *bystander_main(void *arg)
{
	struct dr_scenario *sc = arg;
	struct by_file ring[BY_RING];
	size_t len = BY_BLOCKS * DR_BLOCK_SIZE;
	bool injected = !dr_inject_is(sc, "foreign-tag");
	unsigned int head = 0;
	uint64_t seq = 0;
	bool open_failed = false;
	void *buf;

	dr_placement_thread(sc->pl);
	if (posix_memalign(&buf, DR_PAGE_SIZE, len))
		return NULL;
	for (unsigned int i = 0; i < BY_RING; i++)
		ring[i].fd = -1;
	while (!atomic_load(&sc->stop) && !dr_engine_interrupted) {
		struct by_file *f = &ring[head];
		struct timespec ts = { 0, BY_PAUSE_NS };
		ssize_t n;

		if (f->fd >= 0)
			by_drop(sc, f, buf);
		snprintf(f->name, sizeof(f->name), "bystander-%u-%llu", sc->index,
			 (unsigned long long)seq++);
		f->file_id = atomic_fetch_add(&sc->next_file_id, 1);
		f->fd = dr_workdir_open(sc->wd, f->name, O_RDWR | O_CREAT);
		if (f->fd < 0) {
			/* Once per scenario: it retries every pause, and a
			 * lasting cause (out of descriptors) would flood. */
			if (!open_failed)
				dr_warn("bystander: %s: %s (TAG sees fewer bystander files)",
					f->name, strerror(-f->fd));
			open_failed = true;
			f->fd = -1;
			nanosleep(&ts, NULL);
			continue;
		}
		for (unsigned int b = 0; b < BY_BLOCKS; b++)
			dr_tag_fill((char *)buf + (size_t)b * DR_BLOCK_SIZE,
				    f->file_id, b, 1, 0xb);
		n = pwrite(f->fd, buf, len, 0);
		if (n != (ssize_t)len) {
			/* ENOSPC is expected on a small pmem fs: drop and go on. */
			dr_debug("bystander: %s: %s", f->name,
				 n < 0 ? strerror(errno) : "short write");
			close(f->fd);
			dr_workdir_unlink(sc->wd, f->name);
			f->fd = -1;
			nanosleep(&ts, NULL);
			continue;
		}
		if (!injected) {
			inject_foreign(sc, f, buf);
			injected = true;
		}
		atomic_fetch_add(&sc->bystander_files, 1);
		head = (head + 1) % BY_RING;
		nanosleep(&ts, NULL);
	}
	/* Checked and closed, but left on disk: SPACE measures them before
	 * the scenario's files are removed together. */
	for (unsigned int i = 0; i < BY_RING; i++) {
		if (ring[i].fd < 0)
			continue;
		by_check(sc, &ring[i], buf);
		close(ring[i].fd);
		dr_strlcpy(sc->bystander_left[i], ring[i].name,
			   sizeof(sc->bystander_left[i]));
	}
	free(buf);
	return NULL;
}

int dr_bystander_start(struct dr_scenario *sc)
{
	int ret = pthread_create(&sc->bystander, NULL, bystander_main, sc);

	if (ret)
		return -ret;
	sc->bystander_started = true;
	return 0;
}

void dr_bystander_stop(struct dr_scenario *sc)
{
	if (!sc->bystander_started)
		return;
	sc->bystander_started = false;
	pthread_join(sc->bystander, NULL);
}

void dr_bystander_remove(struct dr_scenario *sc)
{
	for (unsigned int i = 0; i < DR_BYSTANDER_RING; i++) {
		if (sc->bystander_left[i][0])
			dr_workdir_unlink(sc->wd, sc->bystander_left[i]);
		sc->bystander_left[i][0] = '\0';
	}
}
