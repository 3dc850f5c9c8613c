// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The reproduce line of a scenario: one shell command that runs that
 * scenario again with the choices it made, built from what result.json
 * recorded (its group's config, the seed, the rounds it ran).  A
 * scenario's choices depend on (seed, scenario name, job) only (engine
 * prng.c), so picking it out alone with --actor/--mutator/--stall replays
 * them; --rounds is the number it ran, so that a run that was timed
 * (--duration) is replayed round for round; --workload and --group pick
 * the same group out of the same workload, so it keeps its id.  A run inside daxrace-vm
 * recorded the daxrace-vm command that boots that guest again (vm.command),
 * which then comes first, and the options daxrace-vm sets itself in the
 * guest (--dir, --partner, --require-dax) are left to it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "actors/actor.h"
#include "results/report.h"

struct line {
	char *buf;
	size_t len, used;
	bool full;
};

__attribute__((format(printf, 2, 3)))
static void add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->used, l->len - l->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= l->len - l->used)
		l->full = true;
	else
		l->used += (size_t)n;
}

/* " WORD", single-quoted for sh unless it is made of harmless bytes. */
static void word(struct line *l, const char *w)
{
	if (*w && strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789_./:=,@%+-") == strlen(w)) {
		add(l, " %s", w);
		return;
	}
	add(l, " '");
	for (; *w; w++)
		add(l, *w == '\'' ? "'\\''" : "%c", *w);
	add(l, "'");
}

static void opt(struct line *l, const char *name, const char *value)
{
	add(l, " --%s", name);
	if (value)
		word(l, value);
}

static void opt_int(struct line *l, const char *name, int64_t v)
{
	add(l, " --%s %" PRId64, name, v);
}

/* A time option in whole seconds, or milliseconds: what TIME options take. */
static void opt_ms(struct line *l, const char *name, double s)
{
	long long ms = (long long)(s * 1000.0 + 0.5);

	if (ms % 1000)
		add(l, " --%s %lldms", name, ms);
	else
		add(l, " --%s %llds", name, ms / 1000);
}

/* The groups[] entry scenario sc ran in, by name. */
static struct json_object *group_of(struct json_object *root, struct json_object *sc)
{
	struct json_object *groups = NULL;
	const char *name = dr_json_str(sc, "group", "");

	json_object_object_get_ex(root, "groups", &groups);
	for (size_t i = 0; groups && i < json_object_array_length(groups); i++) {
		struct json_object *g = json_object_array_get_idx(groups, i);

		if (!strcmp(dr_json_str(g, "name", ""), name))
			return g;
	}
	return NULL;
}

int dr_report_repro(struct json_object *root, struct json_object *sc, char *buf,
		    size_t len)
{
	struct json_object *g = group_of(root, sc), *cfg = NULL, *vm = NULL;
	struct line l = { buf, len, 0, false };
	const struct dr_actor_ops *a;
	const char *vm_cmd = NULL, *wl;
	int64_t rounds = dr_json_int(sc, "rounds", 0);
	double wd;

	if (!len)
		return -ENOSPC;
	buf[0] = '\0';
	if (g)
		json_object_object_get_ex(g, "config", &cfg);
	if (!cfg || !*dr_json_str(sc, "actor", "") || !*dr_json_str(sc, "mutator", ""))
		return -ENOENT;
	if (json_object_object_get_ex(root, "vm", &vm))
		vm_cmd = dr_json_str(vm, "command", NULL);
	if (vm_cmd && *vm_cmd) {
		add(&l, "%s --", vm_cmd);
	} else {
		vm_cmd = NULL;
		add(&l, "daxrace run");
		opt(&l, "dir", dr_json_str(cfg, "dir", "DIR"));
	}
	/*
	 * The workload and the group it ran in: the options below override
	 * the group's own, and --group keeps the other groups (which would
	 * take the same --actor/--mutator/--stall) from running it again
	 * under their names.
	 */
	wl = dr_json_str(root, "workload", NULL);
	if (wl && *wl && strncmp(wl, "built-in:", 9))
		opt(&l, "workload", wl);
	if (*dr_json_str(sc, "group", ""))
		opt(&l, "group", dr_json_str(sc, "group", ""));
	opt(&l, "actor", dr_json_str(sc, "actor", ""));
	opt(&l, "mutator", dr_json_str(sc, "mutator", ""));
	if (*dr_json_str(sc, "stall", ""))
		opt(&l, "stall", dr_json_str(sc, "stall", ""));
	opt_int(&l, "jobs", dr_json_int(cfg, "jobs", 1));
	opt_int(&l, "pages", dr_json_int(cfg, "pages", 4));
	/* Only actors that queue read it; files before --depth lack it. */
	if ((a = dr_actor_by_name(dr_json_str(sc, "actor", ""))) && a->uses_depth &&
	    dr_json_int(cfg, "depth", 0) > 0)
		opt_int(&l, "depth", dr_json_int(cfg, "depth", 0));
	opt_int(&l, "seed", dr_json_int(cfg, "seed", dr_json_int(root, "seed", 0)));
	/* The rounds it ran; one that ran none gets what it was given. */
	if (rounds <= 0)
		rounds = dr_json_int(cfg, "rounds", 0);
	if (rounds > 0)
		opt_int(&l, "rounds", rounds);
	else if (dr_json_num(cfg, "duration_s", 0) > 0)
		opt_ms(&l, "duration", dr_json_num(cfg, "duration_s", 0));
	/* Always: LIVE judges by it, and a default may change. */
	wd = dr_json_num(cfg, "watchdog_s", -1);
	if (wd > 0)
		opt_ms(&l, "watchdog", wd);
	if (dr_json_num(cfg, "probe_every_s", 0) > 0)
		opt_ms(&l, "probe-every", dr_json_num(cfg, "probe_every_s", 0));
	if (dr_json_int(cfg, "cpu_node", -1) >= 0)
		opt_int(&l, "cpu-node", dr_json_int(cfg, "cpu_node", -1));
	if (dr_json_int(cfg, "mem_node", -1) >= 0)
		opt_int(&l, "mem-node", dr_json_int(cfg, "mem_node", -1));
	if (!vm_cmd) {
		if (dr_json_str(cfg, "partner", NULL))
			opt(&l, "partner", dr_json_str(cfg, "partner", ""));
		if (dr_json_bool(cfg, "partner_destroy", false))
			opt(&l, "partner-destroy", NULL);
		if (dr_json_bool(cfg, "require_dax", false))
			opt(&l, "require-dax", NULL);
	}
	/* A test-only fault injection made the failure: it is part of it. */
	if (dr_json_str(cfg, "inject", NULL))
		opt(&l, "inject", dr_json_str(cfg, "inject", ""));
	if (l.full) {
		buf[0] = '\0';
		return -ENOSPC;
	}
	return 0;
}

const char *dr_report_repro_of(struct json_object *root, struct json_object *sc,
			       char *buf, size_t len)
{
	const char *kept = dr_json_str(sc, "reproduce", NULL);

	if (kept && *kept)
		return kept;
	return dr_report_repro(root, sc, buf, len) ? NULL : buf;
}
