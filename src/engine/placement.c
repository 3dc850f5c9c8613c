// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>

#include "common/log.h"
#include "engine/priv.h"

#ifdef HAVE_LIBNUMA
#include <numa.h>
#endif

/*
 * --cpu-node / --mem-node: where the race threads run and where the
 * anonymous memory (the uffd page, scratch buffers) lives.  The victim's
 * pages are where the filesystem put them; pmem has its own node.
 *
 * --numa spread: a job's threads go to consecutive nodes from the job's
 * id on, in the order its holder starts them (the holder, which also
 * handles the job's uffd faults, then the actor worker, then the mutator
 * worker), so with two nodes the actor and the mutator of a job run on
 * different ones and with three the fault handler is on a third: the pins
 * an actor takes and the layout change that waits for them cross nodes,
 * as do the wake-ups between them.  Other threads (the bystander) take
 * turns of their own.  Anonymous memory goes to the last node.  What
 * really happened is read back from the kernel (placement_record.c), not
 * assumed.
 */
int dr_placement_init(struct dr_placement *pl, int cpu_node, int mem_node,
		      bool spread, char *desc, size_t len)
{
	pl->cpu_node = cpu_node;
	pl->mem_node = mem_node;
	pl->spread = spread;
	pl->nodes = 1;
	pl->turn = &pl->turn_store;
	atomic_store(pl->turn, 0);
	if (spread && (cpu_node >= 0 || mem_node >= 0)) {
		snprintf(desc, len, "--numa spread: cannot be combined with --%s, which places every thread on one node",
			 cpu_node >= 0 ? "cpu-node" : "mem-node");
		return -EINVAL;
	}
	if (cpu_node < 0 && mem_node < 0 && !spread) {
		snprintf(desc, len, "no placement");
		return 0;
	}
#ifdef HAVE_LIBNUMA
	if (numa_available() < 0) {
		snprintf(desc, len, "--%s: NUMA not available on this kernel",
			 spread ? "numa spread" : "cpu-node/--mem-node");
		return -EOPNOTSUPP;
	}
	pl->nodes = numa_max_node() + 1;
	if (spread) {
		if (pl->nodes < 2)
			snprintf(desc, len, "spread over 1 NUMA node: every thread and buffer on node 0");
		else
			snprintf(desc, len, "spread: threads on nodes 0-%d in turn, anonymous memory on node %d",
				 pl->nodes - 1, pl->nodes - 1);
		return 0;
	}
	if (cpu_node > numa_max_node() || mem_node > numa_max_node()) {
		bool cpu = cpu_node > numa_max_node();

		snprintf(desc, len, "--%s %d: no such NUMA node (this machine has nodes 0-%d)",
			 cpu ? "cpu-node" : "mem-node", cpu ? cpu_node : mem_node,
			 numa_max_node());
		return -EINVAL;
	}
	snprintf(desc, len, "threads on node %d, anonymous memory on node %d (of %d)",
		 cpu_node, mem_node, numa_max_node() + 1);
	return 0;
#else
	snprintf(desc, len, "--%s: built without libnuma",
		 spread ? "numa spread" : "cpu-node/--mem-node");
	return -EOPNOTSUPP;
#endif
}

void dr_placement_thread(const struct dr_placement *pl)
{
#ifdef HAVE_LIBNUMA
	int node;

	if (!pl)
		return;
	node = pl->cpu_node;
	if (pl->spread)
		node = (int)(atomic_fetch_add(pl->turn, 1) % (unsigned int)pl->nodes);
	if (node >= 0 && numa_run_on_node(node) < 0)
		dr_warn("numa_run_on_node(%d) failed", node);
	if (pl->mem_node >= 0)
		numa_set_preferred(pl->mem_node);
	else if (pl->spread)
		numa_set_preferred(pl->nodes - 1);
#else
	(void)pl;
#endif
}

void dr_placement_for_job(struct dr_placement *job, const struct dr_placement *pl,
			  unsigned int id)
{
	job->cpu_node = pl ? pl->cpu_node : -1;
	job->mem_node = pl ? pl->mem_node : -1;
	job->spread = pl && pl->spread;
	job->nodes = pl ? pl->nodes : 1;
	job->turn = &job->turn_store;
	atomic_store(job->turn, id);
}

void dr_placement_memory(const struct dr_placement *pl, void *addr, size_t len)
{
#ifdef HAVE_LIBNUMA
	if (pl && pl->mem_node >= 0)
		numa_tonode_memory(addr, len, pl->mem_node);
	else if (pl && pl->spread)
		numa_tonode_memory(addr, len, pl->nodes - 1);
#else
	(void)pl;
	(void)addr;
	(void)len;
#endif
}
