// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/exitcode.h"
#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"
#include "probe/probe.h"

/*
 * dr_engine_run: set up what every scenario shares (work directory,
 * partner, signal handlers), then run each selected actor x mutator as one
 * scenario, and turn the statuses into a dr_exit code.
 */
#define DR_DEFAULT_K 4
#define DR_MAX_K 255 /* k + 1 pages must fit one bio: BIO_MAX_VECS = 256 */
#define DR_FALLBACK_DURATION_NS (10ull * 1000000000ull)

const char *dr_status_name(enum dr_status s)
{
	static const char *const names[] = { "PASS", "FAIL", "SKIP", "ERROR" };

	return (unsigned int)s < DR_ARRAY_SIZE(names) ? names[s] : "?";
}

void dr_run_result_free(struct dr_run_result *res)
{
	for (size_t i = 0; i < res->nr_scenarios; i++) {
		dr_verdict_sink_free(&res->scenarios[i].oracles);
		free(res->scenarios[i].placed);
	}
	free(res->scenarios);
	res->scenarios = NULL;
	res->nr_scenarios = 0;
}

static size_t count_names(const char **names, size_t all)
{
	size_t n = 0;

	if (!names)
		return all;
	while (names[n])
		n++;
	return n;
}

static size_t nr_actors(void)
{
	size_t n = 0;

	while (dr_actors[n])
		n++;
	return n;
}

static size_t nr_mutators(void)
{
	size_t n = 0;

	while (dr_mutators[n])
		n++;
	return n;
}

size_t dr_engine_nr_scenarios(const struct dr_run_config *cfg)
{
	return count_names(cfg->actors, nr_actors()) *
	       count_names(cfg->mutators, nr_mutators());
}

/*
 * A scenario that never ran: SKIP with the reason, and so is every oracle.
 * The sink starts zeroed, and zero is DR_VERDICT_PASS: without this, an
 * oracle that never ran would read PASS.
 */
static void skip_scenario(struct dr_scenario_result *sr, const char *why)
{
	sr->status = DR_STATUS_SKIP;
	dr_strlcpy(sr->reason, why, sizeof(sr->reason));
	for (int o = 0; o < DR_ORACLE_COUNT; o++)
		dr_verdict_set(&sr->oracles, o, DR_VERDICT_SKIP, "%s", why);
}

/* Every scenario, named and with its status, before anything runs, so that
 * an early stop still reports each one (as SKIP with the reason). */
static int plan(const struct dr_run_config *cfg, struct dr_run_result *res)
{
	size_t na = count_names(cfg->actors, nr_actors());
	size_t nm = count_names(cfg->mutators, nr_mutators());
	const char *stall = cfg->stall == DR_STALL_UFFD ? "uffd" : "none";
	size_t s = 0;

	res->scenarios = calloc(na * nm + 1, sizeof(*res->scenarios));
	if (!res->scenarios)
		return -ENOMEM;
	for (size_t a = 0; a < na; a++) {
		const struct dr_actor_ops *ao = cfg->actors ?
			dr_actor_by_name(cfg->actors[a]) : dr_actors[a];

		if (!ao) {
			dr_err("--actor %s: unknown actor (daxrace list shows them)",
			       cfg->actors[a]);
			return -EINVAL;
		}
		if (!cfg->actors && cfg->stall == DR_STALL_UFFD &&
		    ao->free_running_only)
			continue;
		for (size_t m = 0; m < nm; m++) {
			const struct dr_mutator_ops *mo[DR_MUT_COMBO_MAX];
			const char *mname = cfg->mutators ? cfg->mutators[m] :
							   dr_mutators[m]->name;
			struct dr_scenario_result *sr = &res->scenarios[s++];

			/* check_config() refused a bad combination already. */
			if (!dr_mutator_combo(mname, mo, DR_MUT_COMBO_MAX)) {
				dr_err("--mutator %s: unknown mutator (daxrace list shows them)",
				       mname);
				return -EINVAL;
			}
			snprintf(sr->name, sizeof(sr->name), "%s.%s.%s", ao->name,
				 mname, stall);
			sr->actor = ao->name;
			sr->mutator = mo[0]->name;
			if (strchr(mname, '+')) {
				dr_strlcpy(sr->mutator_combo, mname,
					   sizeof(sr->mutator_combo));
				sr->mutator = sr->mutator_combo;
			}
			sr->stall = stall;
			skip_scenario(sr, "not run");
			res->nr_scenarios = s;
		}
	}
	return 0;
}

