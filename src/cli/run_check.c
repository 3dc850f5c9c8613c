// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every group's configuration checked before anything runs.  A value that
 * only the machine can judge (an --inject name, a NUMA node, a --partner
 * path) used to be refused when its group started, after the groups
 * before it had run in full, and without the FILE:LINE it came from.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/exitcode.h"
#include "common/log.h"
#include "cli/run_opts.h"

/*
 * What can be known of a --partner without opening it: it exists and is a
 * block device or a regular file.  Whether it is in use, DAX or holds a
 * filesystem is judged when it is opened (engine/partner.c), read-write.
 */
static int check_partner(const char *partner)
{
	char path[PATH_MAX];
	struct stat st;

	if (!partner)
		return 0;
	if (!realpath(partner, path) || stat(path, &st)) {
		dr_err("--partner %s: %s", partner, strerror(errno));
		return DR_EXIT_USAGE;
	}
	if (!S_ISBLK(st.st_mode) && !S_ISREG(st.st_mode)) {
		dr_err("--partner %s is neither a block device nor a regular file", partner);
		return DR_EXIT_USAGE;
	}
	return 0;
}

/* cfg with only key's machine-judged value left, the others neutral. */
static int check_one(const struct dr_run_config *cfg, int key)
{
	struct dr_run_config c = *cfg;

	if (key == DR_RO_PARTNER)
		return check_partner(cfg->partner);
	if (key != DR_RO_INJECT)
		c.inject = NULL;
	if (key != DR_RO_CPU_NODE)
		c.cpu_node = -1;
	if (key != DR_RO_MEM_NODE)
		c.mem_node = -1;
	return dr_engine_check(&c);
}

int dr_run_check(const struct dr_run_config *cfg, const struct dr_run_settings *eff,
		 const char *file)
{
	static const int keyed[] = {
		DR_RO_INJECT, DR_RO_CPU_NODE, DR_RO_MEM_NODE, DR_RO_PARTNER,
	};
	const char *saved = dr_log_prefix;
	char prefix[4200];
	int ret;

	/* Values from the file first, each under the line that gave it. */
	for (size_t i = 0; file && i < sizeof(keyed) / sizeof(keyed[0]); i++) {
		unsigned int line = eff->line[keyed[i] - DR_RO_DIR];

		if (!line)
			continue;
		snprintf(prefix, sizeof(prefix), "%s: %s:%u", saved, file, line);
		dr_log_prefix = prefix;
		ret = check_one(cfg, keyed[i]);
		dr_log_prefix = saved;
		if (ret)
			return DR_EXIT_USAGE;
	}
	/* Then all of it, for what the command line gave.  A --partner from
	 * there is left to the engine: with nothing run before it, its
	 * setup failure is reported like any other, in the results. */
	if (dr_engine_check(cfg))
		return DR_EXIT_USAGE;
	return 0;
}
