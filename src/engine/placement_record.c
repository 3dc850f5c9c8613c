// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where a scenario's threads ran and where its buffers are, read back from
 * the kernel rather than taken from what was asked: a binding can fail, a
 * preferred node can be full, and the victim's pages are wherever the
 * filesystem's blocks are (pmem's own node on DAX).  result.json carries
 * the rows, so "the pins crossed nodes" is something a reader can check.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "common/util.h"
#include "engine/priv.h"

#ifdef HAVE_LIBNUMA
#include <numa.h>
#include <numaif.h>
#endif

/* /proc/self/task/TID/stat field 39: the CPU the thread last ran on. */
static int last_cpu(pid_t tid)
{
	char path[64], buf[1024], *p;
	int field = 1;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
	if (dr_read_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	/* comm (field 2) may hold spaces and parentheses: count after it. */
	p = strrchr(buf, ')');
	if (!p)
		return -1;
	for (field = 2; *p && field < 39; p++)
		if (*p == ' ')
			field++;
	return *p ? atoi(p) : -1;
}

static struct dr_placed *add(struct dr_job *j, const char *what)
{
	struct dr_placed *p;

	if (j->nr_placed >= DR_ARRAY_SIZE(j->placed))
		return NULL;
	p = &j->placed[j->nr_placed++];
	memset(p, 0, sizeof(*p));
	snprintf(p->what, sizeof(p->what), "job%u.%s", j->id, what);
	p->node = p->cpu = -1;
	return p;
}

static void thread_row(struct dr_job *j, const char *what, pid_t tid)
{
	struct dr_placed *p = tid > 0 ? add(j, what) : NULL;

	if (!p)
		return;
	p->cpu = last_cpu(tid);
#ifdef HAVE_LIBNUMA
	if (p->cpu >= 0 && numa_available() >= 0)
		p->node = numa_node_of_cpu(p->cpu);
	if (p->node < 0)
		snprintf(p->why, sizeof(p->why), "%s", p->cpu < 0 ?
			 "thread gone" : "CPU has no node");
#else
	snprintf(p->why, sizeof(p->why), "built without libnuma");
#endif
}

/*
 * A DAX page is device memory (ZONE_DEVICE), which move_pages(2) does not
 * report (-ENOENT, as for a page not mapped); it lives on the node of the
 * pmem device holding the filesystem, which sysfs gives: the block device
 * of the file (a partition's parent for a partition), its device's
 * numa_node.  -1 when there is none (no NUMA, or not a device).
 */
static int device_node(int fd)
{
	char path[96], buf[16];
	struct stat st;

	if (fstat(fd, &st))
		return -1;
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/device/numa_node",
		 major(st.st_dev), minor(st.st_dev));
	if (dr_read_file(path, buf, sizeof(buf)) <= 0) {
		snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/../device/numa_node",
			 major(st.st_dev), minor(st.st_dev));
		if (dr_read_file(path, buf, sizeof(buf)) <= 0)
			return -1;
	}
	return atoi(buf) >= 0 ? atoi(buf) : -1;
}

static void memory_row(struct dr_job *j, const char *what, void *addr,
		       int dax_fd)
{
	struct dr_placed *p = addr ? add(j, what) : NULL;

	if (!p)
		return;
	p->memory = true;
	p->from = "move_pages(2)";
	if (dax_fd >= 0) {
		p->node = device_node(dax_fd);
		p->from = "the pmem device's numa_node in sysfs";
		if (p->node < 0)
			snprintf(p->why, sizeof(p->why), "DAX, and its device has no node");
		return;
	}
#ifdef HAVE_LIBNUMA
	{
		/* nodes NULL: only report each page's node; never faults a
		 * page in or moves it, so the measurement changes nothing. */
		void *pages[1] = { addr };
		int status[1] = { -ENOENT };

		if (move_pages(0, 1, pages, NULL, status, 0) < 0)
			snprintf(p->why, sizeof(p->why), "move_pages: %s", strerror(errno));
		else if (status[0] < 0)
			snprintf(p->why, sizeof(p->why), "%s", status[0] == -ENOENT ?
				 "not mapped at the end" : strerror(-status[0]));
		else
			p->node = status[0];
	}
#else
	snprintf(p->why, sizeof(p->why), "built without libnuma");
#endif
}

/* The window's first page is inside the file (a truncate left undone by
 * an error would make the read a SIGBUS). */
static bool window_backed(const struct dr_victim *v)
{
	struct stat st;

	return v->fd >= 0 && !fstat(v->fd, &st) &&
	       (uint64_t)st.st_size >= 2ull * DR_PAGE_SIZE;
}

void dr_placement_record_job(struct dr_job *j)
{
	j->nr_placed = 0;
	thread_row(j, "holder", j->holder_tid);
	if (j->actor_w.started)
		thread_row(j, "actor", atomic_load(&j->actor_w.tid));
	if (j->mut_w.started)
		thread_row(j, "mutator", atomic_load(&j->mut_w.tid));
	/* The rounds are over and the window holds its last generation: in
	 * page-cache mode reading a byte maps the victim's first page again
	 * (a read fault allocates no block), so its node is the one its pins
	 * had.  A DAX victim's node comes from its device instead.  Never
	 * the anonymous page: it is registered with userfaultfd. */
	if (j->v.region && !j->dead && !dr_victim_is_dax(&j->v) && window_backed(&j->v))
		(void)*(volatile const char *)j->v.region;
	memory_row(j, "victim", j->v.region, dr_victim_is_dax(&j->v) ? j->v.fd : -1);
	memory_row(j, "anon-page", j->v.anon_page, -1);
	memory_row(j, "scratch", j->scratch, -1);
}

int dr_placement_collect(struct dr_scenario *sc)
{
	struct dr_scenario_result *res = sc->res;
	size_t n = 0;

	for (unsigned int i = 0; i < sc->nr_jobs; i++)
		n += sc->jobs[i].dead ? 0 : sc->jobs[i].nr_placed;
	free(res->placed);
	res->placed = NULL;
	res->nr_placed = 0;
	if (!n)
		return 0;
	res->placed = calloc(n, sizeof(*res->placed));
	if (!res->placed)
		return -ENOMEM;
	for (unsigned int i = 0; i < sc->nr_jobs; i++) {
		const struct dr_job *j = &sc->jobs[i];

		if (j->dead)
			continue; /* an abandoned thread may still write its rows */
		memcpy(res->placed + res->nr_placed, j->placed,
		       j->nr_placed * sizeof(*j->placed));
		res->nr_placed += j->nr_placed;
	}
	return 0;
}
