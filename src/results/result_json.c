// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dr_run_result -> result.json (results/schema.json, schema_version 1).
 * Key names and the status/verdict words are the schema's, so they are
 * spelled here rather than borrowed from the engine's enums' printers.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/utsname.h>

#include "config.h"
#include "common/exitcode.h"
#include "results/report.h"

static const char *const status_words[] = {
	[DR_STATUS_PASS] = "PASS", [DR_STATUS_FAIL] = "FAIL",
	[DR_STATUS_SKIP] = "SKIP", [DR_STATUS_ERROR] = "ERROR",
};

static const char *const verdict_words[] = {
	[DR_VERDICT_PASS] = "PASS", [DR_VERDICT_FAIL] = "FAIL",
	[DR_VERDICT_SKIP] = "SKIP", [DR_VERDICT_NA] = "NA",
	[DR_VERDICT_INCONCLUSIVE] = "INCONCLUSIVE",
};

static const char *const oracle_names[] = {
#define DR_ORACLE_NAME(id, name) [DR_ORACLE_##id] = name,
	DR_ORACLES(DR_ORACLE_NAME)
#undef DR_ORACLE_NAME
};

static const char *word(const char *const *words, size_t n, unsigned int v)
{
	return v < n && words[v] ? words[v] : "ERROR";
}

#define STATUS(s) word(status_words, DR_ARRAY_LEN(status_words), (s))
#define VERDICT(v) word(verdict_words, DR_ARRAY_LEN(verdict_words), (v))
#define DR_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * json-c calls fail only on allocation.  Rather than checking each of the
 * hundreds of calls, the builder remembers that one failed and the whole
 * tree is dropped at the end.  A NULL value is a JSON null on purpose.
 */
struct builder {
	bool ok;
};

static void put(struct builder *b, struct json_object *o, const char *key,
		struct json_object *val)
{
	if (!o) {
		json_object_put(val);
		b->ok = false;
		return;
	}
	if (json_object_object_add(o, key, val)) {
		json_object_put(val);
		b->ok = false;
	}
}

static struct json_object *str(struct builder *b, const char *s)
{
	struct json_object *o;

	if (!s)
		return NULL; /* JSON null */
	o = json_object_new_string(s);
	if (!o)
		b->ok = false;
	return o;
}

static struct json_object *i64(struct builder *b, uint64_t v)
{
	struct json_object *o = json_object_new_int64(v > INT64_MAX ? INT64_MAX :
							      (int64_t)v);

	if (!o)
		b->ok = false;
	return o;
}

static struct json_object *dbl(struct builder *b, double v)
{
	struct json_object *o = json_object_new_double(v);

	if (!o)
		b->ok = false;
	return o;
}

static struct json_object *boolean(struct builder *b, bool v)
{
	struct json_object *o = json_object_new_boolean(v);

	if (!o)
		b->ok = false;
	return o;
}

static struct json_object *obj(struct builder *b)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		b->ok = false;
	return o;
}

static struct json_object *arr(struct builder *b)
{
	struct json_object *o = json_object_new_array();

	if (!o)
		b->ok = false;
	return o;
}

static void push(struct builder *b, struct json_object *a, struct json_object *v)
{
	if (!a || !v || json_object_array_add(a, v)) {
		json_object_put(v);
		b->ok = false;
	}
}

static struct json_object *names(struct builder *b, const char *const *list)
{
	struct json_object *a;

	if (!list)
		return NULL; /* null = every registered one */
	a = arr(b);
	for (; *list; list++)
		push(b, a, str(b, *list));
	return a;
}

static struct json_object *hist(struct builder *b, const struct dr_hist *h)
{
	struct json_object *o = obj(b), *buckets = arr(b);

