// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The option rows of "daxrace run" and how a value of each lands in a
 * dr_run_settings.  Shared by the command line and workload files.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "actors/actor.h"
#include "common/exitcode.h"
#include "common/log.h"
#include "common/util.h"
#include "cli/run_opts.h"


const char *const dr_format_names[] = { "human", "tap", "json", NULL };
const char *const dr_stall_names[] = { "uffd", "none", NULL };
const char *const dr_numa_names[] = { "none", "spread", NULL };

#define MS 1000000ull
#define T(lo, hi) DR_RK_TIME, (lo), (hi)
#define N(lo, hi) DR_RK_INT, (lo), (hi)
#define NONE DR_RK_OTHER, 0, 0

/*
 * The one place that says each option's range and default: --help is
 * built from these rows, the checkers take their bounds from them, the
 * defaults a run falls back to are these values parsed like a command
 * line's, and tests/integration/cli-man-options.sh holds daxrace-run(1)
 * to the same words.
 */
const struct dr_run_option dr_run_options[] = {
	{ { "dir", DR_RO_DIR, "DIR",
	    "filesystem to test; daxrace works in a new directory under it" }, 0, NONE },
	{ { "partner", DR_RO_PARTNER, "PATH",
	    "non-DAX O_DIRECT partner: block device or file" }, 0, NONE,
	  .def_text = "make one" },
	{ { "partner-destroy", DR_RO_PARTNER_DESTROY, NULL,
	    "allow a partner device that holds a filesystem (its data is lost)" }, 0, NONE },
	{ { "actor", DR_RO_ACTOR, "NAME[,NAME]",
	    "GUP path(s) to race; repeatable" }, 0, NONE,
	  .def_text = "all, see daxrace list" },
	{ { "mutator", DR_RO_MUTATOR, "NAME[,NAME]",
	    "layout change(s) to race; repeatable" }, 0, NONE, .def_text = "all" },
	{ { "stall", DR_RO_STALL, "uffd|none",
	    "hold pins with a userfaultfd fault, or free-run" }, 0, NONE, .def = "uffd" },
	/* The built-in smoke workload sets the same 1s. */
	{ { "duration", DR_RO_DURATION, "TIME",
	    "run each scenario this long" }, 0, T(10 * MS, 7 * 24 * 3600000 * MS),
	  .def = "1s" },
	{ { "rounds", DR_RO_ROUNDS, "N",
	    "run each scenario N rounds instead of a duration" }, 0, N(1, 1000000000) },
	{ { "jobs", DR_RO_JOBS, "N",
	    "independent race pairs per scenario" }, 0, N(1, 256), .def = "1" },
	/* Seeds stay within 2^53 so every JSON reader holds them exactly. */
	{ { "seed", DR_RO_SEED, "N",
	    "seed of every random choice" }, 0, N(0, (1ull << 53) - 1),
	  .def_text = "from the clock" },
	{ { "watchdog", DR_RO_WATCHDOG, "TIME",
	    "LIVE deadline for a blocked call" }, 0, T(100 * MS, 3600000 * MS),
	  .def = "30s" },
	{ { "probe-every", DR_RO_PROBE_EVERY, "TIME",
	    "stall none: quiesce and probe this often, or 0" }, 0,
	  T(100 * MS, 24 * 3600000 * MS), .def_text = "0, at the end only" },
	/* Plus the uffd page: one bio of <= 256 pages. */
	{ { "pages", DR_RO_PAGES, "K",
	    "victim pages pinned per hold" }, 0, N(1, 255), .def = "4" },
	/* Actors that queue size their request arrays for the bound. */
	{ { "depth", DR_RO_DEPTH, "N",
	    "io_uring actors: requests each round's buffer is split into" }, 0,
	  N(1, DR_ACTOR_MAX_DEPTH), .def = "4" },
	{ { "results", DR_RO_RESULTS, "DIR",
	    "write the run's directory under DIR" }, DR_RO_GLOBAL_ONLY, NONE,
	  .def_text = "./results" },
	{ { "format", DR_RO_FORMAT, "human|tap|json",
	    "what to print on stdout" }, DR_RO_GLOBAL_ONLY, NONE, .def = "human" },
	{ { "require-dax", DR_RO_REQUIRE_DAX, NULL,
	    "exit 4 with the reason when --dir is not DAX" }, 0, NONE },
	{ { "cpu-node", DR_RO_CPU_NODE, "N",
	    "run the race threads on NUMA node N" }, 0, N(0, 1023) },
	{ { "mem-node", DR_RO_MEM_NODE, "N",
	    "allocate the anonymous buffers on NUMA node N" }, 0, N(0, 1023) },
	{ { "numa", DR_RO_NUMA, "none|spread",
	    "spread each job's threads over the NUMA nodes" }, 0, NONE,
	  .def = "none" },
	{ { "inject", DR_RO_INJECT, "NAME",
	    "test only: inject a constructed violation" }, DR_RO_HIDDEN, NONE },
	{ { "strict", DR_RO_STRICT, NULL,
	    "count known kernel issues as failures too" }, DR_RO_GLOBAL_ONLY, NONE },
	{ { "known-issues", DR_RO_KNOWN_ISSUES, "FILE|none",
	    "known kernel issues to mark FAILs with" }, DR_RO_GLOBAL_ONLY, NONE,
	  .def_text = "the shipped file" },
	{ { "match-known", DR_RO_MATCH_KNOWN, "REL,FS,SCEN,ORACLE[,TEXT]",
	    "test only: print the known issue these match and exit" },
	  DR_RO_HIDDEN | DR_RO_CLI_ONLY, NONE },
	{ { "workload", DR_RO_WORKLOAD, "FILE",
	    "read options and scenario groups from FILE (daxrace-workload(5))" },
	  DR_RO_CLI_ONLY, NONE },
	{ { "group", DR_RO_GROUP, "NAME[,NAME]",
	    "run only these groups of the workload; repeatable" },
	  DR_RO_CLI_ONLY, NONE, .def_text = "every group" },
	{ DR_OPT_END, 0, NONE },
};

