// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * daxrace run: options (command line over workload file over defaults)
 * -> one dr_run_config per scenario group -> dr_engine_run -> the run
 * directory (result.json, result.tap, dmesg.txt) and the report on stdout.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actors/actor.h"
#include "common/commands.h"
#include "common/exitcode.h"
#include "common/log.h"
#include "common/util.h"
#include "mutators/mutator.h"
#include "known/known.h"
#include "results/output.h"
#include "results/report.h"
#include "cli/progress.h"
#include "cli/run_opts.h"
#include "cli/workload.h"

#define RUN_USAGE "--dir DIR [options]  |  --workload FILE [options]"

struct run {
	const char *actor_names[32], *mutator_names[32];
	struct dr_run_settings defaults, cli, invocation;
	struct dr_workload wl;
	bool wl_builtin; /* no --workload: the compiled-in smoke.ini */
	bool have_wl;
	size_t nr_groups;
	struct dr_run_settings *eff;   /* per group: layered settings */
	struct dr_run_config *cfg;
	struct dr_run_result *res;
	struct dr_report_group *groups;
	struct dr_known_issues known;
	struct dr_known_verdict **kv;  /* per group */
	char (*known_fs)[32];          /* per group */
	char (*known_kernel)[128];     /* per group */
};

static void registry_names(struct run *r)
{
	size_t n;

	for (n = 0; dr_actors[n] && n + 1 < DR_ARRAY_SIZE(r->actor_names); n++)
		r->actor_names[n] = dr_actors[n]->name;
	r->actor_names[n] = NULL;
	for (n = 0; dr_mutators[n] && n + 1 < DR_ARRAY_SIZE(r->mutator_names); n++)
		r->mutator_names[n] = dr_mutators[n]->name;
	r->mutator_names[n] = NULL;
}

static int handle(void *ctx, int key, const char *arg)
{
	return dr_run_settings_apply(ctx, key, arg);
}

/*
 * --inject is a test hook: accepted, documented in the man page, but left
 * out of --help.  dr_parse_options prints help from the rows it parses, so
 * help is answered here, from the rows without it, before parsing.
 */
static bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct dr_run_option *o;

		if (!strcmp(a, "--"))
			return false;
		if (!strcmp(a, "--help"))
			return true;
		if (a[0] == '-' && a[1] != '-' && a[1] &&
		    strspn(a + 1, "vqh") == strlen(a + 1) && strchr(a, 'h'))
			return true;
		if (a[0] != '-')
			return false; /* first operand: parsing stops here */
		o = a[1] == '-' ? dr_run_option_by_name(a + 2) : NULL;
		if ((o && o->opt.arg) || !strcmp(a, "--exit-codes"))
			i++; /* its value, which may well be "-h" */
	}
	return false;
}

/* Not a secret, just different per run and always recorded. */
static uint64_t default_seed(void)
{
	struct timespec ts;
	uint64_t z;

	clock_gettime(CLOCK_REALTIME, &ts);
	z = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	z ^= (uint64_t)getpid() << 32;
	/* splitmix64 finaliser: nearby times give unrelated seeds */
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return z & 0xffffffffull; /* short enough to type and to name dirs */
}

static int layer(struct run *r)
{
	size_t n = r->have_wl && r->wl.nr_groups ? r->wl.nr_groups : 1;

	r->eff = calloc(n, sizeof(*r->eff));
	r->cfg = calloc(n, sizeof(*r->cfg));
	r->res = calloc(n, sizeof(*r->res));
	r->groups = calloc(n, sizeof(*r->groups));
	r->kv = calloc(n, sizeof(*r->kv));
	r->known_fs = calloc(n, sizeof(*r->known_fs));
	r->known_kernel = calloc(n, sizeof(*r->known_kernel));
	if (!r->eff || !r->cfg || !r->res || !r->groups || !r->kv || !r->known_fs ||
	    !r->known_kernel) {
		dr_err("out of memory");
		return DR_EXIT_ENV;
	}
	r->nr_groups = n;
	dr_run_settings_init(&r->invocation);
	dr_run_settings_merge(&r->invocation, &r->defaults);
	if (r->have_wl)
		dr_run_settings_merge(&r->invocation, &r->wl.global);
	dr_run_settings_merge(&r->invocation, &r->cli);
	for (size_t g = 0; g < n; g++) {
		struct dr_run_settings *e = &r->eff[g];

		dr_run_settings_init(e);
		dr_run_settings_merge(e, &r->defaults);
		if (r->have_wl) {
			dr_run_settings_merge(e, &r->wl.global);
			if (r->wl.nr_groups)
				dr_run_settings_merge(e, &r->wl.groups[g].settings);
		}
		dr_run_settings_merge(e, &r->cli);
		if (!(e->set & DR_RO_BIT(DR_RO_DIR))) {
			if (r->have_wl && r->wl.nr_groups && !r->wl_builtin)
				dr_err("--dir: required: give it on the command line or in [global] or [%s] of %s",
				       r->wl.groups[g].name, r->wl.path);
			else
				dr_err("--dir: required: a directory on the filesystem to test");
			return DR_EXIT_USAGE;
		}
		dr_run_settings_to_config(e, &r->cfg[g]);
		/* The built-in default is smoke.ini, so its groups are named
		 * as with --workload smoke: a scenario's id is the same
		 * whichever way the smoke workload was chosen. */
		r->groups[g].name = r->wl.nr_groups ? r->wl.groups[g].name :
			"global";
		r->groups[g].cfg = &r->cfg[g];
		r->groups[g].res = &r->res[g];
		r->groups[g].exit = DR_EXIT_SKIP;
	}
	return 0;
}