	put(b, o, "unit", str(b, "ns"));
	put(b, o, "count", i64(b, h->count));
	put(b, o, "min_ns", h->count ? i64(b, h->min) : NULL);
	put(b, o, "max_ns", h->count ? i64(b, h->max) : NULL);
	put(b, o, "mean_ns", h->count ? i64(b, h->sum / h->count) : NULL);
	for (unsigned int i = 0; i < DR_HIST_BUCKETS; i++) {
		struct json_object *bk;

		if (!h->bucket[i])
			continue;
		bk = obj(b);
		put(b, bk, "ge_ns", i64(b, i ? 1ull << i : 0));
		put(b, bk, "lt_ns", i64(b, 1ull << (i + 1)));
		put(b, bk, "count", i64(b, h->bucket[i]));
		push(b, buckets, bk);
	}
	put(b, o, "buckets", buckets);
	/* Quantiles from the buckets, the same way "daxrace report" would. */
	put(b, o, "p50_ns", h->count ? i64(b, dr_json_hist_quantile(o, 0.50)) : NULL);
	put(b, o, "p90_ns", h->count ? i64(b, dr_json_hist_quantile(o, 0.90)) : NULL);
	put(b, o, "p99_ns", h->count ? i64(b, dr_json_hist_quantile(o, 0.99)) : NULL);
	return o;
}

static double secs(uint64_t from, uint64_t to)
{
	return from && to >= from ? (double)(to - from) / 1e9 : 0.0;
}

/* Rounds per step, from the running totals the engine sampled; null
 * when the jobs never started.  start_s puts it on the violations' clock
 * (at_s, from the scenario's start). */
static struct json_object *pace(struct builder *b, const struct dr_pace *p,
				uint64_t scenario_start_ns)
{
	struct json_object *o, *a;

	if (!p->start_ns)
		return NULL;
	o = obj(b);
	a = arr(b);
	put(b, o, "start_s", dbl(b, secs(scenario_start_ns, p->start_ns)));
	put(b, o, "step_s", dbl(b, p->step_ns / 1e9));
	put(b, o, "span_s", dbl(b, secs(p->start_ns, p->end_ns)));
	for (unsigned int i = 0; i < p->n; i++)
		push(b, a, i64(b, p->total[i] - (i ? p->total[i - 1] : 0)));
	put(b, o, "rounds", a);
	return o;
}

static struct json_object *violation(struct builder *b,
				     const struct dr_scenario_result *sc,
				     const struct dr_known_verdict *kv, size_t i)
{
	const struct dr_violation *v = &sc->oracles.violations[i];
	const struct dr_known_issue *ki = kv && kv->viol ? kv->viol[i] : NULL;
	struct json_object *o = obj(b);

	put(b, o, "oracle", str(b, v->oracle < DR_ORACLE_COUNT ?
				   oracle_names[v->oracle] : "?"));
	put(b, o, "round", v->round == UINT64_MAX ? NULL : i64(b, v->round));
	put(b, o, "at_s", sc->start_ns && v->t_ns >= sc->start_ns ?
			  dbl(b, secs(sc->start_ns, v->t_ns)) : NULL);
	put(b, o, "summary", str(b, v->summary));
	put(b, o, "evidence", str(b, v->evidence));
	put(b, o, "known", boolean(b, ki != NULL));
	put(b, o, "known_issue", ki ? str(b, ki->id) : NULL);
	return o;
}

/* Appends id to the comma list ids unless it is there already. */
static void add_id(char *ids, size_t len, const char *id)
{
	size_t n = strlen(ids), k = strlen(id);

	for (const char *p = ids; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ','))
		if (strcspn(p, ",") == k && !strncmp(p, id, k))
			return;
	snprintf(ids + n, len - n, "%s%s", n ? "," : "", id);
}

/*
 * The ids a known scenario matched, each once: the oracles' in oracle
 * order, then any other its violations matched (entries with evidence
 * can split one oracle's violations between them).
 */
static struct json_object *known_ids(struct builder *b,
				     const struct dr_scenario_result *sc,
				     const struct dr_known_verdict *kv)
{
	char ids[512] = "";

	if (!kv || !kv->known)
		return NULL;
	for (int i = 0; i < DR_ORACLE_COUNT; i++)
		if (kv->issue[i])
			add_id(ids, sizeof(ids), kv->issue[i]->id);
	for (size_t i = 0; kv->viol && i < sc->oracles.nr_violations; i++)
		if (kv->viol[i])
			add_id(ids, sizeof(ids), kv->viol[i]->id);
	return str(b, ids);
}