#undef T
#undef N
#undef NONE

#define NR_ROWS (DR_RO_END - DR_RO_DIR)

static const struct dr_run_option *row(int key)
{
	for (const struct dr_run_option *o = dr_run_options; o->opt.name; o++)
		if (o->opt.key == key)
			return o;
	return NULL;
}

const char *dr_run_option_range(const struct dr_run_option *o, char *buf, size_t len)
{
	switch (o->kind) {
	case DR_RK_TIME:
		return dr_format_range(o->min, o->max, buf, len);
	case DR_RK_INT:
		snprintf(buf, len, "%" PRIu64 " to %" PRIu64, o->min, o->max);
		return buf;
	case DR_RK_OTHER:
		break;
	}
	return NULL;
}

/* "run each scenario this long, 10ms to 7d (default 3s)" */
static void help_text(const struct dr_run_option *o, char *buf, size_t len)
{
	char range[64];
	const char *r = dr_run_option_range(o, range, sizeof(range));

	snprintf(buf, len, "%s%s%s%s%s%s", o->opt.help, r ? ", " : "", r ? r : "",
		 o->def ? " (default " : o->def_text ? " (default: " : "",
		 o->def ? o->def : o->def_text ? o->def_text : "",
		 o->def || o->def_text ? ")" : "");
}

const struct dr_option *dr_run_option_table(bool with_hidden)
{
	/* Built once: dr_parse_options wants plain contiguous rows. */
	static struct dr_option all[NR_ROWS + 1], shown[NR_ROWS + 1];
	static char help[NR_ROWS][192];
	static bool built;

	if (!built) {
		size_t a = 0, v = 0;

		for (const struct dr_run_option *o = dr_run_options; o->opt.name; o++) {
			help_text(o, help[a], sizeof(help[a]));
			all[a] = o->opt;
			all[a].help = help[a];
			if (!(o->flags & DR_RO_HIDDEN))
				shown[v++] = all[a];
			a++;
		}
		built = true;
	}
	return with_hidden ? all : shown;
}

const struct dr_run_option *dr_run_option_by_name(const char *name)
{
	for (const struct dr_run_option *o = dr_run_options; o->opt.name; o++)
		if (!strcmp(o->opt.name, name))
			return o;
	return NULL;
}

static const char *opt_name(int key)
{
	const struct dr_run_option *o = row(key);

	return o ? o->opt.name : "?";
}

void dr_run_settings_init(struct dr_run_settings *s)
{
	memset(s, 0, sizeof(*s));
}

void dr_run_settings_free(struct dr_run_settings *s)
{
	for (size_t i = 0; i < s->nr_pool; i++)
		free(s->pool[i]);
	for (size_t i = 0; i < s->nr_arrays; i++)
		free(s->arrays[i]);
	free(s->pool);
	free(s->arrays);
	memset(s, 0, sizeof(*s));
}