/* A mutator that evicts the victim's inode against an actor whose child
 * maps the victim as well: the child's mapping would keep the inode, so
 * the final iput (the race) never happens under the pins.  true, with why. */
static bool evict_unmet(const struct dr_scenario *sc, bool held, char *why,
			size_t len)
{
	for (unsigned int i = 0; i < sc->nr_mutators; i++) {
		if (!sc->mutators[i]->evicts_inode)
			continue;
		if (sc->actor->maps_in_child) {
			snprintf(why, len, "mutator %s: %s's child maps the victim too and keeps its inode, so the final iput cannot come while the pages are pinned",
				 sc->mutators[i]->name, sc->actor->name);
			return true;
		}
		/* A shared futex is keyed by inode: the wake, through the new
		 * file's mapping, could never reach a waiter on the old one. */
		if (held && sc->actor->asleep) {
			snprintf(why, len, "mutator %s: %s's held waiter is keyed to the old inode, which no wake through the new file can reach",
				 sc->mutators[i]->name, sc->actor->name);
			return true;
		}
	}
	return false;
}

/*
 * What each actor needs (liburing, root, a kernel feature), asked once per
 * run and actor: "" when it can run here, else the reason its scenarios
 * are SKIP.  unmet has one row per registered actor.
 */
static const char *actor_unmet(const struct dr_actor_ops *a,
			       const struct dr_actor_env *env,
			       char (*unmet)[256], bool *asked)
{
	size_t i = 0;
	char why[200] = "";
	int ret;

	while (dr_actors[i] && dr_actors[i] != a)
		i++;
	if (!dr_actors[i] || (!a->needs && !a->free_running_only))
		return "";
	if (!asked[i]) {
		asked[i] = true;
		/* Said once here for every such actor, from its own words. */
		if (a->free_running_only && env->uffd_stall) {
			snprintf(unmet[i], sizeof(unmet[i]),
				 "actor %s: %s, so the uffd stall has nothing to hold: free-running only (--stall none)",
				 a->name, a->no_evidence ? a->no_evidence :
				 "it keeps no page reference past its call");
			dr_info("%s", unmet[i]);
			return unmet[i];
		}
		ret = a->needs ? a->needs(env, why, sizeof(why)) : 0;
		if (ret) {
			snprintf(unmet[i], sizeof(unmet[i]), "actor %s: %s", a->name,
				 why[0] ? why : strerror(-ret));
			dr_info("%s", unmet[i]);
		}
	}
	return unmet[i];
}

static void skip_all(struct dr_run_result *res, const char *why)
{
	for (size_t i = 0; i < res->nr_scenarios; i++)
		skip_scenario(&res->scenarios[i], why);
}

static void header(struct dr_run_result *res)
{
	dr_probe_kernel(res->kernel_release, sizeof(res->kernel_release),
			res->kernel_version, sizeof(res->kernel_version));
	if (dr_probe_numa(res->numa_desc, sizeof(res->numa_desc)))
		dr_strlcpy(res->numa_desc, "NUMA not available",
			   sizeof(res->numa_desc));
}

/* The fs under test, asked inside the work directory: the probe's test
 * file is then one more file of daxrace's own, never one in --dir. */
static void header_fs(const struct dr_run_config *cfg,
		      const struct dr_workdir *wd, struct dr_run_result *res)
{
	struct dr_fs_info fs;
	int ret;

	ret = dr_probe_fs(wd->path, &fs);
	if (ret) {
		snprintf(res->dax_reason, sizeof(res->dax_reason), "%s: %s",
			 cfg->dir, strerror(-ret));
		return;
	}
	dr_strlcpy(res->fs_type, fs.fstype, sizeof(res->fs_type));
	dr_strlcpy(res->mount_options, fs.mount_options,
		   sizeof(res->mount_options));
	res->dax = fs.file_dax;
	dr_strlcpy(res->dax_reason, fs.dax_reason, sizeof(res->dax_reason));
	if (dr_probe_namespace(&fs, res->namespace_desc,
			       sizeof(res->namespace_desc)))
		res->namespace_desc[0] = '\0';
}

