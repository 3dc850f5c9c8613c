// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Section "numa": nodes with their CPUs and memory.  Where the actors run
 * relative to the pmem (pmem2.numa_node, namespace.numa_node) changes the
 * timing of every race, so a report must say what the machine had.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/util.h"
#include "probe/probe_int.h"

struct numa_node_info {
	int node;
	char cpus[256];		/* "0-3,8" */
	int nr_cpus;
	long long mem, free;	/* bytes, -1 unknown */
};

#ifdef HAVE_LIBNUMA
#include <numa.h>

/* "0-3,8-11": the cpulist format of sysfs, short for big machines. */
static int cpulist(struct bitmask *m, char *buf, size_t len)
{
	int n = numa_num_possible_cpus(), count = 0;
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		int j = i;

		if (!numa_bitmask_isbitset(m, (unsigned int)i))
			continue;
		while (j + 1 < n && numa_bitmask_isbitset(m, (unsigned int)j + 1))
			j++;
		count += j - i + 1;
		if (used < len) {
			if (j > i)
				used += snprintf(buf + used, len - used, "%s%d-%d",
						 used ? "," : "", i, j);
			else
				used += snprintf(buf + used, len - used, "%s%d",
						 used ? "," : "", i);
		}
		i = j;
	}
	return count;
}

/* Calls fn for each node that exists; returns nodes seen or -errno. */
static int for_each_node(void (*fn)(const struct numa_node_info *, void *),
			 void *arg)
{
	struct bitmask *cpus;
	int max, seen = 0;

	if (numa_available() < 0)
		return -EOPNOTSUPP;
	cpus = numa_allocate_cpumask();
	if (!cpus)
		return -ENOMEM;
	max = numa_max_node();
	for (int n = 0; n <= max; n++) {
		struct numa_node_info info = { .node = n };

		if (!numa_bitmask_isbitset(numa_nodes_ptr, (unsigned int)n))
			continue;
		if (numa_node_to_cpus(n, cpus) == 0)
			info.nr_cpus = cpulist(cpus, info.cpus, sizeof(info.cpus));
		info.mem = numa_node_size64(n, &info.free);
		if (info.mem < 0)
			info.free = -1;
		fn(&info, arg);
		seen++;
	}
	numa_free_cpumask(cpus);
	return seen;
}

#else

static int for_each_node(void (*fn)(const struct numa_node_info *, void *),
			 void *arg)
{
	return -EOPNOTSUPP;
}

#endif

struct desc_buf {
	char *buf;
	size_t len;
};

static void describe(const struct numa_node_info *n, void *arg)
{
	struct desc_buf *d = arg;
	size_t used = strlen(d->buf);
	char mem[32] = "?";

	if (n->mem >= 0)
		dr_probe_human_bytes((uint64_t)n->mem, mem, sizeof(mem));
	snprintf(d->buf + used, d->len - used, "; node%d cpus %s mem %s",
		 n->node, n->nr_cpus ? n->cpus : "none", mem);
}

int dr_probe_numa(char *desc, size_t len)
{
	char nodes[1024] = "";
	struct desc_buf d = { nodes, sizeof(nodes) };
	int ret;

	if (len)
		desc[0] = '\0';
	ret = for_each_node(describe, &d);
	if (ret < 0)
		return ret;
	/* describe() starts every node with "; ". */
	snprintf(desc, len, "%d node%s: %s", ret, ret == 1 ? "" : "s",
		 nodes[0] ? nodes + 2 : "");
	return 0;
}

static void add_node(const struct numa_node_info *n, void *arg)
{
	struct dr_pnode *o = dr_pn_obj(arg, NULL);

	dr_pn_int(o, "node", n->node);
	dr_pn_str(o, "cpus", n->cpus);
	dr_pn_int(o, "cpu_count", n->nr_cpus);
	if (n->mem >= 0)
		dr_pn_bytes(o, "memory_bytes", (uint64_t)n->mem);
	else
		dr_pn_null(o, "memory_bytes");
	if (n->free >= 0)
		dr_pn_bytes(o, "free_bytes", (uint64_t)n->free);
	else
		dr_pn_null(o, "free_bytes");
}

void dr_probe_section_numa(struct dr_probe_ctx *ctx, struct dr_pnode *sec)
{
	struct dr_pnode *avail, *nodes;
	int ret;

	avail = dr_pn_yesno(sec, "available", true, "libnuma works");
	nodes = dr_pn_arr(sec, "nodes");
	ret = for_each_node(add_node, nodes);
	if (avail && ret < 0) {
		avail->yes = false;
		if (ret != -EOPNOTSUPP)
			dr_pn_reason(avail, "libnuma: %s", strerror(-ret));
#ifdef HAVE_LIBNUMA
		else
			dr_pn_reason(avail, "the kernel has no NUMA support "
				     "(numa_available() < 0)");
#else
		else
			dr_pn_reason(avail, "built without libnuma (configure "
				     "--without-libnuma)");
#endif
	} else if (avail) {
		dr_pn_reason(avail, "libnuma sees %d node%s", ret,
			     ret == 1 ? "" : "s");
	}
}
