// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Section "pmem2": libpmem2's own view of a mapping of a file under DIR,
 * a second opinion on DAX that does not depend on our statx/mount logic.
 * BYTE or CACHE_LINE store granularity means the mapping is real pmem
 * (MAP_SYNC on a DAX file); PAGE means the page cache is in between.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/util.h"
#include "probe/probe_int.h"

#ifdef HAVE_LIBPMEM2
#include <libpmem2.h>

static const char *granularity_name(enum pmem2_granularity g, const char **why)
{
	switch (g) {
	case PMEM2_GRANULARITY_BYTE:
		*why = "pmem with persistent CPU caches (eADR): stores are durable";
		return "BYTE";
	case PMEM2_GRANULARITY_CACHE_LINE:
		*why = "pmem mapped directly (DAX, MAP_SYNC): cache flushes make "
		       "stores durable";
		return "CACHE_LINE";
	case PMEM2_GRANULARITY_PAGE:
		*why = "the page cache is in between (not DAX): msync makes "
		       "stores durable";
		return "PAGE";
	}
	*why = "libpmem2 returned an unknown granularity";
	return "UNKNOWN";
}

static void map_granularity(struct dr_pnode *sec, struct pmem2_source *src)
{
	struct pmem2_config *cfg = NULL;
	struct pmem2_map *map = NULL;
	const char *name, *why;
	int ret;

	ret = pmem2_config_new(&cfg);
	if (ret)
		goto fail;
	/* PAGE is the weakest requirement: any mapping satisfies it, and
	 * the map then tells what it really got. */
	ret = pmem2_config_set_required_store_granularity(cfg,
			PMEM2_GRANULARITY_PAGE);
	if (ret)
		goto fail_cfg;
	ret = pmem2_map_new(&map, cfg, src);
	if (ret)
		goto fail_cfg;
	name = granularity_name(pmem2_map_get_store_granularity(map), &why);
	dr_pn_reason(dr_pn_str(sec, "store_granularity", name), "%s", why);
	pmem2_map_delete(&map);
	pmem2_config_delete(&cfg);
	return;

fail_cfg:
	pmem2_config_delete(&cfg);
fail:
	dr_pn_reason(dr_pn_null(sec, "store_granularity"), "libpmem2: %s",
		     pmem2_errormsg());
}

void dr_probe_section_pmem2(struct dr_probe_ctx *ctx, struct dr_pnode *sec)
{
	struct pmem2_source *src = NULL;
	int node, ret;

	/* Our unlinked temp file; a page of it is enough to map. */
	if (ftruncate(ctx->tmp_fd, DR_PAGE_SIZE)) {
		dr_pn_reason(dr_pn_null(sec, "store_granularity"),
			     "cannot size the temporary file: %s", strerror(errno));
		dr_pn_null(sec, "numa_node");
		return;
	}
	ret = pmem2_source_from_fd(&src, ctx->tmp_fd);
	if (ret) {
		dr_pn_reason(dr_pn_null(sec, "store_granularity"), "libpmem2: %s",
			     pmem2_errormsg());
		dr_pn_null(sec, "numa_node");
		return;
	}
	map_granularity(sec, src);
	/* Only a DAX source has a region, hence a node. */
	ret = pmem2_source_numa_node(src, &node);
	if (ret)
		dr_pn_reason(dr_pn_null(sec, "numa_node"), "%slibpmem2: %s",
			     ctx->fs.file_dax ? "" : "not DAX, so no pmem region; ",
			     pmem2_errormsg());
	else
		dr_pn_reason(dr_pn_int(sec, "numa_node", node),
			     "NUMA node of the pmem region under DIR");
	pmem2_source_delete(&src);
}

#else

void dr_probe_section_pmem2(struct dr_probe_ctx *ctx, struct dr_pnode *sec)
{
	static const char why[] = "built without libpmem2 (configure "
				  "--without-libpmem2)";

	dr_pn_reason(dr_pn_null(sec, "store_granularity"), "%s", why);
	dr_pn_reason(dr_pn_null(sec, "numa_node"), "%s", why);
}

#endif