/* Where each thread ran and each buffer is (read back by the engine). */
static struct json_object *placement(struct builder *b,
				     const struct dr_scenario_result *sc)
{
	struct json_object *a = arr(b);

	for (size_t i = 0; i < sc->nr_placed; i++) {
		const struct dr_placed *p = &sc->placed[i];
		struct json_object *o = obj(b);

		put(b, o, "what", str(b, p->what));
		put(b, o, "kind", str(b, p->memory ? "memory" : "thread"));
		put(b, o, "node", p->node >= 0 ? i64(b, (uint64_t)p->node) : NULL);
		if (!p->memory)
			put(b, o, "cpu", p->cpu >= 0 ? i64(b, (uint64_t)p->cpu) : NULL);
		if (p->memory && p->node >= 0 && p->from)
			put(b, o, "from", str(b, p->from));
		if (p->node < 0)
			put(b, o, "why", str(b, p->why));
		push(b, a, o);
	}
	return a;
}

/*
 * What racing cost daxrace, its own threads only (engine.h): the figures
 * issue 10's benchmark asks for, per scenario, also in a guest.  null when
 * the jobs never ran.
 */
static struct json_object *cost(struct builder *b,
				const struct dr_scenario_result *sc)
{
	struct json_object *o, *ph;

	if (!sc->have_cost)
		return NULL;
	o = obj(b);
	put(b, o, "cpu_s", dbl(b, sc->cost_cpu_s));
	put(b, o, "context_switches", i64(b, sc->cost_csw));
	put(b, o, "cpu_us_per_round",
	    sc->rounds ? dbl(b, sc->cost_cpu_s * 1e6 / sc->rounds) : NULL);
	put(b, o, "context_switches_per_round",
	    sc->rounds ? dbl(b, (double)sc->cost_csw / sc->rounds) : NULL);
	ph = NULL;
	if (sc->have_phases) {
		ph = obj(b);
		for (int i = 0; i < DR_ROUND_PHASES; i++)
			put(b, ph, dr_round_phase_names[i], dbl(b, sc->phase_mean_us[i]));
	}
	put(b, o, "phase_mean_us", ph);
	return o;
}

static struct json_object *scenario(struct builder *b, const char *group,
				    const struct dr_scenario_result *sc,
				    const struct dr_known_verdict *kv)
{
	struct json_object *o = obj(b), *oracles = obj(b), *viols = arr(b);
	struct json_object *lat = obj(b);
	const struct dr_verdict_sink *vs = &sc->oracles;
	char id[256];

	if (*group)
		snprintf(id, sizeof(id), "%s/%s", group, sc->name);
	else
		snprintf(id, sizeof(id), "%s", sc->name);
	put(b, o, "name", str(b, sc->name));
	put(b, o, "group", str(b, group));
	put(b, o, "id", str(b, id));
	put(b, o, "actor", str(b, sc->actor ? sc->actor : ""));
	put(b, o, "mutator", str(b, sc->mutator ? sc->mutator : ""));
	put(b, o, "stall", str(b, sc->stall ? sc->stall : ""));
	put(b, o, "status", str(b, STATUS(sc->status)));
	put(b, o, "reason", str(b, sc->reason));
	put(b, o, "known", boolean(b, kv && kv->known));
	put(b, o, "known_issue", known_ids(b, sc, kv));
	put(b, o, "rounds", i64(b, sc->rounds));
	put(b, o, "confirmed_holds", i64(b, sc->confirmed_holds));
	put(b, o, "unconfirmed", i64(b, sc->unconfirmed));
	put(b, o, "unconfirmed_reason", str(b, sc->unconfirmed_reason));
	put(b, o, "lost_wakeups", i64(b, sc->lost_wakeups));
	put(b, o, "leaked_refs", i64(b, sc->leaked_refs));
	put(b, o, "duration_s", dbl(b, secs(sc->start_ns, sc->end_ns)));
	for (int i = 0; i < DR_ORACLE_COUNT; i++) {
		struct json_object *v = obj(b);

		put(b, v, "verdict", str(b, VERDICT(vs->verdict[i])));
		put(b, v, "reason", str(b, vs->reason[i]));
		put(b, oracles, oracle_names[i], v);
	}
	put(b, o, "oracles", oracles);
	for (size_t i = 0; i < vs->nr_violations; i++)
		push(b, viols, violation(b, sc, kv, i));
	put(b, o, "violations", viols);
	put(b, o, "violations_dropped", i64(b, vs->violations_dropped));
	put(b, lat, "hold_to_mutator_return", hist(b, &sc->hold_to_mut_return));
	put(b, lat, "release_to_mutator_return", hist(b, &sc->release_to_mut_return));
	put(b, o, "latency", lat);
	put(b, o, "rounds_over_time", pace(b, &sc->pace, sc->start_ns));
	put(b, o, "placement", placement(b, sc));
	put(b, o, "cost", cost(b, sc));
	return o;
}