static int exit_code(const struct dr_run_result *res)
{
	bool fail = false, error = false, pass = false;

	for (size_t i = 0; i < res->nr_scenarios; i++) {
		switch (res->scenarios[i].status) {
		case DR_STATUS_FAIL: fail = true; break;
		case DR_STATUS_ERROR: error = true; break;
		case DR_STATUS_PASS: pass = true; break;
		case DR_STATUS_SKIP: break;
		}
	}
	if (fail)
		return DR_EXIT_BUG;
	if (error)
		return DR_EXIT_ENV;
	return pass ? DR_EXIT_PASS : DR_EXIT_SKIP;
}

static int check_config(const struct dr_run_config *cfg, unsigned int *k)
{
	if (!cfg->dir) {
		dr_err("--dir: required (a directory on the filesystem under test)");
		return -EINVAL;
	}
	if (dr_inject_valid(cfg->inject)) {
		dr_err("--inject %s: unknown (foreign-tag, live-pipe, vmsplice-hold, stuck-actor, stuck-mutator, space-leak, victim-foreign, copy-foreign)",
		       cfg->inject);
		return -EINVAL;
	}
	for (size_t i = 0; cfg->mutators && cfg->mutators[i]; i++) {
		const struct dr_mutator_ops *mo[DR_MUT_COMBO_MAX];
		const char *name = cfg->mutators[i];

		if (!dr_mutator_combo(name, mo, DR_MUT_COMBO_MAX)) {
			dr_err("--mutator %s: not a mutator, or a combination (NAME+NAME) with an unknown or repeated one, or more than %d (daxrace list shows them)",
			       name, DR_MUT_COMBO_MAX);
			return -EINVAL;
		}
		if (strlen(name) >= sizeof(((struct dr_scenario_result *)0)->mutator_combo)) {
			dr_err("--mutator %s: a combination's name must be shorter than %zu characters",
			       name, sizeof(((struct dr_scenario_result *)0)->mutator_combo));
			return -EINVAL;
		}
		if (strchr(name, '+') && cfg->stall != DR_STALL_NONE) {
			dr_err("--mutator %s: a combination of mutators needs --stall none (a held round races one change)",
			       name);
			return -EINVAL;
		}
	}
	*k = cfg->pages ? cfg->pages : DR_DEFAULT_K;
	if (*k > DR_MAX_K) {
		dr_err("--pages %u: must be 1-%u (k+1 pages must fit one bio)",
		       *k, DR_MAX_K);
		return -EINVAL;
	}
	if (cfg->depth > DR_ACTOR_MAX_DEPTH) {
		dr_err("--depth %u: must be 1-%u", cfg->depth, DR_ACTOR_MAX_DEPTH);
		return -EINVAL;
	}
	if (!cfg->watchdog_ns) {
		dr_err("--watchdog: must be positive");
		return -EINVAL;
	}
	return 0;
}

/* Placement is configuration: a node that does not exist is the user's
 * mistake (exit 2), said in one line naming the option. */
static int check_placement(const struct dr_run_config *cfg,
			   struct dr_placement *pl, char *desc, size_t len)
{
	char why[256];
	int ret;

	ret = dr_placement_init(pl, cfg->cpu_node, cfg->mem_node, cfg->numa_spread, why,
				sizeof(why));
	if (ret) {
		dr_err("%s", why);
		return ret;
	}
	if (desc)
		snprintf(desc, len, "%s", why);
	return 0;
}

int dr_engine_check(const struct dr_run_config *cfg)
{
	struct dr_placement pl;
	unsigned int k;

	if (check_config(cfg, &k) ||
	    check_placement(cfg, &pl, NULL, 0))
		return DR_EXIT_USAGE;
	return DR_EXIT_PASS;
}

/*
 * A partner daxrace makes itself fails only by the environment.  One the
 * user named (--partner) is a configuration error when it is the wrong
 * thing (missing, in use, a filesystem, too small), but running out of
 * descriptors, memory or space, or an I/O error, is still the environment.
 */