static int keep(void ***list, size_t *nr, void *p)
{
	void **n = realloc(*list, (*nr + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	n[(*nr)++] = p;
	*list = n;
	return 0;
}

static char *own_str(struct dr_run_settings *s, const char *str)
{
	char *p = strdup(str);

	if (p && keep(&s->pool, &s->nr_pool, p)) {
		free(p);
		p = NULL;
	}
	return p;
}

static int nomem(void)
{
	dr_err("out of memory");
	return DR_EXIT_ENV;
}

static int check_name(int key, const char *name, const char *const *accepted)
{
	char list[512] = "";
	size_t len = strlen(name);

	if (!*name) {
		dr_err("--%s: empty name in list", opt_name(key));
		return DR_EXIT_USAGE;
	}
	if (!accepted)
		return 0;
	/* --mutator NAME+NAME: a combination (free-running); each part must
	 * be a mutator, the engine checks the rest. */
	if (key == DR_RO_MUTATOR && strchr(name, '+')) {
		len = strcspn(name, "+");
		if (!len || !name[len + 1]) {
			dr_err("--%s: '%s': empty name in a combination", opt_name(key), name);
			return DR_EXIT_USAGE;
		}
		for (size_t i = 0; accepted[i]; i++)
			if (strlen(accepted[i]) == len && !strncmp(name, accepted[i], len))
				return check_name(key, name + len + 1, accepted);
	}
	for (size_t i = 0; accepted[i]; i++) {
		if (strlen(accepted[i]) == len && !strncmp(name, accepted[i], len))
			return 0;
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
			 i ? ", " : "", accepted[i]);
	}
	dr_err("--%s: '%s' is not one of: %s", opt_name(key), name, list);
	return DR_EXIT_USAGE;
}

/*
 * --actor a,b --actor c: one source appends; a later source replaces the
 * whole list (merge copies the pointer), so the command line overrides a
 * workload file instead of adding to it.
 */
static int add_names(struct dr_run_settings *s, int key, const char *arg,
		     const char ***listp, const char *const *accepted)
{
	const char **list = *listp;
	size_t n = 0;
	char *copy = own_str(s, arg), *tok, *rest = copy;
	int ret;

	if (!copy)
		return nomem();
	if (list && (s->set & DR_RO_BIT(key)))
		while (list[n])
			n++;
	else
		list = NULL;
	/* strsep, not strtok: "dio-read," has an empty item, an error. */
	while ((tok = strsep(&rest, ",")) != NULL) {
		const char **grown;

		ret = check_name(key, tok, accepted);
		if (ret)
			return ret;
		/* The same name twice would run the same scenario twice. */
		for (size_t i = 0; i < n; i++)
			if (!strcmp(list[i], tok))
				goto next;
		grown = malloc((n + 2) * sizeof(*grown));
		if (!grown || keep(&s->arrays, &s->nr_arrays, grown)) {
			free(grown);
			return nomem();
		}
		if (n)
			memcpy(grown, list, n * sizeof(*grown));
		grown[n++] = tok;
		grown[n] = NULL;
		list = grown;
next:;
	}
	if (!n) {
		dr_err("--%s: '%s' names nothing", opt_name(key), arg);
		return DR_EXIT_USAGE;
	}
	*listp = list;
	return 0;
}

static int parse_bool(int key, const char *arg, bool *out)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };
	static const char *const no[] = { "0", "false", "no", "off" };

	if (!arg || !*arg) {
		*out = true;
		return 0;
	}
	for (size_t i = 0; i < DR_ARRAY_SIZE(yes); i++) {
		if (!strcasecmp(arg, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(arg, no[i])) {
			*out = false;
			return 0;
		}
	}
	dr_err("--%s: '%s' is not a boolean (1, 0, true, false, yes, no, on, off)",
	       opt_name(key), arg);
	return DR_EXIT_USAGE;
}

static int set_str(struct dr_run_settings *s, int key, const char *arg,
		   const char **out)
{
	if (!*arg) {
		dr_err("--%s: needs a non-empty value", opt_name(key));
		return DR_EXIT_USAGE;
	}
	*out = own_str(s, arg);
	return *out ? 0 : nomem();
}