static struct json_object *config(struct builder *b, const struct dr_run_config *c)
{
	struct json_object *o = obj(b);

	put(b, o, "dir", str(b, c->dir));
	put(b, o, "partner", str(b, c->partner));
	put(b, o, "partner_destroy", boolean(b, c->partner_destroy));
	put(b, o, "actors", names(b, c->actors));
	put(b, o, "mutators", names(b, c->mutators));
	put(b, o, "stall", str(b, c->stall == DR_STALL_NONE ? "none" : "uffd"));
	put(b, o, "duration_s", c->duration_ns ? dbl(b, c->duration_ns / 1e9) : NULL);
	put(b, o, "rounds", c->rounds ? i64(b, c->rounds) : NULL);
	put(b, o, "jobs", i64(b, c->jobs));
	put(b, o, "seed", i64(b, c->seed));
	put(b, o, "watchdog_s", dbl(b, c->watchdog_ns / 1e9));
	put(b, o, "probe_every_s", c->probe_every_ns ? dbl(b, c->probe_every_ns / 1e9) :
						       NULL);
	put(b, o, "pages", i64(b, c->pages));
	put(b, o, "depth", i64(b, c->depth ? c->depth : 1));
	put(b, o, "require_dax", boolean(b, c->require_dax));
	put(b, o, "cpu_node", c->cpu_node >= 0 ? i64(b, (uint64_t)c->cpu_node) : NULL);
	put(b, o, "mem_node", c->mem_node >= 0 ? i64(b, (uint64_t)c->mem_node) : NULL);
	put(b, o, "numa", str(b, c->numa_spread ? "spread" : "none"));
	put(b, o, "inject", str(b, c->inject));
	return o;
}

/* What the engine found about where it ran. */
static void environment(struct builder *b, struct json_object *o,
			const struct dr_run_result *r)
{
	put(b, o, "fs", str(b, r->fs_type));
	put(b, o, "mount_options", str(b, r->mount_options));
	put(b, o, "dax", boolean(b, r->dax));
	put(b, o, "dax_reason", str(b, r->dax_reason));
	put(b, o, "partner", str(b, r->partner));
	put(b, o, "namespace", str(b, r->namespace_desc));
	put(b, o, "numa", str(b, r->numa_desc));
}

static const char *result_word(int exit)
{
	switch (exit) {
	case DR_EXIT_PASS:
		return "PASS";
	case DR_EXIT_BUG:
		return "FAIL";
	case DR_EXIT_SKIP:
		return "SKIP";
	case DR_EXIT_INTERRUPTED:
		return "INTERRUPTED";
	default:
		return "ERROR";
	}
}

static struct json_object *iso_time(struct builder *b, const struct timespec *ts)
{
	char buf[64];
	struct tm tm;

	if (!ts->tv_sec || !gmtime_r(&ts->tv_sec, &tm))
		return NULL;
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return str(b, buf);
}

static struct json_object *issue(struct builder *b, const struct dr_known_issue *e)
{
	struct json_object *o = obj(b), *fs = arr(b);

	put(b, o, "kernel_min", str(b, e->kernel_lo));
	put(b, o, "kernel_below", str(b, e->kernel_hi));
	if (e->any_fs)
		push(b, fs, str(b, "*"));
	for (size_t i = 0; e->fs[i]; i++)
		push(b, fs, str(b, e->fs[i]));
	put(b, o, "fs", fs);
	put(b, o, "scenario", str(b, e->scenario));
	put(b, o, "oracle", str(b, e->oracle));
	put(b, o, "fix", str(b, e->fix));
	put(b, o, "reproducer", str(b, e->reproducer));
	put(b, o, "explanation", str(b, e->explanation));
	put(b, o, "introduced", str(b, e->introduced));
	put(b, o, "evidence", str(b, e->evidence));
	return o;
}

static void add_matched(struct builder *b, struct json_object *matched,
			const struct dr_known_issue *e)
{
	if (e && !json_object_object_get_ex(matched, e->id, NULL))
		put(b, matched, e->id, issue(b, e));
}

/* Which file was read, and the entries this run matched (for the TAP
 * YAML and for a reader who has a different file). */