static int partner_exit(const struct dr_run_config *cfg, int err)
{
	switch (err) {
	case -EMFILE: case -ENFILE: case -ENOMEM: case -EAGAIN:
	case -EIO: case -ENOSPC: case -EDQUOT: case -ENODEV: case -ENXIO:
	case -EPERM: case -EACCES: case -EROFS:
		return DR_EXIT_ENV;
	}
	return cfg->partner ? DR_EXIT_USAGE : DR_EXIT_ENV;
}

int dr_engine_run(const struct dr_run_config *cfg, struct dr_run_result *res,
		  dr_progress_fn progress, void *ctx)
{
	struct dr_run_config c = *cfg;
	struct dr_placement pl;
	struct dr_workdir wd = { .dirfd = -1 };
	struct dr_partner partner = { 0 };
	struct dr_actor_env aenv;
	char why[512], place[256];
	char (*unmet)[256] = NULL;
	bool *asked = NULL;
	const char *no;
	bool abandoned = false;
	size_t len;
	unsigned int k;
	int ret, uffd;

	memset(res, 0, sizeof(*res));
	res->seed = cfg->seed;
	res->start_ns = dr_now_ns();
	if (check_config(cfg, &k) || plan(cfg, res))
		return DR_EXIT_USAGE;
	if (!c.jobs)
		c.jobs = 1;
	if (!c.rounds && !c.duration_ns)
		c.duration_ns = DR_FALLBACK_DURATION_NS;
	header(res);

	if (cfg->stall == DR_STALL_UFFD) {
		ret = dr_uffd_open(&uffd, why, sizeof(why));
		if (ret) {
			skip_all(res, why);
			dr_err("%s", why);
			return dr_uffd_denied(ret) ? DR_EXIT_SKIP : DR_EXIT_ENV;
		}
		close(uffd);
	}
	ret = check_placement(cfg, &pl, place, sizeof(place));
	if (ret) {
		skip_all(res, "NUMA placement unavailable");
		return DR_EXIT_USAGE;
	}
	/* numa: the machine's nodes, then where this run put its threads. */
	len = strlen(res->numa_desc);
	snprintf(res->numa_desc + len, sizeof(res->numa_desc) - len, "%s%s",
		 len ? "; " : "", place);

	dr_signals_install();
	if (dr_engine_interrupted) {
		/* Stopped before this group began: create nothing. */
		res->interrupted = true;
		skip_all(res, "not run: interrupted");
		ret = exit_code(res);
		goto out_signals;
	}
	if (cfg->earlier_stuck) {
		skip_all(res, "not run: a job thread of an earlier group is stuck in the kernel");
		ret = exit_code(res);
		goto out_signals;
	}
	ret = dr_workdir_create(&wd, cfg->dir);
	if (ret) {
		snprintf(why, sizeof(why), "cannot create a work directory in %s: %s",
			 cfg->dir, strerror(-ret));
		dr_err("%s", why);
		skip_all(res, why);
		snprintf(res->dax_reason, sizeof(res->dax_reason), "%s: %s",
			 cfg->dir, strerror(-ret));
		ret = DR_EXIT_ENV;
		goto out_signals;
	}
	dr_strlcpy(res->work_dir, wd.path, sizeof(res->work_dir));
	dr_info("work directory %s", wd.path);
	header_fs(cfg, &wd, res);
	if (cfg->require_dax && !res->dax) {
		snprintf(why, sizeof(why), "--require-dax: %s is not DAX: %s",
			 cfg->dir, res->dax_reason);
		skip_all(res, why);
		dr_err("%s", why);
		ret = DR_EXIT_SKIP;
		goto out_wd;
	}
	ret = dr_partner_setup(&partner, &c, &wd, c.jobs,
			       (size_t)(k + 1) * DR_PAGE_SIZE, res->dax, why,
			       sizeof(why));
	if (ret) {
		dr_err("partner: %s", why);
		skip_all(res, why);
		ret = partner_exit(cfg, ret);
		dr_partner_teardown(&partner, &wd);
		goto out_wd;
	}
	dr_strlcpy(res->partner, partner.desc, sizeof(res->partner));
	dr_info("partner: %s", partner.desc);
	aenv = (struct dr_actor_env){
		.root = geteuid() == 0,
		.uffd_stall = c.stall == DR_STALL_UFFD,
		.dax = res->dax,
		.depth = c.depth ? c.depth : 1,
		.dirfd = wd.dirfd,
	};
	unmet = calloc(nr_actors() + 1, sizeof(*unmet));
	asked = calloc(nr_actors() + 1, sizeof(*asked));
	if (!unmet || !asked) {
		skip_all(res, "out of memory");
		ret = DR_EXIT_ENV;
		goto out_partner;
	}

	for (size_t i = 0; i < res->nr_scenarios; i++) {
		struct dr_scenario sc;

		if (dr_engine_interrupted) {
			res->interrupted = true;
			skip_scenario(&res->scenarios[i], "not run: interrupted");
			continue;
		}
		if (abandoned) {
			skip_scenario(&res->scenarios[i],
				      "not run: a job thread of an earlier scenario is stuck in the kernel");
			continue;
		}
		memset(&sc, 0, sizeof(sc));
		sc.cfg = &c;
		sc.res = &res->scenarios[i];
		sc.actor = dr_actor_by_name(sc.res->actor);
		no = actor_unmet(sc.actor, &aenv, unmet, asked);
		if (no[0]) {
			skip_scenario(sc.res, no);
			dr_info("scenario %s: SKIP: %s", sc.res->name, no);
			continue;
		}
		sc.nr_mutators = (unsigned int)dr_mutator_combo(sc.res->mutator,
				sc.mutators, DR_MUT_COMBO_MAX);
		sc.mutator = sc.mutators[0];
		sc.wd = &wd;
		sc.partner = &partner;
		sc.pl = &pl;
		sc.nr_jobs = c.jobs;
		sc.index = (unsigned int)i;
		sc.nr_scenarios = (unsigned int)res->nr_scenarios;
		sc.k = k;
		sc.env.dax = res->dax;
		sc.env.root = geteuid() == 0;
		for (unsigned int m = 0; m < sc.nr_mutators; m++)
			if (sc.mutators[m]->breaks_layouts)
				sc.env.mutator_breaks_layouts = true;
		sc.env.free_running = c.stall == DR_STALL_NONE;
		sc.env.actor_holds_no_pages = sc.actor->holds_no_pages;
		sc.env.dir = wd.path;
		sc.env.watchdog_ns = c.watchdog_ns;
		atomic_store(&sc.next_file_id, (uint32_t)(i + 1) << 20);
		sc.res->reason[0] = '\0';
		dr_info("scenario %s", sc.res->name);
		if (c.stall == DR_STALL_UFFD && res->dax && sc.mutator->no_dax_hold) {
			snprintf(why, sizeof(why), "mutator %s: %s", sc.mutator->name,
				 sc.mutator->no_dax_hold);
			skip_scenario(sc.res, why);
			dr_info("scenario %s: SKIP: %s", sc.res->name, why);
			continue;
		}
		if (evict_unmet(&sc, c.stall == DR_STALL_UFFD, why, sizeof(why)) ||
		    dr_mutate_probe(&sc, why, sizeof(why))) {
			skip_scenario(sc.res, why);
			dr_info("scenario %s: SKIP: %s", sc.res->name, why);
			continue;
		}
		dr_scenario_run(&sc, progress, ctx, res->start_ns);
		dr_info("scenario %s: %s: %s", sc.res->name,
			dr_status_name(sc.res->status), sc.res->reason);
		/*
		 * A thread that never came back from the kernel still points at
		 * this run's partner and work directory: run nothing more, and
		 * free neither (the scenario and its jobs leak the same way).
		 * The caller writes the results and exits, which ends it.
		 */
		abandoned = sc.abandoned;
	}
	if (dr_engine_interrupted)
		res->interrupted = true;
	res->abandoned = abandoned;
	ret = exit_code(res);
	/* What ran may have passed, but not everything ran: say so, unless a
	 * bug was found, which matters more. */
	if (res->interrupted && ret != DR_EXIT_BUG)
		ret = DR_EXIT_INTERRUPTED;
out_partner:
	if (!abandoned)
		dr_partner_teardown(&partner, &wd);
	free(unmet);
	free(asked);
out_wd:
	dr_workdir_remove(&wd);
out_signals:
	dr_signals_restore();
	res->end_ns = dr_now_ns();
	return ret;
}