static int apply(struct dr_run_settings *s, int key, const char *arg)
{
	const struct dr_run_option *o = row(key);
	const char *name = o->opt.name;

	switch (key) {
	case DR_RO_DIR:
		return set_str(s, key, arg, &s->dir);
	case DR_RO_PARTNER:
		return set_str(s, key, arg, &s->partner);
	case DR_RO_RESULTS:
		return set_str(s, key, arg, &s->results);
	case DR_RO_INJECT:
		return set_str(s, key, arg, &s->inject);
	case DR_RO_WORKLOAD:
		return set_str(s, key, arg, &s->workload);
	case DR_RO_KNOWN_ISSUES:
		return set_str(s, key, arg, &s->known_issues);
	case DR_RO_MATCH_KNOWN:
		return set_str(s, key, arg, &s->match_known);
	case DR_RO_PARTNER_DESTROY:
		return parse_bool(key, arg, &s->partner_destroy);
	case DR_RO_REQUIRE_DAX:
		return parse_bool(key, arg, &s->require_dax);
	case DR_RO_STRICT:
		return parse_bool(key, arg, &s->strict);
	case DR_RO_ACTOR:
		return add_names(s, key, arg, &s->actors, s->actor_names);
	case DR_RO_MUTATOR:
		return add_names(s, key, arg, &s->mutators, s->mutator_names);
	case DR_RO_GROUP:
		/* Checked against the workload's sections once it is read. */
		return add_names(s, key, arg, &s->groups, NULL);
	case DR_RO_STALL:
		return dr_parse_choice(name, arg, dr_stall_names, &s->stall);
	case DR_RO_FORMAT:
		return dr_parse_choice(name, arg, dr_format_names, &s->format);
	case DR_RO_DURATION:
		return dr_parse_duration(name, arg, o->min, o->max, &s->duration_ns);
	case DR_RO_WATCHDOG:
		return dr_parse_duration(name, arg, o->min, o->max, &s->watchdog_ns);
	case DR_RO_PROBE_EVERY:
		/* 0 means "only at the end of each free-running phase". */
		if (!strcmp(arg, "0")) {
			s->probe_every_ns = 0;
			return 0;
		}
		return dr_parse_duration(name, arg, o->min, o->max, &s->probe_every_ns);
	case DR_RO_ROUNDS:
		return dr_parse_u64(name, arg, o->min, o->max, &s->rounds);
	case DR_RO_JOBS:
		return dr_parse_u64(name, arg, o->min, o->max, &s->jobs);
	case DR_RO_SEED:
		return dr_parse_u64(name, arg, o->min, o->max, &s->seed);
	case DR_RO_PAGES:
		return dr_parse_u64(name, arg, o->min, o->max, &s->pages);
	case DR_RO_DEPTH:
		return dr_parse_u64(name, arg, o->min, o->max, &s->depth);
	case DR_RO_CPU_NODE:
		return dr_parse_u64(name, arg, o->min, o->max, &s->cpu_node);
	case DR_RO_MEM_NODE:
		return dr_parse_u64(name, arg, o->min, o->max, &s->mem_node);
	case DR_RO_NUMA:
		return dr_parse_choice(name, arg, dr_numa_names, &s->numa);
	}
	dr_err("internal: unhandled option key %d", key);
	return DR_EXIT_USAGE;
}

int dr_run_settings_apply(struct dr_run_settings *s, int key, const char *arg)
{
	int ret;

	if (key < DR_RO_DIR || key >= DR_RO_END) {
		dr_err("internal: unknown option key %d", key);
		return DR_EXIT_USAGE;
	}
	/* One source giving both is a contradiction, not an override. */
	if ((key == DR_RO_DURATION && (s->set & DR_RO_BIT(DR_RO_ROUNDS))) ||
	    (key == DR_RO_ROUNDS && (s->set & DR_RO_BIT(DR_RO_DURATION)))) {
		dr_err("--%s: cannot be combined with --%s: give a duration or a number of rounds",
		       opt_name(key),
		       opt_name(key == DR_RO_ROUNDS ? DR_RO_DURATION : DR_RO_ROUNDS));
		return DR_EXIT_USAGE;
	}
	/* A flag from the command line comes with no value: "on". */
	ret = apply(s, key, arg ? arg : "");
	if (ret)
		return ret;
	s->set |= DR_RO_BIT(key);
	return 0;
}

void dr_run_settings_line(struct dr_run_settings *s, int key, unsigned int line)
{
	if (key >= DR_RO_DIR && key < DR_RO_END)
		s->line[key - DR_RO_DIR] = line;
}