static struct json_object *known_issues(struct builder *b,
					const struct dr_report_run *run)
{
	const struct dr_known_issues *ki = run->known_issues;
	struct json_object *o = obj(b), *matched = obj(b);

	put(b, o, "file", str(b, ki ? ki->path : NULL));
	put(b, o, "entries", i64(b, ki ? ki->nr : 0));
	for (size_t g = 0; g < run->nr_groups; g++) {
		const struct dr_report_group *grp = &run->groups[g];

		for (size_t i = 0; grp->known && grp->res && i < grp->res->nr_scenarios; i++) {
			const struct dr_known_verdict *kv = &grp->known[i];
			size_t nv = grp->res->scenarios[i].oracles.nr_violations;

			for (int k = 0; k < DR_ORACLE_COUNT; k++)
				add_matched(b, matched, kv->issue[k]);
			for (size_t v = 0; kv->viol && v < nv; v++)
				add_matched(b, matched, kv->viol[v]);
		}
	}
	put(b, o, "matched", matched);
	return o;
}

static void summary(struct builder *b, struct json_object *root,
		    const struct dr_report_run *run)
{
	uint64_t n[4] = { 0 }, total = 0, viol = 0, rounds = 0, holds = 0, known = 0;
	struct json_object *o = obj(b);

	for (size_t g = 0; g < run->nr_groups; g++) {
		const struct dr_run_result *r = run->groups[g].res;

		for (size_t i = 0; r && i < r->nr_scenarios; i++) {
			const struct dr_scenario_result *sc = &r->scenarios[i];

			total++;
			if (run->groups[g].known && run->groups[g].known[i].known)
				known++;
			if ((unsigned int)sc->status < 4)
				n[sc->status]++;
			viol += sc->oracles.nr_violations + sc->oracles.violations_dropped;
			rounds += sc->rounds;
			holds += sc->confirmed_holds;
		}
	}
	put(b, o, "scenarios", i64(b, total));
	put(b, o, "pass", i64(b, n[DR_STATUS_PASS]));
	put(b, o, "fail", i64(b, n[DR_STATUS_FAIL]));
	put(b, o, "known", i64(b, known));
	put(b, o, "skip", i64(b, n[DR_STATUS_SKIP]));
	put(b, o, "error", i64(b, n[DR_STATUS_ERROR]));
	put(b, o, "violations", i64(b, viol));
	put(b, o, "rounds", i64(b, rounds));
	put(b, o, "confirmed_holds", i64(b, holds));
	put(b, root, "summary", o);
}

/* Each scenario's reproduce line, from the tree just built, as
 * "daxrace report" would build it from the file. */
static void reproduce(struct builder *b, struct json_object *root,
		      struct json_object *scenarios)
{
	char line[4096];

	for (size_t i = 0; scenarios && i < json_object_array_length(scenarios); i++) {
		struct json_object *sc = json_object_array_get_idx(scenarios, i);

		if (!dr_report_repro(root, sc, line, sizeof(line)))
			put(b, sc, "reproduce", str(b, line));
	}
}

struct json_object *dr_report_to_json(const struct dr_report_run *run)
{
	struct builder b = { .ok = true };
	struct json_object *root = obj(&b), *tool = obj(&b), *cmd = arr(&b);
	struct json_object *kernel = obj(&b), *host = obj(&b);
	struct json_object *groups = arr(&b), *scenarios = arr(&b);
	const struct dr_run_result *first = NULL;
	bool interrupted = false;
	struct utsname u;

	put(&b, root, "schema_version", i64(&b, DR_SCHEMA_VERSION));
	put(&b, tool, "name", str(&b, PACKAGE_NAME));
	put(&b, tool, "version", str(&b, PACKAGE_VERSION));
	put(&b, root, "tool", tool);
	for (int i = 0; i < run->argc; i++)
		push(&b, cmd, str(&b, run->argv[i]));
	put(&b, root, "command_line", cmd);
	put(&b, root, "workload", str(&b, run->workload));
	put(&b, root, "results_dir", str(&b, run->results_dir));
	put(&b, root, "seed", i64(&b, run->seed));
	put(&b, root, "strict", boolean(&b, run->strict));
	put(&b, root, "started", iso_time(&b, &run->started));
	put(&b, root, "ended", iso_time(&b, &run->ended));
	put(&b, root, "duration_s",
	    dbl(&b, run->ended.tv_sec ?
		    (double)(run->ended.tv_sec - run->started.tv_sec) +
		    (run->ended.tv_nsec - run->started.tv_nsec) / 1e9 : 0.0));
	put(&b, root, "exit_status", i64(&b, (uint64_t)run->exit));
	put(&b, root, "result", str(&b, result_word(run->exit)));

