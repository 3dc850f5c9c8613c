/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_RUN_OPTS_H
#define DR_RUN_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/opts.h"
#include "engine/engine.h"
#include "results/report.h"

/*
 * The options of "daxrace run", as one table.  The command line, the keys
 * of a workload file (daxrace-workload(5)), --help and the man page check
 * all read these rows, so they cannot drift apart.
 */
enum dr_run_opt {
	DR_RO_DIR = 0x2000,
	DR_RO_PARTNER,
	DR_RO_PARTNER_DESTROY,
	DR_RO_ACTOR,
	DR_RO_MUTATOR,
	DR_RO_STALL,
	DR_RO_DURATION,
	DR_RO_ROUNDS,
	DR_RO_JOBS,
	DR_RO_SEED,
	DR_RO_WATCHDOG,
	DR_RO_PROBE_EVERY,
	DR_RO_PAGES,
	DR_RO_DEPTH,
	DR_RO_RESULTS,
	DR_RO_FORMAT,
	DR_RO_REQUIRE_DAX,
	DR_RO_CPU_NODE,
	DR_RO_MEM_NODE,
	DR_RO_NUMA,
	DR_RO_INJECT,
	DR_RO_STRICT,
	DR_RO_WORKLOAD,
	DR_RO_GROUP,
	DR_RO_KNOWN_ISSUES,
	DR_RO_MATCH_KNOWN,
	DR_RO_END,
};

#define DR_RO_BIT(key) (1ull << ((key) - DR_RO_DIR))

/* Where an option may appear. */
#define DR_RO_HIDDEN      0x1 /* test-only: accepted, not in --help */
#define DR_RO_GLOBAL_ONLY 0x2 /* per invocation: only [global] in a workload */
#define DR_RO_CLI_ONLY    0x4 /* never in a workload file */

/* What a value is, for its range in --help and errors. */
enum dr_run_kind { DR_RK_OTHER, DR_RK_INT, DR_RK_TIME };

struct dr_run_option {
	struct dr_option opt;   /* opt.help: what it does, without range or default */
	unsigned int flags;
	enum dr_run_kind kind;
	uint64_t min, max;      /* DR_RK_INT: the integers; DR_RK_TIME: ns */
	const char *def;        /* the default, as a value (parsed as one), or */
	const char *def_text;   /* the default in words when it is not a value */
};

extern const struct dr_run_option dr_run_options[];

/*
 * Tables in dr_option form for dr_parse_options / dr_print_help, each
 * help line ending in the row's range and default ("..., 10ms to 7d
 * (default 3s)").
 */
const struct dr_option *dr_run_option_table(bool with_hidden);
/* "1 to 256", "10ms to 7d", or NULL for an option without a range. */
const char *dr_run_option_range(const struct dr_run_option *o, char *buf, size_t len);
const struct dr_run_option *dr_run_option_by_name(const char *name);

extern const char *const dr_format_names[];
extern const char *const dr_stall_names[];
extern const char *const dr_numa_names[];

/*
 * Values given by one source (the command line, or one workload section).
 * "set" says which options that source gave, so that layering
 * (defaults < [global] < [section] < command line) takes each value from
 * the most specific source that gave it.
 */
struct dr_run_settings {
	uint64_t set;
	const char *dir, *partner, *results, *inject, *workload;
	const char *known_issues, *match_known;
	const char **actors, **mutators; /* NULL-terminated */
	const char **groups;             /* --group, NULL-terminated */
	bool partner_destroy, require_dax, strict;
	int stall, format, numa;
	uint64_t duration_ns, rounds, jobs, seed, watchdog_ns, probe_every_ns;
	uint64_t pages, depth, cpu_node, mem_node;
	/* Accepted --actor / --mutator names; NULL = accept any. */
	const char *const *actor_names, *const *mutator_names;
	/* Per option, the workload line that gave it (0: not from a file),
	 * so that a check made after parsing can still name FILE:LINE. */
	unsigned int line[DR_RO_END - DR_RO_DIR];
	/* Strings this source owns (copies of its values), freed with it. */
	void **pool;
	void **arrays;
	size_t nr_pool, nr_arrays;
};

void dr_run_settings_init(struct dr_run_settings *s);
void dr_run_settings_free(struct dr_run_settings *s);

/*
 * Applies one option.  arg is the value; for flags NULL means "on", and a
 * workload file may pass a boolean word.  Returns 0, or DR_EXIT_USAGE after
 * a one-line error naming the option and what it accepts.
 */
int dr_run_settings_apply(struct dr_run_settings *s, int key, const char *arg);

/* Records that option key of s came from line of its workload file. */
void dr_run_settings_line(struct dr_run_settings *s, int key, unsigned int line);

/*
 * Takes every option src gave into dst (src wins).  dst borrows src's
 * strings: keep src alive as long as dst.  --rounds and --duration replace
 * each other, so a command-line --rounds overrides a file's duration.
 */
void dr_run_settings_merge(struct dr_run_settings *dst,
			   const struct dr_run_settings *src);

/* Sets every option that has a default value (the rows' def) in s. */
void dr_run_settings_defaults(struct dr_run_settings *s);

/*
 * Fills cfg from layered settings, with the rows' defaults for what no
 * source gave.  cfg points into s: keep s alive while cfg is used.
 */
void dr_run_settings_to_config(const struct dr_run_settings *s,
			       struct dr_run_config *cfg);

/*
 * Checks one group's cfg, layered from eff, as far as it can without
 * touching anything: dr_engine_check, and that a partner the workload file
 * names exists and is a block device or regular file.  A value that came from the workload
 * file (eff->line) is named by its FILE:LINE.  0 or DR_EXIT_USAGE after a
 * one-line error.  file: the workload's path, NULL for the built-in one.
 */
int dr_run_check(const struct dr_run_config *cfg, const struct dr_run_settings *eff,
		 const char *file);

#endif