static int parse(struct run *r, int argc, char **argv)
{
	int first, ret;

	registry_names(r);
	dr_run_settings_init(&r->defaults);
	dr_run_settings_init(&r->cli);
	r->cli.actor_names = r->actor_names;
	r->cli.mutator_names = r->mutator_names;
	if (wants_help(argc, argv)) {
		dr_print_help("run", RUN_USAGE, dr_run_option_table(false));
		return -1;
	}
	ret = dr_parse_options("run", RUN_USAGE, dr_run_option_table(true), argc, argv,
			       handle, &r->cli, &first);
	if (ret)
		return ret;
	if (first < argc) {
		dr_err("unexpected argument '%s'", argv[first]);
		fprintf(stderr, "Try 'daxrace run --help'.\n");
		return DR_EXIT_USAGE;
	}
	if (r->cli.workload) {
		char found[4096];

		ret = dr_workload_load(&r->wl, dr_workload_find(r->cli.workload, found,
								sizeof(found)),
				       r->actor_names, r->mutator_names);
	} else {
		ret = dr_workload_load_builtin(&r->wl, r->actor_names,
					       r->mutator_names);
		r->wl_builtin = true;
	}
	r->have_wl = true;
	if (ret)
		return ret;
	if (r->cli.groups) {
		ret = dr_workload_select(&r->wl, r->cli.groups);
		if (ret)
			return ret;
	}
	r->defaults.seed = default_seed();
	r->defaults.set |= DR_RO_BIT(DR_RO_SEED);
	/* Results go under ./results unless DAXRACE_RESULTS or --results. */
	r->defaults.results = getenv("DAXRACE_RESULTS") && *getenv("DAXRACE_RESULTS") ?
			      getenv("DAXRACE_RESULTS") : "results";
	r->defaults.set |= DR_RO_BIT(DR_RO_RESULTS);
	return 0;
}

/*
 * --match-known REL,FS,SCENARIO,ORACLE[,EVIDENCE] (test only): daxrace-vm's
 * hook of the same name, answered by the C matcher, so that a test can
 * hold the two side by side.  EVIDENCE is the violation's text.  Prints
 * the id and exits 0, or exits 1: as the awk.
 */
static int match_known(struct run *r)
{
	static char empty[1];
	char q[4096], *f[5] = { q, empty, empty, empty, empty }, *c = q;
	const struct dr_known_issue *e;
	int n;

	snprintf(q, sizeof(q), "%s", r->cli.match_known);
	q[strcspn(q, "\n")] = '\0'; /* "read" takes one line */
	/* Like "IFS=, read -r a b c d e": the last field takes the rest... */
	for (n = 1; n < 5 && (c = strchr(c, ',')); n++) {
		*c++ = '\0';
		f[n] = c;
	}
	/* Fewer than four fields is a malformed query, not "no match" (1). */
	if (n < 4) {
		dr_err("--match-known: '%s' is not REL,FS,SCENARIO,ORACLE[,TEXT]",
		       r->cli.match_known);
		return DR_EXIT_USAGE;
	}
	/* ...less one trailing comma when that is its only one (bash 5). */
	c = strchr(f[4], ',');
	if (c && !c[1])
		*c = '\0';
	e = dr_known_match(&r->known, f[0], f[1], f[2], f[3], *f[4] ? f[4] : NULL);
	if (!e)
		return DR_EXIT_BUG;
	printf("%s\n", e->id);
	return fflush(stdout) ? DR_EXIT_ENV : DR_EXIT_PASS;
}