	for (size_t g = 0; g < run->nr_groups; g++) {
		const struct dr_report_group *grp = &run->groups[g];
		struct json_object *go = obj(&b), *env = obj(&b);

		put(&b, go, "name", str(&b, grp->name));
		put(&b, go, "exit_status", i64(&b, (uint64_t)grp->exit));
		put(&b, go, "config", config(&b, grp->cfg));
		if (grp->res) {
			environment(&b, env, grp->res);
			put(&b, env, "work_dir", str(&b, grp->res->work_dir));
			put(&b, go, "interrupted", boolean(&b, grp->res->interrupted));
			interrupted |= grp->res->interrupted;
			if (!first)
				first = grp->res;
			put(&b, env, "known_fs", str(&b, grp->known_fs));
			put(&b, env, "known_kernel", str(&b, grp->known_kernel));
			for (size_t i = 0; i < grp->res->nr_scenarios; i++)
				push(&b, scenarios,
				     scenario(&b, grp->name, &grp->res->scenarios[i],
					      grp->known ? &grp->known[i] : NULL));
		}
		put(&b, go, "environment", env);
		push(&b, groups, go);
	}
	put(&b, root, "interrupted", boolean(&b, interrupted));

	/* The header describes the first group's machine and filesystem;
	 * groups[].environment has each group's own. */
	put(&b, kernel, "release", str(&b, first ? first->kernel_release : ""));
	put(&b, kernel, "version", str(&b, first ? first->kernel_version : ""));
	if (!first || !*first->kernel_release) {
		if (!uname(&u)) {
			put(&b, kernel, "release", str(&b, u.release));
			put(&b, kernel, "version", str(&b, u.version));
		}
	}
	if (run->kconfig) {
		const struct dr_kconfig *kc = run->kconfig;

		put(&b, kernel, "config", kc->options ? json_object_get(kc->options) : NULL);
		put(&b, kernel, "config_source", str(&b, kc->source));
		if (!kc->options)
			put(&b, kernel, "config_error", str(&b, kc->error));
	}
	put(&b, root, "kernel", kernel);
	if (!uname(&u)) {
		put(&b, host, "hostname", str(&b, u.nodename));
		put(&b, host, "machine", str(&b, u.machine));
	}
	put(&b, root, "host", host);
	if (first) {
		environment(&b, root, first);
	} else {
		static const struct dr_run_result none;

		environment(&b, root, &none);
	}
	put(&b, root, "known_issues", known_issues(&b, run));
	put(&b, root, "groups", groups);
	summary(&b, root, run);
	put(&b, root, "scenarios", scenarios);
	if (run->vm_command) {
		struct json_object *vm = obj(&b);

		put(&b, vm, "command", str(&b, run->vm_command));
		if (run->vm_fs)
			put(&b, vm, "fs", str(&b, run->vm_fs));
		put(&b, root, "vm", vm);
	}
	reproduce(&b, root, scenarios);
	if (!b.ok) {
		json_object_put(root);
		return NULL;
	}
	return root;
}

int dr_report_exit_status(const struct dr_report_run *run)
{
	bool bug = false, usage = false, env = false, pass = false, intr = false;

	for (size_t g = 0; g < run->nr_groups; g++) {
		switch (run->groups[g].exit) {
		case DR_EXIT_PASS:
			pass = true;
			break;
		case DR_EXIT_BUG:
			bug = true;
			break;
		case DR_EXIT_USAGE:
			usage = true;
			break;
		case DR_EXIT_SKIP:
			break;
		case DR_EXIT_INTERRUPTED:
			intr = true;
			break;
		default:
			env = true;
		}
	}
	/* Known issues (and --strict) are already in each group's exit. */
	if (bug)
		return DR_EXIT_BUG;
	if (intr)
		return DR_EXIT_INTERRUPTED;
	if (usage)
		return DR_EXIT_USAGE;
	if (env)
		return DR_EXIT_ENV;
	return pass ? DR_EXIT_PASS : DR_EXIT_SKIP;
}