void dr_run_settings_merge(struct dr_run_settings *dst,
			   const struct dr_run_settings *src)
{
	for (int k = 0; k < DR_RO_END - DR_RO_DIR; k++)
		if (src->set & (1ull << k))
			dst->line[k] = src->line[k];
#define TAKE(key, field) \
	do { \
		if (src->set & DR_RO_BIT(key)) \
			dst->field = src->field; \
	} while (0)
	TAKE(DR_RO_DIR, dir);
	TAKE(DR_RO_PARTNER, partner);
	TAKE(DR_RO_PARTNER_DESTROY, partner_destroy);
	TAKE(DR_RO_ACTOR, actors);
	TAKE(DR_RO_MUTATOR, mutators);
	TAKE(DR_RO_STALL, stall);
	TAKE(DR_RO_DURATION, duration_ns);
	TAKE(DR_RO_ROUNDS, rounds);
	TAKE(DR_RO_JOBS, jobs);
	TAKE(DR_RO_SEED, seed);
	TAKE(DR_RO_WATCHDOG, watchdog_ns);
	TAKE(DR_RO_PROBE_EVERY, probe_every_ns);
	TAKE(DR_RO_PAGES, pages);
	TAKE(DR_RO_DEPTH, depth);
	TAKE(DR_RO_RESULTS, results);
	TAKE(DR_RO_FORMAT, format);
	TAKE(DR_RO_REQUIRE_DAX, require_dax);
	TAKE(DR_RO_CPU_NODE, cpu_node);
	TAKE(DR_RO_MEM_NODE, mem_node);
	TAKE(DR_RO_NUMA, numa);
	TAKE(DR_RO_INJECT, inject);
	TAKE(DR_RO_STRICT, strict);
	TAKE(DR_RO_WORKLOAD, workload);
	TAKE(DR_RO_GROUP, groups);
	TAKE(DR_RO_KNOWN_ISSUES, known_issues);
	TAKE(DR_RO_MATCH_KNOWN, match_known);
#undef TAKE
	/* A duration and a round count replace each other. */
	if (src->set & DR_RO_BIT(DR_RO_ROUNDS))
		dst->set &= ~DR_RO_BIT(DR_RO_DURATION);
	if (src->set & DR_RO_BIT(DR_RO_DURATION))
		dst->set &= ~DR_RO_BIT(DR_RO_ROUNDS);
	dst->set |= src->set;
}

void dr_run_settings_defaults(struct dr_run_settings *s)
{
	for (const struct dr_run_option *o = dr_run_options; o->opt.name; o++)
		if (o->def && dr_run_settings_apply(s, o->opt.key, o->def))
			dr_err("internal: default '%s' of --%s does not parse", o->def,
			       o->opt.name);
}

void dr_run_settings_to_config(const struct dr_run_settings *src,
			       struct dr_run_config *cfg)
{
	struct dr_run_settings d, *s = &d;
	bool has_rounds, has_dur;

	/* The rows' defaults beneath what src gave.  They are numbers and
	 * choices, never strings, so d owns nothing cfg could point into. */
	dr_run_settings_init(&d);
	dr_run_settings_defaults(&d);
	dr_run_settings_merge(&d, src);
	has_rounds = s->set & DR_RO_BIT(DR_RO_ROUNDS);
	has_dur = s->set & DR_RO_BIT(DR_RO_DURATION);
	memset(cfg, 0, sizeof(*cfg));
	cfg->dir = s->dir;
	cfg->partner = s->partner;
	cfg->partner_destroy = s->partner_destroy;
	cfg->actors = s->actors;
	cfg->mutators = s->mutators;
	cfg->stall = s->stall == 1 ? DR_STALL_NONE : DR_STALL_UFFD;
	cfg->rounds = has_rounds ? s->rounds : 0;
	cfg->duration_ns = has_dur ? s->duration_ns : 0;
	cfg->jobs = (unsigned int)s->jobs;
	cfg->seed = s->seed;
	cfg->watchdog_ns = s->watchdog_ns;
	cfg->probe_every_ns = s->probe_every_ns;
	cfg->pages = (unsigned int)s->pages;
	cfg->depth = (unsigned int)s->depth;
	cfg->require_dax = s->require_dax;
	cfg->cpu_node = s->set & DR_RO_BIT(DR_RO_CPU_NODE) ? (int)s->cpu_node : -1;
	cfg->mem_node = s->set & DR_RO_BIT(DR_RO_MEM_NODE) ? (int)s->mem_node : -1;
	cfg->numa_spread = s->numa == 1;
	cfg->inject = s->inject;
	dr_run_settings_free(&d);
}