/*
 * Marks group g's FAILs that match a known issue, and takes them out of
 * its exit status (unless --strict).  Only a FAIL needs the fs word, and
 * so the FICLONE probe behind it.
 */
static void mark_known(struct run *r, size_t g)
{
	const struct dr_run_result *res = &r->res[g];
	const char *release = res->kernel_release, *version = res->kernel_version;
	const char *kernel = r->known_kernel[g];
	struct utsname u;
	bool fail = false;

	for (size_t i = 0; i < res->nr_scenarios; i++)
		fail |= res->scenarios[i].status == DR_STATUS_FAIL;
	if (!fail || !r->known.nr)
		return;
	if (!*release && !uname(&u)) {
		release = u.release;
		version = u.version;
	}
	dr_known_kernel(release, version, r->known_kernel[g], sizeof(r->known_kernel[g]));
	dr_known_fs_word(r->cfg[g].dir, res->fs_type, r->known_fs[g],
			 sizeof(r->known_fs[g]));
	r->kv[g] = dr_known_classify(&r->known, res, kernel, r->known_fs[g]);
	if (!r->kv[g]) {
		dr_err("out of memory matching known issues: every FAIL counts as new");
		return;
	}
	r->groups[g].known = r->kv[g];
	r->groups[g].known_fs = r->known_fs[g];
	r->groups[g].known_kernel = kernel;
	r->groups[g].exit = dr_known_group_exit(res, r->kv[g], r->groups[g].exit,
						r->eff[g].strict);
	for (size_t i = 0; i < res->nr_scenarios; i++)
		if (r->kv[g][i].known)
			dr_info("scenario %s: FAIL of known kernel issue(s) (kernel %s, fs %s)",
				res->scenarios[i].name, kernel, r->known_fs[g]);
}

static void run_free(struct run *r)
{
	for (size_t g = 0; g < r->nr_groups; g++) {
		dr_run_result_free(&r->res[g]);
		free(r->kv[g]);
	}
	free(r->kv);
	free(r->known_fs);
	free(r->known_kernel);
	dr_known_free(&r->known);
	free(r->eff);
	free(r->cfg);
	free(r->res);
	free(r->groups);
	dr_run_settings_free(&r->invocation);
	dr_run_settings_free(&r->cli);
	dr_run_settings_free(&r->defaults);
	if (r->have_wl)
		dr_workload_free(&r->wl);
}

static int write_results(int dirfd, const char *dir, struct json_object *root,
			 struct dr_dmesg *dm)
{
	static const struct { const char *name; int fmt; } files[] = {
		{ "result.tap", DR_FORMAT_TAP },
		/* Last: a harness waiting for result.json finds the rest there. */
		{ "result.json", DR_FORMAT_JSON },
	};
	int ret = dr_dmesg_save(dm, dirfd, "dmesg.txt"), err;

	if (ret)
		dr_err("cannot write %s/dmesg.txt: %s", dir, strerror(-ret));
	for (size_t i = 0; i < DR_ARRAY_SIZE(files); i++) {
		err = dr_report_save(dirfd, files[i].name, root, files[i].fmt);
		if (err) {
			dr_err("cannot write %s/%s: %s", dir, files[i].name, strerror(-err));
			ret = err;
		}
	}
	return ret;
}

