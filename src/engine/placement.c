// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
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
 */
int dr_placement_init(struct dr_placement *pl, int cpu_node, int mem_node,
		      char *desc, size_t len)
{
	pl->cpu_node = cpu_node;
	pl->mem_node = mem_node;
	if (cpu_node < 0 && mem_node < 0) {
		snprintf(desc, len, "no placement");
		return 0;
	}
#ifdef HAVE_LIBNUMA
	if (numa_available() < 0) {
		snprintf(desc, len, "--cpu-node/--mem-node: NUMA not available on this kernel");
		return -EOPNOTSUPP;
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
	snprintf(desc, len, "--cpu-node/--mem-node: built without libnuma");
	return -EOPNOTSUPP;
#endif
}

void dr_placement_thread(const struct dr_placement *pl)
{
#ifdef HAVE_LIBNUMA
	if (!pl)
		return;
	if (pl->cpu_node >= 0 && numa_run_on_node(pl->cpu_node) < 0)
		dr_warn("numa_run_on_node(%d) failed", pl->cpu_node);
	if (pl->mem_node >= 0)
		numa_set_preferred(pl->mem_node);
#else
	(void)pl;
#endif
}

void dr_placement_memory(const struct dr_placement *pl, void *addr, size_t len)
{
#ifdef HAVE_LIBNUMA
	if (pl && pl->mem_node >= 0)
		numa_tonode_memory(addr, len, pl->mem_node);
#else
	(void)pl;
	(void)addr;
	(void)len;
#endif
}