int cmd_run(int argc, char **argv)
{
	struct run r = { 0 };
	struct dr_report_run rep = { .argc = argc, .argv = argv };
	struct dr_kconfig kc = { 0 };
	struct dr_progress_line pl;
	struct json_object *root;
	struct dr_dmesg dm;
	char dir[4096];
	bool signals = false;
	int ret, dirfd;

	ret = parse(&r, argc, argv);
	if (ret)
		goto out;
	if (r.cli.match_known) {
		ret = dr_known_open(&r.known, r.cli.known_issues);
		if (!ret)
			ret = match_known(&r);
		goto out;
	}
	ret = layer(&r);
	/* Before the run: bad settings or a bad file are a usage error now,
	 * before any results directory exists, not in an hour. */
	for (size_t g = 0; !ret && g < r.nr_groups; g++)
		ret = dr_run_check(&r.cfg[g], &r.eff[g], r.wl_builtin ? NULL : r.wl.path);
	if (!ret)
		ret = dr_known_open(&r.known, r.invocation.known_issues);
	if (ret)
		goto out;
	clock_gettime(CLOCK_REALTIME, &rep.started);
	/* From the results directory on, a stop signal ends the run early but
	 * never kills it half-way: the results are still written whole. */
	dr_engine_signals_begin();
	signals = true;
	/* Created before the run: a results path we cannot write should fail
	 * in a second, not after an hour of racing. */
	dirfd = dr_results_dir_create(r.invocation.results, &rep.started,
				      r.invocation.seed, dir, sizeof(dir));
	if (dirfd < 0) {
		ret = DR_EXIT_ENV;
		goto out;
	}
	dr_info("results: %s", dir);
	dr_dmesg_start(&dm);
	/* Read before the race: a kernel that hangs or oopses may not let a
	 * file be read afterwards. */
	dr_kconfig_read(&kc);
	rep.kconfig = &kc;
	dr_progress_init(&pl, dr_log_level > DR_LOG_ERR);
	for (size_t g = 0; g < r.nr_groups; g++)
		pl.sc_total += (unsigned int)dr_engine_nr_scenarios(&r.cfg[g]);
	for (size_t g = 0; g < r.nr_groups; g++) {
		pl.later_ns = 0;
		for (size_t h = g + 1; h < r.nr_groups && pl.later_ns != UINT64_MAX; h++)
			pl.later_ns = r.cfg[h].duration_ns ? pl.later_ns +
				dr_engine_nr_scenarios(&r.cfg[h]) * r.cfg[h].duration_ns :
				UINT64_MAX;
		r.cfg[g].progress = pl.enabled;
		r.cfg[g].earlier_stuck = g && r.res[g - 1].abandoned;
		/* Always a callback: it draws nothing when disabled. */
		r.groups[g].exit = dr_engine_run(&r.cfg[g], &r.res[g],
						 dr_progress_draw, &pl);
		if (r.cfg[g].earlier_stuck)
			r.res[g].abandoned = true; /* and so for every later one */
		/* SIGINT/SIGTERM/SIGHUP: report what ran, start nothing new. */
		if (r.res[g].interrupted)
			break;
		pl.sc_before += (unsigned int)dr_engine_nr_scenarios(&r.cfg[g]);
	}
	for (size_t g = 0; g < r.nr_groups; g++)
		mark_known(&r, g);
	dr_progress_end(&pl);
	clock_gettime(CLOCK_REALTIME, &rep.ended);

	rep.workload = r.have_wl ? r.wl.path : NULL;
	rep.results_dir = dir;
	rep.strict = r.invocation.strict;
	rep.known_issues = &r.known;
	rep.seed = r.invocation.seed;
	rep.groups = r.groups;
	rep.nr_groups = r.nr_groups;
	/* Set by daxrace-vm's guest: how to boot this guest again, for the
	 * reproduce lines (daxrace-run(1) ENVIRONMENT). */
	rep.vm_command = getenv("DAXRACE_VM_COMMAND") && *getenv("DAXRACE_VM_COMMAND") ?
			 getenv("DAXRACE_VM_COMMAND") : NULL;
	rep.vm_fs = rep.vm_command && getenv("DAXRACE_VM_FS") && *getenv("DAXRACE_VM_FS") ?
		    getenv("DAXRACE_VM_FS") : NULL;
	rep.exit = ret = dr_report_exit_status(&rep);
	root = dr_report_to_json(&rep);
	if (!root) {
		dr_err("out of memory building result.json");
		ret = ret == DR_EXIT_BUG ? ret : DR_EXIT_ENV;
		close(dirfd);
		goto out;
	}
	/* A bug found stays exit 1 even if its evidence could not be saved;
	 * otherwise unsaved results are an environment failure. */
	if (write_results(dirfd, dir, root, &dm) && ret != DR_EXIT_BUG)
		ret = DR_EXIT_ENV;
	close(dirfd);
	if (dr_report_render(stdout, root, r.invocation.format) || fflush(stdout)) {
		dr_err("cannot write the report to stdout");
		if (ret != DR_EXIT_BUG)
			ret = DR_EXIT_ENV;
	}
	json_object_put(root);
out:
	if (signals)
		dr_engine_signals_end();
	dr_kconfig_free(&kc);
	run_free(&r);
	return ret;
}
